// Regional working groups: the list, and one group's shared view with its initiative log.

import { call, can, id } from "../api.js";
import { countryName, nameOf, objectiveLabel } from "../catalog.js";
import { empty, field, h, link, put, section, tags } from "../dom.js";
import { downloads } from "../downloads.js";
import { date, number, t } from "../i18n.js";
import { act, go, tell } from "../ui.js";
import { programmes } from "./analysis.js";

export async function renderList(main) {
  const found = await call("groups");
  put(main, h("h1", {}, t("groups.title")),
    h("p", {}, t("groups.lead")),
    h("ol", { class: "cards" }, found.map((g) => h("li", {}, h("article", { class: "card group" },
      h("h2", {}, link(`#/groups/${id(g.slug)}`, g.name)),
      h("p", { class: "meta" }, t("groups.memberStates", { count: g.countries.length })),
      h("p", {}, tags(g.objectives.map(objectiveLabel), "tag objective")))))));
}

export async function renderOne(main, [slug]) {
  const [view, synergies] = await Promise.all([call(`groups/${id(slug)}/view`),
    call(`analysis/synergies?group=${id(slug)}`)]);
  const g = view.group;
  put(main, h("h1", {}, g.name),
    g.description ? h("p", {}, g.description) : null,
    section(t("groups.members"),
      h("p", {}, g.members.map((m) => m.name).join(t("list.comma"))),
      g.partners.length ? h("p", {}, h("strong", {}, t("groups.partners")), " ",
        g.partners.map((p, i) => [i ? t("list.comma") : "", link(`#/stakeholders/${id(p)}`, nameOf(p))]))
        : null,
      h("p", {}, h("strong", {}, t("groups.priorities")), " ",
        tags(g.objectives.map(objectiveLabel), "tag objective")),
      g.sources.length ? h("p", { class: "meta" }, t("groups.asOf", { date: date(g.as_of) }), " ",
        g.sources.join(t("list.semicolon"))) : null),
    section(t("groups.openRequests", { count: view.requests.length }),
      can("coordinator") ? downloads("group-requests", { group: slug }) : null,
      view.requests.length
      ? h("ul", { class: "plain requests" }, view.requests.map((r) => h("li", {},
        link(`#/requests/${id(r.id)}`, r.title), ` — ${nameOf(r.requester)}${t("list.semicolon")}`,
        r.objectives.map(objectiveLabel).join(t("list.comma")))))
      : empty(t("groups.noRequest"))),
    section(t("groups.synergies"), programmes(synergies.programmes)),
    section(t("groups.gaps"), gapTable(view.gaps)),
    section(t("groups.initiatives"), initiatives(view.initiatives),
      can("coordinator", "member_state", "partner") ? initiativeForm(slug) : null));
}

function gapTable(gaps) {
  if (!gaps.length) return empty(t("groups.noRequest"));
  return h("table", { class: "records gaps" },
    h("thead", {}, h("tr", {}, ["field.objective", "groups.requests", "groups.providers",
      "groups.engagements", "groups.trackRecords"].map((c) => h("th", { scope: "col" }, t(c))))),
    h("tbody", {}, gaps.map((c) => h("tr", { class: c.no_provider ? "gap" : "" },
      h("th", { scope: "row" }, c.objective ? objectiveLabel(c.objective) : c.label),
      h("td", {}, number(c.requests)), h("td", {}, number(c.providers)),
      h("td", {}, number(c.capacity)), h("td", {}, number(c.record_providers))))));
}

// Who recorded an initiative, as a person reads it: a state or partner by its name,
// staff by their role (the hub stores `role:who`; non-staff already read staff by role).
function recordedBy(actor) {
  const [role, who] = actor.split(":", 2);
  if (who === undefined) return actor;
  return ["member_state", "partner"].includes(role) ? nameOf(who) : t(`role.${role}`);
}

function initiatives(found) {
  if (!found.length) return empty(t("groups.noInitiative"));
  return h("ol", { class: "plain initiatives" }, found.map((i) => h("li", {},
    h("strong", {}, i.title), " — ", t("groups.agreed", { date: date(i.agreed_on), actor: recordedBy(i.actor) }),
    i.countries.length ? `${t("list.semicolon")}${i.countries.map(countryName).join(t("list.comma"))}` : "",
    i.text ? h("p", {}, i.text) : null)));
}

function initiativeForm(slug) {
  const title = h("input", { name: "title", required: true });
  const agreed = h("input", { name: "agreed_on", type: "date", required: true,
    value: new Date().toISOString().slice(0, 10) });
  const text = h("textarea", { name: "text", rows: 3 });
  const button = h("button", { type: "submit" }, t("groups.record"));
  return h("form", { class: "filters", onsubmit: async (event) => {
    event.preventDefault();
    const done = await act(button, () => call(`groups/${id(slug)}/initiatives`, { method: "POST",
      body: { title: title.value, agreed_on: agreed.value, text: text.value } }));
    if (!done) return;
    tell("groups.recorded", { title: done.title });
    go(`#/groups/${id(slug)}`);
  } }, field(t("groups.initiative"), title), field(t("groups.agreedOn"), agreed),
  field(t("field.details"), text), button);
}
