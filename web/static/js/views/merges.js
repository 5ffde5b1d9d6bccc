// The merge-review list: stakeholders that may be one organisation; coordinators decide.

import { call, clean, id } from "../api.js";
import { nameOf } from "../catalog.js";
import { empty, field, h, link, put, select } from "../dom.js";
import { downloads } from "../downloads.js";
import { act, go, say } from "../ui.js";

const STATUSES = [["pending", "Pending"], ["accepted", "Accepted"], ["rejected", "Rejected"],
  ["reverted", "Reverted"], ["", "Any status"]];
const DECISIONS = { pending: [["accept", "Merge them", "primary"], ["reject", "Keep apart", "danger"]],
  accepted: [["revert", "Undo the merge", "danger"]], rejected: [], reverted: [] };

export async function render(main, _params, query) {
  const status = query.has("status") ? query.get("status") : "pending";
  const found = await call(`merges?${new URLSearchParams(clean({ status }))}`);
  const chooser = select("status", STATUSES, status);
  put(main,
    h("h1", {}, "Organisations that may be one"),
    downloads("merges"),
    h("p", {}, "Pairs whose names are alike. Merging moves the second one's activities, ",
      "identifiers and names to the first; every decision is audited and a merge can be undone."),
    h("form", { class: "filters", role: "search", "aria-label": "Filter merges",
      onsubmit: (event) => {
        event.preventDefault();
        go(`#/merges?${new URLSearchParams({ status: chooser.value })}`);
      } }, field("Status", chooser), h("button", { type: "submit" }, "Apply filter")),
    h("p", { class: "count" }, `${found.length} pair${found.length === 1 ? "" : "s"}`),
    found.length ? h("ol", { class: "cards" }, found.map((p) => h("li", {}, card(p))))
      : empty("No pair has this status."));
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
  const buttons = DECISIONS[p.status].map(([verb, text, cls]) => {
    const button = h("button", { type: "button", class: cls, onclick: async () => {
      const decided = await act(button, () => call(`merges/${id(p.id)}/${verb}`,
        { method: "POST", body: { note: note.value.trim() } }));
      if (!decided) return;
      fill(article, decided);
      say(`${nameOf(p.keep)} and ${nameOf(p.merge)}: ${decided.status}.`);
    } }, text);
    return button;
  });
  put(article,
    h("header", {}, h("h2", {}, who(p.keep), " and ", who(p.merge)),
      h("span", { class: "tag" }, p.status)),
    h("p", {}, h("strong", {}, "Confidence: "), `${Math.round(p.confidence * 100)} %`, " · ",
      p.evidence),
    p.decided_by ? h("p", { class: "meta" }, `Decided by ${p.decided_by}`,
      p.note ? `: “${p.note}”` : "") : null,
    buttons.length ? h("div", { class: "mover" }, field("Note for the audit log (optional)", note),
      h("div", { class: "actions", role: "group", "aria-label": "Decide" }, buttons)) : null);
}
