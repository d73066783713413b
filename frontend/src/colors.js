// PLOVER's quad classes and the manual's conflict (-10) to cooperation (+10) score, as colours.
export const QUADS = {
  verbal_cooperation: { label: "Verbal cooperation", color: "#7fbf7b" },
  material_cooperation: { label: "Material cooperation", color: "#1b7837" },
  verbal_conflict: { label: "Verbal conflict", color: "#f4a582" },
  material_conflict: { label: "Material conflict", color: "#b2182b" },
};

export function quadColor(quad) {
  return (QUADS[quad] || { color: "#999" }).color;
}

function mix(a, b, t) {
  const pa = [1, 3, 5].map((i) => parseInt(a.slice(i, i + 2), 16));
  const pb = [1, 3, 5].map((i) => parseInt(b.slice(i, i + 2), 16));
  return "#" + pa.map((v, i) => Math.round(v + (pb[i] - v) * t).toString(16).padStart(2, "0")).join("");
}

export function scoreColor(score) {
  if (score === null || score === undefined) return "#999999";
  const t = Math.max(-1, Math.min(1, score / 10));
  return t < 0 ? mix("#bbbbbb", "#b2182b", -t) : mix("#bbbbbb", "#1b7837", t);
}

export function countColor(n, max) {
  if (!n) return "#eeeeee";
  const t = Math.log(1 + n) / Math.log(1 + Math.max(max, 1));
  return mix("#fde0c5", "#8c2d04", t);
}
