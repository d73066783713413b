// A tooltip that follows the pointer inside a chart's card: for charts whose brush or zoom layer sits over
// the marks (where an SVG <title> never shows).
import { el } from "./dom.js";

export function tooltip(card) {
  const tip = el("div", { class: "tooltip", role: "status", hidden: true });
  card.append(tip);
  return {
    show(event, lines) {
      tip.replaceChildren(...lines.map((line, i) => el(i === 0 ? "b" : "div", {}, line)));
      tip.hidden = false;
      const box = card.getBoundingClientRect();
      const x = event.clientX - box.left + 14, y = event.clientY - box.top + 14;
      tip.style.left = `${Math.min(x, box.width - tip.offsetWidth - 4)}px`;
      tip.style.top = `${y}px`;
    },
    hide() {
      tip.hidden = true;
    },
  };
}
