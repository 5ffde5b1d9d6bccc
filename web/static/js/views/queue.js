// The review queue: each suggested pairing as a card with its explanation and decisions.

import { all, call, can, clean, id } from "../api.js";
import { memberStateOptions, nameOf, objectiveOptions, regionOptions } from "../catalog.js";
import { empty, field, h, link, put, select } from "../dom.js";
import { downloads } from "../downloads.js";
import { number, score, t } from "../i18n.js";
import { act, go, tell } from "../ui.js";
import { consentBox, declineForm, sidesOf } from "./answers.js";
import { explanation } from "./explain.js";
import { statusLight } from "./partnerships.js";

export const REASONS = ["wrong_expertise", "no_capacity", "not_in_region", "conflict_of_interest",
  "other"];

export function reasonName(reason) {
  return REASONS.includes(reason) ? t(`reason.${reason}`) : reason;
}

const STATUSES = ["pending", "deferred", "accepted", "rejected"];

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
  const status = STATUSES.includes(filters.status) ? t(`suggestion.${filters.status}`).toLowerCase()
    : filters.status;
  put(main,
    h("h1", {}, t("queue.title")),
    can("coordinator") ? downloads("review-queue") : null,
    filterForm(filters),
    can("coordinator") ? queueForm(requests.filter((r) => r.status === "open")) : null,
    h("p", { class: "count", id: "queue-count" },
      t("queue.count", { count: suggestions.length, status })),
    suggestions.length
      ? h("ol", { class: "cards", "aria-labelledby": "queue-count" },
        suggestions.map((s) => h("li", {}, card(s))))
      : empty(t("queue.empty")));
}

function filterForm(filters) {
  const controls = {
    status: select("status", STATUSES.map((s) => [s, t(`suggestion.${s}`)]), filters.status),
    objective: select("objective", objectiveOptions(), filters.objective),
    region: select("region", regionOptions(), filters.region),
    member_state: select("member_state", memberStateOptions(), filters.member_state),
  };
  return h("form", { class: "filters", role: "search", "aria-label": t("queue.filter"),
    onsubmit: (event) => {
      event.preventDefault();
      const chosen = Object.fromEntries(Object.entries(controls).map(([k, c]) => [k, c.value]));
      go(`#/queue?${new URLSearchParams(clean(chosen))}`);
    } },
  field(t("field.status"), controls.status), field(t("field.objective"), controls.objective),
  field(t("field.region"), controls.region),
  can("coordinator") ? field(t("field.memberState"), controls.member_state) : null,
  h("button", { type: "submit" }, t("filter.apply")));
}

function queueForm(openRequests) {
  const request = select("request", [["", t("queue.chooseRequest")],
    ...openRequests.map((r) => [r.id, t("queue.requestOption", { title: r.title,
      requester: nameOf(r.requester) })])]);
  request.required = true;
  const n = h("input", { type: "number", name: "n", min: "1", max: "20", value: "5" });
  const button = h("button", { type: "submit" }, t("queue.queue"));
  return h("details", { class: "panel" }, h("summary", {}, t("queue.queueFor")),
    h("form", { class: "inline", onsubmit: async (event) => {
      event.preventDefault();
      const queued = await act(button, () =>
        call(`requests/${id(request.value)}/suggestions?n=${n.value}`, { method: "POST" }));
      if (queued) {
        tell("queue.queued", { count: queued.length });
        go("#/queue?status=pending");
      }
    } }, field(t("queue.request"), request), field(t("queue.howMany"), n), button));
}

function card(s) {
  const decision = h("div", { class: "decision" });
  const article = h("article", { class: `card suggestion status-${s.status}`,
    "aria-labelledby": `t-${cssId(s.id)}`, dataset: { suggestion: s.id } },
  h("header", {},
    h("h2", { id: `t-${cssId(s.id)}` }, link(`#/stakeholders/${id(s.candidate)}`, s.candidate_name)),
    h("span", { class: "score", title: t("queue.overall") },
      h("span", { class: "sr-only" }, t("queue.score")), " ", score(s.score))),
  h("p", { class: "for" }, t("queue.for"), " ", link(`#/requests/${id(s.request)}`, s.request_title),
    " · ", t("queue.requestedBy", { name: s.requester_name, rank: number(s.rank) })),
  explanation(s),
  sidesOf(s),
  decision);
  showDecision(decision, s);
  return article;
}

// An accepted pairing's partnership is named as the hub names it: request, then partner.
function partnershipTitle(s) {
  return t("queue.partnershipTitle", { request: s.request_title, partner: s.candidate_name });
}

function cssId(value) {
  return value.replace(/[^a-zA-Z0-9_-]/g, "_");
}

function showDecision(box, s) {
  if (s.status === "accepted") {
    put(box, h("p", { class: "decided" }, t("queue.acceptedPartnership"), " ",
      s.partnership ? link(`#/partnerships/${id(s.partnership)}`, partnershipTitle(s))
        : t("queue.created")));
  } else if (s.status === "rejected") {
    put(box, h("p", { class: "decided" }, s.note
      ? t("queue.rejectedNote", { reason: reasonName(s.reason), note: s.note })
      : t("queue.rejected", { reason: reasonName(s.reason) })));
  } else if (can("coordinator")) {
    put(box, actions(box, s));
    if (s.status === "deferred") box.prepend(h("p", { class: "decided" }, t("queue.deferredEarlier")));
  } else {
    const status = STATUSES.includes(s.status) ? t(`suggestion.${s.status}`) : s.status;
    put(box, h("p", { class: "decided" }, t("queue.coordinatorDecides", { status })), consentBox(s));
  }
}

function actions(box, s) {
  const path = `suggestions/${id(s.id)}`;
  const accept = h("button", { type: "button", class: "primary", onclick: async () => {
    const partnership = await act(accept, () => call(`${path}/accept`, { method: "POST", body: {} }));
    if (!partnership) return;
    put(box, h("p", { class: "decided" }, t("queue.accepted"), " ",
      link(`#/partnerships/${id(partnership.id)}`, partnership.title), " ", statusLight(partnership.status)));
    tell("queue.acceptedSaid", { title: partnership.title,
      status: { word: `lifecycle.${partnership.status}` } });
  } }, t("queue.accept"));
  const defer = h("button", { type: "button", onclick: async () => {
    const done = await act(defer, () => call(`${path}/defer`, { method: "POST", body: {} }));
    if (!done) return;
    put(box, h("p", { class: "decided" }, t("queue.deferredNow")));
    tell("queue.deferredSaid", { name: s.candidate_name });
  } }, t("queue.defer"));
  const reject = h("button", { type: "button", "aria-expanded": "false", onclick: () => {
    const open = reject.getAttribute("aria-expanded") === "true";
    reject.setAttribute("aria-expanded", String(!open));
    form.hidden = open;
    if (!open) form.querySelector("select").focus();
  } }, t("queue.reject"));
  const form = rejectForm(box, s, path);
  form.hidden = true;
  return h("div", {}, h("div", { class: "actions", role: "group", "aria-label": t("queue.decision") },
    accept, reject, defer), form);
}

function rejectForm(box, s, path) {
  return declineForm(async (body, confirm) => {
    const done = await act(confirm, () => call(`${path}/reject`, { method: "POST", body }));
    if (!done) return;
    showDecision(box, done);
    tell("queue.rejectedSaid", { name: s.candidate_name });
  }, t("queue.confirmReject"));
}
