// The event table: one row per report (or per real event), sorted by any column (click its header), a page at
// a time, with the article's title and source; undated rows come last. A row opens its evidence. The download
// link gives every row of the filtered view as CSV, in the same order (the server writes it: /api/table.csv).
import { el, clear } from "./dom.js";
import { api, query } from "./api.js";

const COLUMNS = [
  ["date", "Date"], ["type", "Type"], ["cameo", "CAMEO"], ["actor", "Actor"], ["recipient", "Recipient"],
  ["place", "Place"], ["modality", "Modality"], ["title", "Article"], ["source", "Source"], ["sentence", "Sentence"],
];
const FIELDS = { actor: "actor_name", recipient: "recipient_name", place: "place_name", title: "article_title", reports: "n_reports" };
export const PAGE = 50;
const sorting = { sort: "date", order: "desc" }; // kept across filter changes

const cut = (text, n) => (text && text.length > n ? text.slice(0, n - 1) + "…" : text);

function cell(row, key) {
  if (key === "type") return row.mode ? `${row.type}/${row.mode}` : row.type;
  if (key === "date") return row.date || el("span", { class: "undated" }, "undated");
  if (key === "sentence") return cut(row.sentence, 120);
  if (key === "title") return cut(row.article_title, 60) || "";
  if (key === "reports") return row.n_reports ?? 1;
  return row[FIELDS[key] || key] ?? "";
}

const request = (filters, extra) => query({ ...filters, sort: sorting.sort, order: sorting.order, ...extra });

// `firstPage` is the promise of the first page's request, started by the caller alongside the charts'.
export function firstPage(filters) {
  return api(`/api/table${request(filters, { limit: PAGE })}`);
}

function header(columns, onSort) {
  return el("thead", {}, el("tr", {}, columns.map(([key, label]) => {
    const active = sorting.sort === key;
    return el("th", { scope: "col", "data-sort": key, "aria-sort": active ? (sorting.order === "asc" ? "ascending" : "descending") : "none" },
      el("button", { type: "button", class: "sort", title: `Sort by ${label.toLowerCase()}`, onclick: () => onSort(key) },
        label, el("span", { class: "arrow", "aria-hidden": "true" }, active ? (sorting.order === "asc" ? " ▲" : " ▼") : "")));
  })));
}

export async function renderTable(root, filters, pending, onOpen) {
  clear(root);
  // one row per cluster: the same event told by several articles, shown by its first report
  const columns = filters.level === "cluster" ? [...COLUMNS, ["reports", "Reports"]] : COLUMNS;
  const heading = el("h2", {});
  const download = el("a", { class: "download", id: "download-csv", download: "", href: `/api/table.csv${request(filters, {})}` }, "Download CSV");
  const tbody = el("tbody");
  const table = el("table", { class: "events", id: "events", "aria-busy": "true" },
    header(columns, (key) => {
      sorting.order = sorting.sort === key && sorting.order === "asc" ? "desc" : sorting.sort === key ? "asc" : key === "date" ? "desc" : "asc";
      sorting.sort = key;
      renderTable(root, filters, firstPage(filters), onOpen);
    }), tbody);
  const previous = el("button", { type: "button", class: "page-previous", disabled: true }, "← Previous");
  const next = el("button", { type: "button", class: "page-next", disabled: true }, "Next →");
  const position = el("span", { class: "page-position", "aria-live": "polite" });
  root.append(el("div", { class: "table-head" }, heading, download), el("div", { class: "table-scroll" }, table),
    el("div", { class: "pager" }, previous, position, next));
  const show = async (pendingPage) => {
    previous.disabled = next.disabled = true;
    table.setAttribute("aria-busy", "true");
    const page = await pendingPage;
    const noun = filters.level === "cluster" ? "Real-world events" : "Event reports";
    heading.textContent = `${noun} (${page.total.toLocaleString("en")})`;
    download.textContent = `Download CSV (${page.total.toLocaleString("en")} rows)`;
    clear(tbody);
    for (const row of page.data) {
      tbody.append(el("tr", { tabindex: 0, "data-uid": row.uid, "data-type": row.type, "data-date": row.date || "",
          class: row.review ? `reviewed review-${row.review.verdict}` : null, onclick: () => onOpen(row.uid) },
        columns.map(([key]) => el("td", { class: `c-${key}`, title: key === "title" || key === "sentence" ? (key === "title" ? row.article_title : row.sentence) : null }, cell(row, key)))));
    }
    const from = page.total ? page.offset + 1 : 0, to = page.offset + page.data.length;
    const pages = Math.max(1, Math.ceil(page.total / PAGE));
    position.textContent = `Rows ${from.toLocaleString("en")}–${to.toLocaleString("en")} of ${page.total.toLocaleString("en")} · page ${Math.floor(page.offset / PAGE) + 1} of ${pages}`;
    previous.disabled = !page.previous;
    next.disabled = !page.next;
    table.setAttribute("aria-busy", "false");
    previous.onclick = () => show(api(`/api/table${request(filters, { limit: PAGE, cursor: page.previous })}`));
    next.onclick = () => show(api(`/api/table${request(filters, { limit: PAGE, cursor: page.next })}`));
  };
  await show(pending);
}
