// One call: its rules and rubric, its notes, a Member State's draft, closing and the portfolio.

import { all, call, can, id, session } from "../api.js";
import { areaName, nameOf, objectiveLabel } from "../catalog.js";
import { empty, field, h, link, put, section, select, tags } from "../dom.js";
import { date, number, score, t } from "../i18n.js";
import { act, go, tell } from "../ui.js";
import { amount, callStatus, noteStatus } from "./fund.js";

export async function render(main, [callId]) {
  const [c, notes] = await Promise.all([call(`fund/calls/${id(callId)}`),
    all("fund/notes", { call: callId })]);
  const proposal = section(t("call.proposal"), h("p", {}, t("call.proposalLead")));
  put(main, h("h1", {}, c.title),
    h("p", { class: "meta" }, `${callStatus(c.status)} · `,
      t("requests.timeframe", { start: date(c.opens), end: date(c.closes) })),
    section(t("call.rules"), rules(c)),
    section(t("fund.rubric"), h("ul", { class: "plain rubric" }, c.criteria.map((k) => h("li", {},
      h("strong", {}, k.name), ` × ${number(k.weight)}`, k.description ? ` — ${k.description}` : "")))),
    section(t("call.notes", { count: notes.length }), noteTable(notes)),
    c.status === "open" && can("member_state") && session.principal.stakeholder
      ? section(t("call.draftTitle"), await draftForm(c)) : null,
    c.status === "open" && can("fund_manager") ? closer(c) : null,
    c.status === "closed" && can("fund_manager", "coordinator") ? proposer(c, proposal) : null);
}

function rules(c) {
  const k = c.composition;
  const groups = Object.entries(c.objective_groups);
  return h("ul", { class: "plain rules" },
    h("li", {}, t("call.budget", { budget: amount(c.budget), ceiling: amount(c.ceiling) })),
    h("li", {}, t("call.objectives"), " ", c.objectives.length
      ? tags(c.objectives.map(objectiveLabel), "tag objective") : t("call.any")),
    h("li", {}, t("call.regions", { regions: c.regions.length
      ? c.regions.map(areaName).join(t("list.comma")) : t("call.anyRegion") })),
    h("li", {}, t("call.partners", { un: k.un_entities, national: k.national_partners })),
    h("li", {}, c.endorsement_required ? t("call.endorse") : t("call.noEndorse")),
    c.max_per_region ? h("li", {}, t("call.perRegion", { count: c.max_per_region })) : null,
    groups.length ? h("li", {}, t("call.groups", { groups: groups.map(([name, numbers]) =>
      `${name} (${numbers.map((o) => number(o)).join(t("list.comma"))})`).join(t("list.semicolon")) }))
      : null);
}

export function noteTable(notes) {
  if (!notes.length) return empty(t("fund.noNote"));
  return h("table", { class: "records notes" },
    h("thead", {}, h("tr", {}, ["call.note", "field.memberState", "fund.budget", "queue.score",
      "fund.stage"].map((c) => h("th", { scope: "col" }, t(c))))),
    h("tbody", {}, notes.map((n) => h("tr", { dataset: { note: n.id } },
      h("td", {}, link(`#/fund/notes/${id(n.id)}`, n.title)),
      h("td", {}, nameOf(n.requester)), h("td", {}, amount(n.budget)),
      h("td", {}, n.score === null ? "—" : score(n.score)),
      h("td", {}, noteStatus(n.status))))));
}

async function draftForm(c) {
  const mine = await all("requests", { requester: session.principal.stakeholder });
  if (!mine.length) return empty(t("call.noRequest"));
  const request = select("request", mine.map((r) => [r.id, r.title]));
  const budget = h("input", { name: "budget", type: "number", min: "0", max: String(c.ceiling) });
  const button = h("button", { type: "submit", class: "primary" }, t("call.draft"));
  return h("form", { class: "filters", onsubmit: async (event) => {
    event.preventDefault();
    const note = await act(button, () => call("fund/notes", { method: "POST", body: {
      request: request.value, call: c.id, budget: Number(budget.value || 0) } }));
    if (!note) return;
    tell("call.drafted", { title: note.title });
    go(`#/fund/notes/${id(note.id)}`);
  } }, h("p", {}, t("call.draftLead")),
  field(t("call.fromRequest"), request), field(t("call.budgetAsked"), budget), button);
}

function closer(c) {
  const button = h("button", { type: "button", class: "danger", onclick: async () => {
    const closed = await act(button, () => call(`fund/calls/${id(c.id)}/close`, { method: "POST" }));
    if (!closed) return;
    tell("call.closedSaid", { title: closed.title });
    go(`#/fund/calls/${id(c.id)}`);
  } }, t("call.closeAndScreen"));
  return section(t("call.close"), h("p", {}, t("call.closeLead")), button);
}

function proposer(c, panel) {
  const button = h("button", { type: "button", class: "primary", onclick: async () => {
    const found = await act(button, () => call(`fund/calls/${id(c.id)}/proposal`, { method: "POST" }));
    if (found) put(panel, panel.firstChild, proposalView(found), button);
  } }, t("call.propose"));
  panel.append(button);
  return panel;
}

// Why a note is in or out, from its verdict's parts (its `explanation` is the hub's English);
// the notes that would change places with it by title.
function verdict(n, titles) {
  if (!["chosen", "displaced"].includes(n.why)) return t(`call.why.${n.why}`);
  if (n.delta === null) return t("call.why.always");
  const said = t(`call.why.${n.why}`, { delta: score(n.delta) });
  return n.swapped.length ? t("call.why.swapped", { said, notes: n.swapped
    .map((other) => `“${titles.get(other) ?? other}”`).join(t("list.comma")) }) : said;
}

// The proposal in one sentence, from its totals (its `summary` is the hub's English).
function summary(p) {
  return p.feasible ? t("call.summary", { count: p.considered, chosen: p.chosen.length,
    total: score(p.total), cost: amount(p.cost), budget: amount(p.budget),
    balance: score(p.balance_cost) }) : t("call.infeasible", { count: p.considered });
}

function proposalView(p) {
  const titles = new Map(p.notes.map((n) => [n.note, n.title]));
  return h("div", { class: "proposal" },
    h("p", { class: "lead" }, summary(p)),
    p.feasible ? h("p", {}, t("call.balance", { total: score(p.unconstrained_total),
      cost: score(p.balance_cost) })) : null,
    h("table", { class: "records verdicts" },
      h("thead", {}, h("tr", {}, ["call.note", "queue.score", "fund.budget", "call.inOrOut", "call.why"]
        .map((c) => h("th", { scope: "col" }, t(c))))),
      h("tbody", {}, p.notes.map((n) => h("tr", { dataset: { note: n.note, chosen: n.chosen } },
        h("td", {}, link(`#/fund/notes/${id(n.note)}`, n.title)), h("td", {}, score(n.score)),
        h("td", {}, amount(n.budget)), h("td", {}, n.chosen ? t("call.in") : t("call.out")),
        h("td", {}, verdict(n, titles)))))),
    h("p", { class: "meta" }, t("call.committee")));
}
