// One concept note: the programme, why it is or is not eligible, and what this role may do now.

import { call, can, id, session } from "../api.js";
import { countryName, nameOf, objectiveLabel } from "../catalog.js";
import { empty, field, h, link, put, section, tags } from "../dom.js";
import { ROLE_TITLES } from "../shell.js";
import { act, go, say } from "../ui.js";
import { amount, noteStatus } from "./fund.js";

const REVIEWABLE = ["eligible", "scored", "proposed"];
const AFTER = { funded: ["in_implementation", "Start implementation"],
  in_implementation: ["closed", "Close the programme"] };

export async function render(main, [noteId]) {
  const n = await call(`fund/notes/${id(noteId)}`);
  const c = await call(`fund/calls/${id(n.call)}`);
  const me = session.principal;
  const owner = me.role === "member_state" && me.stakeholder === n.requester;
  const partner = me.role === "partner" && n.partners.includes(me.stakeholder);
  const reviews = can("fund_manager", "reviewer") && n.status !== "draft"
    ? await call(`fund/notes/${id(n.id)}/reviews`) : [];
  put(main, h("h1", {}, n.title),
    h("p", { class: "meta" }, noteStatus(n.status), " · ", nameOf(n.requester), " · for ",
      link(`#/fund/calls/${id(c.id)}`, c.title),
      n.request ? [" · from ", link(`#/requests/${id(n.request)}`, "its support request")] : null),
    section("Programme", programme(n)),
    section("Eligibility", eligibility(n)),
    n.status === "draft" && (owner || partner) ? section("Edit the draft", editor(n, owner)) : null,
    n.status === "draft" && owner ? submitter(n) : null,
    me.role === "reviewer" && REVIEWABLE.includes(n.status)
      ? section("Your review", reviewPanel(n, c, reviews)) : null,
    can("fund_manager") && reviews.length ? section("Reviews", reviewTable(c, reviews)) : null,
    decision(n));
}

function programme(n) {
  return [
    n.summary ? h("p", { class: "text" }, n.summary) : null,
    h("p", {}, tags(n.objectives.map(objectiveLabel), "tag objective"), " ",
      n.countries.map(countryName).join(", ")),
    h("p", {}, `Budget ${amount(n.budget)} over ${n.duration_months} months`,
      n.score === null || n.score === undefined ? "" : ` · score ${n.score.toFixed(2)} of 5`,
      ` · ${n.endorsed ? "endorsed by its government" : "not endorsed by its government"}`),
    h("h3", {}, "Partners"),
    n.partners.length ? h("ul", { class: "plain partners" }, n.partners.map((p) => h("li", {},
      link(`#/stakeholders/${id(p)}`, nameOf(p)), n.roles[p] ? ` — ${n.roles[p]}` : "")))
      : empty("No partner yet."),
    n.results.length ? [h("h3", {}, "Expected results"),
      h("ul", { class: "plain" }, n.results.map((r) => h("li", {}, r)))] : null,
  ];
}

function eligibility(n) {
  if (n.failures.length) {
    return [h("p", {}, n.status === "submitted" ? "Screening will find it not eligible:"
      : "Why it is not eligible:"), h("ul", { class: "plain failures" },
      n.failures.map((f) => h("li", {}, f)))];
  }
  if (n.status === "draft") return h("p", {}, "Submitting shows at once what screening will find.");
  return h("p", { class: "passes" }, "It meets every rule of the call.");
}

function editor(n, owner) {
  const c = {
    title: h("input", { name: "title", value: n.title, required: true }),
    summary: h("textarea", { name: "summary", rows: 4 }, n.summary),
    results: h("textarea", { name: "results", rows: 3 }, n.results.join("\n")),
    budget: h("input", { name: "budget", type: "number", min: "0", value: String(n.budget) }),
    duration: h("input", { name: "duration_months", type: "number", min: "1", max: "120",
      value: String(n.duration_months) }),
    endorsed: h("input", { name: "endorsed", type: "checkbox", checked: n.endorsed }),
  };
  const roles = Object.fromEntries(n.partners.map((p) => [p,
    h("input", { name: `role-${p}`, value: n.roles[p] ?? "" })]));
  const button = h("button", { type: "submit" }, "Save the draft");
  return h("form", { class: "note-form", onsubmit: async (event) => {
    event.preventDefault();
    const changes = { title: c.title.value, summary: c.summary.value,
      results: c.results.value.split("\n").map((r) => r.trim()).filter(Boolean),
      roles: Object.fromEntries(Object.entries(roles).map(([p, input]) => [p, input.value.trim()])
        .filter(([, role]) => role)) };
    if (owner) {
      Object.assign(changes, { budget: Number(c.budget.value), endorsed: c.endorsed.checked,
        duration_months: Number(c.duration.value) });
    }
    const saved = await act(button, () => call(`fund/notes/${id(n.id)}`,
      { method: "PATCH", body: changes }));
    if (!saved) return;
    say("The draft is saved.");
    go(`#/fund/notes/${id(n.id)}`);
  } }, field("Title", c.title), field("Summary", c.summary),
  field("Expected results", c.results, "One a line."),
  n.partners.map((p) => field(`Role of ${nameOf(p)}`, roles[p])),
  owner ? [field("Budget asked", c.budget), field("Duration in months", c.duration),
    h("label", { class: "check" }, c.endorsed, " Our government endorses this programme")]
    : h("p", { class: "meta" }, "The requesting state alone sets the budget and the endorsement."),
  h("div", { class: "actions" }, button));
}

