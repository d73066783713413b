// Review in the evidence panel: a reviewer enters their token once (kept in this browser), then accepts,
// rejects or corrects the open event. The coder's record is never changed: the review sits beside it.
import { el, clear } from "./dom.js";
import { api } from "./api.js";

const TOKEN_KEY = "annales.reviewToken";
const VERDICT_WORDS = { accept: "✓ Accepted", reject: "✗ Rejected", correct: "✎ Corrected" };
let vocabulary = null; // a promise of /api/ontology's types and modes, asked once
let status = null; // a promise of /api/review (is review on?), asked once

const storedToken = () => localStorage.getItem(TOKEN_KEY) || "";
const authorised = (token) => ({ Authorization: `Bearer ${token}` });

function when(at) {
  return (at || "").replace("T", " ").replace(/:\d\d(\.\d+)?Z$/, " UTC");
}

function partyWords(p) {
  if (p === null) return "none";
  return [p.name, p.country, p.sector].filter(Boolean).join(" · ");
}

// "type PROTEST, actor Police · KEN": what a correction changed, in words
export function correctionWords(corrected) {
  return Object.entries(corrected || {}).map(([k, v]) => `${k} ${k === "actor" || k === "recipient" ? partyWords(v) : v ?? "none"}`).join(", ");
}

// The mark a reviewed event carries wherever it is listed.
export function reviewMark(review) {
  if (!review) return null;
  const title = `${VERDICT_WORDS[review.verdict]} by ${review.by}, ${when(review.at)}`;
  return el("span", { class: `review-mark review-${review.verdict}`, title }, VERDICT_WORDS[review.verdict]);
}

// Mark the event's row in the table as reviewed, without reloading the table.
function markRow(uid, verdict) {
  for (const tr of document.querySelectorAll("#events tbody tr")) {
    if (tr.dataset.uid !== uid) continue;
    tr.classList.remove("review-accept", "review-reject", "review-correct");
    tr.classList.add("reviewed", `review-${verdict}`);
  }
}

function field(label, input) {
  return el("label", { class: "field" }, label, input);
}

function select(id, options, value) {
  return el("select", { id }, options.map(([v, label]) => el("option", { value: v, selected: v === (value || "") }, label)));
}

function partyInputs(prefix, label, e) {
  return el("div", { class: "review-party" },
    field(`${label}`, el("input", { id: `rv-${prefix}`, value: e[`${prefix}_name`] || "", placeholder: "none" })),
    field("country", el("input", { id: `rv-${prefix}-country`, value: e[`${prefix}_country`] || "", size: 4, maxlength: 3 })),
    field("sector", el("input", { id: `rv-${prefix}-sector`, value: e[`${prefix}_sector`] || "", size: 4, maxlength: 3 })));
}

function partyValue(form, prefix) {
  const value = (id) => form.querySelector(`#${id}`).value.trim();
  const name = value(`rv-${prefix}`);
  if (!name) return null;
  return { name, country: value(`rv-${prefix}-country`) || null, sector: value(`rv-${prefix}-sector`) || null };
}

// Only the fields the reviewer changed are sent: the rest stay the coder's.
function changedFields(form, e) {
  const out = {};
  const type = form.querySelector("#rv-type").value;
  const mode = form.querySelector("#rv-mode").value || null;
  const date = form.querySelector("#rv-date").value.trim() || null;
  if (type !== e.type) out.type = type;
  if (mode !== (e.mode || null)) out.mode = mode;
  if (date !== (e.date || null)) out.date = date;
  for (const prefix of ["actor", "recipient"]) {
    const p = partyValue(form, prefix);
    const was = e[`${prefix}_name`] ? [e[`${prefix}_name`], e[`${prefix}_country`] || null, e[`${prefix}_sector`] || null] : null;
    const now = p ? [p.name, p.country && p.country.toUpperCase(), p.sector && p.sector.toUpperCase()] : null;
    if (JSON.stringify(was) !== JSON.stringify(now)) out[prefix] = p;
  }
  return out;
}

