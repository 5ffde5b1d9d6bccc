// A reason the hub gives, worded in the console's language from its parts (a code and its
// values, matching/reasons.py); the hub's own sentence beside it is English.

import { areaName, countryName, nameOf, objectiveLabel } from "./catalog.js";
import { has, number, t } from "./i18n.js";
import { kindName } from "./views/stakeholders.js";

const listed = (items) => items.join(t("list.comma"));
const places = (r) => listed(r.places.map((p) => (r.place && r.place !== "country"
  ? areaName(p) : countryName(p))));
const objectives = (r) => listed(r.objectives.map(objectiveLabel));
const first = (r) => r.names[0] ?? "";

function implemented(r) {
  const there = r.counts.country ?? 0;
  return there ? t("reason.implementedIn", { count: r.count, there, places: places(r) })
    : t("reason.implemented", { count: r.count });
}

function fundedNearby(r) {
  const where = listed(Object.entries(r.counts).map(([level, count]) =>
    t(`reason.inSame.${level}`, { count })));
  return r.year ? t("reason.fundedNearbyLatest", { count: r.count, where, year: String(r.year) })
    : t("reason.fundedNearby", { count: r.count, where });
}

function fundsKinds(r) {
  return t("reason.fundsKinds", { kinds: listed(Object.entries(r.counts).map(([kind, count]) =>
    t("reason.kindCount", { kind: kindName(kind), count }))) });
}

function declares(r) {
  return t("reason.declares", { what: listed([
    ...(r.places.length ? [places(r)] : []), ...r.objectives.map(objectiveLabel)]) });
}

function part(r) {
  const name = first(r);
  return t("reason.part", { part: has(`part.${name}`) ? t(`part.${name}`) : name,
    value: number(r.value, { signDisplay: "always", minimumFractionDigits: 2,
      maximumFractionDigits: 2 }) });
}

const WORDED = {
  named: () => t("reason.named"),
  implemented,
  sector: (r) => t("reason.sector", { count: r.count, sector: first(r) }),
  location: (r) => t("reason.location", { count: r.count, location: first(r) }),
  ally: (r) => t("reason.ally", { count: r.count, name: nameOf(first(r)) }),
  closest: (r) => t("reason.closest", { title: first(r) }),
  present: (r) => t("reason.present", { places: places(r) }),
  no_capacity: () => t("reason.noCapacity"),
  funded_nearby: fundedNearby,
  funded_objectives: (r) => t("reason.fundedObjectives", { objectives: objectives(r) }),
  funds_kinds: fundsKinds,
  declares,
  objectives: (r) => t("reason.objectives", { objectives: objectives(r) }),
  part,
  no_fit: () => t("reason.noFit"),
  providers_full: (r) => t("reason.providersFull", { providers: listed(r.names.map(nameOf)) }),
  lower_total: () => t("reason.lowerTotal"),
};

// The reasons in the console's language; the hub's English sentences when the answer
// has no parts (a suggestion queued before they were stored) or a code is new to it.
export function reasons(sentences, parts) {
  if (!parts || parts.length !== sentences.length) return sentences;
  return parts.map((r, i) => (WORDED[r.code] ? WORDED[r.code](r) : sentences[i]));
}
