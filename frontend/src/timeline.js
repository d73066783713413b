// When: events per week or month, stacked by PLOVER quad class, with the mean conflict–cooperation score of
// each bin as a line (Goldstein's scale of the CAMEO codes, or PLOVER's of the types). Drag across the chart
// to pick a period (it sets the date filter); a click picks one bin. The axis spans the bulk of the dates:
// the server leaves out dates after the newest article and before the 1st percentile, and says how many.
import { select, pointer } from "d3-selection";
import { brushX } from "d3-brush";
import { scaleUtc, scaleLinear } from "d3-scale";
import { axisBottom, axisLeft, axisRight } from "d3-axis";
import { svg, el, clear } from "./dom.js";
import { api, query } from "./api.js";
import { QUADS, quadColor } from "./colors.js";
import { tooltip } from "./tooltip.js";
import { day, plus1, timeDomain, binAt } from "./time_axis.js";

const W = 900, H = 240, M = { top: 14, right: 52, bottom: 26, left: 48 };
const SCORES = { goldstein: "mean Goldstein score (CAMEO)", plover: "mean PLOVER score" };
const LEFT_OUT = {
  before: "dated before the plotted period", after: "dated after the newest article", month_only: "known only to their month",
  year_only: "known only to their year", undated: "undated",
};
const view = { by: "month", score: "goldstein" }; // the toggles' choices, kept across filter changes

export const binsChoice = () => view.by;

export async function showTimeline(root, filters, onPeriod) {
  const data = (await api(`/api/timeline${query({ ...filters, by: view.by })}`)).data;
  drawTimeline(root, data, filters, onPeriod);
  return data;
}

function toggles(root, filters, onPeriod) {
  const group = (name, choices) => el("div", { class: "toggle", role: "group", "aria-label": name },
    Object.entries(choices).map(([value, label]) => el("button", {
      type: "button", id: `${name}-${value}`, "aria-pressed": String(view[name] === value),
      onclick: () => { view[name] = value; showTimeline(root, filters, onPeriod).catch((err) => root.append(el("p", { class: "error" }, err.message))); },
    }, label)));
  return el("div", { class: "toggles" }, group("by", { week: "Weekly", month: "Monthly" }),
    group("score", { goldstein: "Goldstein", plover: "PLOVER" }));
}

function note(data) {
  const parts = Object.entries(data.left_out).filter(([, n]) => n).map(([why, n]) => `${n} ${LEFT_OUT[why] || why}`);
  const span = data.span ? `Plotted ${data.span.start} to ${data.span.end}.` : "";
  return el("p", { class: "legend note", id: "timeline-note" }, span, parts.length ? ` Not plotted: ${parts.join(", ")}.` : "");
}

function axes(chart, x, y, s) {
  const g = (cls, transform) => { const n = svg("g", { class: `axis ${cls}`, transform }); chart.append(n); return select(n); };
  g("x", `translate(0 ${H - M.bottom})`).call(axisBottom(x).ticks(W / 100));
  g("y", `translate(${M.left} 0)`).call(axisLeft(y).ticks(5).tickFormat((v) => (Number.isInteger(v) ? v : "")));
  g("score", `translate(${W - M.right} 0)`).call(axisRight(s).tickValues([-10, -5, 0, 5, 10]));
  chart.append(svg("text", { class: "axis-title", transform: `translate(12 ${M.top + (H - M.top - M.bottom) / 2}) rotate(-90)`, "text-anchor": "middle" }, "events"),
    svg("text", { class: "axis-title", transform: `translate(${W - 8} ${M.top + (H - M.top - M.bottom) / 2}) rotate(90)`, "text-anchor": "middle" }, SCORES[view.score]),
    svg("line", { class: "zero", x1: M.left, x2: W - M.right, y1: s(0), y2: s(0) }));
}

function bars(chart, bins, x, y) {
  for (const b of bins) {
    const x0 = x(day(b.start)), width = Math.max(1, x(plus1(day(b.end))) - x0 - 1);
    let below = 0;
    for (const quad of [...Object.keys(QUADS), "other"]) {
      const n = b.counts[quad];
      if (!n) continue;
      chart.append(svg("rect", { x: x0 + 0.5, y: y(below + n), width, height: y(below) - y(below + n), fill: quadColor(quad),
        class: "bar", "data-start": b.start, "data-end": b.end, "data-quad": quad, "data-events": n }));
      below += n;
    }
  }
}

