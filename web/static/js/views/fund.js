// The start-up fund: its calls, the fund manager's form to open one, and each role's pipeline.

import { all, call, can, id, session } from "../api.js";
import { nameOf, objectiveLabel, objectiveOptions, regionOptions } from "../catalog.js";
import { empty, field, h, link, put, section, tags } from "../dom.js";
import { downloads } from "../downloads.js";
import { act, go, say } from "../ui.js";

export const NOTE_STATUSES = { draft: "Draft", submitted: "Submitted", eligible: "Eligible",
  ineligible: "Ineligible", scored: "Scored", proposed: "Proposed", funded: "Funded",
  declined: "Declined", in_implementation: "In implementation", closed: "Closed" };

const SEES = {
  member_state: "Your concept notes at every step, and every funded programme.",
  partner: "The notes your organisation is a partner in, and every funded programme.",
  reviewer: "The notes screened eligible, which you may score, and every funded programme.",
  fund_manager: "Every note once submitted.",
  coordinator: "Every note; the steering committee decides the scored ones.",
  admin: "Every note.",
  public: "The programmes the fund has financed.",
};

const money = new Intl.NumberFormat("en", { maximumFractionDigits: 0 });

export function amount(value) {
  return money.format(value);
}

export function noteStatus(status) {
  return h("span", { class: `light note-${status}`, dataset: { status } },
    h("span", { class: "lamp", "aria-hidden": "true" }), NOTE_STATUSES[status] ?? status);
}

export async function render(main) {
  const [calls, notes] = await Promise.all([all("fund/calls"), all("fund/notes")]);
  const titles = new Map(calls.map((c) => [c.id, c.title]));
  put(main, h("h1", {}, "Start-up fund"),
    h("p", { class: "lead" }, "Calls for concept notes finance joint programmes; the steering ",
      "committee selects them on quality with due regard to geographic and thematic balance."),
    section("Calls for concept notes", callCards(calls)),
    section("Pipeline", h("p", { class: "meta" }, SEES[session.principal.role] ?? ""),
      can("coordinator", "fund_manager") ? downloads("fund-notes") : null,
      pipeline(notes, titles)),
    can("fund_manager") ? section("Open a call", callForm()) : null);
}

function callCards(calls) {
  if (!calls.length) return empty("No call yet.");
  return h("ol", { class: "cards" }, calls.map((c) => h("li", {},
    h("article", { class: "card fund-call", dataset: { call: c.id } },
      h("h3", {}, link(`#/fund/calls/${id(c.id)}`, c.title)),
      h("p", { class: "meta" }, `${c.status === "open" ? "Open" : "Closed"} · ${c.opens} to `,
        `${c.closes} · budget ${amount(c.budget)}, at most ${amount(c.ceiling)} a programme`),
      c.objectives.length ? h("p", {}, tags(c.objectives.map(objectiveLabel), "tag objective"))
        : null))));
}

function pipeline(notes, titles) {
  if (!notes.length) return empty("No concept note that you may see.");
  const rows = Object.entries(NOTE_STATUSES)
    .map(([status, label]) => [label, notes.filter((n) => n.status === status)])
    .filter(([, found]) => found.length);
  return h("table", { class: "records pipeline" },
    h("thead", {}, h("tr", {}, ["Stage", "Concept notes"].map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", {}, rows.map(([label, found]) => h("tr", {},
      h("th", { scope: "row" }, `${label} (${found.length})`),
      h("td", {}, h("ul", { class: "plain" }, found.map((n) => h("li", {},
        link(`#/fund/notes/${id(n.id)}`, n.title),
        ` — ${nameOf(n.requester)}, ${titles.get(n.call) ?? "a call"}`))))))));
}

// "name = 2" lines for the rubric, "name: 5, 6" lines for the objective groups.
function pairs(text, sep, what) {
  return text.split("\n").map((line) => line.trim()).filter(Boolean).map((line) => {
    const at = line.indexOf(sep);
    if (at < 1) throw new Error(`${what}: write each line as “name ${sep} …” (${line})`);
    return [line.slice(0, at).trim(), line.slice(at + 1).trim()];
  });
}

function chosen(select) {
  return [...select.selectedOptions].map((o) => o.value);
}

function callForm() {
  const today = new Date();
  const later = new Date(today.getTime() + 60 * 86_400_000);
  const c = {
    title: h("input", { name: "title", required: true }),
    opens: h("input", { name: "opens", type: "date", required: true,
      value: today.toISOString().slice(0, 10) }),
    closes: h("input", { name: "closes", type: "date", required: true,
      value: later.toISOString().slice(0, 10) }),
    budget: h("input", { name: "budget", type: "number", min: "1", required: true }),
    ceiling: h("input", { name: "ceiling", type: "number", min: "1", required: true }),
    objectives: h("select", { name: "objectives", multiple: true, size: 6 },
      objectiveOptions().slice(1).map(([v, text]) => h("option", { value: v }, text))),
    regions: h("select", { name: "regions", multiple: true, size: 6 },
      regionOptions().slice(1).map(([v, text]) => h("option", { value: v }, text))),
    un: h("input", { name: "un_entities", type: "number", min: "0", value: "2" }),
    national: h("input", { name: "national_partners", type: "number", min: "0", value: "1" }),
    endorsement: h("input", { name: "endorsement_required", type: "checkbox", checked: true }),
    perRegion: h("input", { name: "max_per_region", type: "number", min: "1" }),
    criteria: h("textarea", { name: "criteria", rows: 3 },
      "relevance = 2\nfeasibility = 1\npartnership = 1"),
    groups: h("textarea", { name: "objective_groups", rows: 2 }),
  };
  const button = h("button", { type: "submit", class: "primary" }, "Open the call");
  return h("form", { class: "fund-call-form", onsubmit: async (event) => {
    event.preventDefault();
    const created = await act(button, () => call("fund/calls", { method: "POST", body: {
      title: c.title.value, opens: c.opens.value, closes: c.closes.value,
      budget: Number(c.budget.value), ceiling: Number(c.ceiling.value),
      objectives: chosen(c.objectives).map(Number), regions: chosen(c.regions),
      composition: { un_entities: Number(c.un.value), national_partners: Number(c.national.value) },
      endorsement_required: c.endorsement.checked,
      max_per_region: c.perRegion.value ? Number(c.perRegion.value) : null,
      criteria: pairs(c.criteria.value, "=", "Rubric")
        .map(([name, weight]) => ({ name, weight: Number(weight) })),
      objective_groups: Object.fromEntries(pairs(c.groups.value, ":", "Objective groups")
        .map(([name, numbers]) => [name, numbers.split(",").map((n) => Number(n.trim()))])),
    } }));
    if (!created) return;
    say(`The call “${created.title}” is open.`);
    go(`#/fund/calls/${id(created.id)}`);
  } },
  field("Title", c.title), field("Opens on", c.opens), field("Closes on", c.closes),
  field("Budget", c.budget), field("Ceiling per programme", c.ceiling),
  field("Eligible objectives", c.objectives, "None chosen: any objective."),
  field("Eligible regions", c.regions, "None chosen: any region."),
  field("UN entities needed", c.un), field("National partners needed", c.national),
  h("label", { class: "check" }, c.endorsement, " The government must endorse the note"),
  field("Funded notes per region, at most", c.perRegion, "Empty: no cap."),
  field("Rubric", c.criteria, "One criterion a line: name = weight."),
  field("Objective groups", c.groups,
    "Thematic balance, one group a line: name: 5, 6, 18. Each is funded at least once."),
  h("div", { class: "actions" }, button));
}
