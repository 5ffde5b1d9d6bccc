// Calls to the hub's HTTP API with the signed-in key; problems become sentences for people.

const KEY = "gcm-hub-api-key";
export const API = "/api/v1";

export const session = {
  get key() { return sessionStorage.getItem(KEY); },
  set key(value) {
    if (value) sessionStorage.setItem(KEY, value); else sessionStorage.removeItem(KEY);
  },
  principal: null,
};

export class HubProblem extends Error {
  constructor(status, detail, title) {
    super(plainWords(status, detail));
    this.status = status;
    this.detail = detail;
    this.title = title;
  }
}

const WORDS = {
  400: "The hub could not handle this request.",
  401: "The hub did not accept your API key. Sign in again with a valid key.",
  403: "Your role is not allowed to do this.",
  404: "Not found: this record does not exist, or it is not visible to you.",
  409: "This could not be done because the record has changed or the step is not allowed now.",
  422: "Some of what was entered was not accepted.",
  503: "The hub's database is not reachable right now. Try again in a moment.",
};

export function plainWords(status, detail) {
  const base = WORDS[status] || (status >= 500
    ? "Something went wrong on the hub. Try again, and tell a coordinator if it keeps happening."
    : "The hub could not handle this request.");
  // 404 details name ids the caller may not see; the plain sentence says enough.
  if (!detail || status === 404 || status >= 500) return base;
  return `${base} (${detail})`;
}

export async function call(path, { method = "GET", body, key = session.key, raw = false } = {}) {
  const headers = { Accept: "application/json" };
  if (key) headers.Authorization = `Bearer ${key}`;
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(path.startsWith("/") ? path : `${API}/${path}`, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new HubProblem(0, "", "offline");
  }
  if (!response.ok) {
    let problem = {};
    try { problem = await response.json(); } catch { /* not JSON: the status says enough */ }
    const detail = typeof problem.detail === "string" ? problem.detail : "";
    throw new HubProblem(response.status, detail, problem.title);
  }
  return raw ? response : response.json();
}

WORDS[0] = "The hub cannot be reached. Check that it is running and reload the page.";

// Every page of a listing; the API pages by cursor.
export async function all(path, params = {}) {
  const items = [];
  let cursor = null;
  do {
    const query = new URLSearchParams({ ...clean(params), limit: "200" });
    if (cursor) query.set("cursor", cursor);
    const page = await call(`${path}?${query}`);
    items.push(...page.items);
    cursor = page.next_cursor;
  } while (cursor);
  return items;
}

export function clean(params) {
  return Object.fromEntries(
    Object.entries(params).filter(([, v]) => v !== "" && v !== null && v !== undefined));
}

export function id(value) {
  return encodeURIComponent(value);
}

export function can(...roles) {
  const role = session.principal?.role;
  return role === "admin" || roles.includes(role);
}
