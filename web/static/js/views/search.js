// Search across languages: one box, optional filters, results best first (GET /search).

import { call, clean, id } from "../api.js";
import { objectiveOptions, regionOptions } from "../catalog.js";
import { empty, field, h, link, put, select } from "../dom.js";
import { score, t } from "../i18n.js";
import { go } from "../ui.js";

const KINDS = ["practice", "request", "offer", "activity", "stakeholder"];
const PAGES = { request: "requests", stakeholder: "stakeholders" };

function principleOptions(found) {
  return [["", t("search.anyPrinciple")], ...found.map((p) => [p.slug, p.label])];
}

function title(hit) {
  const page = PAGES[hit.kind];
  return page ? link(`#/${page}/${id(hit.id)}`, hit.title) : h("span", {}, hit.title);
}

export async function render(main, _params, query) {
  const principles = await call("taxonomy/principles");
  const chosen = Object.fromEntries(["q", "kind", "objective", "principle", "region"]
    .map((name) => [name, query.get(name) || ""]));
  const box = h("input", { name: "q", type: "search", value: chosen.q, required: true,
    placeholder: t("search.placeholder") });
  const controls = {
    kind: select("kind", [["", t("search.anyKind")], ...KINDS.map((k) => [k, t(`search.kind.${k}`)])],
      chosen.kind),
    objective: select("objective", objectiveOptions(), chosen.objective),
    principle: select("principle", principleOptions(principles), chosen.principle),
    region: select("region", regionOptions(), chosen.region) };
  const hits = chosen.q ? await call(`search?${new URLSearchParams(clean({ ...chosen, top: 25 }))}`)
    : null;
  put(main, h("h1", {}, t("search.title")),
    h("p", {}, t("search.lead")),
    h("form", { class: "filters", role: "search", "aria-label": t("search.label"),
      onsubmit: (event) => {
        event.preventDefault();
        const values = Object.fromEntries(Object.entries(controls).map(([k, c]) => [k, c.value]));
        go(`#/search?${new URLSearchParams(clean({ q: box.value, ...values }))}`);
      } }, field(t("search.for"), box), field(t("field.kind"), controls.kind),
    field(t("field.objective"), controls.objective), field(t("search.principle"), controls.principle),
    field(t("field.region"), controls.region), h("button", { type: "submit" }, t("search.submit"))),
    hits === null ? null : results(hits));
}

function results(hits) {
  if (!hits.length) return empty(t("search.none"));
  return h("ol", { class: "plain results" }, hits.map((hit) => h("li", {},
    title(hit), h("span", { class: "meta" }, " — ", t("search.hit", {
      kind: KINDS.includes(hit.kind) ? t(`search.hitKind.${hit.kind}`) : hit.kind,
      score: score(hit.score) })))));
}
