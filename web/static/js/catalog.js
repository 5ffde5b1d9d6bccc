// Names the pages show instead of ids: objectives, regions, stakeholders. Read once per sign-in
// and per language (the API answers the taxonomy in the Accept-Language the calls carry).

import { all, call } from "./api.js";
import { language, regionName, t } from "./i18n.js";

let loaded = null;

export const catalog = {
  objectives: new Map(),
  regions: [],
  subregions: {},
  areaNames: {},
  countries: new Map(),
  stakeholders: new Map(),
};

export function load() {
  loaded ??= Promise.all([
    call("taxonomy/objectives"),
    call("taxonomy/regions"),
    all("stakeholders"),
  ]).then(([objectives, regions, stakeholders]) => {
    catalog.objectives = new Map(objectives.map((o) => [o.number, o]));
    catalog.regions = regions.regions;
    catalog.subregions = regions.subregions;
    catalog.areaNames = regions.names || {};
    catalog.countries = new Map(regions.countries.map((c) => [c.code, c]));
    catalog.stakeholders = new Map(stakeholders.map((s) => [s.id, s]));
  }, (error) => {
    loaded = null;
    throw error;
  });
  return loaded;
}

export function reset() {
  loaded = null;
}

export function objectiveLabel(number) {
  const o = catalog.objectives.get(number);
  return o ? t("objective.label", { number, label: o.label })
    : t("objective.unknown", { number });
}

export function nameOf(stakeholderId) {
  return catalog.stakeholders.get(stakeholderId)?.name ?? stakeholderId;
}

// English names come from the hub; other languages from the browser's own country names.
export function countryName(code) {
  const english = catalog.countries.get(code)?.name ?? code;
  return language() === "en" ? english : regionName(code) || english;
}

// An M49 region or subregion (the API's English name is its id) in the current language.
export function areaName(area) {
  return catalog.areaNames[area] ?? area;
}

// The M49 region and subregion of each country, for filtering by area.
export function areasOf(countryCodes) {
  const areas = new Set();
  for (const code of countryCodes) {
    const c = catalog.countries.get(code);
    if (c) { areas.add(c.region); areas.add(c.subregion); }
  }
  return areas;
}

export function objectiveOptions(blank = t("filter.anyObjective")) {
  return [["", blank], ...[...catalog.objectives.values()].map((o) => [o.number, objectiveLabel(o.number)])];
}

export function regionOptions(blank = t("filter.anyRegion")) {
  const options = [["", blank]];
  for (const region of catalog.regions) {
    options.push([region, areaName(region)]);
    for (const [sub, parent] of Object.entries(catalog.subregions)) {
      if (parent === region) options.push([sub, `\u2003${areaName(sub)}`]);
    }
  }
  return options;
}

export function memberStateOptions(blank = t("filter.anyMemberState")) {
  const states = [...catalog.stakeholders.values()]
    .filter((s) => s.kind === "member_state")
    .sort((a, b) => a.name.localeCompare(b.name, language()));
  return [["", blank], ...states.map((s) => [s.id, s.name])];
}
