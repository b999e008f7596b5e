// The workbench page: open a scenario, edit it with live validation, and watch the analyses
// change. The server computes everything (each answer is the command's JSON); this page only
// asks and draws.

import { api, ApiError, isAbort, Latest } from "./api.js";
import { $, clear, el } from "./dom.js";
import { createEditor } from "./editor.js";
import { renderForm } from "./form.js";
import { Jobs } from "./jobs.js";
import {
  renderDeals, renderDynamics, renderError, renderExplain, renderGeneric, renderGraph,
  renderPaths, renderSensitivity, renderTableau,
} from "./views.js";

const DEBOUNCE_MS = 300;
const state = {
  filename: "scenario.yaml",
  origin: null, // {kind: builtin|file|template, name}
  model: null,
  models: [],
  structure: {},
  sections: {},
  valid: false,
  analysis: null,
  paths: null,
  selected: null,
  dirty: false,
  ran: {}, // on-demand tabs run once: re-run after each edit
};
const latest = new Latest();
let timer = null;

// -- the editor --------------------------------------------------------------------------
const editor = createEditor($("#editor"), () => {
  state.dirty = true;
  markDirty();
  clearTimeout(timer);
  timer = setTimeout(refresh, DEBOUNCE_MS);
});
window.detenteEditor = editor; // for the browser tests and the console

function syntax() {
  return state.filename.toLowerCase().endsWith(".json") ? "json" : "yaml";
}

function source() {
  const body = { text: editor.text(), filename: state.filename };
  if (state.model) body.model = state.model;
  return body;
}

function setStatus(kind, ...content) {
  const box = $("#status");
  clear(box);
  box.className = `status ${kind}`;
  box.append(...content);
}

function markDirty() {
  $("#save").textContent = state.dirty ? "Save*" : "Save";
}

// -- validation, then the analyses -------------------------------------------------------
async function refresh() {
  const text = editor.text();
  let checked;
  try {
    checked = await latest.post("validate", "/api/validate", { text, filename: state.filename, syntax: syntax() });
  } catch (e) {
    if (!isAbort(e)) setStatus("bad", `Could not check the file: ${e.message}`);
    return;
  }
  editor.showErrors(checked.errors);
  state.valid = checked.ok;
  state.sections = checked.sections || {};
  if (!checked.ok) {
    setStatus("bad", ...checked.errors.map((e) => el("button", {
      type: "button", class: "error-line", onclick: () => editor.goToLine(e.line),
      text: `${e.line ? `line ${e.line}` : state.filename}${e.field ? ` (${e.field})` : ""}: ${e.message}`,
    })));
    document.body.dataset.valid = "false";
    return;
  }
  document.body.dataset.valid = "true";
  state.structure = checked.structure || {};
  setModels(checked.models);
  const what = [checked.models.length ? `${checked.models.length} model${checked.models.length > 1 ? "s" : ""}` : "",
    state.sections.agenda ? "an agenda" : "", state.sections.dynamics ? "a dynamics section" : ""].filter(Boolean);
  setStatus("ok", `✓ valid: ${what.join(", ") || "nothing to analyse"}.`);
  updateTabs();
  if (checked.models.length) await analyse();
  else { clear($("#tableau")).append(el("p", { class: "muted", text: "This file holds no conflict model (see the Deals and Dynamics tabs)." })); }
  for (const tab of Object.keys(state.ran)) if (tab === current) runTab(tab);
}

function setModels(models) {
  state.models = models;
  const select = $("#model");
  if (!models.includes(state.model)) state.model = models.length > 1 ? models[0] : null;
  clear(select);
  for (const m of models) select.append(el("option", { value: m, text: m, selected: m === state.model }));
  $("#model-box").hidden = models.length < 2;
}

function structure() {
  return state.structure[state.model || state.models[0]] || null;
}

async function analyse() {
  const started = performance.now();
  $("#results").setAttribute("aria-busy", "true");
  try {
    const [analysis, paths] = await Promise.all([
      latest.post("analyze", "/api/analyze", { ...source(), detail: "full" }),
      latest.post("paths", "/api/paths", source()).catch((e) => (isAbort(e) ? Promise.reject(e) : null)),
    ]);
    state.analysis = analysis;
    state.paths = paths;
    drawAnalysis();
    $("#timing").textContent = `analysed in ${Math.round(performance.now() - started)} ms`;
  } catch (e) {
    if (isAbort(e)) return;
    renderError($("#tableau"), e);
    if (e.located?.line) editor.showErrors([e.located]);
  } finally {
    $("#results").removeAttribute("aria-busy");
  }
}

