// The form view: common edits of a YAML scenario (reorder a decision maker's statements or
// ranking by drag and drop, make an option irreversible, add an infeasible combination),
// written back into the same file. The `yaml` library edits the document in place, so
// comments and the rest of the file are kept.

import { isMap, isScalar, isSeq, parseDocument } from "yaml";
import { clear, el } from "./dom.js";

/** The node holding one model: the document itself, or models.<name>. */
function modelNode(doc, model) {
  const models = doc.get("models", true);
  if (isMap(models)) {
    const names = models.items.map((p) => String(p.key?.value ?? p.key));
    const name = model && names.includes(model) ? model : names[0];
    return { node: models.get(name, true), name };
  }
  return { node: doc.contents, name: null };
}

function itemText(item) {
  if (isScalar(item)) return String(item.value);
  if (isMap(item)) {
    for (const key of ["statement", "formula", "state"]) {
      const v = item.get(key);
      if (v !== undefined) return String(v);
    }
    return item.toString();
  }
  if (isSeq(item)) return item.items.map(itemText).join(" = ");
  return String(item);
}

function moveItem(seq, from, to) {
  const [item] = seq.items.splice(from, 1);
  seq.items.splice(to, 0, item);
}

/**
 * Draw the form for `text` into `box`. `onEdit(newText)` is called with the whole file after
 * each edit. Returns false when the text cannot be edited here (JSON, or not YAML).
 */
export function renderForm(box, text, model, onEdit) {
  clear(box);
  let doc;
  try {
    doc = parseDocument(text, { keepSourceTokens: false });
  } catch (e) {
    box.append(el("p", { class: "note", text: `The form needs a readable YAML file: ${e.message}` }));
    return false;
  }
  if (doc.errors.length) {
    box.append(el("p", { class: "note", text: "The form needs a readable YAML file: fix the mistake shown in the text first." }));
    return false;
  }
  const { node, name } = modelNode(doc, model);
  const dms = isMap(node) ? node.get("decision_makers", true) : null;
  if (!isSeq(dms)) {
    box.append(el("p", { class: "note", text: "This file has no decision_makers list to edit here (an agenda or dynamics only, or JSON): use the text view." }));
    return false;
  }
  const commit = () => onEdit(doc.toString());
  if (name) box.append(el("p", { class: "muted", text: `Model: ${name}` }));

  dms.items.forEach((dm, d) => {
    if (!isMap(dm)) return;
    const dmName = String(dm.get("name") ?? `decision maker ${d + 1}`);
    const section = el("section", { class: "dm-form", dataset: { dm: dmName } }, el("h3", { text: dmName }));
    // options: irreversible toggles
    const options = dm.get("options", true);
    if (isSeq(options)) {
      const list = el("ul", { class: "options" });
      options.items.forEach((opt) => {
        if (!isMap(opt)) return;
        const id = String(opt.get("id"));
        const forward = opt.get("irreversible") === "forward";
        const box = el("input", {
          type: "checkbox", checked: forward, "aria-label": `${id} irreversible`, dataset: { option: id },
          onchange: (e) => {
            if (e.target.checked) opt.set("irreversible", "forward");
            else opt.delete("irreversible");
            commit();
          },
        });
        list.append(el("li", {}, el("label", {}, box, " ", el("code", { text: id }),
          opt.get("label") ? ` — ${opt.get("label")}` : "", el("span", { class: "muted", text: " irreversible (once taken, cannot be undone)" }))));
      });
      section.append(el("h4", { text: "Options" }), list);
    }
    // preferences: statements or ranking, most preferred first, reorderable
    const prefs = dm.get("preferences", true);
    let seq = null, kind = "";
    if (isMap(prefs)) {
      for (const k of ["statements", "ranking"]) {
        const s = prefs.get(k, true);
        if (isSeq(s)) { seq = s; kind = k; break; }
      }
    }
    if (seq) {
      section.append(el("h4", { text: kind === "statements" ? "Statements (most important first): drag to reorder" : "Ranking (most preferred first): drag to reorder" }));
      const list = el("ol", { class: "sortable", dataset: { dm: dmName, kind } });
      seq.items.forEach((item, i) => {
        const li = el("li", { draggable: "true", dataset: { index: i } },
          el("span", { class: "grip", "aria-hidden": "true", text: "⋮⋮" }),
          el("span", { class: "item", text: itemText(item) }),
          el("span", { class: "buttons" },
            el("button", { type: "button", title: "Move up", "aria-label": `Move ${itemText(item)} up`, disabled: i === 0,
              onclick: () => { moveItem(seq, i, i - 1); commit(); }, text: "↑" }),
            el("button", { type: "button", title: "Move down", "aria-label": `Move ${itemText(item)} down`, disabled: i === seq.items.length - 1,
              onclick: () => { moveItem(seq, i, i + 1); commit(); }, text: "↓" })));
        li.addEventListener("dragstart", (e) => {
          e.dataTransfer.setData("text/plain", String(i));
          e.dataTransfer.effectAllowed = "move";
          li.classList.add("dragging");
        });
        li.addEventListener("dragend", () => li.classList.remove("dragging"));
        li.addEventListener("dragover", (e) => { e.preventDefault(); li.classList.add("over"); });
        li.addEventListener("dragleave", () => li.classList.remove("over"));
        li.addEventListener("drop", (e) => {
          e.preventDefault();
          const from = Number(e.dataTransfer.getData("text/plain"));
          if (Number.isInteger(from) && from !== i) { moveItem(seq, from, i); commit(); }
        });
        list.append(li);
      });
      section.append(list);
    } else if (isMap(prefs)) {
      section.append(el("p", { class: "muted", text: "Preferences given as payoffs: edit them in the text view." }));
    }
    box.append(section);
  });

  // infeasible combinations
  const infeasible = node.get("infeasible", true);
  const section = el("section", { class: "dm-form" }, el("h3", { text: "Infeasible combinations" }));
  const list = el("ul", { class: "infeasible" });
  if (isSeq(infeasible)) infeasible.items.forEach((item) => list.append(el("li", {}, el("code", { text: itemText(item) }))));
  const input = el("input", { type: "text", placeholder: "e.g. withdraw and escalate", "aria-label": "New infeasible combination", id: "new-infeasible" });
  const add = () => {
    const formula = input.value.trim();
    if (!formula) return;
    if (isSeq(infeasible)) {
      infeasible.add(doc.createNode(formula));
      infeasible.flow = false;
    } else node.set("infeasible", doc.createNode([formula]));
    commit();
  };
  section.append(list, el("form", { class: "inline", onsubmit: (e) => { e.preventDefault(); add(); } },
    input, el("button", { type: "submit", text: "Add" })));
  box.append(section);
  return true;
}
