// Paste or upload an article and see it coded (POST /api/code; nothing is stored).
import { el, clear } from "./dom.js";
import { api } from "./api.js";
import { renderHighlighted, spansFromDocument, legend } from "./highlight.js";
import { eventCard } from "./evidence.js";

export function renderCodePage(root) {
  clear(root);
  const text = el("textarea", { id: "code-text", rows: 14, placeholder: "Paste the article's text (or its HTML) here…", required: true });
  const date = el("input", { id: "code-date", type: "date" });
  const title = el("input", { id: "code-title", type: "text", size: 40 });
  const file = el("input", { id: "code-file", type: "file", accept: ".txt,.html,.htm,text/plain,text/html" });
  const result = el("section", { id: "code-result", "aria-live": "polite" });
  const button = el("button", { type: "submit", id: "code-submit" }, "Code it");
  file.addEventListener("change", async () => {
    const f = file.files[0];
    if (f) text.value = await f.text();
  });
  const form = el("form", { class: "code-form" },
    el("h2", {}, "Code an article"),
    el("label", { class: "field" }, el("span", {}, "Title"), title),
    el("label", { class: "field" }, el("span", {}, "Publication date"), date),
    el("label", { class: "field" }, el("span", {}, "Or upload a .txt / .html file"), file),
    text, button);
  form.addEventListener("submit", async (e) => {
    e.preventDefault();
    const raw = text.value;
    if (!raw.trim()) return;
    const isHtml = /^\s*</.test(raw) && /<\/(p|div|body|html|article)>/i.test(raw);
    button.disabled = true;
    clear(result).append(el("p", { class: "loading" }, "Coding…"));
    try {
      const body = { title: title.value || null, date: date.value || null, [isHtml ? "html" : "text"]: raw };
      const doc = (await api("/api/code?with_text=true", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) })).data;
      renderDocument(result, doc, raw);
    } catch (err) {
      clear(result).append(el("p", { class: "error" }, `Could not code this article: ${err.message}`));
    } finally {
      button.disabled = false;
    }
  });
  root.append(form, result);
}

function renderDocument(root, doc, raw) {
  clear(root);
  if (doc.error) {
    root.append(el("p", { class: "error" }, `${doc.error.code}: ${doc.error.message}`));
    return;
  }
  const text = doc.article.text ?? raw;
  root.append(
    el("h3", {}, `${doc.events.length} event${doc.events.length === 1 ? "" : "s"}`),
    el("ol", { class: "event-list", id: "coded-events" }, doc.events.map((e) => eventCard(e, false))),
    el("h3", {}, "Article"), legend(), renderHighlighted(text, spansFromDocument(doc), null));
}