function correctionForm(e, types, onSubmit, onCancel) {
  const modes = (type) => [["", "(no mode)"], ...((types[type] || {}).modes || []).map((m) => [m, m])];
  const modeSelect = select("rv-mode", modes(e.type), e.mode);
  const typeSelect = select("rv-type", Object.keys(types).map((t) => [t, t]), e.type);
  typeSelect.addEventListener("change", () => {
    modeSelect.replaceChildren(...select("rv-mode", modes(typeSelect.value), "").children);
    modeSelect.value = ""; // a new type starts with no mode: the reviewer picks one of its own
  });
  const message = el("p", { class: "review-message", role: "status" });
  const form = el("form", { class: "review-form", id: "review-form" },
    el("div", { class: "review-row" }, field("type", typeSelect), field("mode", modeSelect),
      field("date", el("input", { id: "rv-date", value: e.date || "", placeholder: "YYYY-MM-DD", size: 11 }))),
    partyInputs("actor", "actor", e), partyInputs("recipient", "recipient", e),
    field("note (optional)", el("input", { id: "rv-note", maxlength: 2000 })),
    el("div", { class: "review-row" }, el("button", { type: "submit", id: "rv-save" }, "Save correction"),
      el("button", { type: "button", onclick: onCancel }, "Cancel")), message);
  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    const corrected = changedFields(form, e);
    if (!Object.keys(corrected).length) {
      message.textContent = "Nothing changed: change a field, or accept the event as coded.";
      return;
    }
    onSubmit(corrected, form.querySelector("#rv-note").value.trim() || null, message);
  });
  return form;
}

function tokenForm(box, onReady) {
  const input = el("input", { id: "rv-token", type: "password", autocomplete: "off", placeholder: "reviewer token" });
  const message = el("p", { class: "review-message", role: "status" });
  const form = el("form", { class: "review-row" }, field("Reviewer token", input),
    el("button", { type: "submit", id: "rv-token-save" }, "Use token"));
  form.addEventListener("submit", async (ev) => {
    ev.preventDefault();
    try {
      const who = (await api("/api/review", { headers: authorised(input.value.trim()) })).data;
      localStorage.setItem(TOKEN_KEY, input.value.trim());
      onReady(who.reviewer);
    } catch (err) {
      message.textContent = `Token refused: ${err.message}`;
    }
  });
  box.append(el("p", { class: "meta" }, "To accept, reject or correct events, enter your reviewer token once (kept in this browser)."), form, message);
}

async function post(uid, body, message) {
  try {
    return (await api(`/api/events/${encodeURIComponent(uid)}/reviews`, {
      method: "POST", headers: { "Content-Type": "application/json", ...authorised(storedToken()) }, body: JSON.stringify(body),
    })).data;
  } catch (err) {
    message.textContent = `Not saved: ${err.message}`;
    return null;
  }
}

function currentLine(review) {
  if (!review) return el("p", { class: "meta" }, "Not reviewed yet.");
  return el("p", { class: "review-current" }, reviewMark(review), ` by ${review.by}, ${when(review.at)}`,
    review.verdict === "correct" ? ` — ${correctionWords(review.corrected)}` : "", review.note ? ` (“${review.note}”)` : "");
}

function actions(box, e, reviewer, onReviewed) {
  const message = el("p", { class: "review-message", role: "status" });
  const send = async (body, where = message) => {
    const saved = await post(e.uid, body, where);
    if (!saved) return;
    markRow(e.uid, saved.verdict);
    onReviewed(saved);
  };
  const forget = el("button", { type: "button", class: "link", onclick: () => { localStorage.removeItem(TOKEN_KEY); onReviewed(null); } }, "forget token");
  const buttons = el("div", { class: "review-row" },
    el("button", { type: "button", id: "rv-accept", onclick: () => send({ verdict: "accept" }) }, "Accept"),
    el("button", { type: "button", id: "rv-reject", onclick: () => send({ verdict: "reject" }) }, "Reject"),
    el("button", { type: "button", id: "rv-correct", onclick: async () => {
      const types = await vocabulary;
      buttons.replaceWith(correctionForm(e, types, (corrected, note, where) => send({ verdict: "correct", corrected, note }, where),
        () => onReviewed(undefined)));
    } }, "Correct…"));
  box.append(el("p", { class: "meta" }, `Reviewing as ${reviewer} · `, forget), buttons, message);
}

// The review box of the open event `e` (a row of /api/articles/{hash}'s events, with its `review`).
// `onReviewed(review)` is called after a review is saved (or the token forgotten): the caller redraws.
export async function renderReview(box, e, onReviewed) {
  clear(box);
  box.append(el("h3", {}, "Review"), currentLine(e.review));
  status = status || api("/api/review").then((r) => r.data).catch(() => ({ enabled: false }));
  vocabulary = vocabulary || api("/api/ontology").then((r) => r.data.types);
  if (!(await status).enabled) {
    box.append(el("p", { class: "meta" }, "Review is off on this server (start it with --review-token NAME=TOKEN)."));
    return;
  }
  const token = storedToken();
  let reviewer = null;
  if (token) {
    try {
      reviewer = (await api("/api/review", { headers: authorised(token) })).data.reviewer;
    } catch {
      localStorage.removeItem(TOKEN_KEY); // revoked or from another server: ask again
    }
  }
  if (!reviewer) tokenForm(box, () => renderReview(box, e, onReviewed));
  else actions(box, e, reviewer, onReviewed);
}
