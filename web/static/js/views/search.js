// Search across languages: one box, optional filters, results best first (GET /search).

import { call, clean, id } from "../api.js";
import { objectiveOptions, regionOptions } from "../catalog.js";
import { empty, field, h, link, put, select } from "../dom.js";
import { go } from "../ui.js";

const KINDS = [["", "Any kind"], ["practice", "Practices"], ["request", "Requests"],
  ["offer", "Offers"], ["activity", "Activities"], ["stakeholder", "Stakeholders"]];
const PAGES = { request: "requests", stakeholder: "stakeholders" };
let principles = null;

function principleOptions(found) {
  return [["", "Any principle"], ...found.map((p) => [p.slug, p.label])];
}

function title(hit) {
  const page = PAGES[hit.kind];
  return page ? link(`#/${page}/${id(hit.id)}`, hit.title) : h("span", {}, hit.title);
}

export async function render(main, _params, query) {
  principles ??= await call("taxonomy/principles");
  const chosen = Object.fromEntries(["q", "kind", "objective", "principle", "region"]
    .map((name) => [name, query.get(name) || ""]));
  const box = h("input", { name: "q", type: "search", value: chosen.q, required: true,
    placeholder: "e.g. مكافحة الاتجار بالبشر, migration data, gestion des frontières" });
  const controls = { kind: select("kind", KINDS, chosen.kind),
    objective: select("objective", objectiveOptions(), chosen.objective),
    principle: select("principle", principleOptions(principles), chosen.principle),
    region: select("region", regionOptions(), chosen.region) };
  const hits = chosen.q ? await call(`search?${new URLSearchParams(clean({ ...chosen, top: 25 }))}`)
    : null;
  put(main, h("h1", {}, "Search"),
    h("p", {}, "Practices, requests, offers, activities and stakeholders, in any of the four "
      + "languages: a query in Arabic finds a record written in English that says the same."),
    h("form", { class: "filters", role: "search", "aria-label": "Search the hub",
      onsubmit: (event) => {
        event.preventDefault();
        const values = Object.fromEntries(Object.entries(controls).map(([k, c]) => [k, c.value]));
        go(`#/search?${new URLSearchParams(clean({ q: box.value, ...values }))}`);
      } }, field("Search for", box), field("Kind", controls.kind),
    field("Objective", controls.objective), field("Principle", controls.principle),
    field("Region", controls.region), h("button", { type: "submit" }, "Search")),
    hits === null ? null : results(hits));
}

function results(hits) {
  if (!hits.length) return empty("Nothing you may see matches.");
  return h("ol", { class: "plain results" }, hits.map((hit) => h("li", {},
    title(hit), h("span", { class: "meta" }, ` — ${hit.kind}, score ${hit.score.toFixed(2)}`))));
}
