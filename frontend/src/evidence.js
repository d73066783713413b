// The evidence behind an event: its article with every coded span marked, the event's sentence in
// focus, and for each event of the article why it was coded so.
import { el, clear } from "./dom.js";
import { api } from "./api.js";
import { renderHighlighted, spansFromStore, legend } from "./highlight.js";
import { renderReview, reviewMark, correctionWords } from "./review.js";

export function safeLink(url) {
  // an article's URL is untrusted too: only http(s) becomes a link
  return /^https?:\/\//i.test(url || "") ? el("a", { href: url, rel: "noopener noreferrer", target: "_blank" }, url) : url ? el("span", {}, url) : null;
}

export function eventCard(e, selected, onSelect) {
  const who = `${e.actor_name || e.actor?.name || "?"} → ${e.recipient_name || e.recipient?.name || "—"}`;
  const classes = ["event-card", selected && "selected", e.review && "reviewed"].filter(Boolean).join(" ");
  return el("li", { class: classes, "data-event": e.event_id || e.id, "data-review": e.review?.verdict, onclick: onSelect || null },
    el("div", { class: "what" }, reviewMark(e.review), el("b", {}, `${e.type}${e.mode ? "/" + e.mode : ""}`), ` CAMEO ${e.cameo || "—"} · ${who}`),
    e.review?.verdict === "correct" ? el("div", { class: "corrected" }, `Reviewer's correction: ${correctionWords(e.review.corrected)}`) : null,
    el("div", { class: "meta" }, `date ${e.date || "unknown"} (${e.date_source || "?"}) · ${e.modality} · confidence ${e.confidence ?? "?"} · trigger “${e.trigger || ""}”`),
    el("div", { class: "why" }, `Why: ${e.why || ""}`));
}

export async function renderEvidence(panel, uid, onClose, onSelect, keepReviewInView = false) {
  clear(panel);
  panel.hidden = false;
  const close = el("button", { type: "button", class: "close", "aria-label": "Close evidence", onclick: onClose }, "×");
  panel.append(close, el("p", { class: "loading" }, "Loading evidence…"));
  let event, article;
  try {
    event = (await api(`/api/events/${encodeURIComponent(uid)}`)).data;
    article = (await api(`/api/articles/${encodeURIComponent(event.article_hash)}`)).data;
  } catch (err) {
    clear(panel);
    panel.append(close, el("p", { class: "error" }, `Could not load this event: ${err.message}`));
    return;
  }
  clear(panel);
  const a = article.article;
  const text = a.text || "";
  const body = text
    ? renderHighlighted(text, spansFromStore(article), { start: event.start_char, end: event.end_char })
    : el("p", { class: "empty" }, "This store keeps no text for the article (it was ingested before texts were kept); re-ingest with --recode.");
  const reviewBox = el("section", { class: "review-box", id: "review" });
  panel.append(close,
    el("h2", { id: "evidence-title" }, a.title || a.id || "Untitled article"),
    el("p", { class: "meta" }, `${a.date || "undated"} · ${a.source || ""} `, safeLink(a.url)),
    el("h3", {}, "Events in this article"),
    el("ol", { class: "event-list" }, article.events.map((e) => eventCard(e, e.uid === uid, () => onSelect(e.uid)))),
    reviewBox, el("h3", {}, "Article"), legend(), body);
  const open = article.events.find((e) => e.uid === uid);
  // after a review the panel is drawn again with the new mark, the review box kept in view
  if (open) await renderReview(reviewBox, open, () => renderEvidence(panel, uid, onClose, onSelect, true));
  const focus = keepReviewInView ? reviewBox : body.querySelector?.(".focus");
  if (focus) focus.scrollIntoView({ block: "center" });
}
