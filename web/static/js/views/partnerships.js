// Partnerships and their lifecycle as traffic lights; coordinators move the status forward.

import { all, call, can, clean, id } from "../api.js";
import { countryName, nameOf, objectiveLabel } from "../catalog.js";
import { empty, field, h, link, put, select, tags } from "../dom.js";
import { downloads } from "../downloads.js";
import { date, t } from "../i18n.js";
import { act, go, tell } from "../ui.js";

const LIFECYCLE = ["proposed", "agreed", "active", "completed", "closed"];
const NEXT = { proposed: ["agreed", "closed"], agreed: ["active", "closed"],
  active: ["completed", "closed"], completed: [], closed: [] };

export function lifecycleName(status) {
  return LIFECYCLE.includes(status) ? t(`lifecycle.${status}`) : status;
}

export function statusLight(status) {
  return h("span", { class: `light light-${status}`, dataset: { status } },
    h("span", { class: "lamp", "aria-hidden": "true" }), lifecycleName(status));
}

export async function renderList(main, _params, query) {
  const status = query.get("status") || "";
  const found = await all("partnerships", { status });
  const chooser = select("status", [["", t("filter.anyStatus")],
    ...LIFECYCLE.map((s) => [s, lifecycleName(s)])], status);
  put(main,
    h("h1", {}, t("partnerships.title")),
    can("coordinator") ? downloads("partnerships") : null,
    h("ol", { class: "legend", "aria-label": t("partnerships.lifecycle") },
      LIFECYCLE.map((s) => h("li", {}, statusLight(s)))),
    h("form", { class: "filters", role: "search", "aria-label": t("partnerships.filter"),
      onsubmit: (event) => {
        event.preventDefault();
        go(`#/partnerships?${new URLSearchParams(clean({ status: chooser.value }))}`);
      } }, field(t("field.status"), chooser), h("button", { type: "submit" }, t("filter.applyOne"))),
    h("p", { class: "count" }, t("partnerships.count", { count: found.length })),
    found.length ? h("ol", { class: "cards" }, found.map((p) => h("li", {}, card(p))))
      : empty(t("partnerships.empty")));
}

export async function renderOne(main, [partnershipId]) {
  const p = await call(`partnerships/${id(partnershipId)}`);
  put(main, h("h1", {}, p.title), card(p, false),
    h("p", {}, link("#/partnerships", t("partnerships.all"))));
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
    h("p", {}, h("strong", {}, t("partnerships.members")), " ",
      p.members.map((m, i) => [i ? t("list.comma") : "", link(`#/stakeholders/${id(m)}`, nameOf(m))])),
    p.objectives.length ? h("p", {}, tags(p.objectives.map(objectiveLabel), "tag objective")) : null,
    p.countries.length ? h("p", {}, h("strong", {}, t("partnerships.countries")), " ",
      p.countries.map(countryName).join(t("list.comma"))) : null,
    h("p", { class: "meta" }, p.source === "iati" ? t("partnerships.fromIati") : t("partnerships.fromHub"),
      p.request ? [" · ", t("partnerships.for"), " ", link(`#/requests/${id(p.request)}`, t("partnerships.itsRequest"))] : null,
      dates.length ? ` · ${dates.map(([s, d]) => t("partnerships.since",
        { status: lifecycleName(s), date: date(d) })).join(t("list.comma"))}` : null),
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
        tell("partnerships.moved", { title: moved.title,
          status: LIFECYCLE.includes(moved.status) ? { word: `lifecycle.${moved.status}` }
            : moved.status });
        article.querySelector(".light").setAttribute("tabindex", "-1");
        article.querySelector(".light").focus();
      } }, t(`partnerships.to.${next}`));
    return button;
  });
  return h("div", { class: "mover" }, field(t("field.auditNote"), note),
    h("div", { class: "actions", role: "group", "aria-label": t("partnerships.move") }, buttons));
}
