// The start page: what this role can do here, and a Member State's own requests.

import { all, session } from "../api.js";
import { h, link, put, section } from "../dom.js";
import { ROLE_TITLES } from "../shell.js";
import { requestTable } from "./requests.js";

const TASKS = {
  coordinator: [["#/queue", "Review suggested pairings"], ["#/requests", "Open requests"],
    ["#/partnerships", "Move partnerships forward"], ["#/analysis", "Regional synergies and gaps"],
    ["#/fund", "Start-up fund: the steering committee's decisions"]],
  member_state: [["#/requests", "Your requests and their matches"],
    ["#/queue", "Suggestions for your requests"], ["#/partnerships", "Partnerships"],
    ["#/fund", "Concept notes for the start-up fund"]],
  partner: [["#/requests", "Requests open to partners"], ["#/stakeholders", "Browse the partner graph"],
    ["#/partnerships", "Partnerships"], ["#/fund", "Concept notes you are a partner in"]],
  fund_manager: [["#/fund", "Calls, screening and the portfolio"]],
  reviewer: [["#/fund", "Concept notes to score"]],
  public: [["#/stakeholders", "Stakeholders and the partner graph"],
    ["#/partnerships", "Partnerships"], ["#/analysis", "Regional gaps"],
    ["#/fund", "Programmes the start-up fund finances"]],
};
TASKS.admin = TASKS.coordinator;

export async function render(main) {
  const p = session.principal;
  put(main, 
    h("h1", {}, p.stakeholder_name ? `Welcome, ${p.stakeholder_name}` : "Welcome"),
    h("p", { class: "lead" }, `You are using the hub as ${ROLE_TITLES[p.role].toLowerCase()}.`),
    h("ul", { class: "tiles" }, TASKS[p.role].map(([href, text]) => h("li", {}, link(href, text)))));
  if (p.role === "member_state") {
    const mine = await all("requests", { requester: p.stakeholder });
    main.append(section("Your requests", requestTable(mine)));
  }
  if (p.stakeholder && p.role === "partner") {
    main.append(h("p", {}, link(`#/stakeholders/${encodeURIComponent(p.stakeholder)}`,
      `Your organisation's profile and graph`)));
  }
}
