// Where: country totals as a choropleth on Natural Earth shapes (the world-atlas package, bundled, so no tile
// server is needed) and event places as markers whose shape says how precise the place is: a city or town
// (a GeoNames place, with its admin1 code), a country only (drawn at its capital), or a named place located
// approximately. Zoom with the wheel or the buttons, pan by dragging.
import { geoNaturalEarth1, geoPath } from "d3-geo";
import { feature } from "topojson-client";
import world from "world-atlas/countries-110m.json";
import { svg, el, clear } from "./dom.js";
import { countColor } from "./colors.js";
import { zoomable, CONTROLS } from "./zoom.js";
import { placeLabels } from "./labels.js";

const W = 560, H = 330, LABELS = 10, LABEL_ZOOM = 2;
const projection = geoNaturalEarth1().fitSize([W, H], { type: "Sphere" });
export const PRECISION = {
  city: { label: "City or town (GeoNames)", shape: "circle" },
  other: { label: "Named place, approximate", shape: "diamond" },
  country: { label: "Country only (at its capital)", shape: "square" },
};
// the shapes never change, only their colours: project them once, on the first draw
let shapes = null;
function countryShapes() {
  if (!shapes) {
    const path = geoPath(projection);
    shapes = {
      sphere: path({ type: "Sphere" }),
      countries: feature(world, world.objects.countries).features.map((f) => ({
        id: String(f.id).padStart(3, "0"), name: f.properties.name, d: path(f),
      })),
    };
  }
  return shapes;
}

function marker(precision, r) {
  const shape = (PRECISION[precision] || PRECISION.other).shape;
  if (shape === "circle") return svg("circle", { r });
  if (shape === "square") return svg("rect", { x: -r, y: -r, width: 2 * r, height: 2 * r });
  return svg("path", { d: `M0 ${-r * 1.3} L${r * 1.3} 0 L0 ${r * 1.3} L${-r * 1.3} 0 Z` });
}

function describe(p) {
  const ids = [p.geonames_id ? `GeoNames ${p.geonames_id}` : null, p.admin1 ? `admin1 ${p.admin1}` : null].filter(Boolean);
  return `${p.name}${p.country ? " (" + p.country + ")" : ""}: ${p.events} event${p.events === 1 ? "" : "s"}\n`
    + `Precision: ${p.precision_words}${ids.length ? " · " + ids.join(" · ") : ""}`;
}

function legend(unmapped) {
  const items = Object.entries(PRECISION).map(([key, { label }]) => el("span", { class: "marker-key" },
    svg("svg", { viewBox: "-6 -6 12 12", width: 12, height: 12, class: `place precision-${key}` }, marker(key, 4)), label));
  return el("div", { class: "legend" }, "Shading: events by country of the place (or of the actor where no place is known). Markers:",
    ...items, unmapped.length ? ` Not on the map: ${unmapped.map((c) => `${c.country} ${c.events}`).join(", ")}.` : "");
}

export function renderMap(root, data, onPickCountry, onPickPlace) {
  clear(root);
  root.append(el("h2", {}, "Where"));
  const { sphere, countries } = countryShapes();
  const totals = new Map(data.countries.filter((c) => c.numeric).map((c) => [c.numeric, c]));
  const max = Math.max(0, ...data.countries.map((c) => c.events));
  const viewport = svg("g", { class: "viewport" }, svg("path", { d: sphere, class: "sphere" }));
  const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart map", role: "img", "aria-label": "Map of events" }, viewport);
  for (const f of countries) {
    const total = totals.get(f.id);
    viewport.append(svg("path", {
      d: f.d, class: total ? "country has-events" : "country", fill: countColor(total ? total.events : 0, max),
      "data-country": total ? total.country : null, tabindex: total ? 0 : null,
      onclick: total ? () => onPickCountry(total.country) : null,
    }, svg("title", {}, `${f.name}: ${total ? total.events : 0} events`)));
  }
  const maxPlace = Math.max(1, ...data.places.map((p) => p.events));
  const markers = [];
  // smallest last, so that a big marker never hides a small one
  for (const p of [...data.places].sort((a, b) => b.events - a.events)) {
    const xy = projection([p.lon, p.lat]);
    if (!xy) continue;
    const g = svg("g", {
      class: `place precision-${p.precision}`, "data-place": p.name, "data-precision": p.precision, tabindex: 0,
      transform: `translate(${xy[0]} ${xy[1]})`, onclick: () => onPickPlace(p.name),
    }, marker(p.precision, 2.5 + 5 * Math.sqrt(p.events / maxPlace)), svg("title", {}, describe(p)));
    markers.push([g, xy, p, 2.5 + 5 * Math.sqrt(p.events / maxPlace)]);
    viewport.append(g);
  }
  // zoomed in, the biggest places in view are named where their names fit
  const labelLayer = svg("g", { class: "labels" });
  chart.append(labelLayer);
  const relabel = (t) => {
    clear(labelLayer);
    if (t.k < LABEL_ZOOM) return;
    const at = markers.map(([, [x, y], p, r]) => { const [sx, sy] = t.apply([x, y]); return { id: p.name, x: sx, y: sy, r, text: p.name }; });
    for (const [id, spot] of placeLabels(at, at, { x: 0, y: 0, w: W, h: H }, { max: LABELS, avoid: [CONTROLS(W)] })) {
      labelLayer.append(svg("text", { x: spot.x, y: spot.y, "text-anchor": spot.anchor, class: "label", "data-place": id }, id));
    }
  };
  const controls = zoomable(chart, {
    min: 1, max: 16, translate: [[0, 0], [W, H]],
    // markers keep their size on screen: the map grows under them
    onZoom: (t) => {
      viewport.setAttribute("transform", t.toString());
      chart.dataset.zoom = t.k.toFixed(2);
      for (const [g, [x, y]] of markers) g.setAttribute("transform", `translate(${x} ${y}) scale(${1 / t.k})`);
      relabel(t);
    },
  });
  chart.dataset.zoom = "1.00";
  root.append(el("div", { class: "chart-frame" }, chart, controls), legend(data.countries.filter((c) => !c.numeric)));
}
