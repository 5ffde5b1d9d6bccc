// One call: its rules and rubric, its notes, a Member State's draft, closing and the portfolio.

import { all, call, can, id, session } from "../api.js";
import { nameOf, objectiveLabel } from "../catalog.js";
import { empty, field, h, link, put, section, select, tags } from "../dom.js";
import { act, go, say } from "../ui.js";
import { amount, noteStatus } from "./fund.js";

export async function render(main, [callId]) {
  const [c, notes] = await Promise.all([call(`fund/calls/${id(callId)}`),
    all("fund/notes", { call: callId })]);
  const proposal = section("Portfolio proposal", h("p", {}, "The optimiser picks the scored notes ",
    "with the best total score within the budget and the balance rules, and says why each ",
    "note is in or out."));
  put(main, h("h1", {}, c.title),
    h("p", { class: "meta" }, `${c.status === "open" ? "Open" : "Closed"} · ${c.opens} to ${c.closes}`),
    section("Rules", rules(c)),
    section("Rubric", h("ul", { class: "plain rubric" }, c.criteria.map((k) => h("li", {},
      h("strong", {}, k.name), ` × ${k.weight}`, k.description ? ` — ${k.description}` : "")))),
    section(`Concept notes (${notes.length})`, noteTable(notes)),
    c.status === "open" && can("member_state") && session.principal.stakeholder
      ? section("Draft a concept note", await draftForm(c)) : null,
    c.status === "open" && can("fund_manager") ? closer(c) : null,
    c.status === "closed" && can("fund_manager", "coordinator") ? proposer(c, proposal) : null);
}

function rules(c) {
  const k = c.composition;
  const groups = Object.entries(c.objective_groups);
  return h("ul", { class: "plain rules" },
    h("li", {}, `Budget ${amount(c.budget)}; at most ${amount(c.ceiling)} a programme.`),
    h("li", {}, "Objectives: ", c.objectives.length
      ? tags(c.objectives.map(objectiveLabel), "tag objective") : "any."),
    h("li", {}, `Regions: ${c.regions.length ? c.regions.join(", ") : "any"}.`),
    h("li", {}, `Partners: at least ${k.un_entities} UN entities and ${k.national_partners} `,
      "national partners based in the programme's countries."),
    h("li", {}, c.endorsement_required ? "The requesting government must endorse the note."
      : "No government endorsement needed."),
    c.max_per_region ? h("li", {}, `At most ${c.max_per_region} funded notes per region.`) : null,
    groups.length ? h("li", {}, "Each objective group funded at least once: ",
      groups.map(([name, numbers]) => `${name} (${numbers.join(", ")})`).join("; "), ".") : null);
}

export function noteTable(notes) {
  if (!notes.length) return empty("No concept note that you may see.");
  return h("table", { class: "records notes" },
    h("thead", {}, h("tr", {}, ["Concept note", "Member State", "Budget", "Score", "Stage"]
      .map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", {}, notes.map((n) => h("tr", { dataset: { note: n.id } },
      h("td", {}, link(`#/fund/notes/${id(n.id)}`, n.title)),
      h("td", {}, nameOf(n.requester)), h("td", {}, amount(n.budget)),
      h("td", {}, n.score === null ? "—" : n.score.toFixed(2)),
      h("td", {}, noteStatus(n.status))))));
}

async function draftForm(c) {
  const mine = await all("requests", { requester: session.principal.stakeholder });
  if (!mine.length) return empty("You have no support request to draft a note from.");
  const request = select("request", mine.map((r) => [r.id, r.title]));
  const budget = h("input", { name: "budget", type: "number", min: "0", max: String(c.ceiling) });
  const button = h("button", { type: "submit", class: "primary" }, "Draft the note");
  return h("form", { class: "filters", onsubmit: async (event) => {
    event.preventDefault();
    const note = await act(button, () => call("fund/notes", { method: "POST", body: {
      request: request.value, call: c.id, budget: Number(budget.value || 0) } }));
    if (!note) return;
    say(`A draft of “${note.title}” is ready, with the partners of its partnerships.`);
    go(`#/fund/notes/${id(note.id)}`);
  } }, h("p", {}, "Its title, objectives, countries and text come from the request; its partners ",
    "and their roles from the partnerships that answer it."),
  field("From your request", request), field("Budget asked", budget), button);
}

function closer(c) {
  const button = h("button", { type: "button", class: "danger", onclick: async () => {
    const closed = await act(button, () => call(`fund/calls/${id(c.id)}/close`, { method: "POST" }));
    if (!closed) return;
    say(`“${closed.title}” is closed; its submitted notes are screened.`);
    go(`#/fund/calls/${id(c.id)}`);
  } }, "Close the call and screen its notes");
  return section("Close the call", h("p", {}, "Submissions end; each submitted note is checked ",
    "against the rules above and marked eligible or ineligible, with the reasons."), button);
}

function proposer(c, panel) {
  const button = h("button", { type: "button", class: "primary", onclick: async () => {
    const found = await act(button, () => call(`fund/calls/${id(c.id)}/proposal`, { method: "POST" }));
    if (found) put(panel, panel.firstChild, proposalView(found), button);
  } }, "Propose a portfolio");
  panel.append(button);
  return panel;
}

// The API names the notes that would change places by id; a person reads their titles.
function words(n, titles) {
  return n.swapped.reduce((text, other) => text.replaceAll(other, `“${titles.get(other)}”`),
    n.explanation);
}

function proposalView(p) {
  const titles = new Map(p.notes.map((n) => [n.note, n.title]));
  return h("div", { class: "proposal" },
    h("p", { class: "lead" }, p.summary),
    p.feasible ? h("p", {}, `Under the budget alone the best total would be `,
      `${p.unconstrained_total.toFixed(2)}; geographic and thematic balance costs `,
      h("strong", {}, p.balance_cost.toFixed(2)), " points.") : null,
    h("table", { class: "records verdicts" },
      h("thead", {}, h("tr", {}, ["Concept note", "Score", "Budget", "In or out", "Why"]
        .map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", {}, p.notes.map((n) => h("tr", { dataset: { note: n.note, chosen: n.chosen } },
        h("td", {}, link(`#/fund/notes/${id(n.note)}`, n.title)), h("td", {}, n.score.toFixed(2)),
        h("td", {}, amount(n.budget)), h("td", {}, n.chosen ? "In" : "Out"),
        h("td", {}, words(n, titles)))))),
    h("p", { class: "meta" }, "The steering committee decides each note on its page."));
}
