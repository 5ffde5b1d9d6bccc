// Where a request's or an offer's objectives came from; its owner or a coordinator confirms
// or changes suggested ones (PUT <kind>/<id>/objectives).

import { call, can, id, session } from "../api.js";
import { objectiveLabel } from "../catalog.js";
import { h } from "../dom.js";
import { percentage, t } from "../i18n.js";
import { act, go, tell } from "../ui.js";

// `kind` is "requests" or "offers"; `owner` the stakeholder whose record it is; `back` the
// page to show again once confirmed.
export function objectivesOrigin(record, { kind, owner, back }) {
  const confidence = Object.entries(record.objective_confidence || {})
    .map(([o, c]) => `${objectiveLabel(Number(o))} ${percentage(c)}`).join(t("list.comma"));
  const said = record.objective_origin === "suggested"
    ? (confidence ? t("requests.suggestedWith", { confidence }) : t("requests.suggested"))
    : t("requests.confirmedByPerson");
  const mine = ["member_state", "partner"].includes(session.principal?.role)
    && session.principal?.stakeholder === owner;
  if (!(can("coordinator") || mine)) return h("p", { class: "meta" }, said);
  const chosen = h("input", { type: "text", name: "objectives", inputmode: "numeric",
    value: record.objectives.join(", "), "aria-label": t("requests.objectiveNumbers", { title: record.title }) });
  const button = h("button", { type: "button", class: "primary", onclick: async () => {
    const numbers = chosen.value.split(/[\s,،]+/).filter(Boolean).map(Number);
    const confirmed = await act(button, () => call(`${kind}/${id(record.id)}/objectives`,
      { method: "PUT", body: { objectives: numbers } }));
    if (confirmed) { tell("requests.objectivesConfirmed"); go(back); }
  } }, t("requests.confirmObjectives"));
  return h("p", { class: "meta objectives-origin" }, said, " ", chosen, " ", button);
}
