// A node's neighbourhood drawn with cytoscape (served by the hub from web/node_modules).
// Click a node to open its page; the list beside the drawing gives keyboard users the same.

import { h, link, put } from "../dom.js";
import { t } from "../i18n.js";
import { go, tell } from "../ui.js";

const LIBRARY = "/console/lib/cytoscape/dist/cytoscape.esm.min.mjs";

const KINDS = {
  Stakeholder: { colour: "#0b4f8a", shape: "ellipse" },
  SupportRequest: { colour: "#c25e00", shape: "diamond" },
  Offer: { colour: "#1e7d4f", shape: "round-rectangle" },
  Partnership: { colour: "#6a3d9a", shape: "hexagon" },
  Activity: { colour: "#5f6368", shape: "triangle" },
  Region: { colour: "#00838f", shape: "round-tag" },
  Country: { colour: "#8d6e63", shape: "octagon" },
};

export function pageOf(node) {
  const ref = encodeURIComponent(node.id);
  if (node.label === "Stakeholder") return `#/stakeholders/${ref}`;
  if (node.label === "SupportRequest") return `#/requests/${ref}`;
  if (node.label === "Partnership") return `#/partnerships/${ref}`;
  if (node.label === "Region") return `#/analysis?region=${encodeURIComponent(nodeName(node))}`;
  if (node.label === "Country") return `#/stakeholders?country=${encodeURIComponent(node.id.replace(/^country:/, ""))}`;
  if (node.label === "Offer" && node.provider) return `#/stakeholders/${encodeURIComponent(node.provider)}`;
  return null;
}

// The hub names every node it can (`display_name`); one with no name goes by its kind.
export function nodeName(node) {
  return node.display_name || kindTitle(node.label);
}

function short(text, size = 44) {
  return text.length > size ? `${text.slice(0, size - 1)}…` : text;
}

export async function drawGraph(box, graph, centre) {
  const canvas = h("div", { class: "graph-canvas", role: "img",
    "aria-label": t("graph.described", { nodes: graph.nodes.length, links: graph.edges.length }) });
  const tools = h("div", { class: "actions", role: "group", "aria-label": t("graph.view") });
  put(box, h("div", { class: "graph" }, h("div", { class: "graph-stage" }, tools, canvas),
    neighbourList(graph, centre)));
  let cytoscape;
  try {
    ({ default: cytoscape } = await import(LIBRARY));
  } catch {
    put(canvas, h("p", { class: "problem" }, t("graph.missing")));
    return null;
  }
  const here = pageOf(graph.nodes.find((n) => n.id === centre) || { id: centre });
  const cy = cytoscape({
    container: canvas,
    elements: [
      ...graph.nodes.map((n) => ({ data: { id: n.id, name: short(nodeName(n)), label: n.label,
        page: pageOf(n) === here ? null : pageOf(n), centre: n.id === centre } })),
      ...graph.edges.map((e, i) => ({ data: { id: `e${i}`, source: e.source, target: e.target,
        type: e.type } })),
    ],
    style: [
      { selector: "node", style: { label: "data(name)", "font-size": 10, color: "#1f2933",
        "text-valign": "bottom", "text-margin-y": 4, width: 22, height: 22,
        "text-wrap": "wrap", "text-max-width": 120, "text-background-color": "#ffffff",
        "text-background-opacity": 0.8, "text-background-padding": 1 } },
      ...Object.entries(KINDS).map(([label, k]) => ({ selector: `node[label = "${label}"]`,
        style: { "background-color": k.colour, shape: k.shape } })),
      { selector: "node[?centre]", style: { width: 38, height: 38, "font-size": 13,
        "font-weight": "bold", "border-width": 4, "border-color": "#f0a500" } },
      { selector: "edge", style: { width: 1.5, "line-color": "#9aa5b1", "curve-style": "bezier",
        "target-arrow-shape": "triangle", "target-arrow-color": "#9aa5b1", "arrow-scale": 0.8 } },
      { selector: "node:active, node:selected", style: { "overlay-opacity": 0.15 } },
    ],
    layout: { name: "concentric", minNodeSpacing: 70, animate: false, padding: 16,
      concentric: (node) => (node.data("centre") ? 3 : node.degree() > 1 ? 2 : 1), levelWidth: () => 1 },
    minZoom: 0.2,
    maxZoom: 4,
  });
  cy.on("tap", "node", (event) => {
    const page = event.target.data("page");
    if (event.target.data("centre")) tell("graph.here");
    else if (page) go(page);
    else tell("graph.noPage", { name: event.target.data("name") });
  });
  cy.on("mouseover", "node[page]", () => { canvas.style.cursor = "pointer"; });
  cy.on("mouseout", "node", () => { canvas.style.cursor = ""; });
  const zoom = (factor) => cy.zoom({ level: cy.zoom() * factor,
    renderedPosition: { x: canvas.clientWidth / 2, y: canvas.clientHeight / 2 } });
  tools.append(
    h("button", { type: "button", onclick: () => zoom(1.25) }, t("graph.zoomIn")),
    h("button", { type: "button", onclick: () => zoom(0.8) }, t("graph.zoomOut")),
    h("button", { type: "button", onclick: () => cy.fit(undefined, 24) }, t("graph.fit")));
  canvas.dataset.nodes = String(cy.nodes().length);
  window.hubConsole = { ...(window.hubConsole || {}), graph: cy };
  return cy;
}

function neighbourList(graph, centre) {
  const groups = {};
  for (const node of graph.nodes) {
    if (node.id === centre) continue;
    (groups[node.label] ??= []).push(node);
  }
  return h("nav", { class: "graph-list", "aria-label": t("graph.neighbours") },
    h("h3", {}, t("graph.neighbours")),
    Object.entries(groups).map(([label, nodes]) => [
      h("h4", {}, h("span", { class: "swatch", style: `background:${KINDS[label]?.colour || "#999"}`,
        "aria-hidden": "true" }), t("graph.group", { kind: kindTitle(label), count: nodes.length })),
      h("ul", { class: "plain" }, nodes.map((n) => h("li", {},
        pageOf(n) ? link(pageOf(n), nodeName(n)) : nodeName(n)))),
    ]),
    Object.keys(groups).length ? null : h("p", { class: "empty" }, t("graph.noNeighbours")));
}

function kindTitle(label) {
  return label in KINDS ? t(`graph.kind.${label}`) : label;
}
