// The start-up fund: its calls, the fund manager's form to open one, and each role's pipeline.

import { all, call, can, id, session } from "../api.js";
import { nameOf, objectiveLabel, objectiveOptions, regionOptions } from "../catalog.js";
import { empty, field, h, link, put, section, tags } from "../dom.js";
import { downloads } from "../downloads.js";
import { date, number, t } from "../i18n.js";
import { act, go, tell } from "../ui.js";

export const NOTE_STATUSES = ["draft", "submitted", "eligible", "ineligible", "scored", "proposed",
  "funded", "declined", "in_implementation", "closed"];

export function noteStatusName(status) {
  return NOTE_STATUSES.includes(status) ? t(`noteStatus.${status}`) : status;
}

const SEES = new Set(["member_state", "partner", "reviewer", "fund_manager", "coordinator", "admin",
  "public"]);

export function amount(value) {
  return number(value, { maximumFractionDigits: 0 });
}

export function noteStatus(status) {
  return h("span", { class: `light note-${status}`, dataset: { status } },
    h("span", { class: "lamp", "aria-hidden": "true" }), noteStatusName(status));
}

export async function render(main) {
  const [calls, notes] = await Promise.all([all("fund/calls"), all("fund/notes")]);
  const titles = new Map(calls.map((c) => [c.id, c.title]));
  const role = session.principal.role;
  put(main, h("h1", {}, t("fund.title")),
    h("p", { class: "lead" }, t("fund.lead")),
    section(t("fund.calls"), callCards(calls)),
    section(t("fund.pipeline"), h("p", { class: "meta" }, SEES.has(role) ? t(`fund.sees.${role}`) : ""),
      can("coordinator", "fund_manager") ? downloads("fund-notes") : null,
      pipeline(notes, titles)),
    can("fund_manager") ? section(t("fund.openCall"), callForm()) : null);
}

function callCards(calls) {
  if (!calls.length) return empty(t("fund.noCall"));
  return h("ol", { class: "cards" }, calls.map((c) => h("li", {},
    h("article", { class: "card fund-call", dataset: { call: c.id } },
      h("h3", {}, link(`#/fund/calls/${id(c.id)}`, c.title)),
      h("p", { class: "meta" }, t("fund.callLine", { status: callStatus(c.status),
        opens: date(c.opens), closes: date(c.closes), budget: amount(c.budget),
        ceiling: amount(c.ceiling) })),
      c.objectives.length ? h("p", {}, tags(c.objectives.map(objectiveLabel), "tag objective"))
        : null))));
}

function pipeline(notes, titles) {
  if (!notes.length) return empty(t("fund.noNote"));
  const rows = NOTE_STATUSES
    .map((status) => [noteStatusName(status), notes.filter((n) => n.status === status)])
    .filter(([, found]) => found.length);
  return h("table", { class: "records pipeline" },
    h("thead", {}, h("tr", {}, ["fund.stage", "fund.notes"].map((c) => h("th", { scope: "col" }, t(c))))),
    h("tbody", {}, rows.map(([label, found]) => h("tr", {},
      h("th", { scope: "row" }, t("fund.stageCount", { stage: label, count: found.length })),
      h("td", {}, h("ul", { class: "plain" }, found.map((n) => h("li", {},
        link(`#/fund/notes/${id(n.id)}`, n.title),
        " — ", t("fund.noteLine", { requester: nameOf(n.requester),
          call: titles.get(n.call) ?? t("fund.aCall") })))))))));
}

export function callStatus(status) {
  return status === "open" ? t("fund.open") : t("fund.closed");
}

// "name = 2" lines for the rubric, "name: 5, 6" lines for the objective groups.
function pairs(text, sep, what) {
  return text.split("\n").map((line) => line.trim()).filter(Boolean).map((line) => {
    const at = line.indexOf(sep);
    if (at < 1) throw new Error(t("fund.lineShape", { what, sep, line }));
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
  const button = h("button", { type: "submit", class: "primary" }, t("fund.openTheCall"));
  return h("form", { class: "fund-call-form", onsubmit: async (event) => {
    event.preventDefault();
    const created = await act(button, () => call("fund/calls", { method: "POST", body: {
      title: c.title.value, opens: c.opens.value, closes: c.closes.value,
      budget: Number(c.budget.value), ceiling: Number(c.ceiling.value),
      objectives: chosen(c.objectives).map(Number), regions: chosen(c.regions),
      composition: { un_entities: Number(c.un.value), national_partners: Number(c.national.value) },
      endorsement_required: c.endorsement.checked,
      max_per_region: c.perRegion.value ? Number(c.perRegion.value) : null,
      criteria: pairs(c.criteria.value, "=", t("fund.rubric"))
        .map(([name, weight]) => ({ name, weight: Number(weight) })),
      objective_groups: Object.fromEntries(pairs(c.groups.value, ":", t("fund.groups"))
        .map(([name, numbers]) => [name, numbers.split(",").map((n) => Number(n.trim()))])),
    } }));
    if (!created) return;
    tell("fund.callOpened", { title: created.title });
    go(`#/fund/calls/${id(created.id)}`);
  } },
  field(t("field.title"), c.title), field(t("fund.opensOn"), c.opens), field(t("fund.closesOn"), c.closes),
  field(t("fund.budget"), c.budget), field(t("fund.ceiling"), c.ceiling),
  field(t("fund.eligibleObjectives"), c.objectives, t("fund.anyObjectiveHint")),
  field(t("fund.eligibleRegions"), c.regions, t("fund.anyRegionHint")),
  field(t("fund.unNeeded"), c.un), field(t("fund.nationalNeeded"), c.national),
  h("label", { class: "check" }, c.endorsement, " ", t("fund.mustEndorse")),
  field(t("fund.perRegion"), c.perRegion, t("fund.noCap")),
  field(t("fund.rubric"), c.criteria, t("fund.rubricHint")),
  field(t("fund.groups"), c.groups, t("fund.groupsHint")),
  h("div", { class: "actions" }, button));
}
