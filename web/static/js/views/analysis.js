// Regional synergies and the supply-demand gap heatmap (objectives × regions).

import { all, call, can, clean, id } from "../api.js";
import { areasOf, catalog, nameOf, objectiveLabel, objectiveOptions, regionOptions }
  from "../catalog.js";
import { empty, field, h, link, put, section, select, tags } from "../dom.js";
import { downloads } from "../downloads.js";
import { act, go } from "../ui.js";
import { requestTable } from "./requests.js";

export async function render(main, _params, query) {
  const subregions = query.get("subregions") === "1";
  const region = query.get("region") || "";
  const objective = query.get("objective") || "";
  const gaps = await call(`analysis/gaps?subregions=${subregions}`);
  const synergyBox = h("div", {});
  put(main, 
    h("h1", {}, "Regional synergies and gaps"),
    can("coordinator") ? downloads("gaps") : null,
    section("Gap heatmap", heatmapControls(subregions, region, objective), heatmap(gaps),
      legend(), picture(subregions)),
    section("Regional synergies", synergyForm(subregions, region, objective), synergyBox));
  if (region) {
    put(synergyBox, h("p", { class: "loading" }, "Loading…"));
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
  } }, h("label", { class: "check" }, box, " Columns are M49 subregions"),
  h("button", { type: "submit" }, "Show"));
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

const SHADES = { gap: "Requests, nobody with capacity", tight: "Fewer engagements than requests",
  some: "Some capacity", covered: "Plenty of capacity", supply: "Offers, no open request",
  none: "Nothing asked or offered" };

function heatmap(gaps) {
  const byCell = new Map(gaps.cells.map((c) => [`${c.objective}|${c.area}`, c]));
  const objectives = [...new Set(gaps.cells.map((c) => c.objective))];
  return h("div", { class: "scroll" }, h("table", { class: "heatmap" },
    h("caption", {}, "Open requests / providers with capacity, per GCM objective and region. "
      + "Each cell links to its requests and providers."),
    h("thead", {}, h("tr", {}, h("th", { scope: "col" }, "Objective"),
      gaps.areas.map((a) => h("th", { scope: "col" }, a)))),
    h("tbody", {}, objectives.map((o) => h("tr", {},
      h("th", { scope: "row" }, objectiveLabel(o)),
      gaps.areas.map((a) => {
        const c = byCell.get(`${o}|${a}`);
        const text = `${c.requests} / ${c.providers}`;
        return h("td", { class: `cell ${shade(c)}` }, link(
          `#/analysis/cell?${new URLSearchParams({ objective: o, area: a })}`, text,
          { "aria-label": `${objectiveLabel(o)} in ${a}: ${c.requests} open requests, `
            + `${c.providers} providers offering ${c.capacity} engagements, `
            + `${c.record_providers} with a track record of ${c.record_capacity} a year` }));
      }))))));
}

function legend() {
  return h("ul", { class: "legend", "aria-label": "Colours" }, Object.entries(SHADES).map(
    ([cls, text]) => h("li", {}, h("span", { class: `swatch cell ${cls}`, "aria-hidden": "true" }), text)));
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
      alt: "The same gap matrix drawn as a heatmap picture." }));
  } });
  const summary = h("summary", {}, "The heatmap as a picture (PNG)");
  details.append(summary, holder);
  return details;
}

function synergyForm(subregions, region, objective) {
  const regionChooser = select("region", regionOptions("Choose a region"), region);
  regionChooser.required = true;
  const objectiveChooser = select("objective", objectiveOptions(), objective);
  return h("form", { class: "filters", onsubmit: (event) => {
    event.preventDefault();
    go(here({ subregions: subregions ? "1" : "", region: regionChooser.value,
      objective: objectiveChooser.value }));
  } }, field("Region", regionChooser), field("Objective", objectiveChooser),
  h("button", { type: "submit" }, "Find synergies"));
}

function named(list) {
  return list.map((s, i) => [i ? ", " : "", link(`#/stakeholders/${id(s.id)}`, s.name)]);
}

export function programmes(found) {
  if (!found.length) return empty("No group of Member States here shares an objective in open requests.");
  return h("ol", { class: "cards" }, found.map((p) => h("li", {}, h("article", { class: "card" },
    h("h3", {}, named(p.states)),
    h("p", {}, tags(p.shared_objectives.map(objectiveLabel), "tag objective")),
    p.terms?.length ? h("p", {}, h("strong", {}, "Common terms: "), tags(p.terms.slice(0, 8), "tag term")) : null,
    h("p", {}, h("strong", {}, "Lead partners: "), p.lead_partners.length ? named(p.lead_partners) : "none found"),
    h("p", {}, h("strong", {}, "Funders: "), p.funders.length ? named(p.funders) : "none found"),
    p.requests?.length ? h("p", { class: "meta" }, "Requests: ",
      p.requests.map((r, i) => [i ? ", " : "", link(`#/requests/${id(r)}`, r)])) : null,
    p.why ? h("p", { class: "meta" }, p.why) : null))));
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
    h("h1", {}, `${objectiveLabel(objective)} in ${area}`),
    h("p", {}, link("#/analysis", "Back to the heatmap")),
    section(`Open requests (${inArea.length})`, requestTable(inArea)),
    section(`Providers (${providers.length})`, providers.length ? h("ul", { class: "plain" },
      providers.map((p) => h("li", {}, link(`#/stakeholders/${id(p)}`, nameOf(p)), ": ",
        covering.filter((o) => o.provider === p).map((o) => o.title).join("; "))))
      : empty("Nobody offers this objective in this area.")));
}
