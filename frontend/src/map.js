// Where: country totals as a choropleth on Natural Earth shapes (the world-atlas package, bundled, so
// no tile server is needed) and event places as dots.
import { geoNaturalEarth1, geoPath } from "d3-geo";
import { feature } from "topojson-client";
import world from "world-atlas/countries-110m.json";
import { svg, el, clear } from "./dom.js";
import { countColor } from "./colors.js";

const W = 560, H = 300;
const projection = geoNaturalEarth1().fitSize([W, H], { type: "Sphere" });
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

export function renderMap(root, data, onPickCountry, onPickPlace) {
  clear(root);
  root.append(el("h2", {}, "Where"));
  const { sphere, countries } = countryShapes();
  const totals = new Map(data.countries.filter((c) => c.numeric).map((c) => [c.numeric, c]));
  const max = Math.max(0, ...data.countries.map((c) => c.events));
  const chart = svg("svg", { viewBox: `0 0 ${W} ${H}`, class: "chart map", role: "img", "aria-label": "Map of events" },
    svg("path", { d: sphere, class: "sphere" }));
  for (const f of countries) {
    const total = totals.get(f.id);
    chart.append(svg("path", {
      d: f.d, class: total ? "country has-events" : "country", fill: countColor(total ? total.events : 0, max),
      "data-country": total ? total.country : null, tabindex: total ? 0 : null,
      onclick: total ? () => onPickCountry(total.country) : null,
    }, svg("title", {}, `${f.name}: ${total ? total.events : 0} events`)));
  }
  const maxPlace = Math.max(1, ...data.places.map((p) => p.events));
  for (const p of data.places) {
    const xy = projection([p.lon, p.lat]);
    if (!xy) continue;
    chart.append(svg("circle", {
      cx: xy[0], cy: xy[1], r: 2 + 6 * Math.sqrt(p.events / maxPlace), class: "place", "data-place": p.name, tabindex: 0,
      onclick: () => onPickPlace(p.name),
    }, svg("title", {}, `${p.name}${p.country ? " (" + p.country + ")" : ""}: ${p.events} events`)));
  }
  const unmapped = data.countries.filter((c) => !c.numeric);
  root.append(chart, el("div", { class: "legend" }, "Shading: events by country of the place (or of the actor where no place is known); dots: places.",
    unmapped.length ? ` Not on the map: ${unmapped.map((c) => `${c.country} ${c.events}`).join(", ")}.` : ""));
}
