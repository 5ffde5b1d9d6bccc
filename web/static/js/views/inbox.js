// The inbox: notices of what concerns the signed-in caller, newest first; opening it marks them read.

import { call, id } from "../api.js";
import { empty, h, link, put } from "../dom.js";
import { date, t } from "../i18n.js";
import { lifecycleName } from "./partnerships.js";

const EVENTS = ["request.created", "request.changed", "suggestions.queued", "suggestion.accepted",
  "suggestion.rejected", "suggestion.deferred", "partnership.status_changed", "partnership.overdue",
  "merge.proposed", "suggestion.requester_accepted", "suggestion.requester_declined",
  "partner.interested", "partner.declined", "partner.asked", "partner.proposed"];

export async function render(main) {
  const notices = await call("inbox");
  const unread = notices.filter((n) => !n.read).length;
  put(main,
    h("h1", {}, t("inbox.title")),
    h("p", { class: "count" }, t("inbox.count", { count: notices.length, unread })),
    notices.length ? h("ol", { class: "cards inbox" }, notices.map((n) => h("li", {}, card(n))))
      : empty(t("inbox.none")));
  if (unread) await call("inbox/read", { method: "POST", body: {} });
}

// A candidate's notice opens its Proposals page; any other, the request it is about.
function card(n) {
  const request = n.data.request;
  const target = () => (n.type === "partner.proposed" ? "#/proposals" : `#/requests/${id(request)}`);
  return h("article", { class: `card notice${n.read ? "" : " unread"}`,
    dataset: { event: n.id, read: String(n.read) } },
  h("header", {}, h("h2", {}, EVENTS.includes(n.type) ? t(`event.${n.type}`) : n.type),
    n.read ? "" : h("span", { class: "tag" }, t("inbox.new"))),
  request ? h("p", {}, link(target(), n.data.request_title || n.data.summary
    || t("inbox.aRequest")), n.data.subject_name ? ` — ${n.data.subject_name}` : "")
    : h("p", {}, n.data.subject_name || n.data.summary || t("inbox.aRecord")),
  n.data.status ? h("p", {}, t(n.type === "partnership.overdue" ? "inbox.still" : "inbox.now",
    { status: lifecycleName(n.data.status).toLowerCase() })) : "",
  h("p", { class: "meta" }, date(n.occurred_at)));
}
