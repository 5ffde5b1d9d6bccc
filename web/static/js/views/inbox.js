// The inbox: notices of what concerns the signed-in caller, newest first; opening it marks them read.

import { call, id } from "../api.js";
import { nameOf } from "../catalog.js";
import { empty, h, link, put } from "../dom.js";

const WORDS = {
  "request.created": "Request filed",
  "request.changed": "Request changed",
  "suggestions.queued": "Partners suggested",
  "suggestion.accepted": "Partner accepted",
  "suggestion.rejected": "Partner declined",
  "suggestion.deferred": "Decision deferred",
  "partnership.status_changed": "Partnership moved",
};

export async function render(main) {
  const notices = await call("inbox");
  const unread = notices.filter((n) => !n.read).length;
  put(main,
    h("h1", {}, "Inbox"),
    h("p", { class: "count" }, `${notices.length} notice${notices.length === 1 ? "" : "s"}, ${unread} unread`),
    notices.length ? h("ol", { class: "cards inbox" }, notices.map((n) => h("li", {}, card(n))))
      : empty("Nothing has happened yet that concerns you."));
  if (unread) await call("inbox/read", { method: "POST", body: {} });
}

function card(n) {
  const request = n.data.request;
  return h("article", { class: n.read ? "card notice" : "card notice unread",
    dataset: { event: n.id, read: String(n.read) } },
  h("header", {}, h("h2", {}, WORDS[n.type] || n.type),
    n.read ? "" : h("span", { class: "tag" }, "new")),
  request ? h("p", {}, link(`#/requests/${id(request)}`, n.data.request_title || n.data.summary || request))
    : h("p", {}, n.data.summary || nameOf(n.data.subject)),
  n.data.status ? h("p", {}, `Now ${n.data.status}`) : "",
  h("p", { class: "meta" }, new Date(n.occurred_at).toLocaleString()));
}
