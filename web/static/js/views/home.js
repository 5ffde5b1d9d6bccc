// The start page: what this role can do here, and a Member State's own requests.

import { all, session } from "../api.js";
import { h, link, put, section } from "../dom.js";
import { t } from "../i18n.js";
import { roleTitle } from "../shell.js";
import { requestTable } from "./requests.js";

const TASKS = {
  coordinator: [["#/queue", "home.coordinator.queue"], ["#/requests", "home.coordinator.requests"],
    ["#/partnerships", "home.coordinator.partnerships"], ["#/analysis", "home.coordinator.analysis"],
    ["#/fund", "home.coordinator.fund"]],
  member_state: [["#/requests/new", "home.memberState.file"], ["#/requests", "home.memberState.requests"],
    ["#/queue", "home.memberState.queue"], ["#/partnerships", "home.partnerships"],
    ["#/fund", "home.memberState.fund"]],
  partner: [["#/requests", "home.partner.requests"], ["#/stakeholders", "home.partner.graph"],
    ["#/partnerships", "home.partnerships"], ["#/fund", "home.partner.fund"]],
  fund_manager: [["#/fund", "home.fundManager.fund"]],
  reviewer: [["#/fund", "home.reviewer.fund"]],
  public: [["#/stakeholders", "home.public.stakeholders"],
    ["#/partnerships", "home.partnerships"], ["#/analysis", "home.public.analysis"],
    ["#/fund", "home.public.fund"]],
};
TASKS.admin = TASKS.coordinator;

export async function render(main) {
  const p = session.principal;
  put(main,
    h("h1", {}, p.stakeholder_name ? t("home.welcomeName", { name: p.stakeholder_name })
      : t("home.welcome")),
    h("p", { class: "lead" }, t("home.usingAs", { role: roleTitle(p.role) })),
    h("ul", { class: "tiles" }, TASKS[p.role].map(([href, key]) => h("li", {}, link(href, t(key))))));
  if (p.role === "member_state") {
    const mine = await all("requests", { requester: p.stakeholder });
    main.append(section(t("home.yourRequests"), requestTable(mine)));
  }
  if (p.stakeholder && p.role === "partner") {
    main.append(h("p", {}, link(`#/stakeholders/${encodeURIComponent(p.stakeholder)}`,
      t("home.partner.profile"))));
  }
}
