// The merge-review list: stakeholders that may be one organisation; coordinators decide.

import { call, clean, id } from "../api.js";
import { nameOf } from "../catalog.js";
import { empty, field, h, link, put, select } from "../dom.js";
import { downloads } from "../downloads.js";
import { percentage, t } from "../i18n.js";
import { act, go, tell } from "../ui.js";

const STATUSES = ["pending", "accepted", "rejected", "reverted"];
const DECISIONS = { pending: [["accept", "primary"], ["reject", "danger"]],
  accepted: [["revert", "danger"]], rejected: [], reverted: [] };

function statusName(status) {
  return STATUSES.includes(status) ? t(`merges.${status}`) : status;
}

export async function render(main, _params, query) {
  const status = query.has("status") ? query.get("status") : "pending";
  const found = await call(`merges?${new URLSearchParams(clean({ status }))}`);
  const chooser = select("status", [...STATUSES.map((s) => [s, statusName(s)]),
    ["", t("filter.anyStatus")]], status);
  put(main,
    h("h1", {}, t("merges.title")),
    downloads("merges"),
    h("p", {}, t("merges.lead")),
    h("form", { class: "filters", role: "search", "aria-label": t("merges.filter"),
      onsubmit: (event) => {
        event.preventDefault();
        go(`#/merges?${new URLSearchParams({ status: chooser.value })}`);
      } }, field(t("field.status"), chooser), h("button", { type: "submit" }, t("filter.applyOne"))),
    h("p", { class: "count" }, t("merges.count", { count: found.length })),
    found.length ? h("ol", { class: "cards" }, found.map((p) => h("li", {}, card(p))))
      : empty(t("merges.empty")));
}

function card(p) {
  const article = h("article", { class: "card merge", dataset: { merge: p.id } });
  fill(article, p);
  return article;
}

function who(stakeholderId) {
  return link(`#/stakeholders/${id(stakeholderId)}`, nameOf(stakeholderId));
}

function fill(article, p) {
  const note = h("input", { type: "text", name: "note", maxlength: "2000" });
  const buttons = DECISIONS[p.status].map(([verb, cls]) => {
    const button = h("button", { type: "button", class: cls, onclick: async () => {
      const decided = await act(button, () => call(`merges/${id(p.id)}/${verb}`,
        { method: "POST", body: { note: note.value.trim() } }));
      if (!decided) return;
      fill(article, decided);
      tell("merges.decidedSaid", { keep: nameOf(p.keep), merge: nameOf(p.merge),
        status: STATUSES.includes(decided.status) ? { word: `merges.${decided.status}` }
          : decided.status });
    } }, t(`merges.${verb}`));
    return button;
  });
  put(article,
    h("header", {}, h("h2", {}, who(p.keep), " ", t("merges.and"), " ", who(p.merge)),
      h("span", { class: "tag", dataset: { status: p.status } }, statusName(p.status).toLowerCase())),
    h("p", {}, h("strong", {}, t("merges.confidence")), " ", percentage(p.confidence), " · ",
      p.names?.length === 2 ? t("merges.namesAlike", { keep: p.names[0], merge: p.names[1] })
        : p.evidence),
    p.decided_by ? h("p", { class: "meta" }, p.note
      ? t("merges.decidedByNote", { actor: p.decided_by, note: p.note })
      : t("merges.decidedBy", { actor: p.decided_by })) : null,
    buttons.length ? h("div", { class: "mover" }, field(t("field.auditNote"), note),
      h("div", { class: "actions", role: "group", "aria-label": t("merges.decide") }, buttons)) : null);
}
