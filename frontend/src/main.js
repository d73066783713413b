// The dashboard: Explore (linked filters, timeline, network, map, table, evidence) and Code an article.
import "./style.css";
import { el, clear } from "./dom.js";
import { api, query } from "./api.js";
import { readState, setState, onStateChange } from "./state.js";
import { renderFilters } from "./filters.js";
import { showTimeline } from "./timeline.js";
import { renderNetwork } from "./network.js";
import { renderMap } from "./map.js";
import { renderTable, firstPage } from "./table.js";
import { renderDyad } from "./dyad.js";
import { renderEvidence } from "./evidence.js";
import { renderCodePage } from "./code_page.js";

const app = document.getElementById("app");
const panel = document.getElementById("evidence");
const status = document.getElementById("status");
let vocabulary = null; // a promise of /api/ontology, asked once, alongside the first view's requests
let generation = 0;
let dyadActors = []; // the network's actors, listed in the dyad's pickers

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

const pickDyad = (pair) => setState({ dyad: pair });

function showDyad(state) {
  const { level, ...chartFilters } = state.filters;
  return renderDyad(document.getElementById("dyad"), chartFilters, state.dyad, dyadActors, pickDyad, openEvent);
}

async function renderExplore(state) {
  const mine = ++generation;
  const filterBar = el("section", { id: "filter-bar" });
  const timeline = el("section", { id: "timeline", class: "card wide" });
  const network = el("section", { id: "network", class: "card" });
  const map = el("section", { id: "map", class: "card" });
  const dyad = el("section", { id: "dyad", class: "card wide" });
  const table = el("section", { id: "table", class: "card wide" });
  clear(app).append(filterBar, el("div", { class: "grid" }, timeline, network, map, dyad, table));
  status.classList.remove("error");
  status.textContent = "Loading…";
  app.setAttribute("aria-busy", "true");
  // the charts' and the table's requests go out together
  const { level, ...chartFilters } = state.filters; // the charts count reports; `level` is the table's
  const networkRequest = api(`/api/network${query(chartFilters)}`);
  const placesRequest = api(`/api/places${query(chartFilters)}`);
  const pageRequest = firstPage(state.filters);
  for (const r of [networkRequest, placesRequest, pageRequest]) r.catch(() => {}); // reported once, by the await that meets it
  const pickPeriod = (period) => setState({ filters: { ...readState().filters, ...period }, event: null });
  try {
    renderFilters(filterBar, state.filters, await vocabulary);
    const [summary] = await Promise.all([
      showTimeline(timeline, chartFilters, pickPeriod),
      networkRequest.then(({ data }) => {
        if (mine !== generation) return null;
        dyadActors = data.actors;
        // a node is a party in either role: one only ever a recipient would match no event as the actor
        timed("network", () => renderNetwork(network, data, (name) => filterAndOpen({ party: name }),
          (a, b) => { pickDyad([a, b]); document.getElementById("dyad")?.scrollIntoView({ block: "start" }); }));
        return showDyad(state);
      }),
      placesRequest.then(({ data }) => mine === generation && timed("map", () => renderMap(map, data,
        (country) => setState({ filters: { ...readState().filters, country }, event: null }), (place) => filterAndOpen({ place })))),
      renderTable(table, state.filters, pageRequest, openEvent),
    ]);
    if (mine !== generation) return;
    status.textContent = `${summary.total.toLocaleString("en")} event reports match`;
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
    else if (changed.dyad) showDyad(next).catch(showError);
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
