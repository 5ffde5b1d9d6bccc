// A partner's proposals: the requests it was proposed for, and its answer to each
// (interest, a decline with a reason, a question to the coordinators and the requester).

import { all, call, id } from "../api.js";
import { nameOf } from "../catalog.js";
import { empty, field, h, link, put } from "../dom.js";
import { t } from "../i18n.js";
import { act, tell } from "../ui.js";
import { declineForm, opener } from "./answers.js";
import { reasonName } from "./queue.js";

const OPEN = ["pending", "deferred"];

export async function render(main) {
  const proposals = await all("proposals");
  put(main,
    h("h1", {}, t("proposals.title")),
    h("p", {}, t("proposals.intro")),
    h("p", { class: "count", id: "proposals-count" }, t("proposals.count", { count: proposals.length })),
    proposals.length
      ? h("ol", { class: "cards", "aria-labelledby": "proposals-count" },
        proposals.map((p) => h("li", {}, card(p))))
      : empty(t("proposals.none")));
}

function card(p) {
  const box = h("div", { class: "decision" });
  const asked = h("ul", { class: "plain answers" });
  const article = h("article", { class: `card proposal status-${p.status}`,
    "aria-labelledby": `p-${cssId(p.suggestion)}`, dataset: { suggestion: p.suggestion } },
  h("header", {}, h("h2", { id: `p-${cssId(p.suggestion)}` }, link(`#/requests/${id(p.request)}`, p.title))),
  h("p", { class: "for" }, t("proposals.requestedBy", { name: p.requester_name || nameOf(p.requester) })),
  p.text ? h("p", {}, p.text) : null,
  asked, box);
  showQuestions(asked, p);
  showAnswer(box, p);
  return article;
}

function cssId(value) {
  return value.replace(/[^a-zA-Z0-9_-]/g, "_");
}

function showQuestions(list, p) {
  put(list, p.questions.map((q) => h("li", { class: "asked" }, t("proposals.youAsked", { text: q.text }))));
}

function showAnswer(box, p) {
  const yours = p.answer ? h("p", { class: "decided" }, p.answer.kind === "declined"
    ? t("proposals.youDeclined", { reason: reasonName(p.answer.reason) })
    : t("proposals.youAreInterested")) : null;
  if (!OPEN.includes(p.status)) {
    put(box, yours || h("p", { class: "decided" }, t("proposals.decided", { status: t(`suggestion.${p.status}`) })));
    return;
  }
  put(box, yours, actions(box, p));
}

function actions(box, p) {
  const path = `suggestions/${id(p.suggestion)}`;
  const answered = (done, key, params = {}) => {
    if (!done) return;
    showAnswer(box, done);
    showQuestions(box.parentElement.querySelector("ul.answers"), done);
    tell(key, params);
  };
  const keen = h("button", { type: "button", class: "primary", onclick: async () => {
    const done = await act(keen, () => call(`${path}/response`, { method: "POST",
      body: { answer: "interested" } }));
    answered(done, "proposals.interestedSaid", { title: p.title });
  } }, t("proposals.interested"));
  const decline = declineForm(async (body, button) => {
    const done = await act(button, () => call(`${path}/response`, { method: "POST",
      body: { answer: "declined", ...body } }));
    answered(done, "proposals.declinedSaid", { title: p.title });
  });
  const question = h("textarea", { name: "question", rows: "2", maxlength: "2000", required: true });
  const send = h("button", { type: "submit" }, t("proposals.send"));
  const ask = h("form", { class: "ask", onsubmit: async (event) => {
    event.preventDefault();
    const done = await act(send, () => call(`${path}/questions`, { method: "POST",
      body: { text: question.value.trim() } }));
    answered(done, "proposals.sent");
  } }, field(t("proposals.question"), question), send);
  return h("div", {}, h("div", { class: "actions", role: "group", "aria-label": t("proposals.answer") },
    p.answer?.kind === "interested" ? null : keen, opener(decline, t("proposals.decline")),
    opener(ask, t("proposals.ask"))), decline, ask);
}
