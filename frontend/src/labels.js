// Labels that never overlap: each candidate, most important first, takes the first of a few spots around its
// point that is clear of the labels already placed, of every marker and of the chart's edge; a label with no
// clear spot is left out (its name shows on hover).
let context = null;

export function textWidth(text, font = "11px system-ui, sans-serif") {
  if (!context) context = document.createElement("canvas").getContext("2d");
  context.font = font;
  return context.measureText(text).width;
}

// The labels' white halo (stroke-width of .label in style.css): it paints over whatever it covers, so two
// labels must be clear of each other's halo, not only of each other's letters.
const HALO = 3;

// The font's ascent and descent (an SVG text's box spans them, whatever the letters), with the halo around.
export function lineMetrics(font = "11px system-ui, sans-serif") {
  if (!context) context = document.createElement("canvas").getContext("2d");
  context.font = font;
  const m = context.measureText("Hg");
  const ascent = m.fontBoundingBoxAscent ?? 11;
  const descent = m.fontBoundingBoxDescent ?? 3;
  return { ascent: HALO + ascent, height: Math.ceil(ascent + descent) + 2 * HALO };
}

const overlaps = (a, b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

// candidates: [{id, x, y, r, text}] in screen units, most important first; markers: [{id, x, y, r}]; avoid:
// boxes [{x, y, w, h}] no label may cover (the zoom buttons); returns Map id -> {x, y, anchor} (text baseline
// position) for the labels placed.
export function placeLabels(candidates, markers, bounds, { max = Infinity, gap = 3, avoid = [] } = {}) {
  const { ascent, height } = lineMetrics();
  const placed = [...avoid];
  const out = new Map();
  const boxes = markers.map((m) => ({ x: m.x - m.r, y: m.y - m.r, w: 2 * m.r, h: 2 * m.r }));
  for (const c of candidates) {
    if (out.size >= max) break;
    const w = textWidth(c.text) + 2 * HALO;
    const d = c.r * 0.7 + gap; // the diagonal spots, off the marker's corners
    const spots = [
      { x: c.x + c.r + gap, y: c.y - height / 2, anchor: "start" },
      { x: c.x - c.r - gap - w, y: c.y - height / 2, anchor: "end" },
      { x: c.x - w / 2, y: c.y - c.r - gap - height, anchor: "middle" },
      { x: c.x - w / 2, y: c.y + c.r + gap, anchor: "middle" },
      { x: c.x + d, y: c.y - d - height, anchor: "start" },
      { x: c.x + d, y: c.y + d, anchor: "start" },
      { x: c.x - d - w, y: c.y - d - height, anchor: "end" },
      { x: c.x - d - w, y: c.y + d, anchor: "end" },
    ];
    for (const s of spots) {
      const box = { x: s.x, y: s.y, w, h: height };
      const inside = box.x >= bounds.x && box.y >= bounds.y && box.x + w <= bounds.x + bounds.w && box.y + height <= bounds.y + bounds.h;
      // its own marker is the one box it may touch (the spots sit just outside it anyway)
      const clear = inside && !placed.some((p) => overlaps(p, box))
        && !boxes.some((b, i) => markers[i].id !== c.id && overlaps(b, box));
      if (!clear) continue;
      placed.push(box);
      const textX = s.anchor === "start" ? s.x + HALO : s.anchor === "end" ? s.x + w - HALO : s.x + w / 2;
      out.set(c.id, { x: textX, y: s.y + ascent, anchor: s.anchor, box }); // the baseline, one ascent down
      break;
    }
  }
  return out;
}
