// Names the pages show instead of ids: objectives, regions, stakeholders. Read once per sign-in.

import { all, call } from "./api.js";

let loaded = null;

export const catalog = {
  objectives: new Map(),
  regions: [],
  subregions: {},
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
  return o ? `${number} · ${o.label}` : `Objective ${number}`;
}

export function nameOf(stakeholderId) {
  return catalog.stakeholders.get(stakeholderId)?.name ?? stakeholderId;
}

export function countryName(code) {
  return catalog.countries.get(code)?.name ?? code;
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

export function objectiveOptions(blank = "Any objective") {
  return [["", blank], ...[...catalog.objectives.values()].map((o) => [o.number, objectiveLabel(o.number)])];
}

export function regionOptions(blank = "Any region") {
  const options = [["", blank]];
  for (const region of catalog.regions) {
    options.push([region, region]);
    for (const [sub, parent] of Object.entries(catalog.subregions)) {
      if (parent === region) options.push([sub, `\u2003${sub}`]);
    }
  }
  return options;
}

export function memberStateOptions(blank = "Any Member State") {
  const states = [...catalog.stakeholders.values()]
    .filter((s) => s.kind === "member_state")
    .sort((a, b) => a.name.localeCompare(b.name));
  return [["", blank], ...states.map((s) => [s.id, s.name])];
}
