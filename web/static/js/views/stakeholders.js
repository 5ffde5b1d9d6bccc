// Stakeholders: the list, and one profile with its offers, partnerships and graph.

import { all, call, can, clean, id } from "../api.js";
import { countryName, objectiveLabel, objectiveOptions } from "../catalog.js";
import { empty, field, h, link, put, section, select, tags } from "../dom.js";
import { downloads } from "../downloads.js";
import { go } from "../ui.js";
import { drawGraph } from "./graph.js";
import { objectivesOrigin } from "./objectives.js";
import { card as partnershipCard } from "./partnerships.js";

const KINDS = [["", "Any kind"], ["member_state", "Member State"], ["un_entity", "UN entity"],
  ["ngo", "NGO"], ["academia", "Academia"], ["donor", "Donor"], ["regional_body", "Regional body"],
  ["private_sector", "Private sector"], ["local_authority", "Local authority"], ["government", "Government body"],
  ["multilateral", "Multilateral"], ["other", "Other"], ["unknown", "Unknown"]];

function kindName(kind) {
  return KINDS.find(([k]) => k === kind)?.[1] || kind;
}

export async function renderList(main, _params, query) {
  const chosen = { kind: query.get("kind") || "", objective: query.get("objective") || "" };
  const country = query.get("country") || "";
  const found = await all("stakeholders", { ...chosen, country });
  const controls = { kind: select("kind", KINDS, chosen.kind),
    objective: select("objective", objectiveOptions(), chosen.objective) };
  put(main, 
    h("h1", {}, country ? `Stakeholders in ${countryName(country)}` : "Stakeholders"),
    can("coordinator") ? downloads("stakeholders") : null,
    h("form", { class: "filters", role: "search", "aria-label": "Filter stakeholders",
      onsubmit: (event) => {
        event.preventDefault();
        const values = Object.fromEntries(Object.entries(controls).map(([k, c]) => [k, c.value]));
        go(`#/stakeholders?${new URLSearchParams(clean({ ...values, country }))}`);
      } }, field("Kind", controls.kind), field("Objective", controls.objective),
    h("button", { type: "submit" }, "Apply filters")),
    h("p", { class: "count" }, `${found.length} stakeholder${found.length === 1 ? "" : "s"}`),
    found.length ? h("table", { class: "records" },
      h("thead", {}, h("tr", {}, ["Name", "Kind", "Objectives"].map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", {}, found.map((s) => h("tr", {},
        h("td", {}, link(`#/stakeholders/${id(s.id)}`, s.name)),
        h("td", {}, kindName(s.kind)),
        h("td", {}, s.objectives.join(", ")))))) : empty("No stakeholder matches."));
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
  const depthChooser = select("depth", [["1", "Direct neighbours"], ["2", "Two steps away"]], depth);
  const graphBox = h("div", {});
  put(main, 
    h("h1", {}, s.name),
    h("p", { class: "meta" }, kindName(s.kind),
      s.home_country ? ` · ${countryName(s.home_country)}` : "",
      s.aliases.length ? ` · also ${s.aliases.join(", ")}` : ""),
    s.description ? h("p", { class: "text" }, s.description) : null,
    s.objectives.length ? h("p", {}, tags(s.objectives.map(objectiveLabel), "tag objective")) : null,
    s.regions.length || s.countries.length ? h("p", {}, h("strong", {}, "Works in: "),
      [...s.regions, ...s.countries.map(countryName)].join(", ")) : null,
    derived.activities ? fromActivities(derived) : null,
    section("Partner graph", keyed ? [
      h("form", { class: "inline", onsubmit: (event) => {
        event.preventDefault();
        go(`#/stakeholders/${id(s.id)}?depth=${depthChooser.value}`);
      } }, field("Show", depthChooser), h("button", { type: "submit" }, "Redraw")),
      graphBox] : empty("Sign in with an API key to see the partner graph.")),
    h("div", { class: "grid" },
      section(`Offers (${offers.length})`, offers.length ? h("ul", { class: "plain" }, offers.map((o) =>
        h("li", {}, h("strong", {}, o.title),
          h("p", { class: "meta" }, o.objectives.map(objectiveLabel).join(", "),
            o.capacity?.engagements != null ? ` · ${o.capacity.engagements} engagements` : ""),
          objectivesOrigin(o, { kind: "offers", owner: s.id, back: `#/stakeholders/${id(s.id)}` }),
          o.text ? h("p", {}, o.text) : null))) : empty("No offers.")),
      section(`Partnerships (${partnerships.length})`, partnerships.length
        ? h("ol", { class: "cards" }, partnerships.map((p) => h("li", {}, partnershipCard(p))))
        : empty("No partnerships."))));
  if (graph) await drawGraph(graphBox, graph, s.id);
}

// What its activities show, for what it has not declared: always labelled as derived.
function fromActivities(d) {
  const shown = {
    countries: ["Works in", d.countries.map(countryName).join(", ")],
    objectives: ["Objectives", d.objectives.map(objectiveLabel).join(", ")],
    sectors: ["Sectors", d.sectors.join(", ")],
  };
  return h("section", { class: "panel derived" },
    h("h2", {}, `From its ${d.activities} activit${d.activities === 1 ? "y" : "ies"}`,
      " (derived, not declared)"),
    d.derived.filter((f) => shown[f][1]).map((f) =>
      h("p", {}, h("strong", {}, `${shown[f][0]}: `), shown[f][1])));
}
