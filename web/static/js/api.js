// Calls to the hub's HTTP API with the signed-in key; problems become sentences for people.

import { language, t } from "./i18n.js";

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

// The sentences live in the catalogues under problem.<status>; anything else is generic.
const KNOWN = new Set([0, 400, 401, 403, 404, 409, 422, 503]);

export function plainWords(status, detail) {
  const base = KNOWN.has(status) ? t(`problem.${status}`)
    : t(status >= 500 ? "problem.server" : "problem.400");
  // 404 details name ids the caller may not see; the plain sentence says enough.
  if (!detail || status === 404 || status >= 500) return base;
  return t("problem.withDetail", { base, detail });
}

export async function call(path, { method = "GET", body, key = session.key, raw = false } = {}) {
  const headers = { Accept: "application/json", "Accept-Language": language() };
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
