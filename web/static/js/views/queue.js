// The review queue: each suggested pairing as a card with its explanation and decisions.

import { all, call, can, clean, id } from "../api.js";
import { memberStateOptions, nameOf, objectiveOptions, regionOptions } from "../catalog.js";
import { empty, field, h, link, put, select } from "../dom.js";
import { downloads } from "../downloads.js";
import { act, go, say } from "../ui.js";
import { explanation } from "./explain.js";
import { statusLight } from "./partnerships.js";

export const REASONS = [
  ["wrong_expertise", "Wrong expertise"],
  ["no_capacity", "No capacity left"],
  ["not_in_region", "Not present in the region"],
  ["conflict_of_interest", "Conflict of interest"],
  ["other", "Other (say why)"],
];

const STATUSES = [["pending", "Pending"], ["deferred", "Deferred"], ["accepted", "Accepted"],
  ["rejected", "Rejected"]];

export async function render(main, _params, query) {
  const filters = {
    status: query.get("status") || "pending",
    objective: query.get("objective") || "",
    region: query.get("region") || "",
    member_state: query.get("member_state") || "",
  };
  const [suggestions, requests] = await Promise.all([
    all("suggestions", filters),
    all("requests"),
  ]);
  const titles = new Map(requests.map((r) => [r.id, r.title]));
  put(main, 
    h("h1", {}, "Review queue"),
    can("coordinator") ? downloads("review-queue") : null,
    filterForm(filters),
    can("coordinator") ? queueForm(requests.filter((r) => r.status === "open")) : null,
    h("p", { class: "count", id: "queue-count" },
      `${suggestions.length} ${filters.status} suggestion${suggestions.length === 1 ? "" : "s"}`),
    suggestions.length
      ? h("ol", { class: "cards", "aria-labelledby": "queue-count" },
        suggestions.map((s) => h("li", {}, card(s, titles.get(s.request)))))
      : empty("Nothing here. Change the filters, or queue suggestions for an open request."));
}

function filterForm(filters) {
  const controls = {
    status: select("status", STATUSES, filters.status),
    objective: select("objective", objectiveOptions(), filters.objective),
    region: select("region", regionOptions(), filters.region),
    member_state: select("member_state", memberStateOptions(), filters.member_state),
  };
  return h("form", { class: "filters", role: "search", "aria-label": "Filter the queue",
    onsubmit: (event) => {
      event.preventDefault();
      const chosen = Object.fromEntries(Object.entries(controls).map(([k, c]) => [k, c.value]));
      go(`#/queue?${new URLSearchParams(clean(chosen))}`);
    } },
  field("Status", controls.status), field("Objective", controls.objective),
  field("Region", controls.region),
  can("coordinator") ? field("Member State", controls.member_state) : null,
  h("button", { type: "submit" }, "Apply filters"));
}

function queueForm(openRequests) {
  const request = select("request", [["", "Choose an open request"],
    ...openRequests.map((r) => [r.id, `${r.title} (${nameOf(r.requester)})`])]);
  request.required = true;
  const n = h("input", { type: "number", name: "n", min: "1", max: "20", value: "5" });
  const button = h("button", { type: "submit" }, "Queue suggestions");
  return h("details", { class: "panel" }, h("summary", {}, "Queue suggestions for an open request"),
    h("form", { class: "inline", onsubmit: async (event) => {
      event.preventDefault();
      const queued = await act(button, () =>
        call(`requests/${id(request.value)}/suggestions?n=${n.value}`, { method: "POST" }));
      if (queued) {
        say(`${queued.length} suggestion${queued.length === 1 ? "" : "s"} queued for review.`);
        go("#/queue?status=pending");
      }
    } }, field("Request", request), field("How many", n), button));
}

