// The event table: one row per report, a page at a time; a row opens its evidence.
import { el, clear } from "./dom.js";
import { api, query } from "./api.js";

const COLUMNS = [
  ["date", "Date"], ["type", "Type"], ["cameo", "CAMEO"], ["actor_name", "Actor"], ["recipient_name", "Recipient"],
  ["place_name", "Place"], ["modality", "Modality"], ["sentence", "Sentence"],
];

function cell(row, key) {
  if (key === "n_reports") return row.n_reports ?? 1;
  if (key === "type") return row.mode ? `${row.type}/${row.mode}` : row.type;
  if (key === "sentence") return row.sentence && row.sentence.length > 160 ? row.sentence.slice(0, 159) + "…" : row.sentence;
  return row[key] ?? "";
}

// `firstPage` is the promise of the first page's request, started by the caller alongside the charts'.
export const PAGE = 50;

export function firstPage(filters) {
  return api(`/api/events${query({ ...filters, limit: PAGE })}`);
}

export async function renderTable(root, filters, firstPage, onOpen) {
  clear(root);
  // one row per cluster: the same event told by several articles, shown by its first report
  const columns = filters.level === "cluster" ? [...COLUMNS, ["n_reports", "Reports"]] : COLUMNS;
  const heading = el("h2", {}, "Events");
  root.append(heading);
  const tbody = el("tbody");
  const table = el("table", { class: "events", id: "events" },
    el("thead", {}, el("tr", {}, columns.map(([, label]) => el("th", { scope: "col" }, label)))), tbody);
  const more = el("button", { type: "button", class: "more", hidden: true }, "More events");
  root.append(table, more);
  let next = null;
  const load = async (pending) => {
    more.disabled = true;
    const page = await (pending || api(`/api/events${query({ ...filters, limit: PAGE, cursor: next })}`));
    heading.textContent = `${filters.level === "cluster" ? "Real-world events" : "Event reports"} (${page.total.toLocaleString("en")})`;
    for (const row of page.data) {
      const tr = el("tr", { tabindex: 0, "data-uid": row.uid, "data-type": row.type, class: row.review ? `reviewed review-${row.review.verdict}` : null, onclick: () => onOpen(row.uid) },
      columns.map(([key]) => el("td", { class: `c-${key}` }, cell(row, key))));
      tbody.append(tr);
    }
    next = page.next;
    more.hidden = !next;
    more.disabled = false;
  };
  more.addEventListener("click", () => load());
  await load(firstPage);
}
