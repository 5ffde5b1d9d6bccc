// The console's shell: one view per hash route, focus moved to each new page's heading.

import { HubProblem, session } from "./api.js";
import { load, reset } from "./catalog.js";
import { h, put } from "./dom.js";
import { language, preferred, setLanguage, t } from "./i18n.js";
import { restore, showWho, signOut } from "./shell.js";
import { clearStaleMessages, go, say, showProblem, tell } from "./ui.js";
import * as analysis from "./views/analysis.js";
import * as fund from "./views/fund.js";
import * as fundcall from "./views/fundcall.js";
import * as fundnote from "./views/fundnote.js";
import * as groups from "./views/groups.js";
import * as home from "./views/home.js";
import * as inbox from "./views/inbox.js";
import * as intake from "./views/intake.js";
import * as merges from "./views/merges.js";
import * as partnerships from "./views/partnerships.js";
import * as practices from "./views/practices.js";
import * as proposals from "./views/proposals.js";
import * as queue from "./views/queue.js";
import * as requests from "./views/requests.js";
import * as search from "./views/search.js";
import * as signin from "./views/signin.js";
import * as stakeholders from "./views/stakeholders.js";

const ROUTES = [
  [/^\/?$/, home.render],
  [/^\/signin$/, signin.render],
  [/^\/queue$/, queue.render],
  [/^\/requests$/, requests.renderList],
  [/^\/requests\/new$/, intake.render],
  [/^\/requests\/(.+)$/, requests.renderOne],
  [/^\/stakeholders$/, stakeholders.renderList],
  [/^\/stakeholders\/(.+)$/, stakeholders.renderOne],
  [/^\/partnerships$/, partnerships.renderList],
  [/^\/partnerships\/(.+)$/, partnerships.renderOne],
  [/^\/analysis$/, analysis.render],
  [/^\/analysis\/cell$/, analysis.renderCell],
  [/^\/groups$/, groups.renderList],
  [/^\/groups\/(.+)$/, groups.renderOne],
  [/^\/practices$/, practices.render],
  [/^\/merges$/, merges.render],
  [/^\/fund$/, fund.render],
  [/^\/fund\/calls\/(.+)$/, fundcall.render],
  [/^\/fund\/notes\/(.+)$/, fundnote.render],
  [/^\/search$/, search.render],
  [/^\/inbox$/, inbox.render],
  [/^\/proposals$/, proposals.render],
];

let turn = 0;

// Each route renders into a fresh container, so a slow earlier page never overwrites a newer one.
// A change of language redraws the page but keeps what was just said (in the new language).
async function route(_event, { keepMessages = false } = {}) {
  const mine = ++turn;
  const [path, search] = (location.hash.slice(1) || "/").split("?");
  const main = document.getElementById("main");
  if (!session.principal && path !== "/signin") {
    location.replace("#/signin");
    return;
  }
  const found = ROUTES.map(([pattern, render]) => [pattern.exec(path), render])
    .find(([match]) => match);
  markCurrent(path);
  if (!keepMessages) clearStaleMessages();
  const view = h("div", { class: "view" }, h("p", { class: "loading" }, t("page.loading")));
  put(main, view);
  main.setAttribute("aria-busy", "true");
  delete document.body.dataset.page;
  try {
    if (!found) throw new HubProblem(404, "");
    const [match, render] = found;
    if (path !== "/signin") await load();
    await render(view, match.slice(1).map(decodeURIComponent), new URLSearchParams(search || ""));
  } catch (error) {
    if (mine === turn) showProblem(view, error);
  }
  if (mine !== turn) return;
  main.removeAttribute("aria-busy");
  const heading = view.querySelector("h1");
  document.title = heading ? t("page.title", { heading: heading.textContent }) : t("app.name");
  if (!view.contains(document.activeElement) && heading) {
    heading.setAttribute("tabindex", "-1");
    heading.focus();
  }
  document.body.dataset.page = path;
}

function markCurrent(path) {
  for (const a of document.querySelectorAll("#nav a")) {
    if (path.startsWith(a.getAttribute("href").slice(1))) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
}

document.getElementById("sign-out").addEventListener("click", () => {
  const wasPublic = session.principal?.role === "public";
  signOut();
  if (!wasPublic) tell("who.signedOut");
  go("#/signin");
});
window.addEventListener("hashchange", route);

// A new language re-reads the taxonomy in it and redraws the page around and inside.
const chooser = document.getElementById("language");
chooser.addEventListener("change", async () => {
  await setLanguage(chooser.value, { remember: true });
  reset();
  showWho();
  await route(null, { keepMessages: true });
});
await setLanguage(preferred());
chooser.value = language();
try {
  await restore();
} catch (error) {
  say(error.message, "error");
}
await route();