function card(s, title) {
  const decision = h("div", { class: "decision" });
  const article = h("article", { class: `card suggestion status-${s.status}`,
    "aria-labelledby": `t-${cssId(s.id)}`, dataset: { suggestion: s.id } },
  h("header", {},
    h("h2", { id: `t-${cssId(s.id)}` }, link(`#/stakeholders/${id(s.candidate)}`, nameOf(s.candidate))),
    h("span", { class: "score", title: "Overall score" },
      h("span", { class: "sr-only" }, "Score "), s.score.toFixed(2))),
  h("p", { class: "for" }, "for ", link(`#/requests/${id(s.request)}`, title || s.request),
    ` · requested by ${nameOf(s.requester)} · rank ${s.rank}`),
  explanation(s),
  decision);
  showDecision(decision, s);
  return article;
}

function cssId(value) {
  return value.replace(/[^a-zA-Z0-9_-]/g, "_");
}

function showDecision(box, s) {
  if (s.status === "accepted") {
    put(box, h("p", { class: "decided" }, "Accepted. Partnership ",
      s.partnership ? link(`#/partnerships/${id(s.partnership)}`, s.partnership) : "created", "."));
  } else if (s.status === "rejected") {
    const reason = REASONS.find(([v]) => v === s.reason)?.[1] || s.reason;
    put(box, h("p", { class: "decided" }, `Rejected: ${reason}${s.note ? ` — ${s.note}` : ""}`));
  } else if (can("coordinator")) {
    put(box, actions(box, s));
    if (s.status === "deferred") box.prepend(h("p", { class: "decided" }, "Deferred earlier."));
  } else {
    put(box, h("p", { class: "decided" }, `Status: ${s.status}. A coordinator decides.`));
  }
}

function actions(box, s) {
  const path = `suggestions/${id(s.id)}`;
  const accept = h("button", { type: "button", class: "primary", onclick: async () => {
    const partnership = await act(accept, () => call(`${path}/accept`, { method: "POST", body: {} }));
    if (!partnership) return;
    put(box, h("p", { class: "decided" }, "Accepted. ",
      link(`#/partnerships/${id(partnership.id)}`, partnership.title), " ", statusLight(partnership.status)));
    say(`Accepted: partnership “${partnership.title}” is ${partnership.status}.`);
  } }, "Accept");
  const defer = h("button", { type: "button", onclick: async () => {
    const done = await act(defer, () => call(`${path}/defer`, { method: "POST", body: {} }));
    if (!done) return;
    put(box, h("p", { class: "decided" }, "Deferred: it stays in the queue under Deferred."));
    say(`Deferred ${nameOf(s.candidate)} for later.`);
  } }, "Defer");
  const reject = h("button", { type: "button", "aria-expanded": "false", onclick: () => {
    const open = reject.getAttribute("aria-expanded") === "true";
    reject.setAttribute("aria-expanded", String(!open));
    form.hidden = open;
    if (!open) form.querySelector("select").focus();
  } }, "Reject…");
  const form = rejectForm(box, s, path);
  form.hidden = true;
  return h("div", {}, h("div", { class: "actions", role: "group", "aria-label": "Decision" },
    accept, reject, defer), form);
}

function rejectForm(box, s, path) {
  const reason = select("reason", [["", "Choose a reason"], ...REASONS]);
  reason.required = true;
  const note = h("textarea", { name: "note", rows: "2", maxlength: "2000" });
  const confirm = h("button", { type: "submit", class: "danger" }, "Confirm rejection");
  return h("form", { class: "reject", onsubmit: async (event) => {
    event.preventDefault();
    if (reason.value === "other" && !note.value.trim()) {
      say("Say why in the details when the reason is Other.", "error");
      note.focus();
      return;
    }
    const done = await act(confirm, () => call(`${path}/reject`, { method: "POST",
      body: { reason: reason.value, note: note.value.trim() } }));
    if (!done) return;
    showDecision(box, done);
    say(`Rejected ${nameOf(s.candidate)}.`);
  } }, field("Reason", reason), field("Details", note, "Required when the reason is Other."), confirm);
}
