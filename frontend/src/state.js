// The view's state lives in the URL, so a filtered view (an open piece of evidence, a dyad) can be shared.
export const FILTERS = ["actor", "recipient", "party", "type", "mode", "country", "place", "since", "until", "modality", "text", "level"];

export function readState() {
  const params = new URLSearchParams(location.search);
  const filters = {};
  for (const key of FILTERS) if (params.get(key)) filters[key] = params.get(key);
  const dyad = params.getAll("dyad");
  return { filters, event: params.get("event") || null, dyad: dyad.length === 2 ? dyad : null };
}

const listeners = [];
export function onStateChange(fn) {
  listeners.push(fn);
}

export function setState({ filters, event, dyad }) {
  const current = readState();
  const next = { filters: filters === undefined ? current.filters : filters, event: event === undefined ? current.event : event,
    dyad: dyad === undefined ? current.dyad : dyad };
  const params = new URLSearchParams();
  for (const key of FILTERS) if (next.filters[key]) params.set(key, next.filters[key]);
  if (next.event) params.set("event", next.event);
  for (const name of next.dyad || []) params.append("dyad", name);
  const url = location.pathname + (params.toString() ? `?${params}` : "");
  history.pushState(null, "", url);
  const changed = { filters: JSON.stringify(current.filters) !== JSON.stringify(next.filters), event: current.event !== next.event,
    dyad: JSON.stringify(current.dyad) !== JSON.stringify(next.dyad) };
  for (const fn of listeners) fn(next, changed);
}
