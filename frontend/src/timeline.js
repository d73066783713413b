// Event counts by month, stacked by PLOVER type and coloured by quad class. A bar segment filters to
// that type and month.
import { svg, el, clear } from "./dom.js";
import { QUADS, quadColor } from "./colors.js";

function monthsBetween(first, last) {
  const out = [];
  let [y, m] = first.split("-").map(Number);
  const [ly, lm] = last.split("-").map(Number);
  while (y < ly || (y === ly && m <= lm)) {
    out.push(`${y}-${String(m).padStart(2, "0")}`);
    m += 1;
    if (m > 12) { m = 1; y += 1; }
    if (out.length > 600) break;
  }
  return out;
}

function monthEnd(month) {
  const [y, m] = month.split("-").map(Number);
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}

export function renderTimeline(root, rows, onPick) {
  clear(root);
  root.append(el("h2", {}, "Timeline"));
  const valid = rows.filter((r) => /^\d{4}-\d{2}$/.test(r.month));
  if (!valid.length) {
    root.append(el("p", { class: "empty" }, "No dated events match these filters."));
    return;
  }
  const months = monthsBetween(valid[0].month, valid[valid.length - 1].month);
  const byMonth = new Map(months.map((m) => [m, []]));
  for (const r of valid) byMonth.get(r.month)?.push(r);
  const quadOrder = Object.keys(QUADS);
  for (const list of byMonth.values()) list.sort((a, b) => quadOrder.indexOf(a.quad) - quadOrder.indexOf(b.quad) || a.type.localeCompare(b.type));
  const max = Math.max(...[...byMonth.values()].map((l) => l.reduce((s, r) => s + r.events, 0)));
  const W = 900, H = 200, left = 40, bottom = 30, top = 10;
  const bw = (W - left) / months.length;
  const y = (n) => ((H - bottom - top) * n) / max;
  const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart timeline", role: "img", "aria-label": "Events by month" });
  chart.append(svg("line", { x1: left, x2: W, y1: H - bottom, y2: H - bottom, class: "axis" }));
  chart.append(svg("text", { x: left - 4, y: top + 8, "text-anchor": "end", class: "tick" }, String(max)));
  const labelEvery = Math.ceil(months.length / 12);
  months.forEach((month, i) => {
    let base = H - bottom;
    for (const r of byMonth.get(month)) {
      const h = y(r.events);
      base -= h;
      chart.append(svg("rect", {
        x: left + i * bw + 1, y: base, width: Math.max(bw - 2, 1), height: h, fill: quadColor(r.quad),
        class: "bar", "data-month": month, "data-type": r.type, "data-events": r.events, tabindex: 0,
        onclick: () => onPick({ type: r.type, since: `${month}-01`, until: monthEnd(month) }),
      }, svg("title", {}, `${month} · ${r.type}: ${r.events} events`)));
    }
    if (i % labelEvery === 0) chart.append(svg("text", { x: left + i * bw + bw / 2, y: H - bottom + 16, "text-anchor": "middle", class: "tick" }, month));
  });
  const legend = el("div", { class: "legend" }, Object.values(QUADS).map((q) =>
    el("span", {}, el("i", { class: "swatch", "data-color": q.color }), q.label)));
  for (const sw of legend.querySelectorAll(".swatch")) sw.style.background = sw.dataset.color;
  root.append(chart, legend);
}
