// Stakeholders: the list, and one profile with its offers, partnerships and graph.

import { all, call, can, clean, id } from "../api.js";
import { areaName, countryName, objectiveLabel, objectiveOptions } from "../catalog.js";
import { empty, field, h, link, put, section, select, tags } from "../dom.js";
import { downloads } from "../downloads.js";
import { number, t } from "../i18n.js";
import { go } from "../ui.js";
import { drawGraph } from "./graph.js";
import { objectivesOrigin } from "./objectives.js";
import { card as partnershipCard } from "./partnerships.js";

export const KINDS = ["member_state", "un_entity", "ngo", "academia", "donor", "regional_body",
  "private_sector", "local_authority", "government", "multilateral", "other", "unknown"];

export function kindName(kind) {
  return KINDS.includes(kind) ? t(`kind.${kind}`) : kind.replaceAll("_", " ");
}

export async function renderList(main, _params, query) {
  const chosen = { kind: query.get("kind") || "", objective: query.get("objective") || "" };
  const country = query.get("country") || "";
  const found = await all("stakeholders", { ...chosen, country });
  const controls = {
    kind: select("kind", [["", t("filter.anyKind")], ...KINDS.map((k) => [k, kindName(k)])],
      chosen.kind),
    objective: select("objective", objectiveOptions(), chosen.objective) };
  put(main,
    h("h1", {}, country ? t("stakeholders.in", { country: countryName(country) })
      : t("stakeholders.title")),
    can("coordinator") ? downloads("stakeholders") : null,
    h("form", { class: "filters", role: "search", "aria-label": t("stakeholders.filter"),
      onsubmit: (event) => {
        event.preventDefault();
        const values = Object.fromEntries(Object.entries(controls).map(([k, c]) => [k, c.value]));
        go(`#/stakeholders?${new URLSearchParams(clean({ ...values, country }))}`);
      } }, field(t("field.kind"), controls.kind), field(t("field.objective"), controls.objective),
    h("button", { type: "submit" }, t("filter.apply"))),
    h("p", { class: "count" }, t("stakeholders.count", { count: found.length })),
    found.length ? h("table", { class: "records" },
      h("thead", {}, h("tr", {}, ["stakeholders.name", "field.kind", "requests.objectives"]
        .map((c) => h("th", { scope: "col" }, t(c))))),
      h("tbody", {}, found.map((s) => h("tr", {},
        h("td", {}, link(`#/stakeholders/${id(s.id)}`, s.name)),
        h("td", {}, kindName(s.kind)),
        h("td", {}, s.objectives.map((o) => number(o)).join(t("list.comma")))))))
      : empty(t("stakeholders.none")));
}

export async function renderOne(main, [stakeholderId], query) {
  const depth = query.get("depth") || "1";
  const s = await call(`stakeholders/${id(stakeholderId)}`);
  // Graph analytics need a key: the public sees the profile without the graph.
  const keyed = can("coordinator", "member_state", "partner");
  const [offers, partnerships, graph, derived] = await Promise.all([
    all("offers", { provider: s.id }),
    all("partnerships", { member: s.id }),
    keyed ? call(`graph/neighbourhood/${id(s.id)}?depth=${Number(depth)}`) : null,
    call(`stakeholders/${id(s.id)}/derived`),
  ]);
  const depthChooser = select("depth", [["1", t("stakeholders.direct")],
    ["2", t("stakeholders.twoSteps")]], depth);
  const graphBox = h("div", {});
  put(main,
    h("h1", {}, s.name),
    h("p", { class: "meta" }, kindName(s.kind),
      s.home_country ? ` · ${countryName(s.home_country)}` : "",
      s.aliases.length ? ` · ${t("stakeholders.also", { names: s.aliases.join(t("list.comma")) })}` : ""),
    s.description ? h("p", { class: "text" }, s.description) : null,
    s.objectives.length ? h("p", {}, tags(s.objectives.map(objectiveLabel), "tag objective")) : null,
    s.regions.length || s.countries.length ? h("p", {}, h("strong", {}, t("stakeholders.worksIn")), " ",
      [...s.regions.map(areaName), ...s.countries.map(countryName)].join(t("list.comma"))) : null,
    derived.activities ? fromActivities(derived) : null,
    section(t("stakeholders.graph"), keyed ? [
      h("form", { class: "inline", onsubmit: (event) => {
        event.preventDefault();
        go(`#/stakeholders/${id(s.id)}?depth=${depthChooser.value}`);
      } }, field(t("stakeholders.show"), depthChooser),
      h("button", { type: "submit" }, t("stakeholders.redraw"))),
      graphBox] : empty(t("stakeholders.signInForGraph"))),
    h("div", { class: "grid" },
      section(t("stakeholders.offers", { count: offers.length }), offers.length
        ? h("ul", { class: "plain" }, offers.map((o) =>
          h("li", {}, h("strong", {}, o.title),
            h("p", { class: "meta" }, o.objectives.map(objectiveLabel).join(t("list.comma")),
              o.capacity?.engagements != null
                ? ` · ${t("stakeholders.engagements", { count: o.capacity.engagements })}` : ""),
            objectivesOrigin(o, { kind: "offers", owner: s.id, back: `#/stakeholders/${id(s.id)}` }),
            o.text ? h("p", {}, o.text) : null))) : empty(t("stakeholders.noOffers"))),
      section(t("stakeholders.partnerships", { count: partnerships.length }), partnerships.length
        ? h("ol", { class: "cards" }, partnerships.map((p) => h("li", {}, partnershipCard(p))))
        : empty(t("stakeholders.noPartnerships")))));
  if (graph) await drawGraph(graphBox, graph, s.id);
}

// What its activities show, for what it has not declared: always labelled as derived.
function fromActivities(d) {
  const shown = {
    countries: [t("stakeholders.worksIn"), d.countries.map(countryName).join(t("list.comma"))],
    objectives: [t("requests.objectives"), d.objectives.map(objectiveLabel).join(t("list.comma"))],
    sectors: [t("stakeholders.sectors"), d.sectors.join(t("list.comma"))],
  };
  return h("section", { class: "panel derived" },
    h("h2", {}, t("stakeholders.derived", { count: d.activities })),
    d.derived.filter((f) => shown[f][1]).map((f) =>
      h("p", {}, h("strong", {}, shown[f][0]), " ", shown[f][1])));
}
