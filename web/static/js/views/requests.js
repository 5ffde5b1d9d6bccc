// Support requests: the list, and one request with its matches, leads and audit history.

import { all, call, can, clean, HubProblem, id } from "../api.js";
import { areaName, areasOf, countryName, nameOf, objectiveLabel, objectiveOptions, regionOptions }
  from "../catalog.js";
import { empty, field, h, link, put, section, select, tags } from "../dom.js";
import { downloads } from "../downloads.js";
import { date, has, number, percentage, score, t } from "../i18n.js";
import { reasons } from "../reasons.js";
import { act, go, tell } from "../ui.js";
import { explanation } from "./explain.js";
import { objectivesOrigin } from "./objectives.js";
import { reasonName } from "./queue.js";
import { kindName } from "./stakeholders.js";

const STATUSES = ["open", "matched", "in_progress", "fulfilled", "closed"];
export const MODALITIES = ["technical_assistance", "training", "peer_exchange", "research_data", "funding",
  "other"];

function statusName(status) {
  return STATUSES.includes(status) ? t(`requestStatus.${status}`) : status;
}

export function modalityName(modality) {
  return MODALITIES.includes(modality) ? t(`modality.${modality}`) : modality.replaceAll("_", " ");
}

export function requestTable(requests) {
  if (!requests.length) return empty(t("requests.none"));
  return h("table", { class: "records" },
    h("thead", {}, h("tr", {}, ["requests.request", "field.memberState", "requests.objectives",
      "requests.countries", "field.status"].map((c) => h("th", { scope: "col" }, t(c))))),
    h("tbody", {}, requests.map((r) => h("tr", { dataset: { request: r.id } },
      h("td", {}, link(`#/requests/${id(r.id)}`, r.title),
        r.confidentiality === "confidential"
          ? h("span", { class: "tag private" }, t("requests.confidential")) : null),
      h("td", {}, nameOf(r.requester)),
      h("td", {}, r.objectives.map(objectiveLabel).join(t("list.comma"))),
      h("td", {}, r.countries.map(countryName).join(t("list.comma"))),
      h("td", {}, statusName(r.status))))));
}

export async function renderList(main, _params, query) {
  const chosen = { status: query.get("status") || "", objective: query.get("objective") || "",
    area: query.get("area") || "" };
  let found = await all("requests", { status: chosen.status, objective: chosen.objective });
  if (chosen.area) found = found.filter((r) => areasOf(r.countries).has(chosen.area));
  const controls = {
    status: select("status", [["", t("filter.anyStatus")],
      ...STATUSES.map((s) => [s, statusName(s)])], chosen.status),
    objective: select("objective", objectiveOptions(), chosen.objective),
    area: select("area", regionOptions(), chosen.area) };
  put(main,
    h("h1", {}, t("requests.title")),
    can("coordinator", "member_state")
      ? h("p", {}, link("#/requests/new", t("requests.fileNew"), { class: "button primary" })) : null,
    can("coordinator") ? downloads("requests") : null,
    h("form", { class: "filters", role: "search", "aria-label": t("requests.filter"),
      onsubmit: (e) => {
        e.preventDefault();
        const values = Object.fromEntries(Object.entries(controls).map(([k, c]) => [k, c.value]));
        go(`#/requests?${new URLSearchParams(clean(values))}`);
      } }, field(t("field.status"), controls.status), field(t("field.objective"), controls.objective),
    field(t("field.region"), controls.area), h("button", { type: "submit" }, t("filter.apply"))),
    h("p", { class: "count" }, t("requests.count", { count: found.length })),
    requestTable(found));
}

