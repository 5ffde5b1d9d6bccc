// Regional synergies and the supply-demand gap heatmap (objectives × regions).

import { all, call, can, clean, id } from "../api.js";
import { areaName, areasOf, catalog, nameOf, objectiveLabel, objectiveOptions, regionOptions }
  from "../catalog.js";
import { empty, field, h, link, put, section, select, tags } from "../dom.js";
import { downloads } from "../downloads.js";
import { number, score, t } from "../i18n.js";
import { act, go } from "../ui.js";
import { requestTable } from "./requests.js";

export async function render(main, _params, query) {
  const subregions = query.get("subregions") === "1";
  const region = query.get("region") || "";
  const objective = query.get("objective") || "";
  const gaps = await call(`analysis/gaps?subregions=${subregions}`);
  const synergyBox = h("div", {});
  put(main, 
    h("h1", {}, t("analysis.title")),
    can("coordinator") ? downloads("gaps") : null,
    section(t("analysis.heatmap"), heatmapControls(subregions, region, objective), heatmap(gaps),
      legend(), picture(subregions)),
    section(t("analysis.synergies"), synergyForm(subregions, region, objective), synergyBox));
  if (region) {
    put(synergyBox, h("p", { class: "loading" }, t("page.loading")));
    const found = await call(`analysis/synergies?${new URLSearchParams(clean({ region, objective }))}`);
    put(synergyBox, programmes(found.programmes));
  }
}

function here(values) {
  return `#/analysis?${new URLSearchParams(clean(values))}`;
}

function heatmapControls(subregions, region, objective) {
  const box = h("input", { type: "checkbox", name: "subregions", checked: subregions });
  return h("form", { class: "inline", onsubmit: (event) => {
    event.preventDefault();
    go(here({ subregions: box.checked ? "1" : "", region, objective }));
  } }, h("label", { class: "check" }, box, " ", t("analysis.subregions")),
  h("button", { type: "submit" }, t("stakeholders.show")));
}

// Colour by unmet demand: requests per engagement still available, offered or shown by
// track records; red where nobody can take any.
function shade(cell) {
  const capacity = cell.capacity + cell.record_capacity;
  if (!cell.requests) return cell.providers || cell.record_providers ? "supply" : "none";
  if (!capacity) return "gap";
  const ratio = cell.requests / capacity;
  return ratio >= 1 ? "tight" : ratio >= 0.34 ? "some" : "covered";
}

const SHADES = ["gap", "tight", "some", "covered", "supply", "none"];

function heatmap(gaps) {
  const byCell = new Map(gaps.cells.map((c) => [`${c.objective}|${c.area}`, c]));
  const objectives = [...new Set(gaps.cells.map((c) => c.objective))];
  return h("div", { class: "scroll" }, h("table", { class: "heatmap" },
    h("caption", {}, t("analysis.caption")),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t("field.objective")),
      gaps.areas.map((a) => h("th", { scope: "col" }, areaName(a))))),
    h("tbody", {}, objectives.map((o) => h("tr", {},
      h("th", { scope: "row" }, objectiveLabel(o)),
      gaps.areas.map((a) => {
        const c = byCell.get(`${o}|${a}`);
        const text = `${number(c.requests)} / ${number(c.providers)}`;
        return h("td", { class: `cell ${shade(c)}` }, link(
          `#/analysis/cell?${new URLSearchParams({ objective: o, area: a })}`, text,
          { "aria-label": t("analysis.cell", { objective: objectiveLabel(o), area: areaName(a),
            requests: c.requests, providers: c.providers, capacity: c.capacity,
            recordProviders: c.record_providers, recordCapacity: c.record_capacity }) }));
      }))))));
}

function legend() {
  return h("ul", { class: "legend", "aria-label": t("analysis.colours") }, SHADES.map(
    (cls) => h("li", {}, h("span", { class: `swatch cell ${cls}`, "aria-hidden": "true" }),
      t(`shade.${cls}`))));
}

