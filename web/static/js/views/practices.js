// The knowledge platform's practice library: filters, each practice in its own language,
// and the completed partnerships that still wait for a practice.

import { all, call, can, clean, id } from "../api.js";
import { countryName, nameOf, objectiveLabel, objectiveOptions, regionOptions } from "../catalog.js";
import { empty, field, h, link, put, section, select, tags } from "../dom.js";
import { date, LANGUAGES, t } from "../i18n.js";
import { go } from "../ui.js";
import { kindName } from "./stakeholders.js";

// Each language by its own name, with its name in the reader's language beside it.
function languageOptions() {
  return [["", t("practices.anyLanguage")], ...Object.entries(LANGUAGES).map(([code, own]) =>
    [code, t(`language.${code}`) === own ? own : `${own} (${t(`language.${code}`)})`])];
}
const AUTHOR_KINDS = ["member_state", "un_entity", "ngo", "academia", "regional_body",
  "local_authority", "donor"];
const FILTERS = ["objective", "principle", "region", "language", "author_kind"];

export async function render(main, _params, query) {
  const chosen = Object.fromEntries(FILTERS.map((f) => [f, query.get(f) || ""]));
  const [found, principles, due] = await Promise.all([all("practices", chosen),
    call("taxonomy/principles"), can("coordinator", "member_state", "partner")
      ? call("practices/due") : Promise.resolve(null)]);
  const controls = {
    objective: select("objective", objectiveOptions(), chosen.objective),
    principle: select("principle", [["", t("practices.anyPrinciple")],
      ...principles.map((p) => [p.slug, p.label])], chosen.principle),
    region: select("region", regionOptions(), chosen.region),
    language: select("language", languageOptions(), chosen.language),
    author_kind: select("author_kind", [["", t("practices.anyAuthor")],
      ...AUTHOR_KINDS.map((k) => [k, kindName(k)])], chosen.author_kind),
  };
  const titles = await partnershipTitles(found);
  put(main, h("h1", {}, t("practices.title")),
    h("p", {}, t("practices.lead")),
    due ? section(t("practices.due"), dueList(due)) : null,
    h("form", { class: "filters", role: "search", "aria-label": t("practices.filter"),
      onsubmit: (e) => {
        e.preventDefault();
        const values = Object.fromEntries(Object.entries(controls).map(([k, c]) => [k, c.value]));
        go(`#/practices?${new URLSearchParams(clean(values))}`);
      } },
    field(t("field.objective"), controls.objective), field(t("practices.principle"), controls.principle),
    field(t("field.region"), controls.region), field(t("page.language"), controls.language),
    field(t("practices.author"), controls.author_kind), h("button", { type: "submit" }, t("filter.apply"))),
    h("p", { class: "count" }, t("practices.count", { count: found.length })),
    found.length ? h("ol", { class: "cards practices" }, found.map((p) => card(p, titles)))
      : empty(t("practices.none")));
}

// The titles of the partnerships the practices came from, those the reader may open;
// one call per partnership, since a practice names few and the API checks each.
async function partnershipTitles(practices) {
  const ids = [...new Set(practices.flatMap((p) => p.partnerships))];
  const found = await Promise.all(ids.map((s) =>
    call(`partnerships/${encodeURIComponent(s)}`).catch(() => null)));
  return new Map(ids.map((s, i) => [s, found[i]?.title || t("practices.partnership")]));
}

function card(p, titles) {
  const text = { lang: p.language, dir: p.language === "ar" ? "rtl" : "auto" };
  return h("li", {}, h("article", { class: "card practice", dataset: { practice: p.id } },
    h("h2", text, p.title),
    h("p", { class: "meta" }, `${p.language} · `, p.authors.map((a, i) =>
      [i ? t("list.comma") : "", link(`#/stakeholders/${id(a)}`, nameOf(a))]),
    p.countries.length ? ` · ${p.countries.map(countryName).join(t("list.comma"))}` : "",
    p.visibility === "public" ? "" : h("span", { class: "tag private" }, visibilityName(p.visibility))),
    h("p", {}, tags(p.objectives.map(objectiveLabel), "tag objective")),
    p.summary ? h("p", text, p.summary) : null,
    p.results ? h("p", text, h("strong", {}, t("practices.results")), " ", p.results) : null,
    p.lessons ? h("p", text, h("strong", {}, t("practices.lessons")), " ", p.lessons) : null,
    p.partnerships.length ? h("p", { class: "meta" }, t("practices.from"), " ", p.partnerships.map((s, i) =>
      [i ? t("list.comma") : "", link(`#/partnerships/${id(s)}`, titles.get(s))])) : null));
}

const VISIBILITIES = ["open_to_partners", "confidential"];

function visibilityName(visibility) {
  return VISIBILITIES.includes(visibility) ? t(`visibility.${visibility}`)
    : visibility.replaceAll("_", " ");
}

function dueList(due) {
  if (!due.length) return empty(t("practices.noneDue"));
  return h("ul", { class: "plain due" }, due.map((d) => h("li", {},
    link(`#/partnerships/${id(d.partnership)}`, d.title),
    " — ", t("practices.dueLine", { when: d.completed_on ? date(d.completed_on) : t("practices.recently"),
      partners: d.partners.map(nameOf).join(t("list.comma")) }))));
}