export async function renderOne(main, [requestId]) {
  const r = await call(`requests/${id(requestId)}`);
  const base = `requests/${id(r.id)}`;
  const loading = () => h("p", { class: "loading" }, t("page.loading"));
  const panels = {
    matches: section(t("requests.matches"), loading()),
    similar: section(t("requests.similar"), loading()),
    funders: section(t("requests.funders"), loading()),
    consortium: section(t("requests.consortium"), loading()),
    history: section(t("requests.history"), loading()),
  };
  put(main,
    h("h1", {}, r.title),
    h("p", { class: "meta" }, t("requests.requestedBy"), " ",
      link(`#/stakeholders/${id(r.requester)}`, nameOf(r.requester)),
      ` · ${statusName(r.status)} · ${r.confidentiality === "confidential"
        ? t("requests.confidential") : t("requests.openToPartners")}`,
      ` · ${modalityName(r.modality)}`,
      r.timeframe ? ` · ${t("requests.timeframe", { start: r.timeframe.start ? date(r.timeframe.start) : "…",
        end: r.timeframe.end ? date(r.timeframe.end) : "…" })}` : ""),
    h("p", {}, tags(r.objectives.map(objectiveLabel), "tag objective"),
      " ", r.countries.map(countryName).join(t("list.comma"))),
    objectivesOrigin(r, { kind: "requests", owner: r.requester, back: `#/requests/${id(r.id)}` }),
    r.text ? h("p", { class: "text" }, r.text) : null,
    h("div", { class: "grid" }, Object.values(panels)));
  const fill = (panel, promise, render) => promise.then(
    (found) => put(panel, panel.firstChild, ...[render(found)].flat()),
    (error) => put(panel, panel.firstChild, h("p", { class: "problem" },
      error instanceof HubProblem ? error.message : String(error))));
  await Promise.all([
    fill(panels.matches, call(`${base}/partners?n=5`), (found) => matches(r, found)),
    fill(panels.similar, call(`${base}/similar?n=5`), similar),
    fill(panels.funders, call(`${base}/funders?n=5`), funders),
    fill(panels.consortium, call(`${base}/consortium`), consortium),
    fill(panels.history, call(`${base}/history`), history),
  ]);
}

function matches(r, found) {
  const partners = Array.isArray(found) ? found : found.partners;
  const queue = can("coordinator") && r.status === "open" ? h("button", { type: "button",
    onclick: async () => {
      const queued = await act(queue, () => call(`requests/${id(r.id)}/suggestions?n=5`,
        { method: "POST" }));
      if (queued) tell("queue.queued", { count: queued.length });
    } }, t("requests.queueThese")) : null;
  // A write the model has not learned yet: say how old the ranking's model is.
  const model = found.model;
  const age = model && model.pending ? h("p", { class: "meta" }, t("requests.modelPending",
    { count: Math.max(0, Math.floor((Date.now() - Date.parse(model.fitted_at)) / 60000)) })) : null;
  return [
    age,
    partners.length ? h("ol", { class: "ranked" }, partners.map((p) => h("li", {},
      h("p", {}, link(`#/stakeholders/${id(p.candidate)}`, p.name || nameOf(p.candidate)),
        h("span", { class: "score" }, score(p.score))),
      explanation(p)))) : empty(t("requests.noPartner")),
    queue,
  ];
}

function actors(named) {
  return named.map((a, i) => [i ? t("list.comma") : "", link(`#/stakeholders/${id(a.id)}`, a.name)]);
}

const INITIATIVE_KINDS = ["partnership", "request", "activity", "practice"];

function initiative(i) {
  const page = { partnership: "partnerships", request: "requests" }[i.kind];
  const name = i.title || (INITIATIVE_KINDS.includes(i.kind) ? t(`initiative.${i.kind}`) : i.kind);
  return page ? link(`#/${page}/${id(i.id)}`, name) : h("strong", {}, name);
}

// Why an initiative is similar, from the answer's parts (its `why` is the hub's English).
function why(i) {
  const comma = t("list.comma");
  const places = i.shared_places.map((p) => (i.place === "country" ? countryName(p) : areaName(p)));
  return [
    i.shared_objectives.length ? t("similar.why.objectives",
      { objectives: i.shared_objectives.map(objectiveLabel).join(comma) }) : "",
    i.place ? t(`similar.why.${i.place}`, { places: places.join(comma) }) : "",
    i.matched_terms.length ? t("similar.why.terms",
      { terms: i.matched_terms.slice(0, 3).join(comma) }) : "",
  ].filter(Boolean).join(t("list.semicolon"));
}