function submitter(n) {
  const button = h("button", { type: "button", class: "primary", onclick: async () => {
    const sent = await act(button, () => call(`fund/notes/${id(n.id)}/submit`, { method: "POST" }));
    if (!sent) return;
    say(sent.failures.length ? "Submitted; screening will find it not eligible (see why)."
      : "Submitted; it meets every rule of the call.");
    go(`#/fund/notes/${id(n.id)}`);
  } }, "Submit to the call");
  return section("Submit", h("p", {}, "A submitted note no longer changes."), button);
}

function reviewPanel(n, c, reviews) {
  const mine = reviews[0];
  const org = session.principal.stakeholder;
  if (mine?.conflict) {
    return h("p", { class: "conflict" }, "You declared a conflict of interest on this note; ",
      "you cannot score it.");
  }
  if (org && (org === n.requester || n.partners.includes(org))) {
    return h("p", { class: "conflict" }, `${nameOf(org)} is in this programme: a conflict of `,
      "interest, so you cannot score it.");
  }
  const scores = Object.fromEntries(c.criteria.map((k) => [k.name,
    h("input", { name: k.name, type: "number", min: "0", max: "5", step: "0.5", required: true,
      value: mine ? String(mine.scores[k.name]) : "" })]));
  const comments = h("textarea", { name: "comments", rows: 3 }, mine?.comments ?? "");
  const send = (button, conflict) => async (event) => {
    event.preventDefault();
    const body = conflict ? { conflict: true, comments: comments.value }
      : { scores: Object.fromEntries(Object.entries(scores).map(([k, i]) => [k, Number(i.value)])),
        comments: comments.value };
    const done = await act(button, () => call(`fund/notes/${id(n.id)}/reviews`,
      { method: "POST", body }));
    if (!done) return;
    say(conflict ? "Your conflict of interest is recorded; you will not score this note."
      : "Your scores are recorded.");
    go(`#/fund/notes/${id(n.id)}`);
  };
  const save = h("button", { type: "submit", class: "primary" }, mine ? "Revise scores" : "Save scores");
  const declare = h("button", { type: "button", class: "danger" }, "Declare a conflict of interest");
  declare.addEventListener("click", send(declare, true));
  return h("form", { class: "review-form", onsubmit: send(save, false) },
    c.criteria.map((k) => field(`${k.name} (weight ${k.weight}), 0 to 5`, scores[k.name],
      k.description)),
    field("Comments", comments), h("div", { class: "actions" }, save, declare));
}

function reviewTable(c, reviews) {
  return h("table", { class: "records reviews" },
    h("thead", {}, h("tr", {}, ["Reviewer", ...c.criteria.map((k) => k.name), "Comments"]
      .map((t) => h("th", { scope: "col" }, t)))),
    h("tbody", {}, reviews.map((r) => h("tr", {},
      h("td", {}, r.organisation ? nameOf(r.organisation) : "Independent reviewer"),
      r.conflict ? h("td", { colspan: c.criteria.length }, "Declared a conflict of interest")
        : c.criteria.map((k) => h("td", {}, r.scores[k.name])),
      h("td", {}, r.comments)))));
}

function decision(n) {
  if (["funded", "declined", "in_implementation", "closed"].includes(n.status)) {
    const by = n.decided_by ? ROLE_TITLES[n.decided_by.split(":")[0]] : null;
    return section("Steering committee", h("p", { class: "decided" },
      n.status === "declined" ? "Declined" : "Funded",
      n.decided_at ? ` on ${n.decided_at.slice(0, 10)}` : "", by ? ` by the ${by.toLowerCase()}` : "",
      n.reason ? `: ${n.reason}` : "."), can("fund_manager", "coordinator") ? mover(n) : null);
  }
  if (!["scored", "proposed"].includes(n.status) || !can("fund_manager", "coordinator")) return null;
  const reason = h("textarea", { name: "reason", rows: 3, required: true });
  const decide = (funded) => {
    const button = h("button", { type: "button", class: funded ? "primary" : "danger",
      onclick: async () => {
        if (!reason.value.trim()) { say("Give the committee's reasons first.", "error"); return; }
        const done = await act(button, () => call(`fund/notes/${id(n.id)}/decision`,
          { method: "POST", body: { funded, reason: reason.value } }));
        if (!done) return;
        say(`“${done.title}” is ${done.status}; the decision is in the audit log.`);
        go(`#/fund/notes/${id(n.id)}`);
      } }, funded ? "Fund" : "Decline");
    return button;
  };
  return section("Steering committee decision",
    field("Reasons (recorded in the audit log)", reason),
    h("div", { class: "actions" }, decide(true), decide(false)));
}

function mover(n) {
  const next = AFTER[n.status];
  if (!next) return null;
  const button = h("button", { type: "button", onclick: async () => {
    const moved = await act(button, () => call(`fund/notes/${id(n.id)}/status`,
      { method: "POST", body: { status: next[0] } }));
    if (moved) go(`#/fund/notes/${id(n.id)}`);
  } }, next[1]);
  return h("div", { class: "actions" }, button);
}
