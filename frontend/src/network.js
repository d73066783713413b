// Who acts on whom: the top actors by weight (events with a recipient) and the edges among them, weighted by
// events and coloured by their mean PLOVER score. Only the biggest actors are named, where their names fit
// without overlapping (more as you zoom in); every other name shows on hover. Zoom, pan and drag the nodes.
// The layout is computed once, synchronously, so the same data always draws the same picture.
import { forceSimulation, forceLink, forceManyBody, forceCenter, forceCollide, forceX, forceY } from "d3-force";
import { select } from "d3-selection";
import { drag } from "d3-drag";
import { zoomIdentity } from "d3-zoom";
import { svg, el, clear } from "./dom.js";
import { scoreColor } from "./colors.js";
import { placeLabels } from "./labels.js";
import { zoomable, CONTROLS } from "./zoom.js";

const W = 560, H = 420, LABELS = 14;

function layout(nodes, links) {
  const sim = forceSimulation(nodes)
    .force("link", forceLink(links).id((d) => d.id).distance(80))
    .force("charge", forceManyBody().strength(-220).distanceMax(320))
    .force("center", forceCenter(W / 2, H / 2))
    // pairs not linked to the rest would drift off the canvas without a pull to the middle
    .force("x", forceX(W / 2).strength(0.08))
    .force("y", forceY(H / 2).strength(0.12))
    .force("collide", forceCollide((d) => d.r + 6))
    .stop();
  // kept inside the canvas at every step, so that the collision force still pulls apart nodes that meet there
  for (let i = 0; i < 250; i++) {
    sim.tick();
    for (const n of nodes) {
      n.x = Math.max(24, Math.min(W - 24, n.x));
      n.y = Math.max(20, Math.min(H - 20, n.y));
    }
  }
}

// the edge from the rim of one node to the rim of the other; the two directions of a pair sit side by side
function edgeEnds(l, paired) {
  const dx = l.target.x - l.source.x, dy = l.target.y - l.source.y;
  const len = Math.hypot(dx, dy) || 1;
  const ux = dx / len, uy = dy / len, off = paired ? 3 : 0;
  return {
    x1: l.source.x + ux * l.source.r - uy * off, y1: l.source.y + uy * l.source.r + ux * off,
    x2: l.target.x - ux * (l.target.r + 3) - uy * off, y2: l.target.y - uy * (l.target.r + 3) + ux * off,
  };
}