function similar(found) {
  if (!found.initiatives.length) return empty(t("requests.noSimilar"));
  return [
    h("ol", { class: "ranked" }, found.initiatives.map((i) => h("li", {},
      h("p", {}, initiative(i), ` (${INITIATIVE_KINDS.includes(i.kind) ? t(`initiative.${i.kind}`) : i.kind})`,
        h("span", { class: "score" }, score(i.score))),
      i.actors.length ? h("p", {}, t("requests.carriedOutBy"), " ", actors(i.actors)) : null,
      why(i) ? h("p", { class: "meta" }, why(i)) : null))),
    found.peers.length ? h("p", {}, h("strong", {}, t("requests.peers")), " ", actors(found.peers)) : null,
  ];
}

function funders(found) {
  if (!found.funders.length) return empty(t("requests.noFunder"));
  return h("ol", { class: "ranked" }, found.funders.map((f) => h("li", {},
    h("p", {}, link(`#/stakeholders/${id(f.funder)}`, f.name),
      h("span", { class: "score" }, score(f.score))),
    f.reasons.length ? h("ul", { class: "evidence" },
      reasons(f.reasons, f.reason_parts).map((why) => h("li", {}, why))) : null,
    f.implementers.length ? h("p", { class: "meta" }, t("requests.fundedWorkBy"), " ",
      actors(f.implementers)) : null)));
}

function need(text) {
  const [kind, value] = text.split(":");
  if (kind === "objective") return objectiveLabel(Number(value));
  if (kind === "country") return countryName(value);
  return text;
}

function consortium(team) {
  if (!team.members.length) return empty(t("requests.noTeam"));
  return [
    h("table", { class: "records" },
      h("thead", {}, h("tr", {}, ["consortium.member", "field.kind", "consortium.covers",
        "consortium.capacityLeft"].map((c) => h("th", { scope: "col" }, t(c))))),
      h("tbody", {}, team.members.map((m) => h("tr", {},
        h("td", {}, link(`#/stakeholders/${id(m.candidate)}`, m.name)),
        h("td", {}, kindName(m.kind)),
        h("td", {}, m.covers.map(need).join(t("list.comma"))),
        h("td", {}, m.capacity_left === null ? t("consortium.notStated") : number(m.capacity_left)))))),
    h("p", {}, h("strong", {}, t("consortium.notCovered")), " ",
      team.uncovered.map(need).join(t("list.comma")) || t("consortium.nothing")),
    Object.keys(team.rules).length ? h("ul", { class: "plain" }, Object.entries(team.rules).map(
      ([rule, held]) => h("li", {}, `${held ? "✔" : "✘"} `, t(held ? "consortium.met" : "consortium.notMet",
        { rule: rule.replaceAll("-", " ") })))) : null,
  ];
}

function history(entries) {
  if (!entries.length) return empty(t("requests.noHistory"));
  return h("ol", { class: "timeline" }, entries.map((e) => h("li", { dataset: { action: e.action } },
    h("time", { datetime: e.at }, date(e.at)),
    h("span", { class: "action" },
      has(`history.${e.action}`) ? t(`history.${e.action}`) : e.action.replaceAll(".", " ")),
    e.subject !== e.request && e.subject_name
      ? h("span", { class: "subject" }, " ", t("requests.about", { subject: e.subject_name })) : null,
    h("span", { class: "meta" }, " ", t("requests.by",
      { actor: e.actor_role ? t(`actor.${e.actor_role}`) : e.actor_name })),
    e.detail ? h("span", { class: "detail" }, ` — ${detail(e)}`) : null)));
}

// A rejection's or decline's detail starts with its reason's code; the rest is the note.
const REASONED = new Set(["suggestion.rejected", "suggestion.requester_declined",
  "partner.declined"]);

function detail(e) {
  if (!REASONED.has(e.action)) return e.detail;
  const [reason, ...note] = e.detail.split(": ");
  return [reasonName(reason), ...note].join(t("list.colon"));
}
