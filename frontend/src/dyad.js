// A dyad: two actors' events over time, both directions, with counts. A → B are bars above the axis, B → A
// below it; the events are listed under the chart and open their evidence. Reached by clicking an edge of
// the network or by picking the two actors here.
import { select, pointer } from "d3-selection";
import { scaleUtc, scaleLinear } from "d3-scale";
import { axisBottom, axisLeft } from "d3-axis";
import { svg, el, clear } from "./dom.js";
import { api, query } from "./api.js";
import { tooltip } from "./tooltip.js";
import { binsChoice } from "./timeline.js";
import { day, plus1, timeDomain, binAt } from "./time_axis.js";

const W = 900, H = 200, M = { top: 12, right: 20, bottom: 24, left: 48 };
const COLORS = { a_to_b: "#2b5797", b_to_a: "#e08214" };
const SHOWN = 100;

function pickers(actors, pair, onPick) {
  const options = (selected) => [el("option", { value: "" }, "— pick an actor —"),
    ...actors.map((a) => el("option", { value: a.name, selected: a.name === selected }, `${a.name} (${a.events})`))];
  const a = el("select", { id: "dyad-a", "aria-label": "First actor" }, options(pair?.[0]));
  const b = el("select", { id: "dyad-b", "aria-label": "Second actor" }, options(pair?.[1]));
  // a pair reached from the network may hold an actor outside the pickers' list: it is still shown
  for (const [select_, name] of [[a, pair?.[0]], [b, pair?.[1]]]) {
    if (name && select_.value !== name) select_.append(el("option", { value: name, selected: true }, name));
  }
  const pick = () => { if (a.value && b.value && a.value !== b.value) onPick([a.value, b.value]); };
  a.addEventListener("change", pick);
  b.addEventListener("change", pick);
  return el("div", { class: "dyad-pickers" },
    el("label", { class: "field" }, el("span", {}, "Actor A"), a),
    el("button", { type: "button", id: "dyad-swap", title: "Swap A and B", onclick: () => pair && onPick([pair[1], pair[0]]) }, "⇄"),
    el("label", { class: "field" }, el("span", {}, "Actor B"), b),
    pair ? el("button", { type: "button", id: "dyad-close", onclick: () => onPick(null) }, "Close the dyad") : null);
}

function chart(root, data) {
  const bins = data.bins;
  const x = scaleUtc().domain(timeDomain(bins, data.by)).range([M.left, W - M.right]);
  const most = Math.max(1, ...bins.flatMap((b) => [b.counts.a_to_b || 0, b.counts.b_to_a || 0]));
  const y = scaleLinear().domain([-most, most]).nice().range([H - M.bottom, M.top]);
  const plot = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart dyad-chart", role: "img", "aria-label": `Events between ${data.a} and ${data.b}` });
  for (const b of bins) {
    const x0 = x(day(b.start)), width = Math.max(1, x(plus1(day(b.end))) - x0 - 1);
    for (const [dir, sign] of [["a_to_b", 1], ["b_to_a", -1]]) {
      const n = b.counts[dir];
      if (!n) continue;
      const top = Math.min(y(0), y(sign * n));
      plot.append(svg("rect", { x: x0 + 0.5, y: top, width, height: Math.abs(y(sign * n) - y(0)), fill: COLORS[dir], class: "bar",
        "data-direction": dir, "data-start": b.start, "data-events": n }));
    }
  }
  const axis = (cls, transform) => { const g = svg("g", { class: `axis ${cls}`, transform }); plot.append(g); return select(g); };
  axis("x", `translate(0 ${H - M.bottom})`).call(axisBottom(x).ticks(W / 100));
  axis("y", `translate(${M.left} 0)`).call(axisLeft(y).ticks(6).tickFormat((v) => (Number.isInteger(v) ? Math.abs(v) : "")));
  plot.append(svg("line", { class: "zero", x1: M.left, x2: W - M.right, y1: y(0), y2: y(0) }));
  const tip = tooltip(root);
  plot.addEventListener("mousemove", (e) => {
    const b = binAt(bins, x.invert(pointer(e, plot)[0]));
    if (!b) return tip.hide();
    tip.show(e, [`${b.start} to ${b.end}`, `${data.a} → ${data.b}: ${b.counts.a_to_b || 0}`, `${data.b} → ${data.a}: ${b.counts.b_to_a || 0}`,
      `Mean Goldstein ${b.goldstein === null ? "n/a" : b.goldstein.toFixed(1)}`]);
  });
  plot.addEventListener("mouseleave", () => tip.hide());
  const key = (dir, text) => el("span", {}, el("i", { class: `swatch ${dir}` }), text);
  return [el("div", { class: "chart-frame" }, plot),
    el("div", { class: "legend" }, key("a_to_b", `${data.a} → ${data.b} (above the axis)`), key("b_to_a", `${data.b} → ${data.a} (below)`))];
}

function eventList(data, onOpen) {
  const names = { a_to_b: `${data.a} → ${data.b}`, b_to_a: `${data.b} → ${data.a}` };
  const rows = data.events.slice(0, SHOWN).map((e) => el("tr", { tabindex: 0, "data-uid": e.uid, "data-direction": e.direction, onclick: () => onOpen(e.uid) },
    el("td", {}, e.date || el("span", { class: "undated" }, "undated")), el("td", { class: `direction ${e.direction}` }, names[e.direction]),
    el("td", {}, e.mode ? `${e.type}/${e.mode}` : e.type), el("td", { class: "c-sentence" }, e.sentence.length > 160 ? e.sentence.slice(0, 159) + "…" : e.sentence)));
  const more = data.events.length > SHOWN ? el("p", { class: "legend" }, `The first ${SHOWN} of ${data.events.length} events; the table (filter by actor) lists them all.`) : null;
  return [el("table", { class: "events dyad-events", id: "dyad-events" },
    el("thead", {}, el("tr", {}, ["Date", "Direction", "Type", "Sentence"].map((h) => el("th", { scope: "col" }, h)))), el("tbody", {}, rows)), more];
}

export async function renderDyad(root, filters, pair, actors, onPick, onOpen) {
  clear(root);
  root.append(el("h2", {}, pair ? `Dyad: ${pair[0]} ⇄ ${pair[1]}` : "Dyad: two actors over time"), pickers(actors, pair, onPick));
  if (!pair) {
    root.append(el("p", { class: "empty" }, "Pick two actors, or click an edge of the network, to see their events over time in both directions."));
    return;
  }
  const { actor, recipient, ...rest } = filters; // the dyad names its own two actors
  let data;
  try {
    data = (await api(`/api/dyad${query({ ...rest, a: pair[0], b: pair[1], by: binsChoice() })}`)).data;
  } catch (err) {
    root.append(el("p", { class: "error" }, `Could not load this dyad: ${err.message}`));
    return;
  }
  const ab = data.totals.a_to_b || 0, ba = data.totals.b_to_a || 0;
  root.append(el("p", { class: "dyad-totals", id: "dyad-totals" },
    el("span", { class: "direction a_to_b" }, `${data.a} → ${data.b}: ${ab} event${ab === 1 ? "" : "s"}`), " · ",
    el("span", { class: "direction b_to_a" }, `${data.b} → ${data.a}: ${ba} event${ba === 1 ? "" : "s"}`)));
  if (data.bins.length) root.append(...chart(root, data));
  else root.append(el("p", { class: "empty" }, "None of their events is dated."));
  root.append(...eventList(data, onOpen).filter(Boolean));
}
