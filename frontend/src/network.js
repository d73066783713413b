// Who acts on whom: actor -> recipient edges weighted by events and coloured by their mean PLOVER
// score. The layout is computed once, synchronously, so the same data always draws the same picture.
import { forceSimulation, forceLink, forceManyBody, forceCenter, forceCollide, forceX, forceY } from "d3-force";
import { svg, el, clear } from "./dom.js";
import { scoreColor } from "./colors.js";

export function renderNetwork(root, network, onPickNode, onPickEdge) {
  clear(root);
  root.append(el("h2", {}, "Actors → recipients"));
  if (!network.edges.length) {
    root.append(el("p", { class: "empty" }, "No events with both an actor and a recipient match these filters."));
    return;
  }
  const W = 560, H = 380;
  const nodes = network.nodes.map((n) => ({ ...n }));
  const links = network.edges.map((e) => ({ ...e }));
  const sim = forceSimulation(nodes)
    .force("link", forceLink(links).id((d) => d.id).distance(90))
    .force("charge", forceManyBody().strength(-120).distanceMax(250))
    .force("center", forceCenter(W / 2, H / 2))
    // pairs not linked to the rest would drift off the canvas without a pull to the middle
    .force("x", forceX(W / 2).strength(0.1))
    .force("y", forceY(H / 2).strength(0.15))
    .force("collide", forceCollide(18))
    .stop();
  // kept inside the canvas at every step, so that the collision force still pulls apart the nodes
  // that meet at an edge (clamping only at the end stacks them there)
  for (let i = 0; i < 200; i++) {
    sim.tick();
    for (const n of nodes) {
      n.x = Math.max(20, Math.min(W - 20, n.x));
      n.y = Math.max(14, Math.min(H - 14, n.y));
    }
  }
  const maxEvents = Math.max(...links.map((l) => l.events));
  const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart network", role: "img", "aria-label": "Actor network" },
    svg("defs", {}, svg("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 22, refY: 5, markerWidth: 9, markerHeight: 9, markerUnits: "userSpaceOnUse", orient: "auto" },
      svg("path", { d: "M 0 0 L 10 5 L 0 10 z", fill: "#666" }))));
  for (const l of links) {
    chart.append(svg("line", {
      x1: l.source.x, y1: l.source.y, x2: l.target.x, y2: l.target.y, class: "edge",
      stroke: scoreColor(l.mean_score), "stroke-width": 1 + 5 * Math.sqrt(l.events / maxEvents), "marker-end": "url(#arrow)",
      "data-source": l.source.name, "data-target": l.target.name, tabindex: 0,
      onclick: () => onPickEdge(l.source.name, l.target.name),
    }, svg("title", {}, `${l.source.name} → ${l.target.name}: ${l.events} events, mean PLOVER score ${l.mean_score ?? "n/a"}`)));
  }
  const maxNode = Math.max(...nodes.map((n) => n.events));
  for (const n of nodes) {
    const g = svg("g", { class: "node", "data-name": n.name, tabindex: 0, onclick: () => onPickNode(n.name) },
      svg("circle", { cx: n.x, cy: n.y, r: 5 + 9 * Math.sqrt(n.events / maxNode) }),
      svg("text", { x: n.x + 10, y: n.y + 4, class: "label" }, n.name.length > 28 ? n.name.slice(0, 27) + "…" : n.name),
      svg("title", {}, `${n.name}${n.country ? " (" + n.country + ")" : ""}: ${n.events} events`));
    chart.append(g);
  }
  root.append(chart, el("div", { class: "legend" }, "Edge colour: mean PLOVER score, red −10 (conflict) to green +10 (cooperation); width: events."));
}
