// Filing a support request: a Member State in its own name, staff for any state. While the
// title and description are typed, the tagger's objectives are previewed (POST requests/tag);
// ticked and confirmed, they are filed as confirmed, else the hub stores its own suggestions.

import { call, can, id, session } from "../api.js";
import { catalog, countryName, memberStateOptions, nameOf, objectiveLabel, objectiveOptions }
  from "../catalog.js";
import { empty, field, h, link, put, section, select, tags } from "../dom.js";
import { LANGUAGES, language, percentage, t } from "../i18n.js";
import { act, tell } from "../ui.js";
import { objectivesOrigin } from "./objectives.js";
import { MODALITIES, modalityName } from "./requests.js";

const PREVIEW_DELAY = 400; // ms of quiet typing before the tagger is asked

export async function render(main) {
  const staff = can("coordinator");
  if (!staff && session.principal?.role !== "member_state") {
    put(main, h("h1", {}, t("intake.title")), h("p", { class: "problem" }, t("intake.notYours")));
    return;
  }
  const c = {
    requester: staff ? select("requester", memberStateOptions(t("intake.chooseState"))) : null,
    title: h("input", { name: "title", required: true, maxlength: "500", autocomplete: "off" }),
    text: h("textarea", { name: "text", rows: 6, maxlength: "20000" }),
    countries: h("select", { name: "countries", multiple: true, size: 6 }, countryOptions()),
    modality: select("modality", MODALITIES.map((m) => [m, modalityName(m)])),
    confidentiality: select("confidentiality", [["confidential", t("intake.confidential")],
      ["open_to_partners", t("intake.openToPartners")]]),
    confirm: h("input", { type: "checkbox", name: "confirm" }),
  };
  if (c.requester) c.requester.required = true;
  const languages = Object.keys(LANGUAGES).map((code) => h("input", { type: "checkbox",
    name: "languages", value: code, checked: code === language() }));
  const preview = previewer(c);
  const button = h("button", { type: "submit", class: "primary" }, t("intake.file"));
  const form = h("form", { class: "intake-form", onsubmit: async (event) => {
    event.preventDefault();
    const body = {
      title: c.title.value, text: c.text.value,
      countries: [...c.countries.selectedOptions].map((o) => o.value),
      languages: languages.filter((l) => l.checked).map((l) => l.value),
      modality: c.modality.value, confidentiality: c.confidentiality.value,
    };
    if (c.requester) body.requester = c.requester.value;
    const ticked = preview.ticked();
    if (c.confirm.checked && ticked.length) body.objectives = ticked;
    const filed = await act(button, () => call("requests", { method: "POST", body }));
    if (filed) {
      tell("intake.filed");
      put(main, ...filedView(filed));
      main.querySelector("h1")?.focus();
    }
  } },
  c.requester ? field(t("field.memberState"), c.requester) : null,
  field(t("field.title"), c.title),
  field(t("intake.description"), c.text, t("intake.descriptionHint")),
  preview.panel,
  field(t("requests.countries"), c.countries, t("intake.countriesHint")),
  h("fieldset", { class: "choices" }, h("legend", {}, t("intake.languages")),
    languages.map((box) => h("label", { class: "check" }, box, " ", languageName(box.value)))),
  field(t("intake.modality"), c.modality),
  field(t("intake.confidentiality"), c.confidentiality),
  h("div", { class: "actions" }, button));
  put(main, h("h1", {}, t("intake.title")),
    h("p", { class: "lead" }, staff ? t("intake.leadStaff")
      : t("intake.leadState", { name: nameOf(session.principal.stakeholder) })),
    form);
}

function countryOptions() {
  return [...catalog.countries.keys()]
    .map((code) => [code, countryName(code)])
    .sort(([, a], [, b]) => a.localeCompare(b, language()))
    .map(([code, name]) => h("option", { value: code }, name));
}

function languageName(code) {
  try {
    return new Intl.DisplayNames([language()], { type: "language" }).of(code) ?? LANGUAGES[code];
  } catch {
    return LANGUAGES[code];
  }
}