function scoreLine(chart, bins, x, s) {
  const points = bins.filter((b) => b[view.score] !== null).map((b) => [x(day(b.start)) + (x(plus1(day(b.end))) - x(day(b.start))) / 2, s(b[view.score]), b]);
  // adjacent bins are joined by a solid line; across bins with no scored event the line is dotted, since no
  // score is not a neutral score
  let solid = "", dotted = "";
  points.forEach(([px, py, b], i) => {
    const at = `${px.toFixed(1)} ${py.toFixed(1)}`;
    if (i === 0) { solid += `M${at}`; return; }
    const [qx, qy, previous] = points[i - 1];
    const adjacent = bins.indexOf(b) === bins.indexOf(previous) + 1;
    solid += `${adjacent ? "L" : "M"}${at}`;
    if (!adjacent) dotted += `M${qx.toFixed(1)} ${qy.toFixed(1)}L${at}`;
  });
  chart.append(svg("path", { d: dotted, class: "score-gap" }), svg("path", { d: solid, class: "score-line" }));
  for (const [px, py, b] of points) chart.append(svg("circle", { cx: px, cy: py, r: 2.5, class: "score-point", "data-start": b.start, "data-score": b[view.score] }));
}

function describe(b) {
  const quads = Object.entries(b.counts).map(([q, n]) => `${(QUADS[q] || { label: q }).label}: ${n}`);
  const score = (v) => (v === null ? "n/a" : v.toFixed(1));
  return [`${b.start} to ${b.end}: ${b.events} event${b.events === 1 ? "" : "s"}`, ...quads,
    `Mean Goldstein ${score(b.goldstein)} · mean PLOVER ${score(b.plover)}`];
}

export function drawTimeline(root, data, filters, onPeriod) {
  clear(root);
  root.append(el("h2", {}, `Timeline (${view.by === "week" ? "weekly" : "monthly"})`), toggles(root, filters, onPeriod));
  if (!data.bins.length) {
    root.append(el("p", { class: "empty" }, "No dated events match these filters."), note(data));
    return;
  }
  const bins = data.bins;
  const x = scaleUtc().domain(timeDomain(bins, view.by)).range([M.left, W - M.right]);
  const y = scaleLinear().domain([0, Math.max(1, ...bins.map((b) => b.events))]).nice().range([H - M.bottom, M.top]);
  const s = scaleLinear().domain([-10, 10]).range([H - M.bottom, M.top]);
  const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart timeline", role: "img", "aria-label": `Events by ${view.by}` });
  bars(chart, bins, x, y);
  axes(chart, x, y, s);
  scoreLine(chart, bins, x, s);
  const binUnder = (px) => binAt(bins, x.invert(px));
  const brush = brushX().extent([[M.left, M.top], [W - M.right, H - M.bottom]]).on("end", (event) => {
    if (!event.sourceEvent) return; // moved by the code below, not by the user
    let first, last;
    if (event.selection) [first, last] = event.selection.map(binUnder);
    else first = last = binUnder(pointer(event.sourceEvent, chart)[0]); // a click without a drag: its bin
    if (first && last) onPeriod({ since: first.start, until: last.end });
  });
  const brushLayer = svg("g", { class: "brush" });
  chart.append(brushLayer);
  select(brushLayer).call(brush);
  const tip = tooltip(root);
  chart.addEventListener("mousemove", (e) => { const b = binUnder(pointer(e, chart)[0]); if (b) tip.show(e, describe(b)); else tip.hide(); });
  chart.addEventListener("mouseleave", () => tip.hide());
  const legend = el("div", { class: "legend" }, Object.values(QUADS).map((q) => el("span", {}, el("i", { class: "swatch", "data-color": q.color }), q.label)),
    el("span", {}, el("i", { class: "swatch line" }), SCORES[view.score], " (−10 conflict to +10 cooperation)"),
    el("span", {}, "Drag across the chart to pick a period; click for one ", view.by, "."));
  for (const sw of legend.querySelectorAll(".swatch[data-color]")) sw.style.background = sw.dataset.color;
  root.append(el("div", { class: "chart-frame" }, chart), legend, note(data));
}