export function renderNetwork(root, network, onPickNode, onPickEdge) {
  clear(root);
  root.append(el("h2", {}, `Actors → recipients (top ${network.nodes.length} of ${network.total_actors} by events)`));
  if (!network.edges.length) {
    root.append(el("p", { class: "empty" }, "No events with both an actor and a recipient match these filters."));
    return;
  }
  const maxNode = Math.max(...network.nodes.map((n) => n.events));
  const nodes = network.nodes.map((n) => ({ ...n, r: 4 + 10 * Math.sqrt(n.events / maxNode) }));
  const links = network.edges.map((e) => ({ ...e }));
  layout(nodes, links);
  const pairs = new Set(links.map((l) => `${l.source.id}\u0000${l.target.id}`));
  const maxEvents = Math.max(...links.map((l) => l.events));
  const viewport = svg("g", { class: "viewport" });
  const labelLayer = svg("g", { class: "labels" });
  const hover = svg("g", { class: "hover-label" }, svg("rect", { rx: 3 }), svg("text", {}));
  const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart network", role: "img", "aria-label": "Actor network" },
    svg("defs", {}, svg("marker", { id: "arrow", viewBox: "0 0 10 10", refX: 9, refY: 5, markerWidth: 8, markerHeight: 8, markerUnits: "userSpaceOnUse", orient: "auto" },
      svg("path", { d: "M 0 0 L 10 5 L 0 10 z", fill: "#666" }))),
    svg("rect", { class: "background", width: W, height: H }), viewport, labelLayer, hover);
  const lines = links.map((l) => {
    const line = svg("line", {
      ...edgeEnds(l, pairs.has(`${l.target.id}\u0000${l.source.id}`)), class: "edge", stroke: scoreColor(l.mean_score),
      "stroke-width": 1 + 5 * Math.sqrt(l.events / maxEvents), "marker-end": "url(#arrow)",
      "data-source": l.source.name, "data-target": l.target.name, "data-events": l.events, tabindex: 0,
      onclick: () => onPickEdge(l.source.name, l.target.name),
    }, svg("title", {}, `${l.source.name} → ${l.target.name}: ${l.events} events, mean PLOVER score ${l.mean_score ?? "n/a"}. Click: the dyad over time.`));
    viewport.append(line);
    return line;
  });
  const groups = nodes.map((n) => {
    const g = svg("g", { class: "node", "data-name": n.name, "data-events": n.events, tabindex: 0, "aria-label": `${n.name}: ${n.events} events`, onclick: () => onPickNode(n.name) },
      svg("circle", { cx: n.x, cy: n.y, r: n.r }));
    viewport.append(g);
    return g;
  });
  let transform = zoomIdentity;
  const relabel = () => {
    const at = nodes.map((n) => { const [x, y] = transform.apply([n.x, n.y]); return { id: n.id, x, y, r: n.r * transform.k, text: n.name }; });
    const placed = placeLabels(at, at, { x: 0, y: 0, w: W, h: H }, { max: Math.round(LABELS * transform.k), avoid: [CONTROLS(W)] });
    clear(labelLayer);
    nodes.forEach((n, i) => {
      const spot = placed.get(n.id);
      groups[i].dataset.labelled = spot ? "true" : "false";
      if (spot) labelLayer.append(svg("text", { x: spot.x, y: spot.y, "text-anchor": spot.anchor, class: "label", "data-name": n.name }, n.name));
    });
  };
  const showHover = (n) => {
    const [x, y] = transform.apply([n.x, n.y]);
    const text = hover.querySelector("text");
    text.textContent = `${n.name}${n.country ? " (" + n.country + ")" : ""}: ${n.events} events`;
    hover.classList.add("shown");
    const box = text.getBBox();
    const left = Math.max(2, Math.min(W - box.width - 10, x + n.r * transform.k + 6));
    const top = Math.max(14, y - n.r * transform.k - 6);
    text.setAttribute("x", left + 4);
    text.setAttribute("y", top);
    const rect = hover.querySelector("rect");
    for (const [k, v] of Object.entries({ x: left, y: top - box.height + 2, width: box.width + 8, height: box.height + 4 })) rect.setAttribute(k, v);
    chart.querySelectorAll(".edge").forEach((e) => e.classList.toggle("lit", e.dataset.source === n.name || e.dataset.target === n.name));
  };
  const hideHover = () => {
    hover.classList.remove("shown");
    chart.querySelectorAll(".edge.lit").forEach((e) => e.classList.remove("lit"));
  };
  const redraw = () => {
    nodes.forEach((n, i) => { groups[i].firstChild.setAttribute("cx", n.x); groups[i].firstChild.setAttribute("cy", n.y); });
    links.forEach((l, i) => {
      for (const [k, v] of Object.entries(edgeEnds(l, pairs.has(`${l.target.id}\u0000${l.source.id}`)))) lines[i].setAttribute(k, v);
    });
    relabel();
  };
  nodes.forEach((n, i) => {
    const g = groups[i];
    g.addEventListener("mouseenter", () => showHover(n));
    g.addEventListener("focus", () => showHover(n));
    g.addEventListener("mouseleave", hideHover);
    g.addEventListener("blur", hideHover);
    select(g).datum(n).call(drag().on("drag", (event) => { n.x = event.x; n.y = event.y; redraw(); showHover(n); }));
  });
  const controls = zoomable(chart, { min: 0.6, max: 6, onZoom: (t) => { transform = t; viewport.setAttribute("transform", t.toString()); relabel(); hideHover(); } });
  root.append(el("div", { class: "chart-frame" }, chart, controls),
    el("div", { class: "legend" }, "Edge colour: mean PLOVER score, red −10 (conflict) to green +10 (cooperation); width: events. "
      + "Names of the biggest actors shown; hover for the others. Click an edge for the dyad, a node for the events it takes part in (as actor or recipient)."));
  relabel();
}