// The live preview: asked again after each pause in typing; an answer to older words is
// dropped. Objectives the person adds stay listed; once the person confirms, the ticks are
// theirs and typing no longer resets them.
function previewer(c) {
  const list = h("div", { class: "preview-list", "aria-live": "polite" },
    empty(t("intake.previewEmpty")));
  const added = new Set();
  let found = [];
  let asked = 0;
  let timer = null;
  // A redraw keeps the ticks the person set on objectives still listed.
  const show = () => put(list, suggestions(found, added, new Map(
    [...list.querySelectorAll("input[name=objective]")].map((b) => [Number(b.value), b.checked]))));
  const ask = async () => {
    const mine = ++asked;
    if (!c.title.value.trim() && !c.text.value.trim()) {
      found = [];
      if (added.size) show(); else put(list, empty(t("intake.previewEmpty")));
      return;
    }
    list.setAttribute("aria-busy", "true");
    if (!list.querySelector("li")) put(list, h("p", { class: "loading" }, t("page.loading")));
    try {
      const answer = await call("requests/tag", { method: "POST",
        body: { title: c.title.value, text: c.text.value } });
      if (mine === asked && !c.confirm.checked) {
        found = answer;
        show();
      }
    } catch (error) {
      if (mine === asked) put(list, h("p", { class: "problem" }, error.message));
    } finally {
      if (mine === asked) list.removeAttribute("aria-busy");
    }
  };
  const later = () => {
    clearTimeout(timer);
    timer = setTimeout(ask, PREVIEW_DELAY);
  };
  c.title.addEventListener("input", later);
  c.text.addEventListener("input", later);
  const adder = select("add-objective", objectiveOptions(t("intake.addObjective")));
  adder.setAttribute("aria-label", t("intake.addObjective"));
  adder.addEventListener("change", () => {
    if (adder.value) added.add(Number(adder.value));
    adder.value = "";
    show();
  });
  const panel = section(t("intake.previewTitle"), h("p", { class: "meta" }, t("intake.previewHint")),
    list, h("p", {}, adder), h("label", { class: "check" }, c.confirm, " ", t("intake.confirm")));
  panel.classList.add("objective-preview");
  return {
    panel,
    ticked: () => [...list.querySelectorAll("input[type=checkbox]:checked")].map((b) => Number(b.value)),
  };
}

// The tagger's suggestions (an unsure one, or a next best it would not store, starts
// unticked), then those the person added.
function suggestions(found, added, ticks) {
  const shown = new Set(found.map((s) => s.objective));
  const rows = [...found, ...[...added].filter((n) => !shown.has(n)).map((n) => ({ objective: n }))];
  if (!rows.length) return empty(t("intake.previewNone"));
  return h("ul", { class: "plain" }, rows.map((s) => h("li", { dataset: { objective: s.objective } },
    h("label", { class: "check" },
      h("input", { type: "checkbox", name: "objective", value: String(s.objective), checked: ticks.get(s.objective) ?? (!s.unsure && s.stored !== false) }),
      " ", objectiveLabel(s.objective), " ",
      s.confidence === undefined ? null : h("span", { class: "score" }, percentage(s.confidence))),
    s.unsure ? h("span", { class: "tag unsure" }, t("intake.unsure")) : null,
    s.stored === false ? h("span", { class: "tag possible" }, t("intake.possible")) : null,
    catalog.objectives.has(s.objective)
      ? h("small", { class: "meta" }, catalog.objectives.get(s.objective).title) : null)));
}

function filedView(r) {
  return [
    h("h1", {}, t("intake.filedTitle")),
    section(r.title,
      h("p", { class: "meta" }, t("requests.requestedBy"), " ", nameOf(r.requester)),
      h("p", {}, r.objectives.length ? tags(r.objectives.map(objectiveLabel), "tag objective")
        : t("intake.noObjectives")),
      objectivesOrigin(r, { kind: "requests", owner: r.requester, back: `#/requests/${id(r.id)}` }),
      h("ul", { class: "plain" },
        h("li", {}, link(`#/requests/${id(r.id)}`, t("intake.seeSuggestions"))),
        h("li", {}, link("#/requests/new", t("intake.another"))))),
  ];
}
