// A recommendation's explanation: score parts as small bars, objectives, evidence, terms.

import { h, percent, tags } from "../dom.js";
import { objectiveLabel } from "../catalog.js";
import { score, t } from "../i18n.js";
import { reasons } from "../reasons.js";

// The recommender's signals (matching/features.py) and the older grouped parts.
const PARTS = new Set(["objectives", "place", "language", "profile", "graph", "capacity", "history",
  "text", "text_relative", "text_mass", "text_profile", "dense", "dense_profile", "named",
  "place_share", "locations", "sectors", "sectors_mass", "track", "network", "funders",
  "funders_mass", "full", "rejected", "standing"]);

export function explanation(found) {
  const parts = Object.entries(found.parts || {}).sort((a, b) => b[1] - a[1]);
  const top = Math.max(...parts.map(([, v]) => Math.abs(v)), 1);
  return h("div", { class: "explain" },
    parts.length ? h("dl", { class: "bars", "aria-label": t("explain.parts") },
      parts.map(([name, value]) => [
        h("dt", {}, PARTS.has(name) ? t(`part.${name}`) : name),
        h("dd", {},
          h("span", { class: `bar${value < 0 ? " negative" : ""}`,
            style: `width:${percent(Math.abs(value), top)}%`, "aria-hidden": "true" }),
          h("span", { class: "value" }, score(value))),
      ])) : null,
    found.shared_objectives?.length ? h("p", {}, h("strong", {}, t("explain.shared")), " ",
      tags(found.shared_objectives.map(objectiveLabel), "tag objective")) : null,
    found.evidence?.length ? h("div", {}, h("strong", {}, t("explain.evidence")),
      h("ul", { class: "evidence" }, reasons(found.evidence, found.evidence_parts)
        .map((sentence) => h("li", {}, sentence)))) : null,
    found.matched_terms?.length ? h("p", {}, h("strong", {}, t("explain.terms")), " ",
      tags(found.matched_terms, "tag term")) : null);
}
