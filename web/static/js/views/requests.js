// Support requests: the list, and one request with its matches, leads and audit history.

import { all, call, can, clean, HubProblem, id } from "../api.js";
import { areasOf, countryName, nameOf, objectiveLabel, objectiveOptions, regionOptions }
  from "../catalog.js";
import { empty, field, h, link, put, section, select, tags } from "../dom.js";
import { downloads } from "../downloads.js";
import { act, go, say } from "../ui.js";
import { explanation } from "./explain.js";
import { objectivesOrigin } from "./objectives.js";

const STATUSES = [["", "Any status"], ["open", "Open"], ["matched", "Matched"],
  ["in_progress", "In progress"], ["fulfilled", "Fulfilled"], ["closed", "Closed"]];

export function requestTable(requests) {
  if (!requests.length) return empty("No request to show.");
  return h("table", { class: "records" },
    h("thead", {}, h("tr", {}, ["Request", "Member State", "Objectives", "Countries", "Status"]
      .map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", {}, requests.map((r) => h("tr", { dataset: { request: r.id } },
      h("td", {}, link(`#/requests/${id(r.id)}`, r.title),
        r.confidentiality === "confidential" ? h("span", { class: "tag private" }, "confidential") : null),
      h("td", {}, nameOf(r.requester)),
      h("td", {}, r.objectives.map(objectiveLabel).join(", ")),
      h("td", {}, r.countries.map(countryName).join(", ")),
      h("td", {}, r.status)))));
}

export async function renderList(main, _params, query) {
  const chosen = { status: query.get("status") || "", objective: query.get("objective") || "",
    area: query.get("area") || "" };
  let found = await all("requests", { status: chosen.status, objective: chosen.objective });
  if (chosen.area) found = found.filter((r) => areasOf(r.countries).has(chosen.area));
  const controls = { status: select("status", STATUSES, chosen.status),
    objective: select("objective", objectiveOptions(), chosen.objective),
    area: select("area", regionOptions(), chosen.area) };
  put(main, 
    h("h1", {}, "Support requests"),
    can("coordinator") ? downloads("requests") : null,
    h("form", { class: "filters", role: "search", "aria-label": "Filter requests", onsubmit: (e) => {
      e.preventDefault();
      const values = Object.fromEntries(Object.entries(controls).map(([k, c]) => [k, c.value]));
      go(`#/requests?${new URLSearchParams(clean(values))}`);
    } }, field("Status", controls.status), field("Objective", controls.objective),
    field("Region", controls.area), h("button", { type: "submit" }, "Apply filters")),
    h("p", { class: "count" }, `${found.length} request${found.length === 1 ? "" : "s"}`),
    requestTable(found));
}

export async function renderOne(main, [requestId]) {
  const r = await call(`requests/${id(requestId)}`);
  const base = `requests/${id(r.id)}`;
  const panels = {
    matches: section("Matches", h("p", { class: "loading" }, "Loading…")),
    similar: section("Similar initiatives", h("p", { class: "loading" }, "Loading…")),
    funders: section("Funding leads", h("p", { class: "loading" }, "Loading…")),
    consortium: section("Consortium proposal", h("p", { class: "loading" }, "Loading…")),
    history: section("History", h("p", { class: "loading" }, "Loading…")),
  };
  put(main, 
    h("h1", {}, r.title),
    h("p", { class: "meta" }, "Requested by ", link(`#/stakeholders/${id(r.requester)}`, nameOf(r.requester)),
      ` · ${r.status} · ${r.confidentiality === "confidential" ? "confidential" : "open to partners"}`,
      ` · ${r.modality.replaceAll("_", " ")}`,
      r.timeframe ? ` · ${r.timeframe.start || "…"} to ${r.timeframe.end || "…"}` : ""),
    h("p", {}, tags(r.objectives.map(objectiveLabel), "tag objective"),
      " ", r.countries.map(countryName).join(", ")),
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
      if (queued) say(`${queued.length} suggestions queued for review.`);
    } }, "Queue these for review") : null;
  return [
    partners.length ? h("ol", { class: "ranked" }, partners.map((p) => h("li", {},
      h("p", {}, link(`#/stakeholders/${id(p.candidate)}`, p.name || nameOf(p.candidate)),
        h("span", { class: "score" }, p.score.toFixed(2))),
      explanation(p)))) : empty("No partner fits this request yet."),
    queue,
  ];
}

function actors(named) {
  return named.map((a, i) => [i ? ", " : "", link(`#/stakeholders/${id(a.id)}`, a.name)]);
}

function initiative(i) {
  const page = { partnership: "partnerships", request: "requests" }[i.kind];
  return page ? link(`#/${page}/${id(i.id)}`, i.id) : h("strong", {}, i.id);
}

function similar(found) {
  if (!found.initiatives.length) return empty("No similar initiative found.");
  return [
    h("ol", { class: "ranked" }, found.initiatives.map((i) => h("li", {},
      h("p", {}, initiative(i), ` (${i.kind})`, h("span", { class: "score" }, i.score.toFixed(2))),
      i.actors.length ? h("p", {}, "Carried out by ", actors(i.actors)) : null,
      i.why ? h("p", { class: "meta" }, i.why) : null))),
    found.peers.length ? h("p", {}, h("strong", {}, "Peers: "), actors(found.peers)) : null,
  ];
}

function funders(found) {
  if (!found.funders.length) return empty("No funding lead found.");
  return h("ol", { class: "ranked" }, found.funders.map((f) => h("li", {},
    h("p", {}, link(`#/stakeholders/${id(f.funder)}`, f.name),
      h("span", { class: "score" }, f.score.toFixed(2))),
    f.reasons.length ? h("ul", { class: "evidence" }, f.reasons.map((why) => h("li", {}, why))) : null,
    f.implementers.length ? h("p", { class: "meta" }, "Funded work by ", actors(f.implementers)) : null)));
}

function need(text) {
  const [kind, value] = text.split(":");
  if (kind === "objective") return objectiveLabel(Number(value));
  if (kind === "country") return countryName(value);
  return text;
}

function consortium(team) {
  if (!team.members.length) return empty("No team can be proposed for this request.");
  return [
    h("table", { class: "records" },
      h("thead", {}, h("tr", {}, ["Member", "Kind", "Covers", "Capacity left"]
        .map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", {}, team.members.map((m) => h("tr", {},
        h("td", {}, link(`#/stakeholders/${id(m.candidate)}`, m.name)),
        h("td", {}, m.kind.replaceAll("_", " ")),
        h("td", {}, m.covers.map(need).join(", ")),
        h("td", {}, m.capacity_left === null ? "not stated" : String(m.capacity_left)))))),
    h("p", {}, h("strong", {}, "Not covered: "), team.uncovered.map(need).join(", ") || "nothing"),
    Object.keys(team.rules).length ? h("ul", { class: "plain" }, Object.entries(team.rules).map(
      ([rule, held]) => h("li", {}, `${held ? "✔" : "✘"} ${rule.replaceAll("-", " ")} ${held ? "met" : "not met"}`))) : null,
  ];
}

function history(entries) {
  if (!entries.length) return empty("Nothing has happened to this request yet.");
  return h("ol", { class: "timeline" }, entries.map((e) => h("li", {},
    h("time", { datetime: e.at }, new Date(e.at).toLocaleString()),
    h("span", { class: "action" }, e.action.replaceAll(".", " ")),
    h("span", { class: "meta" }, ` by ${e.actor}`), e.detail ? h("span", {}, ` — ${e.detail}`) : null)));
}
