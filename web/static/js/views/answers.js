// Both sides' answers on a suggested pairing: what the requester and the partner said,
// the requesting state's accept/decline buttons, and the decline form both sides share.

import { call, id, session } from "../api.js";
import { nameOf } from "../catalog.js";
import { field, h, put, select } from "../dom.js";
import { t } from "../i18n.js";
import { act, tell } from "../ui.js";
import { REASONS, reasonName } from "./queue.js";

// What the requester and the proposed partner said, for the coordinator and the requester.
export function sidesOf(s) {
  const lines = [];
  if (s.requester_answer) lines.push(said("requester", s.requester_answer));
  if (s.partner_answer) lines.push(said("partner", s.partner_answer));
  for (const q of s.questions || []) lines.push(h("li", { class: "asked" }, t("answers.asked", { text: q.text })));
  return lines.length ? h("ul", { class: "plain answers", "aria-label": t("answers.label") }, lines) : null;
}

const SAID = {
  requester: { accepted: "answers.requester.accepted", declined: "answers.requester.declined" },
  partner: { interested: "answers.partner.interested", declined: "answers.partner.declined" },
};

function said(side, answer) {
  const text = t(SAID[side][answer.kind], { reason: reasonName(answer.reason) });
  return h("li", { class: `answer ${side} ${answer.kind}` }, text,
    answer.note ? h("q", {}, answer.note) : null);
}

// The requesting state's own word on a pending pairing; a coordinator still decides.
export function consentBox(s) {
  if (session.principal?.role !== "member_state" || session.principal.stakeholder !== s.requester) {
    return null;
  }
  const box = h("div", { class: "consent" });
  const path = `suggestions/${id(s.id)}/consent`;
  const accept = h("button", { type: "button", class: "primary", onclick: async () => {
    const done = await act(accept, () => call(path, { method: "POST", body: { answer: "accepted" } }));
    if (!done) return;
    put(box, h("p", { class: "decided" }, t("consent.acceptedNow")));
    tell("consent.acceptedSaid", { name: nameOf(s.candidate) });
  } }, t("consent.accept"));
  const form = declineForm(async (body, button) => {
    const done = await act(button, () => call(path, { method: "POST", body: { answer: "declined", ...body } }));
    if (!done) return;
    // withdrawn: the pending status beside it no longer holds
    put(box.parentElement, h("p", { class: "decided consent" },
      t("consent.declinedNow", { reason: reasonName(done.reason) })));
    tell("consent.declinedSaid", { name: nameOf(s.candidate) });
  });
  put(box, s.requester_answer?.kind === "accepted" ? h("p", { class: "decided" }, t("consent.acceptedNow")) : null,
    h("div", { class: "actions", role: "group", "aria-label": t("consent.label") },
      s.requester_answer?.kind === "accepted" ? null : accept, opener(form, t("consent.decline"))), form);
  return box;
}

// A button that shows and hides the form after it.
export function opener(form, label) {
  form.hidden = true;
  const button = h("button", { type: "button", "aria-expanded": "false", onclick: () => {
    const open = button.getAttribute("aria-expanded") === "true";
    button.setAttribute("aria-expanded", String(!open));
    form.hidden = open;
    if (!open) form.querySelector("select,textarea").focus();
  } }, label);
  return button;
}

// A reason from the fixed list and free text (needed with "other"); `send(body, button)` posts it.
export function declineForm(send, label = t("answers.confirmDecline")) {
  const reason = select("reason", [["", t("queue.chooseReason")],
    ...REASONS.map((r) => [r, reasonName(r)])]);
  reason.required = true;
  const note = h("textarea", { name: "note", rows: "2", maxlength: "2000" });
  const confirm = h("button", { type: "submit", class: "danger" }, label);
  return h("form", { class: "reject", onsubmit: async (event) => {
    event.preventDefault();
    if (reason.value === "other" && !note.value.trim()) {
      tell("queue.sayWhy", {}, "error");
      note.focus();
      return;
    }
    await send({ reason: reason.value, note: note.value.trim() }, confirm);
  } }, field(t("queue.reason"), reason), field(t("field.details"), note, t("queue.detailsHint")),
  confirm);
}
