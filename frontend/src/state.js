// The view's state lives in the URL, so a filtered view (and an open piece of evidence) can be shared.
export const FILTERS = ["actor", "recipient", "type", "mode", "country", "place", "since", "until", "modality", "text", "level"];

export function readState() {
  const params = new URLSearchParams(location.search);
  const filters = {};
  for (const key of FILTERS) if (params.get(key)) filters[key] = params.get(key);
  return { filters, event: params.get("event") || null };
}

const listeners = [];
export function onStateChange(fn) {
  listeners.push(fn);
}

export function setState({ filters, event }) {
  const current = readState();
  const next = { filters: filters === undefined ? current.filters : filters, event: event === undefined ? current.event : event };
  const params = new URLSearchParams();
  for (const key of FILTERS) if (next.filters[key]) params.set(key, next.filters[key]);
  if (next.event) params.set("event", next.event);
  const url = location.pathname + (params.toString() ? `?${params}` : "");
  history.pushState(null, "", url);
  const changed = { filters: JSON.stringify(current.filters) !== JSON.stringify(next.filters), event: current.event !== next.event };
  for (const fn of listeners) fn(next, changed);
}
