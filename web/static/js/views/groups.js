// Regional working groups: the list, and one group's shared view with its initiative log.

import { call, can, id } from "../api.js";
import { countryName, nameOf, objectiveLabel } from "../catalog.js";
import { empty, field, h, link, put, section, tags } from "../dom.js";
import { downloads } from "../downloads.js";
import { act, go, say } from "../ui.js";
import { programmes } from "./analysis.js";

export async function renderList(main) {
  const found = await call("groups");
  put(main, h("h1", {}, "Working groups"),
    h("p", {}, "Regional working groups are any set of Member States, not only M49 areas."),
    h("ol", { class: "cards" }, found.map((g) => h("li", {}, h("article", { class: "card group" },
      h("h2", {}, link(`#/groups/${id(g.slug)}`, g.name)),
      h("p", { class: "meta" }, `${g.countries.length} member states`),
      h("p", {}, tags(g.objectives.map(objectiveLabel), "tag objective")))))));
}

export async function renderOne(main, [slug]) {
  const [view, synergies] = await Promise.all([call(`groups/${id(slug)}/view`),
    call(`analysis/synergies?group=${id(slug)}`)]);
  const g = view.group;
  put(main, h("h1", {}, g.name),
    g.description ? h("p", {}, g.description) : null,
    section("Members",
      h("p", {}, g.members.map((m) => m.name).join(", ")),
      g.partners.length ? h("p", {}, h("strong", {}, "Partners: "),
        g.partners.map((p, i) => [i ? ", " : "", link(`#/stakeholders/${id(p)}`, nameOf(p))])) : null,
      h("p", {}, h("strong", {}, "Priorities: "), tags(g.objectives.map(objectiveLabel), "tag objective")),
      g.sources.length ? h("p", { class: "meta" }, `Membership as of ${g.as_of || "—"}: `,
        g.sources.join("; ")) : null),
    section(`Open requests of members (${view.requests.length})`,
      can("coordinator") ? downloads("group-requests", { group: slug }) : null,
      view.requests.length
      ? h("ul", { class: "plain requests" }, view.requests.map((r) => h("li", {},
        link(`#/requests/${id(r.id)}`, r.title), ` — ${nameOf(r.requester)}; `,
        r.objectives.map(objectiveLabel).join(", "))))
      : empty("No open request of a member that you may see.")),
    section("Synergies inside the group", programmes(synergies.programmes)),
    section("Gaps", gapTable(view.gaps)),
    section("Agreed joint initiatives", initiatives(view.initiatives),
      can("coordinator", "member_state", "partner") ? initiativeForm(slug) : null));
}

function gapTable(gaps) {
  if (!gaps.length) return empty("No open request of a member that you may see.");
  return h("table", { class: "records gaps" },
    h("thead", {}, h("tr", {}, ["Objective", "Requests", "Providers", "Engagements", "Track records"]
      .map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", {}, gaps.map((c) => h("tr", { class: c.no_provider ? "gap" : "" },
      h("th", { scope: "row" }, c.label), h("td", {}, c.requests), h("td", {}, c.providers),
      h("td", {}, c.capacity), h("td", {}, c.record_providers)))));
}

function initiatives(found) {
  if (!found.length) return empty("No joint initiative recorded yet.");
  return h("ol", { class: "plain initiatives" }, found.map((i) => h("li", {},
    h("strong", {}, i.title), ` — agreed ${i.agreed_on}, recorded by ${i.actor}`,
    i.countries.length ? `; ${i.countries.map(countryName).join(", ")}` : "",
    i.text ? h("p", {}, i.text) : null)));
}

function initiativeForm(slug) {
  const title = h("input", { name: "title", required: true });
  const agreed = h("input", { name: "agreed_on", type: "date", required: true,
    value: new Date().toISOString().slice(0, 10) });
  const text = h("textarea", { name: "text", rows: 3 });
  const button = h("button", { type: "submit" }, "Record initiative");
  return h("form", { class: "filters", onsubmit: async (event) => {
    event.preventDefault();
    const done = await act(button, () => call(`groups/${id(slug)}/initiatives`, { method: "POST",
      body: { title: title.value, agreed_on: agreed.value, text: text.value } }));
    if (!done) return;
    say(`Initiative “${done.title}” is recorded.`);
    go(`#/groups/${id(slug)}`);
  } }, field("Initiative", title), field("Agreed on", agreed), field("Details", text), button);
}
