// Article text with its coded spans marked. The text is cut at every span boundary and each piece is
// a text node inside a <span> naming the kinds that cover it: overlapping spans (a quote holding an
// actor and a date) need no nesting, and no piece of the article is ever parsed as HTML.
import { el } from "./dom.js";

export const KINDS = {
  actor: "Actors", trigger: "Event triggers", date: "Dates", place: "Places", number: "Numbers", quote: "Quotes",
};

export function renderHighlighted(text, spans, focus) {
  const n = text.length;
  const cuts = new Set([0, n]);
  const valid = spans.filter((s) => Number.isInteger(s.start) && Number.isInteger(s.end) && s.start < s.end && s.start >= 0 && s.end <= n);
  for (const s of valid) { cuts.add(s.start); cuts.add(s.end); }
  if (focus) { cuts.add(Math.max(0, focus.start)); cuts.add(Math.min(n, focus.end)); }
  const points = [...cuts].sort((a, b) => a - b);
  const body = el("div", { class: "article-text" });
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i], b = points[i + 1];
    const piece = text.slice(a, b);
    const covering = valid.filter((s) => s.start <= a && s.end >= b);
    const inFocus = focus && a >= focus.start && b <= focus.end;
    if (!covering.length && !inFocus) {
      body.append(document.createTextNode(piece));
      continue;
    }
    const kinds = [...new Set(covering.map((s) => s.kind))];
    const classes = kinds.map((k) => `hl-${k}`);
    if (inFocus) classes.push("focus");
    body.append(el("span", {
      class: classes.join(" "), "data-kinds": kinds.join(" "), "data-start": a, "data-end": b,
      title: covering.map((s) => s.label).filter(Boolean).join("\n") || null,
    }, piece));
  }
  return body;
}

export function legend() {
  return el("div", { class: "legend kinds" }, Object.entries(KINDS).map(([k, label]) => el("span", { class: `hl-${k}` }, label)));
}

// Spans from a stored article (rows of the store's tables, offsets start_char/end_char) ...
export function spansFromStore(data) {
  const names = new Map(data.actors.map((a) => [a.actor_id, a.name]));
  return [
    ...data.mentions.map((m) => ({ start: m.start_char, end: m.end_char, kind: "actor", label: `actor: ${names.get(m.actor_id) || m.text}` })),
    ...data.events.filter((e) => e.trigger_start !== null).map((e) => ({ start: e.trigger_start, end: e.trigger_end, kind: "trigger", label: `trigger of ${e.event_id} ${e.type}${e.mode ? "/" + e.mode : ""}` })),
    ...data.timexes.map((t) => ({ start: t.start_char, end: t.end_char, kind: "date", label: `date: ${t.value || "?"}` })),
    ...data.places.map((p) => ({ start: p.start_char, end: p.end_char, kind: "place", label: `place: ${p.name}${p.country ? " (" + p.country + ")" : ""}` })),
    ...data.quantities.map((q) => ({ start: q.start_char, end: q.end_char, kind: "number", label: `number: ${q.value} ${q.unit || ""}` })),
    ...data.quotes.map((q) => ({ start: q.start_char, end: q.end_char, kind: "quote", label: `quote by ${q.speaker_name || "unknown speaker"}${q.via_name ? " via " + q.via_name : ""}` })),
  ];
}

// ... and from a coded document of the output contract (offsets start/end).
export function spansFromDocument(doc) {
  return [
    ...doc.actors.flatMap((a) => (a.mentions || []).map((m) => ({ start: m.start, end: m.end, kind: "actor", label: `actor: ${a.name}` }))),
    ...doc.events.filter((e) => e.trigger_start !== null && e.trigger_start !== undefined).map((e) => ({ start: e.trigger_start, end: e.trigger_end, kind: "trigger", label: `trigger of ${e.id} ${e.type}${e.mode ? "/" + e.mode : ""}` })),
    ...doc.timexes.map((t) => ({ start: t.start, end: t.end, kind: "date", label: `date: ${t.value || "?"}` })),
    ...doc.places.map((p) => ({ start: p.start, end: p.end, kind: "place", label: `place: ${p.name}${p.country ? " (" + p.country + ")" : ""}` })),
    ...doc.quantities.map((q) => ({ start: q.start, end: q.end, kind: "number", label: `number: ${q.value} ${q.unit || ""}` })),
    ...doc.quotes.map((q) => ({ start: q.start, end: q.end, kind: "quote", label: `quote by ${q.speaker ? q.speaker.name : "unknown speaker"}` })),
  ];
}
