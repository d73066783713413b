// The dashboard: Explore (linked filters, timeline, network, map, table, evidence) and Code an article.
import "./style.css";
import { el, clear } from "./dom.js";
import { api, query } from "./api.js";
import { readState, setState, onStateChange } from "./state.js";
import { renderFilters } from "./filters.js";
import { renderTimeline } from "./timeline.js";
import { renderNetwork } from "./network.js";
import { renderMap } from "./map.js";
import { renderTable, firstPage } from "./table.js";
import { renderEvidence } from "./evidence.js";
import { renderCodePage } from "./code_page.js";

const app = document.getElementById("app");
const panel = document.getElementById("evidence");
const status = document.getElementById("status");
let vocabulary = null; // a promise of /api/ontology, asked once, alongside the first view's requests
let generation = 0;

// each drawing step is a performance measure (annales:timeline, ...): the benchmark reads them
function timed(name, draw) {
  const t0 = performance.now();
  draw();
  performance.measure(`annales:${name}`, { start: t0, end: performance.now() });
}

function showError(err) {
  status.textContent = `Error: ${err.message}`;
  status.classList.add("error");
}

// pick something in a chart: filter to it and open the evidence of its first event
async function filterAndOpen(patch) {
  const filters = { ...readState().filters, ...patch };
  try {
    const first = await api(`/api/events${query({ ...filters, limit: 1 })}`);
    setState({ filters, event: first.data.length ? first.data[0].uid : null });
  } catch (err) {
    showError(err);
  }
}

const openEvent = (uid) => setState({ event: uid });

async function renderEvidencePanel(state) {
  if (!state.event) {
    panel.hidden = true;
    clear(panel);
    return;
  }
  await renderEvidence(panel, state.event, () => setState({ event: null }), openEvent);
}

async function renderExplore(state) {
  const mine = ++generation;
  const filterBar = el("section", { id: "filter-bar" });
  const timeline = el("section", { id: "timeline", class: "card wide" });
  const network = el("section", { id: "network", class: "card" });
  const map = el("section", { id: "map", class: "card" });
  const table = el("section", { id: "table", class: "card wide" });
  clear(app).append(filterBar, el("div", { class: "grid" }, timeline, network, map, table));
  status.classList.remove("error");
  status.textContent = "Loading…";
  app.setAttribute("aria-busy", "true");
  // the charts' and the table's requests go out together
  const { level, ...chartFilters } = state.filters; // the charts count reports; `level` is the table's
  const overviewRequest = api(`/api/overview${query(chartFilters)}`);
  const pageRequest = firstPage(state.filters);
  pageRequest.catch(() => {}); // reported once, by whichever await meets it first
  try {
    renderFilters(filterBar, state.filters, await vocabulary);
    const overview = (await overviewRequest).data;
    if (mine !== generation) return;
    timed("timeline", () => renderTimeline(timeline, overview.timeline, (pick) => setState({ filters: { ...readState().filters, ...pick }, event: null })));
    timed("network", () => renderNetwork(network, overview.network, (name) => filterAndOpen({ actor: name }),
      (actor, recipient) => filterAndOpen({ actor, recipient })));
    timed("map", () => renderMap(map, overview, (country) => setState({ filters: { ...readState().filters, country }, event: null }),
      (place) => filterAndOpen({ place })));
    await renderTable(table, state.filters, pageRequest, openEvent);
    if (mine !== generation) return;
    status.textContent = `${overview.total.toLocaleString("en")} event reports match`;
  } catch (err) {
    showError(err);
  } finally {
    if (mine === generation) app.setAttribute("aria-busy", "false");
  }
}

async function start() {
  const page = location.pathname.replace(/\/+$/, "") === "/code" ? "code" : "explore";
  for (const a of document.querySelectorAll("[data-nav]")) a.classList.toggle("active", a.dataset.nav === page);
  if (page === "code") {
    renderCodePage(app);
    return;
  }
  vocabulary = api("/api/ontology").then((r) => r.data);
  const state = readState();
  onStateChange((next, changed) => {
    if (changed.filters) renderExplore(next);
    if (changed.event || changed.filters) renderEvidencePanel(next).catch(showError);
  });
  window.addEventListener("popstate", () => {
    const s = readState();
    renderExplore(s);
    renderEvidencePanel(s).catch(showError);
  });
  renderExplore(state);
  renderEvidencePanel(state).catch(showError);
}

start();
