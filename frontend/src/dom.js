// Element builders. Text always goes in as text nodes: article text and every value from the store is
// untrusted, and nothing here ever assigns innerHTML.
const SVG_NS = "http://www.w3.org/2000/svg";

function fill(node, attrs, children) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith("on") && typeof value === "function") node.addEventListener(key.slice(2), value);
    else if (key === "text") node.textContent = String(value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  // anything clickable that takes focus also answers Enter, for keyboard users
  if (typeof attrs?.onclick === "function" && attrs.tabindex !== undefined && attrs.tabindex !== null && !attrs.onkeydown) {
    node.addEventListener("keydown", (e) => { if (e.key === "Enter") attrs.onclick(e); });
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export const el = (tag, attrs, ...children) => fill(document.createElement(tag), attrs, children);
export const svg = (tag, attrs, ...children) => fill(document.createElementNS(SVG_NS, tag), attrs, children);

export function clear(node) {
  while (node.firstChild) node.removeChild(node.firstChild);
  return node;
}