function drawAnalysis() {
  const a = state.analysis;
  if (!a) return;
  const concept = $("#concept");
  const chosen = concept.value;
  clear(concept);
  for (const c of a.summary.concepts) concept.append(el("option", { value: c, text: c.toUpperCase(), selected: c === chosen }));
  if (!a.summary.concepts.includes(chosen)) concept.value = a.summary.concepts.includes("seq") ? "seq" : a.summary.concepts[0];
  renderTableau($("#tableau"), a, structure(), { onState: explainState, filter: $("#filter").value, reachable: state.paths?.reachable });
  renderGraph($("#graph"), a, state.paths, { concept: concept.value, onState: explainState, selected: state.selected });
  if (state.paths) renderPaths($("#paths"), state.paths, { onState: explainState });
  if (state.selected && current === "explain") explainState(state.selected);
}

async function explainState(pattern) {
  state.selected = pattern;
  $("#explain-state").value = pattern;
  showTab("explain");
  await runTab("explain");
}

// -- on-demand tabs (explain, deals, dynamics, inverse, hypergame) ------------------------
function formValues(form) {
  const out = {};
  for (const input of form.querySelectorAll("[name]")) {
    if (input.type === "checkbox") {
      if (input.checked) (out[input.name] ||= []).push(input.value);
      continue;
    }
    const v = input.value.trim();
    if (v === "") continue;
    out[input.name] = input.type === "number" ? Number(v) : v;
  }
  for (const [k, v] of Object.entries(out)) if (Array.isArray(v)) out[k] = v.join(",");
  return out;
}

const TABS = {
  explain: { path: "/api/explain", box: "#explain", render: renderExplain, body: () => ({ state: $("#explain-state").value || state.selected || "status_quo", ...formValues($("#explain-form")) }) },
  deals: { path: "/api/deals", box: "#deals", render: renderDeals, body: () => formValues($("#deals-form")) },
  dynamics: { path: "/api/dynamics", box: "#dynamics", render: renderDynamics, body: () => formValues($("#dynamics-form")) },
  inverse: { path: "/api/inverse", box: "#inverse", render: (b, d) => renderGeneric(b, d, "What it would take"), body: () => formValues($("#inverse-form")) },
  sensitivity: { path: "/api/sensitivity", box: "#sensitivity", render: renderSensitivity, body: () => formValues($("#sensitivity-form")) },
  hypergame: { path: "/api/hypergame", box: "#hypergame", render: (b, d) => renderGeneric(b, d, "Each side's perceived game"), body: () => ({}) },
};

async function runTab(tab) {
  const spec = TABS[tab];
  if (!spec || !state.valid) return;
  state.ran[tab] = true;
  const box = $(spec.box);
  box.setAttribute("aria-busy", "true");
  try {
    const data = await latest.post(tab, spec.path, { ...source(), ...spec.body() });
    spec.render(box, data);
  } catch (e) {
    if (!isAbort(e)) renderError(box, e);
  } finally {
    box.removeAttribute("aria-busy");
  }
}

async function runInBackground(tab) {
  const spec = TABS[tab] || { body: () => ({ detail: "full" }) };
  try {
    await jobs.start(tab, { ...source(), ...spec.body() });
    showTab("jobs");
  } catch (e) {
    alertError(e);
  }
}

function alertError(e) {
  setStatus("bad", e instanceof ApiError ? e.message : String(e));
}

// -- tabs -----------------------------------------------------------------------------
let current = "tableau";

function showTab(name) {
  current = name;
  for (const b of document.querySelectorAll("#result-tabs [role=tab]")) {
    const on = b.dataset.tab === name;
    b.setAttribute("aria-selected", on ? "true" : "false");
    b.tabIndex = on ? 0 : -1;
  }
  for (const p of document.querySelectorAll("#results [role=tabpanel]")) p.hidden = p.id !== `panel-${name}`;
  if (name === "explain" && state.selected && !state.ran.explain) runTab("explain");
  if (name === "hypergame" && !state.ran.hypergame) runTab("hypergame");
}

function updateTabs() {
  $("#tab-deals").hidden = !state.sections.agenda;
  $("#tab-dynamics").hidden = !state.sections.dynamics;
  $("#tab-hypergame").hidden = !structure()?.perceptions;
}

function showView(view) {
  for (const b of document.querySelectorAll("#view-tabs [role=tab]")) b.setAttribute("aria-selected", b.dataset.view === view ? "true" : "false");
  $("#editor").hidden = view !== "text";
  $("#form").hidden = view !== "form";
  if (view === "form") drawForm();
}

function drawForm() {
  renderForm($("#form"), editor.text(), state.model, (text) => {
    editor.setText(text, { notify: true });
    drawForm();
  });
}

// -- opening and saving -----------------------------------------------------------------
async function loadChoices() {
  const select = $("#open");
  const [files, builtins, templates] = await Promise.all([api.get("/api/files"), api.get("/api/builtins"), api.get("/api/templates")]);
  clear(select);
  select.append(el("option", { value: "", text: "Open a scenario…" }));
  const group = (label, items) => el("optgroup", { label }, items);
  if (files.files.length) select.append(group(`Workspace (${files.workspace})`, files.files.map((f) => el("option", { value: `file:${f.path}`, text: f.path }))));
  select.append(group("Built-in scenarios", builtins.map((b) => el("option", { value: `builtin:${b.name}`, text: `${b.name} — ${b.title}` }))));
  select.append(group("New from a template", templates.map((t) => el("option", { value: `template:${t.name}`, text: t.title }))));
}

