// Zoom and pan for a chart: the wheel and a drag on the background move the view, and buttons (+, −, reset)
// do the same for those without a wheel or who use the keyboard.
import { select } from "d3-selection";
import { zoom, zoomIdentity } from "d3-zoom";
import { el } from "./dom.js";

// the corner the buttons cover, in the units of a chart 560 wide: labels keep out of it
export const CONTROLS = (width) => ({ x: width - 36, y: 0, w: 36, h: 86 });

export function zoomable(chart, { min = 1, max = 8, translate = null, onZoom }) {
  const behaviour = zoom().scaleExtent([min, max]).on("zoom", (event) => onZoom(event.transform));
  if (translate) behaviour.translateExtent(translate);
  const target = select(chart).call(behaviour).on("dblclick.zoom", null);
  const button = (label, title, act) => el("button", { type: "button", class: "zoom-button", title, "aria-label": title, onclick: act }, label);
  const controls = el("div", { class: "zoom-controls" },
    button("+", "Zoom in", () => behaviour.scaleBy(target, 1.6)),
    button("−", "Zoom out", () => behaviour.scaleBy(target, 1 / 1.6)),
    button("⟲", "Reset the view", () => behaviour.transform(target, zoomIdentity)));
  return controls;
}
