// The knowledge platform's practice library: filters, each practice in its own language,
// and the completed partnerships that still wait for a practice.

import { all, call, can, clean, id } from "../api.js";
import { countryName, nameOf, objectiveLabel, objectiveOptions, regionOptions } from "../catalog.js";
import { empty, field, h, link, put, section, select, tags } from "../dom.js";
import { go } from "../ui.js";

const LANGUAGES = [["", "Any language"], ["ar", "العربية (Arabic)"], ["en", "English"],
  ["es", "Español (Spanish)"], ["fr", "Français (French)"]];
const KINDS = [["", "Any kind of author"], ["member_state", "Member State"],
  ["un_entity", "UN entity"], ["ngo", "NGO"], ["academia", "Academia"],
  ["regional_body", "Regional body"], ["local_authority", "Local authority"], ["donor", "Donor"]];
const FILTERS = ["objective", "principle", "region", "language", "author_kind"];

export async function render(main, _params, query) {
  const chosen = Object.fromEntries(FILTERS.map((f) => [f, query.get(f) || ""]));
  const [found, principles, due] = await Promise.all([all("practices", chosen),
    call("taxonomy/principles"), can("coordinator", "member_state", "partner")
      ? call("practices/due") : Promise.resolve(null)]);
  const controls = {
    objective: select("objective", objectiveOptions(), chosen.objective),
    principle: select("principle", [["", "Any guiding principle"],
      ...principles.map((p) => [p.slug, p.label])], chosen.principle),
    region: select("region", regionOptions(), chosen.region),
    language: select("language", LANGUAGES, chosen.language),
    author_kind: select("author_kind", KINDS, chosen.author_kind),
  };
  put(main, h("h1", {}, "Practices and lessons"),
    h("p", {}, "What Member States and partners did, where, with what results and lessons, "
      + "in the language they wrote it in."),
    due ? section("Practices due", dueList(due)) : null,
    h("form", { class: "filters", role: "search", "aria-label": "Filter practices",
      onsubmit: (e) => {
        e.preventDefault();
        const values = Object.fromEntries(Object.entries(controls).map(([k, c]) => [k, c.value]));
        go(`#/practices?${new URLSearchParams(clean(values))}`);
      } },
    field("Objective", controls.objective), field("Guiding principle", controls.principle),
    field("Region", controls.region), field("Language", controls.language),
    field("Author", controls.author_kind), h("button", { type: "submit" }, "Apply filters")),
    h("p", { class: "count" }, `${found.length} practice${found.length === 1 ? "" : "s"}`),
    found.length ? h("ol", { class: "cards practices" }, found.map(card))
      : empty("No practice that you may see matches."));
}

function card(p) {
  const text = { lang: p.language, dir: p.language === "ar" ? "rtl" : "auto" };
  return h("li", {}, h("article", { class: "card practice", dataset: { practice: p.id } },
    h("h2", text, p.title),
    h("p", { class: "meta" }, `${p.language} · `, p.authors.map((a, i) =>
      [i ? ", " : "", link(`#/stakeholders/${id(a)}`, nameOf(a))]),
    p.countries.length ? ` · ${p.countries.map(countryName).join(", ")}` : "",
    p.visibility === "public" ? "" : h("span", { class: "tag private" }, p.visibility.replaceAll("_", " "))),
    h("p", {}, tags(p.objectives.map(objectiveLabel), "tag objective")),
    p.summary ? h("p", text, p.summary) : null,
    p.results ? h("p", text, h("strong", {}, "Results: "), p.results) : null,
    p.lessons ? h("p", text, h("strong", {}, "Lessons: "), p.lessons) : null,
    p.partnerships.length ? h("p", { class: "meta" }, "From ", p.partnerships.map((s, i) =>
      [i ? ", " : "", link(`#/partnerships/${id(s)}`, s)])) : null));
}

function dueList(due) {
  if (!due.length) return empty("No completed partnership of yours waits for a practice.");
  return h("ul", { class: "plain due" }, due.map((d) => h("li", {},
    link(`#/partnerships/${id(d.partnership)}`, d.title),
    ` — completed ${d.completed_on || "recently"}; partners: ${d.partners.map(nameOf).join(", ")}`)));
}