function picture(subregions) {
  const holder = h("div", {});
  const details = h("details", { ontoggle: async () => {
    if (!details.open || holder.childElementCount) return;
    const response = await act(summary, () =>
      call(`analysis/gaps.png?subregions=${subregions}`, { raw: true }));
    if (!response) return;
    const url = URL.createObjectURL(await response.blob());
    put(holder, h("img", { src: url, class: "picture",
      alt: t("analysis.pictureAlt") }));
  } });
  const summary = h("summary", {}, t("analysis.picture"));
  details.append(summary, holder);
  return details;
}

function synergyForm(subregions, region, objective) {
  const regionChooser = select("region", regionOptions(t("analysis.chooseRegion")), region);
  regionChooser.required = true;
  const objectiveChooser = select("objective", objectiveOptions(), objective);
  return h("form", { class: "filters", onsubmit: (event) => {
    event.preventDefault();
    go(here({ subregions: subregions ? "1" : "", region: regionChooser.value,
      objective: objectiveChooser.value }));
  } }, field(t("field.region"), regionChooser), field(t("field.objective"), objectiveChooser),
  h("button", { type: "submit" }, t("analysis.find")));
}

function named(list) {
  return list.map((s, i) => [i ? t("list.comma") : "", link(`#/stakeholders/${id(s.id)}`, s.name)]);
}

export function programmes(found) {
  if (!found.length) return empty(t("analysis.noProgramme"));
  return h("ol", { class: "cards" }, found.map((p) => h("li", {}, h("article", { class: "card" },
    h("h3", {}, named(p.states)),
    h("p", {}, tags(p.shared_objectives.map(objectiveLabel), "tag objective")),
    p.terms?.length ? h("p", {}, h("strong", {}, t("analysis.terms")), " ",
      tags(p.terms.slice(0, 8), "tag term")) : null,
    h("p", {}, h("strong", {}, t("analysis.leads")), " ",
      p.lead_partners.length ? named(p.lead_partners) : t("analysis.noneFound")),
    h("p", {}, h("strong", {}, t("analysis.funders")), " ",
      p.funders.length ? named(p.funders) : t("analysis.noneFound")),
    p.requests?.length ? h("p", { class: "meta" }, t("analysis.requests"), " ",
      p.requests.map((r, i) => [i ? t("list.comma") : "", link(`#/requests/${id(r)}`, p.request_titles?.[r] || t("analysis.untitled"))])) : null,
    h("p", { class: "meta" }, why(p))))));
}

// Why the states are grouped, from the programme's parts (its `why` is the hub's English).
function why(p) {
  const comma = t("list.comma");
  const asked = [t("synergy.states", { count: p.states.length }),
    p.shared_objectives.length ? t("synergy.onObjectives",
      { objectives: p.shared_objectives.map(objectiveLabel).join(comma) }) : null];
  const shared = [asked.filter(Boolean).join(" "),
    p.terms.length ? t("synergy.terms", { terms: p.terms.join(comma) }) : null];
  return t("synergy.why", { reasons: shared.filter(Boolean).join(t("list.semicolon")),
    cohesion: score(p.cohesion) });
}

// One heatmap cell: the open requests on the objective there, and the offers that cover it.
export async function renderCell(main, _params, query) {
  const objective = Number(query.get("objective"));
  const area = query.get("area") || "";
  const parent = catalog.subregions[area];
  const [requests, offers] = await Promise.all([
    all("requests", { objective, status: "open" }).catch(() => []),
    all("offers", { objective }),
  ]);
  const inArea = requests.filter((r) => areasOf(r.countries).has(area));
  const covering = offers.filter((o) => o.regions.includes(area) || (parent && o.regions.includes(parent))
    || areasOf(o.countries).has(area));
  const providers = [...new Set(covering.map((o) => o.provider))];
  put(main, 
    h("h1", {}, t("analysis.cellTitle", { objective: objectiveLabel(objective), area: areaName(area) })),
    h("p", {}, link("#/analysis", t("analysis.back"))),
    section(t("analysis.openRequests", { count: inArea.length }), requestTable(inArea)),
    section(t("analysis.providers", { count: providers.length }), providers.length ? h("ul", { class: "plain" },
      providers.map((p) => h("li", {}, link(`#/stakeholders/${id(p)}`, nameOf(p)), ": ",
        covering.filter((o) => o.provider === p).map((o) => o.title).join(t("list.semicolon")))))
      : empty(t("analysis.nobody"))));
}