async function open(choice) {
  if (!choice) return;
  if (state.dirty && !confirm("Discard the changes not saved?")) return;
  const [kind, ...rest] = choice.split(":");
  const name = rest.join(":");
  let data;
  if (kind === "file") data = await api.get(`/api/files/${name.split("/").map(encodeURIComponent).join("/")}`);
  else if (kind === "builtin") data = await api.get(`/api/builtins/${encodeURIComponent(name)}`);
  else data = await api.get(`/api/templates/${encodeURIComponent(name)}`);
  state.origin = { kind, name };
  state.filename = kind === "file" ? name : kind === "template" ? "new-scenario.yaml" : data.filename;
  $("#filename").value = state.filename;
  state.model = null;
  state.selected = null;
  state.ran = {};
  for (const t of Object.keys(TABS)) clear($(TABS[t].box));
  editor.setSyntax(syntax());
  editor.setText(data.text);
  state.dirty = false;
  markDirty();
  history.replaceState(null, "", `#${choice}`);
  $("#open").value = "";
  if (!$("#form").hidden) drawForm();
  await refresh();
}

async function save() {
  const name = $("#filename").value.trim();
  if (!name) return;
  try {
    await api.put(`/api/files/${name.split("/").map(encodeURIComponent).join("/")}`, { text: editor.text() });
    state.filename = name;
    state.origin = { kind: "file", name };
    state.dirty = false;
    markDirty();
    history.replaceState(null, "", `#file:${name}`);
    setStatus("ok", `Saved ${name} in the workspace.`);
    loadChoices();
  } catch (e) {
    alertError(e);
  }
}

function download() {
  const blob = new Blob([editor.text()], { type: "application/octet-stream" });
  const a = el("a", { href: URL.createObjectURL(blob), download: state.filename.split("/").pop() });
  document.body.append(a);
  a.click();
  setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
}

// -- wiring -----------------------------------------------------------------------------
const jobs = new Jobs($("#jobs"), {
  onResult: (job, data) => {
    const tab = job.kind === "analyze" ? null : job.kind;
    if (tab && TABS[tab]) { TABS[tab].render($(TABS[tab].box), data); showTab(tab); }
    else if (job.kind === "analyze") { state.analysis = data; drawAnalysis(); showTab("tableau"); }
    else if (job.kind === "paths") { renderPaths($("#paths"), data, { onState: explainState }); showTab("paths"); }
  },
  onChange: (j) => { const n = j.running(); $("#tab-jobs").textContent = n ? `Jobs (${n})` : "Jobs"; },
});

for (const b of document.querySelectorAll("#result-tabs [role=tab]")) b.addEventListener("click", () => showTab(b.dataset.tab));
$("#result-tabs").addEventListener("keydown", (e) => {
  if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
  const tabs = [...document.querySelectorAll("#result-tabs [role=tab]")].filter((t) => !t.hidden);
  const i = tabs.findIndex((t) => t.dataset.tab === current);
  const next = tabs[(i + (e.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length];
  showTab(next.dataset.tab);
  next.focus();
});
for (const b of document.querySelectorAll("#view-tabs [role=tab]")) b.addEventListener("click", () => showView(b.dataset.view));
$("#open").addEventListener("change", (e) => open(e.target.value).catch(alertError));
$("#save").addEventListener("click", save);
$("#download").addEventListener("click", download);
$("#report").addEventListener("click", async () => {
  try { await jobs.start("report", source()); showTab("jobs"); } catch (e) { alertError(e); }
});
$("#model").addEventListener("change", (e) => { state.model = e.target.value; updateTabs(); analyse(); if (!$("#form").hidden) drawForm(); });
$("#concept").addEventListener("change", drawAnalysis);
$("#filter").addEventListener("change", drawAnalysis);
for (const tab of Object.keys(TABS)) {
  const form = $(`#${tab}-form`);
  if (!form) continue;
  form.addEventListener("submit", (e) => { e.preventDefault(); runTab(tab); });
  form.querySelector(".background")?.addEventListener("click", () => runInBackground(tab));
}
$("#analyze-background").addEventListener("click", () => runInBackground("analyze"));
$("#filename").addEventListener("change", (e) => {
  state.filename = e.target.value.trim() || state.filename;
  editor.setSyntax(syntax());
});
window.addEventListener("beforeunload", (e) => { if (state.dirty) e.preventDefault(); });

async function start() {
  showTab("tableau");
  showView("text");
  await Promise.all([loadChoices(), jobs.load()]);
  const hash = decodeURIComponent(location.hash.slice(1));
  await open(hash && /^(file|builtin|template):/.test(hash) ? hash : "builtin:cuban-missile-crisis");
  document.body.dataset.ready = "true";
}

start().catch((e) => setStatus("bad", `The workbench could not start: ${e.message}`));
