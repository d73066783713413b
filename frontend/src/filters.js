// The filter bar: every field maps to a URL parameter and to the API's filter of the same name.
import { el, clear } from "./dom.js";
import { FILTERS, setState } from "./state.js";

const LABELS = {
  actor: "Actor", recipient: "Recipient", party: "Actor or recipient", type: "Type", mode: "Mode", country: "Country (ISO3)",
  place: "Place", since: "From", until: "To", modality: "Modality", text: "Sentence contains", level: "Table shows",
};
const SHOWN = ["actor", "recipient", "type", "country", "since", "until", "modality", "text", "level"];
const LEVELS = [["", "every report"], ["cluster", "one row per real event"]];

export function renderFilters(root, filters, vocabulary) {
  clear(root);
  const inputs = {};
  const field = (key) => {
    let input;
    if (key === "level") {
      input = el("select", { name: key, id: `f-${key}` }, LEVELS.map(([v, label]) => el("option", { value: v }, label)));
    } else if (key === "type" || key === "modality") {
      const options = key === "type" ? Object.keys(vocabulary.types) : vocabulary.modalities;
      input = el("select", { name: key, id: `f-${key}` }, el("option", { value: "" }, "any"),
        options.map((o) => el("option", { value: o }, o)));
    } else {
      input = el("input", {
        name: key, id: `f-${key}`, type: key === "since" || key === "until" ? "date" : "text",
        size: key === "country" ? 4 : 14, maxlength: key === "country" ? 3 : 200,
        placeholder: key === "country" ? "e.g. AFG" : "",
      });
    }
    input.value = filters[key] || "";
    inputs[key] = input;
    return el("label", { class: "field" }, el("span", {}, LABELS[key]), input);
  };
  const form = el("form", { class: "filters", id: "filters", role: "search" },
    SHOWN.map(field),
    el("button", { type: "submit", id: "apply" }, "Apply"),
    el("button", { type: "button", id: "clear", onclick: () => setState({ filters: {}, event: null }) }, "Clear"));
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const next = { ...filters };
    for (const key of SHOWN) {
      const v = inputs[key].value.trim();
      if (v) next[key] = key === "country" ? v.toUpperCase() : v;
      else delete next[key];
    }
    setState({ filters: next, event: null });
  });
  // filters set by clicking a chart but not in the bar (mode, place, and party: a network node's events, as actor
  // or recipient) stay visible and removable
  const extra = FILTERS.filter((k) => filters[k] && !SHOWN.includes(k));
  const chips = el("div", { class: "chips" }, extra.map((k) =>
    el("button", { type: "button", class: "chip", "data-filter": k, title: "Remove this filter",
      onclick: () => { const next = { ...filters }; delete next[k]; setState({ filters: next, event: null }); } },
    `${LABELS[k]}: ${filters[k]} ×`)));
  root.append(form, chips);
}
