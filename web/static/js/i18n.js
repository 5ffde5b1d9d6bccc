// The console's words in Arabic, English, French and Spanish: catalogues in web/static/i18n,
// English as the fallback, numbers and dates through Intl in the chosen language.

const STORED = "gcm-hub-language";
const CATALOGUES = "/console/static/i18n";

// Each language named in itself, so a reader finds theirs whatever is shown now.
export const LANGUAGES = { ar: "العربية", en: "English", es: "Español", fr: "Français" };
const RIGHT_TO_LEFT = new Set(["ar"]);

let current = "en";
let messages = {};
let english = {};
let plurals = new Intl.PluralRules("en");

export function language() {
  return current;
}

// The stored choice, else the first of the browser's languages the console speaks.
export function preferred() {
  const stored = localStorage.getItem(STORED);
  if (stored in LANGUAGES) return stored;
  for (const tag of navigator.languages || [navigator.language]) {
    const base = String(tag).toLowerCase().split("-")[0];
    if (base in LANGUAGES) return base;
  }
  return "en";
}

async function catalogue(code) {
  const response = await fetch(`${CATALOGUES}/${code}.json`);
  if (!response.ok) throw new Error(`the ${code} catalogue did not load (${response.status})`);
  return response.json();
}

export async function setLanguage(code, { remember = false } = {}) {
  if (!(code in LANGUAGES)) code = "en";
  if (!Object.keys(english).length) english = await catalogue("en");
  messages = code === "en" ? english : await catalogue(code);
  current = code;
  plurals = new Intl.PluralRules(code);
  if (remember) localStorage.setItem(STORED, code);
  document.documentElement.lang = code;
  document.documentElement.dir = RIGHT_TO_LEFT.has(code) ? "rtl" : "ltr";
  translatePage(document);
}

// Whether a catalogue has words for this key (English counts): for codes the hub may add.
export function has(key) {
  return key in messages || key in english;
}

// A message in the current language. `{name}` takes params.name; a message with plural
// forms picks one by params.count. A key in no catalogue shows as ⟦key⟧, which tests catch.
export function t(key, params = {}) {
  let text = messages[key] ?? english[key];
  if (text === undefined) return `⟦${key}⟧`;
  if (typeof text === "object") {
    text = text[plurals.select(Number(params.count ?? 0))] ?? text.other;
  }
  return text.replace(/\{(\w+)\}/g, (whole, name) =>
    (name in params ? shown(params[name]) : whole));
}

// A param is a number, a text, or { word: key }: a catalogue word (a status) shown in
// lower case in the current language, so a message said again follows a language change.
function shown(value) {
  if (typeof value === "number") return number(value);
  if (value && typeof value === "object" && "word" in value) {
    return t(value.word).toLocaleLowerCase(current);
  }
  return String(value);
}

export function number(value, options = {}) {
  return new Intl.NumberFormat(current, options).format(value);
}

export function score(value) {
  return number(value, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

export function percentage(fraction) {
  return number(fraction, { style: "percent", maximumFractionDigits: 0 });
}

// "2024-05-01" or a full timestamp; a date alone is shown without a time.
export function date(value) {
  if (!value) return "—";
  const dayOnly = /^\d{4}-\d{2}-\d{2}$/.test(value);
  const when = new Date(dayOnly ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(when.getTime())) return String(value);
  return new Intl.DateTimeFormat(current, dayOnly ? { dateStyle: "medium", timeZone: "UTC" }
    : { dateStyle: "medium", timeStyle: "short" }).format(when);
}

// A country's name from its ISO code, in the current language.
export function regionName(code) {
  try {
    return new Intl.DisplayNames([current], { type: "region" }).of(code) ?? code;
  } catch {
    return code;
  }
}

// The static page and messages: elements carry data-i18n (their text, with its params in
// data-i18n-params) or data-i18n-label (aria-label).
export function translatePage(root) {
  for (const el of root.querySelectorAll("[data-i18n]")) {
    el.textContent = t(el.dataset.i18n, JSON.parse(el.dataset.i18nParams || "{}"));
  }
  for (const el of root.querySelectorAll("[data-i18n-label]")) {
    el.setAttribute("aria-label", t(el.dataset.i18nLabel));
  }
}
