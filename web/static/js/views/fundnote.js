// One concept note: the programme, why it is or is not eligible, and what this role may do now.

import { call, can, id, session } from "../api.js";
import { areaName, countryName, nameOf, objectiveLabel } from "../catalog.js";
import { empty, field, h, link, put, section, tags } from "../dom.js";
import { date, number, score, t } from "../i18n.js";
import { roleTitle } from "../shell.js";
import { act, go, tell } from "../ui.js";
import { amount, noteStatus } from "./fund.js";

const REVIEWABLE = ["eligible", "scored", "proposed"];
const AFTER = { funded: ["in_implementation", "note.start"],
  in_implementation: ["closed", "note.closeProgramme"] };

export async function render(main, [noteId]) {
  const n = await call(`fund/notes/${id(noteId)}`);
  const c = await call(`fund/calls/${id(n.call)}`);
  const me = session.principal;
  const owner = me.role === "member_state" && me.stakeholder === n.requester;
  const partner = me.role === "partner" && n.partners.includes(me.stakeholder);
  const reviews = can("fund_manager", "reviewer") && n.status !== "draft"
    ? await call(`fund/notes/${id(n.id)}/reviews`) : [];
  put(main, h("h1", {}, n.title),
    h("p", { class: "meta" }, noteStatus(n.status), " · ", nameOf(n.requester), " · ", t("queue.for"),
      " ", link(`#/fund/calls/${id(c.id)}`, c.title),
      n.request ? [" · ", t("practices.from"), " ",
        link(`#/requests/${id(n.request)}`, t("note.itsRequest"))] : null),
    section(t("note.programme"), programme(n)),
    section(t("note.eligibility"), eligibility(n)),
    n.status === "draft" && (owner || partner) ? section(t("note.edit"), editor(n, owner)) : null,
    n.status === "draft" && owner ? submitter(n) : null,
    me.role === "reviewer" && REVIEWABLE.includes(n.status)
      ? section(t("note.yourReview"), reviewPanel(n, c, reviews)) : null,
    can("fund_manager") && reviews.length ? section(t("note.reviews"), reviewTable(c, reviews)) : null,
    decision(n));
}

function programme(n) {
  return [
    n.summary ? h("p", { class: "text" }, n.summary) : null,
    h("p", {}, tags(n.objectives.map(objectiveLabel), "tag objective"), " ",
      n.countries.map(countryName).join(t("list.comma"))),
    h("p", {}, t("note.budgetOver", { budget: amount(n.budget), count: n.duration_months }),
      n.score === null || n.score === undefined ? "" : ` · ${t("note.scoreOf", { score: score(n.score) })}`,
      ` · ${n.endorsed ? t("note.endorsed") : t("note.notEndorsed")}`),
    h("h3", {}, t("note.partners")),
    n.partners.length ? h("ul", { class: "plain partners" }, n.partners.map((p) => h("li", {},
      link(`#/stakeholders/${id(p)}`, nameOf(p)), n.roles[p] ? ` — ${n.roles[p]}` : "")))
      : empty(t("note.noPartner")),
    n.results.length ? [h("h3", {}, t("note.results")),
      h("ul", { class: "plain" }, n.results.map((r) => h("li", {}, r)))] : null,
  ];
}

// Each failed rule from its parts (`failures` is the hub's English; a note screened before
// the parts were kept has only that).
function failures(n) {
  const comma = t("list.comma");
  const worded = {
    outside_window: (f) => ({ on: date(f.dates[0]), opens: date(f.dates[1]), closes: date(f.dates[2]) }),
    over_ceiling: (f) => ({ asked: amount(f.amounts[0]), ceiling: amount(f.amounts[1]) }),
    no_objective: (f) => ({ objectives: f.objectives.map(objectiveLabel).join(comma) }),
    outside_regions: (f) => ({ countries: f.countries.map(countryName).join(comma),
      regions: f.regions.map(areaName).join(comma) }),
    too_few_partners: (f) => ({ needs: Object.entries(f.needs).map(([kind, [count, has]]) =>
      t(`note.failure.${kind}`, { count, has })).join(comma) }),
  };
  const parts = n.failure_parts ?? [];
  if (parts.length !== n.failures.length) return n.failures;
  return parts.map((f) => t(`note.failure.${f.code}`, worded[f.code]?.(f) ?? {}));
}

