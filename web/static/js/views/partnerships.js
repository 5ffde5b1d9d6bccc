// Partnerships and their lifecycle as traffic lights; coordinators move the status forward.

import { all, call, can, clean, id } from "../api.js";
import { countryName, nameOf, objectiveLabel } from "../catalog.js";
import { empty, field, h, link, put, select, tags } from "../dom.js";
import { downloads } from "../downloads.js";
import { act, go, say } from "../ui.js";

const LIFECYCLE = ["proposed", "agreed", "active", "completed", "closed"];
const NEXT = { proposed: ["agreed", "closed"], agreed: ["active", "closed"],
  active: ["completed", "closed"], completed: [], closed: [] };
const VERB = { agreed: "Mark agreed", active: "Mark active", completed: "Mark completed",
  closed: "Close partnership" };

export function statusLight(status) {
  return h("span", { class: `light light-${status}`, dataset: { status } },
    h("span", { class: "lamp", "aria-hidden": "true" }), capital(status));
}

function capital(text) {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export async function renderList(main, _params, query) {
  const status = query.get("status") || "";
  const found = await all("partnerships", { status });
  const chooser = select("status", [["", "Any status"], ...LIFECYCLE.map((s) => [s, capital(s)])],
    status);
  put(main, 
    h("h1", {}, "Partnerships"),
    can("coordinator") ? downloads("partnerships") : null,
    h("ol", { class: "legend", "aria-label": "Lifecycle" },
      LIFECYCLE.map((s) => h("li", {}, statusLight(s)))),
    h("form", { class: "filters", role: "search", "aria-label": "Filter partnerships",
      onsubmit: (event) => {
        event.preventDefault();
        go(`#/partnerships?${new URLSearchParams(clean({ status: chooser.value }))}`);
      } }, field("Status", chooser), h("button", { type: "submit" }, "Apply filter")),
    h("p", { class: "count" }, `${found.length} partnership${found.length === 1 ? "" : "s"}`),
    found.length ? h("ol", { class: "cards" }, found.map((p) => h("li", {}, card(p))))
      : empty("No partnership has this status."));
}

export async function renderOne(main, [partnershipId]) {
  const p = await call(`partnerships/${id(partnershipId)}`);
  put(main, h("h1", {}, p.title), card(p, false),
    h("p", {}, link("#/partnerships", "All partnerships")));
}

export function card(p, withTitle = true) {
  const article = h("article", { class: "card partnership", dataset: { partnership: p.id } });
  fill(article, p, withTitle);
  return article;
}

function fill(article, p, withTitle) {
  const dates = Object.entries(p.status_dates || {});
  put(article, 
    h("header", {},
      withTitle ? h("h2", {}, link(`#/partnerships/${id(p.id)}`, p.title)) : null,
      statusLight(p.status)),
    h("p", {}, h("strong", {}, "Members: "),
      p.members.map((m, i) => [i ? ", " : "", link(`#/stakeholders/${id(m)}`, nameOf(m))])),
    p.objectives.length ? h("p", {}, tags(p.objectives.map(objectiveLabel), "tag objective")) : null,
    p.countries.length ? h("p", {}, h("strong", {}, "Countries: "),
      p.countries.map(countryName).join(", ")) : null,
    h("p", { class: "meta" }, `Source: ${p.source === "iati" ? "IATI" : "the hub"}`,
      p.request ? [" · for ", link(`#/requests/${id(p.request)}`, "its request")] : null,
      dates.length ? ` · ${dates.map(([s, d]) => `${s} ${d}`).join(", ")}` : null),
    can("coordinator") && NEXT[p.status].length ? mover(article, p, withTitle) : null);
}

function mover(article, p, withTitle) {
  const note = h("input", { type: "text", name: "note", maxlength: "2000" });
  const buttons = NEXT[p.status].map((next) => {
    const button = h("button", { type: "button", class: next === "closed" ? "danger" : "primary",
      onclick: async () => {
        const moved = await act(button, () => call(`partnerships/${id(p.id)}/status`,
          { method: "POST", body: { status: next, note: note.value.trim() } }));
        if (!moved) return;
        fill(article, moved, withTitle);
        say(`“${moved.title}” is now ${moved.status}.`);
        article.querySelector(".light").setAttribute("tabindex", "-1");
        article.querySelector(".light").focus();
      } }, VERB[next]);
    return button;
  });
  return h("div", { class: "mover" }, field("Note for the audit log (optional)", note),
    h("div", { class: "actions", role: "group", "aria-label": "Move the status" }, buttons));
}
