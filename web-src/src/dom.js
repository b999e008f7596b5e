// Small DOM helpers. User text only ever goes through textContent or attributes set with
// setAttribute: never innerHTML (scenario files are user text).

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === "class") node.className = value;
    else if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(key, value === true ? "" : String(value));
  }
  append(node, children);
  return node;
}

export function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const SVG = "http://www.w3.org/2000/svg";

export function svg(tag, attrs = {}, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null) continue;
    if (key === "text") node.textContent = value;
    else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
    else if (key === "class") node.setAttribute("class", value);
    else node.setAttribute(key, String(value));
  }
  for (const child of children.flat(Infinity)) if (child) node.append(child);
  return node;
}

export function clear(node) {
  while (node.firstChild) node.firstChild.remove();
  return node;
}

export function $(selector) {
  return document.querySelector(selector);
}

export function fmt(x, digits = 3) {
  if (typeof x !== "number") return x === null || x === undefined ? "—" : String(x);
  if (Number.isInteger(x)) return String(x);
  return x.toFixed(digits);
}

/** A table from a header row and rows (cells are text or nodes). */
export function table(head, rows, attrs = {}) {
  return el("table", attrs,
    el("thead", {}, el("tr", {}, head.map((h) => (h instanceof Node ? h : el("th", { text: h }))))),
    el("tbody", {}, rows.map((r) => el("tr", {}, r.map((c) => (c instanceof Node && c.tagName === "TD" ? c : el("td", {}, c)))))));
}

/** The raw JSON of a result, folded away (textContent: safe). */
export function rawJson(data, summary = "The result as JSON (as the command prints it)") {
  return el("details", { class: "raw" }, el("summary", { text: summary }),
    el("pre", { text: JSON.stringify(data, null, 2) }));
}