function eligibility(n) {
  if (n.failures.length) {
    return [h("p", {}, n.status === "submitted" ? t("note.willFail")
      : t("note.whyNot")), h("ul", { class: "plain failures" },
      failures(n).map((f) => h("li", {}, f)))];
  }
  if (n.status === "draft") return h("p", {}, t("note.submitShows"));
  return h("p", { class: "passes" }, t("note.meets"));
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
  const button = h("button", { type: "submit" }, t("note.save"));
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
    tell("note.saved");
    go(`#/fund/notes/${id(n.id)}`);
  } }, field(t("field.title"), c.title), field(t("note.summary"), c.summary),
  field(t("note.results"), c.results, t("note.oneALine")),
  n.partners.map((p) => field(t("note.roleOf", { name: nameOf(p) }), roles[p])),
  owner ? [field(t("call.budgetAsked"), c.budget), field(t("note.duration"), c.duration),
    h("label", { class: "check" }, c.endorsed, " ", t("note.weEndorse"))]
    : h("p", { class: "meta" }, t("note.stateAlone")),
  h("div", { class: "actions" }, button));
}

function submitter(n) {
  const button = h("button", { type: "button", class: "primary", onclick: async () => {
    const sent = await act(button, () => call(`fund/notes/${id(n.id)}/submit`, { method: "POST" }));
    if (!sent) return;
    tell(sent.failures.length ? "note.submittedFails" : "note.submittedMeets");
    go(`#/fund/notes/${id(n.id)}`);
  } }, t("note.submit"));
  return section(t("note.submitTitle"), h("p", {}, t("note.noLongerChanges")), button);
}

function reviewPanel(n, c, reviews) {
  const mine = reviews[0];
  const org = session.principal.stakeholder;
  if (mine?.conflict) {
    return h("p", { class: "conflict" }, t("note.youDeclared"));
  }
  if (org && (org === n.requester || n.partners.includes(org))) {
    return h("p", { class: "conflict" }, t("note.orgConflict", { name: nameOf(org) }));
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
    tell(conflict ? "note.conflictRecorded" : "note.scoresRecorded");
    go(`#/fund/notes/${id(n.id)}`);
  };
  const save = h("button", { type: "submit", class: "primary" },
    mine ? t("note.revise") : t("note.saveScores"));
  const declare = h("button", { type: "button", class: "danger" }, t("note.declare"));
  declare.addEventListener("click", send(declare, true));
  return h("form", { class: "review-form", onsubmit: send(save, false) },
    c.criteria.map((k) => field(t("note.criterion", { name: k.name, weight: k.weight }),
      scores[k.name], k.description)),
    field(t("note.comments"), comments), h("div", { class: "actions" }, save, declare));
}

function reviewTable(c, reviews) {
  return h("table", { class: "records reviews" },
    h("thead", {}, h("tr", {}, [t("role.reviewer"), ...c.criteria.map((k) => k.name),
      t("note.comments")].map((text) => h("th", { scope: "col" }, text)))),
    h("tbody", {}, reviews.map((r) => h("tr", {},
      h("td", {}, r.organisation ? nameOf(r.organisation) : t("note.independent")),
      r.conflict ? h("td", { colspan: c.criteria.length }, t("note.declared"))
        : c.criteria.map((k) => h("td", {}, number(r.scores[k.name]))),
      h("td", {}, r.comments)))));
}

function decision(n) {
  if (["funded", "declined", "in_implementation", "closed"].includes(n.status)) {
    const by = n.decided_by ? roleTitle(n.decided_by.split(":")[0]) : null;
    return section(t("note.committee"), h("p", { class: "decided" },
      n.status === "declined" ? t("noteStatus.declined") : t("noteStatus.funded"),
      n.decided_at ? ` ${t("note.on", { date: date(n.decided_at.slice(0, 10)) })}` : "",
      by ? ` ${t("note.byRole", { role: by.toLowerCase() })}` : "",
      n.reason ? `: ${n.reason}` : "."), can("fund_manager", "coordinator") ? mover(n) : null);
  }
  if (!["scored", "proposed"].includes(n.status) || !can("fund_manager", "coordinator")) return null;
  const reason = h("textarea", { name: "reason", rows: 3, required: true });
  const decide = (funded) => {
    const button = h("button", { type: "button", class: funded ? "primary" : "danger",
      onclick: async () => {
        if (!reason.value.trim()) { tell("note.reasonsFirst", {}, "error"); return; }
        const done = await act(button, () => call(`fund/notes/${id(n.id)}/decision`,
          { method: "POST", body: { funded, reason: reason.value } }));
        if (!done) return;
        tell("note.decidedSaid", { title: done.title,
          status: { word: `noteStatus.${done.status}` } });
        go(`#/fund/notes/${id(n.id)}`);
      } }, funded ? t("note.fund") : t("note.decline"));
    return button;
  };
  return section(t("note.decision"),
    field(t("note.reasons"), reason),
    h("div", { class: "actions" }, decide(true), decide(false)));
}

function mover(n) {
  const next = AFTER[n.status];
  if (!next) return null;
  const button = h("button", { type: "button", onclick: async () => {
    const moved = await act(button, () => call(`fund/notes/${id(n.id)}/status`,
      { method: "POST", body: { status: next[0] } }));
    if (moved) go(`#/fund/notes/${id(n.id)}`);
  } }, t(next[1]));
  return h("div", { class: "actions" }, button);
}
