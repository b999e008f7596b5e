// How each analysis' JSON (exactly the command's) is shown. Every text goes through
// textContent (dom.js): names, options and messages come from the user's file.

import { clear, el, fmt, rawJson, svg, table } from "./dom.js";

export const CONCEPT_NAMES = {
  nash: "Nash", gmr: "GMR", smr: "SMR", seq: "SEQ", sim: "SIM", seqsim: "SEQ&SIM",
  lh: "Limited move", nm: "Non-myopic",
};

function conceptName(c) {
  return CONCEPT_NAMES[c] || c.toUpperCase();
}

/** Which DM each option belongs to, from the model's structure (validate's answer). */
function owners(structure, options) {
  const owner = {};
  for (const dm of structure?.decision_makers || []) for (const o of dm.options) owner[o.id] = dm.name;
  return options.map((o) => owner[o] || "");
}

function initials(name) {
  const words = name.split(/\s+/).filter(Boolean);
  return (words.length > 1 ? words.map((w) => w[0]).join("") : name.slice(0, 3)).toUpperCase();
}

// -- tableau ----------------------------------------------------------------------------
export function renderTableau(box, analysis, structure, { onState, filter = "all", reachable = null }) {
  clear(box);
  const dms = analysis.decision_makers;
  const concepts = analysis.summary.concepts;
  const eq = {};
  for (const c of concepts) for (const p of analysis.equilibria[c] || []) (eq[p] ||= []).push(c);
  let states = analysis.states || [];
  const total = states.length;
  if (filter === "equilibria") states = states.filter((s) => eq[s.pattern]);
  if (filter === "reachable" && reachable) states = states.filter((s) => s.pattern in reachable);
  const shown = states.slice(0, 500);
  const counts = concepts.map((c) => `${conceptName(c)} ${analysis.summary.equilibria_counts[c]}`);
  box.append(el("p", { class: "summary" },
    el("strong", { text: analysis.title || "" }), " — ",
    `${analysis.summary.feasible_states} feasible states; equilibria: ${counts.join(", ")}.`,
    analysis.status_quo ? ` Status quo ${analysis.status_quo}.` : ""));
  for (const [c, why] of Object.entries(analysis.summary.skipped || {})) {
    box.append(el("p", { class: "note", text: `${conceptName(c)} skipped: ${why}` }));
  }
  const owner = owners(structure, analysis.options);
  const groupRow = el("tr", {}, el("th", { rowspan: 2, text: "State" }));
  let i = 0;
  while (i < analysis.options.length) {
    let j = i;
    while (j < analysis.options.length && owner[j] === owner[i]) j++;
    groupRow.append(el("th", { colspan: j - i, class: "dm", text: owner[i] || "options" }));
    i = j;
  }
  groupRow.append(el("th", { colspan: dms.length, text: "Payoff (higher is preferred)" }));
  groupRow.append(el("th", { colspan: concepts.length, text: "Stable for (E: equilibrium)" }));
  const headRow = el("tr", {},
    analysis.options.map((o) => el("th", { class: "opt", title: o, text: o })),
    dms.map((d) => el("th", { title: d, text: initials(d) })),
    concepts.map((c) => el("th", { text: conceptName(c) })));
  const body = el("tbody");
  for (const s of shown) {
    const p = s.pattern;
    const row = el("tr", {
      class: [p === analysis.status_quo ? "sq" : "", eq[p] ? "eq" : ""].join(" ").trim(),
      dataset: { state: p },
    });
    row.append(el("th", { scope: "row" },
      el("button", { class: "state", type: "button", title: `Explain ${p}`, onclick: () => onState(p), text: p }),
      p === analysis.status_quo ? el("span", { class: "tag", text: "today" }) : null));
    for (const ch of p) row.append(el("td", { class: ch === "Y" ? "y" : "n", text: ch }));
    for (const d of dms) row.append(el("td", { class: "num", text: fmt(s.payoffs?.[d]) }));
    for (const c of concepts) {
      const stableFor = dms.filter((d) => (analysis.stability?.[c]?.[d] || []).includes(p));
      const isEq = (analysis.equilibria[c] || []).includes(p);
      row.append(el("td", {
        class: isEq ? "stab e" : "stab",
        title: stableFor.length ? `stable for ${stableFor.join(", ")}` : "stable for no one",
        text: isEq ? "E" : stableFor.map(initials).join(" "),
      }));
    }
    body.append(row);
  }
  box.append(el("div", { class: "scroll" },
    el("table", { class: "tableau", id: "tableau-table" }, el("thead", {}, groupRow, headRow), body)));
  if (shown.length < states.length || filter !== "all") {
    box.append(el("p", { class: "note", text: `${shown.length} of ${total} states shown.` }));
  }
  box.append(el("p", { class: "legend", text: `Columns under Payoff: ${dms.map((d) => `${initials(d)} = ${d}`).join("; ")}.` }));
  box.append(rawJson(analysis));
}

// -- state graph ------------------------------------------------------------------------
const MOVER_COLOURS = ["#1f6fb2", "#c0392b", "#2e8b57", "#8e44ad", "#d35400", "#16a085"];

export function renderGraph(box, analysis, paths, { concept, onState, selected }) {
  clear(box);
  const states = (analysis.states || []).map((s) => s.pattern);
  const reach = paths?.reachable || {};
  const eq = new Set(analysis.equilibria[concept] || []);
  const traps = new Set(Object.keys(analysis.lock_ins || {}));
  let nodes = states;
  if (nodes.length > 250) nodes = states.filter((p) => p in reach || eq.has(p));
  if (nodes.length > 250) nodes = nodes.slice(0, 250);
  const columns = new Map();
  for (const p of nodes) {
    const step = p in reach ? reach[p] : -1;
    if (!columns.has(step)) columns.set(step, []);
    columns.get(step).push(p);
  }
  const steps = [...columns.keys()].sort((a, b) => (a < 0) - (b < 0) || a - b);
  const w = 140, h = 44, pad = 30;
  const tallest = Math.max(...[...columns.values()].map((c) => c.length), 1);
  const width = pad * 2 + steps.length * w, height = pad * 2 + tallest * h + 20;
  const pos = {};
  steps.forEach((step, x) => columns.get(step).forEach((p, y) => {
    pos[p] = [pad + x * w + 50, pad + 30 + y * h];
  }));
  const movers = analysis.decision_makers;
  const edges = new Map();
  for (const list of Object.values(paths?.paths || {})) {
    for (const path of list) for (const m of path) {
      if (pos[m.from] && pos[m.to]) edges.set(`${m.from}>${m.to}`, m);
    }
  }
  const root = svg("svg", {
    viewBox: `0 0 ${width} ${height}`, width, height, role: "img",
    "aria-label": "State graph: states by the number of moves from the status quo",
  });
  root.append(svg("defs", {}, movers.map((_, i) => svg("marker", {
    id: `arrow${i}`, viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 6, markerHeight: 6, orient: "auto-start-reverse",
  }, svg("path", { d: "M 0 0 L 10 5 L 0 10 z", fill: MOVER_COLOURS[i % MOVER_COLOURS.length] })))));
  steps.forEach((step, x) => root.append(svg("text", {
    x: pad + x * w + 50, y: 18, "text-anchor": "middle", class: "axis",
    text: step < 0 ? "not reached" : step === 0 ? "today" : `${step} move${step > 1 ? "s" : ""}`,
  })));
  for (const m of edges.values()) {
    const [x1, y1] = pos[m.from], [x2, y2] = pos[m.to];
    const i = Math.max(0, movers.indexOf(m.mover));
    const dx = x2 - x1, dy = y2 - y1;
    // leave and reach the boxes (96 x 32) at their edges
    const t = Math.min(dx ? 50 / Math.abs(dx) : Infinity, dy ? 18 / Math.abs(dy) : Infinity);
    root.append(svg("line", {
      x1: x1 + dx * t, y1: y1 + dy * t, x2: x2 - dx * t, y2: y2 - dy * t,
      stroke: MOVER_COLOURS[i % MOVER_COLOURS.length], "stroke-width": 1.5, "marker-end": `url(#arrow${i})`,
    }, svg("title", { text: `${m.mover}: ${Object.entries(m.changed).map(([k, v]) => `${k}=${v}`).join(", ")}` })));
  }
  for (const p of nodes) {
    const [x, y] = pos[p];
    const cls = ["node", eq.has(p) ? "eq" : "", p === analysis.status_quo ? "sq" : "", traps.has(p) ? "trap" : "", p === selected ? "sel" : ""];
    const g = svg("g", {
      class: cls.join(" ").trim(), transform: `translate(${x},${y})`, tabindex: 0, role: "button",
      "data-state": p, "aria-label": `State ${p}`,
      onclick: () => onState(p),
      onkeydown: (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); onState(p); } },
    }, svg("rect", { x: -48, y: -16, width: 96, height: 32, rx: 8 }),
    svg("text", { "text-anchor": "middle", y: 5, text: p }),
    svg("title", { text: [p, eq.has(p) ? `${conceptName(concept)} equilibrium` : "", p === analysis.status_quo ? "status quo" : "", traps.has(p) ? "lock-in: an irreversible move leaves states out of reach" : ""].filter(Boolean).join(" — ") }));
    root.append(g);
  }
  box.append(el("div", { class: "scroll graph" }, root));
  box.append(el("p", { class: "legend" },
    el("span", { class: "key eq" }, `${conceptName(concept)} equilibrium`), " ",
    el("span", { class: "key sq" }, "status quo"), " ",
    el("span", { class: "key trap" }, "lock-in (irreversible)"), " Arrows: status-quo paths, coloured by mover: ",
    movers.map((m, i) => el("span", { style: `color:${MOVER_COLOURS[i % MOVER_COLOURS.length]}`, text: `■ ${m} ` }))));
  if (nodes.length < states.length) {
    box.append(el("p", { class: "note", text: `${nodes.length} of ${states.length} states drawn (those reached from the status quo and the equilibria).` }));
  }
}

// -- explain ----------------------------------------------------------------------------
function move(m) {
  const changes = Object.entries(m.changed || {}).map(([k, v]) => `${k}→${v}`).join(", ");
  return `${m.mover} moves ${m.from} → ${m.to} (${changes})`;
}

export function renderExplain(box, data) {
  clear(box);
  box.append(el("h3", { text: `Why state ${data.state} is or is not stable` }));
  const byDm = new Map();
  for (const w of data.witnesses) {
    if (!byDm.has(w.dm)) byDm.set(w.dm, []);
    byDm.get(w.dm).push(w);
  }
  box.append(table(["Decision maker", ...data.concepts.map(conceptName)],
    [...byDm.entries()].map(([dm, ws]) => [dm, ...data.concepts.map((c) => {
      const w = ws.find((x) => x.concept === c);
      return el("td", { class: w?.stable ? "ok" : "bad", text: w ? (w.stable ? "stable" : "unstable") : "—" });
    })]), { class: "explain-table" }));
  for (const [dm, ws] of byDm) {
    const section = el("section", { class: "witness" }, el("h4", { text: dm }));
    const first = ws.find((w) => w.improvements.length);
    if (!first) {
      section.append(el("p", { text: `${dm} has no unilateral improvement from ${data.state}: it cannot do better by moving alone, so the state is stable for ${dm} under every concept.` }));
    }
    for (const w of ws) {
      if (!w.improvements.length) continue;
      const items = w.improvements.map((imp) => {
        const parts = [el("strong", { text: `→ ${imp.to}` })];
        if (!imp.sanctioned) parts.push(": not sanctioned (a reason to leave)");
        else {
          parts.push(": sanctioned");
          if (imp.sanction?.length) parts.push(" — ", imp.sanction.map(move).join("; then "));
          if (imp.countermove) parts.push(`; ${dm}'s countermove escapes: ${move(imp.countermove)}`);
          if (imp.simultaneous) parts.push(`; simultaneous: ${JSON.stringify(imp.simultaneous)}`);
        }
        return el("li", {}, parts);
      });
      section.append(el("p", {}, el("span", { class: w.stable ? "ok" : "bad", text: `${conceptName(w.concept)}: ${w.stable ? "stable" : "unstable"}` }), ` — ${w.improvements.length} improvement${w.improvements.length > 1 ? "s" : ""}:`),
        el("ul", {}, items));
    }
    box.append(section);
  }
  box.append(rawJson(data));
}

// -- status-quo paths -------------------------------------------------------------------
export function renderPaths(box, data, { onState }) {
  clear(box);
  box.append(el("p", { class: "summary", text: `From ${data.start} (${data.moves} moves${data.max_steps ? `, at most ${data.max_steps} steps` : ""}): ${Object.keys(data.reachable).length} states reachable${data.complete ? "" : " (search cut short)"}.` }));
  const rows = Object.entries(data.equilibria_reachable || {}).map(([c, list]) => [conceptName(c), list.length ? list.join(", ") : "none"]);
  if (rows.length) box.append(el("h4", { text: "Equilibria reachable from the status quo" }), table(["Concept", "States"], rows));
  box.append(el("h4", { text: "A shortest path to each state" }));
  const list = el("ol", { class: "paths" });
  for (const [target, paths] of Object.entries(data.paths || {})) {
    const path = paths[0] || [];
    list.append(el("li", {},
      el("button", { class: "state", type: "button", onclick: () => onState(target), text: target }),
      ` (${path.length} move${path.length === 1 ? "" : "s"}${(data.paths_total?.[target] || 1) > 1 ? `, ${data.paths_total[target]} paths` : ""}) `,
      path.length ? el("span", { class: "muted", text: path.map(move).join("; ") }) : el("span", { class: "muted", text: "the start" })));
  }
  box.append(list, rawJson(data));
}

// -- package deals ----------------------------------------------------------------------
export function renderDeals(box, data) {
  clear(box);
  const parties = data.parties.map((p) => p.id);
  box.append(el("p", { class: "summary", text: `${data.title}: ${data.summary.outcomes} outcomes, ${data.summary.zopa_outcomes} in the zone of possible agreement; ${data.summary.pareto_points} Pareto-optimal point(s). ${data.summary.agreement_possible ? "An agreement is possible." : "No agreement beats every party's reservation."}` }));
  if (parties.length === 2 && data.pareto?.length) box.append(frontier(data, parties));
  const sols = Object.entries(data.solutions || {}).filter(([, s]) => s);
  if (sols.length) {
    box.append(el("h4", { text: "Bargaining solutions" }), table(["Solution", ...parties, "Package"],
      sols.map(([name, s]) => [name.replace(/_/g, " "), ...parties.map((p) => fmt(s.utilities[p])),
        el("span", { class: "pkg", text: Object.entries(s.packages?.[0] || {}).map(([k, v]) => `${k}: ${v}`).join("; ") })])));
  }
  if (data.trades?.length) {
    box.append(el("h4", { text: `Trades from ${data.trades_from.replace(/_/g, " ")}` }), table(["Changes", ...parties.map((p) => `gain ${p}`), "joint"],
      data.trades.slice(0, 15).map((t) => [Object.entries(t.changes).map(([k, v]) => `${k}: ${t.previous[k]} → ${v}`).join("; "),
        ...parties.map((p) => fmt(t.gains[p])), fmt(t.joint_gain)])));
  }
  for (const n of data.notes || []) box.append(el("p", { class: "note", text: String(n) }));
  box.append(rawJson(data));
}

function frontier(data, [a, b]) {
  const W = 320, H = 240, m = 36;
  const x = (u) => m + u * (W - 2 * m), y = (u) => H - m - u * (H - 2 * m);
  const root = svg("svg", { viewBox: `0 0 ${W} ${H}`, width: W, height: H, role: "img", "aria-label": "Pareto frontier" },
    svg("rect", { x: m, y: m, width: W - 2 * m, height: H - 2 * m, class: "frame" }),
    svg("text", { x: W / 2, y: H - 6, "text-anchor": "middle", class: "axis", text: `utility of ${a}` }),
    svg("text", { x: 12, y: H / 2, "text-anchor": "middle", class: "axis", transform: `rotate(-90 12 ${H / 2})`, text: `utility of ${b}` }));
  const pa = data.parties[0], pb = data.parties[1];
  root.append(svg("line", { x1: x(pa.reservation), y1: y(0), x2: x(pa.reservation), y2: y(1), class: "reservation" }));
  root.append(svg("line", { x1: x(0), y1: y(pb.reservation), x2: x(1), y2: y(pb.reservation), class: "reservation" }));
  const pts = [...data.pareto].sort((p, q) => p.utilities[a] - q.utilities[a]);
  root.append(svg("polyline", { points: pts.map((p) => `${x(p.utilities[a])},${y(p.utilities[b])}`).join(" "), class: "frontier" }));
  for (const p of pts) root.append(svg("circle", { cx: x(p.utilities[a]), cy: y(p.utilities[b]), r: 4, class: "pareto" }, svg("title", { text: `${fmt(p.utilities[a])}, ${fmt(p.utilities[b])}` })));
  const n = data.solutions?.nash;
  if (n) root.append(svg("circle", { cx: x(n.utilities[a]), cy: y(n.utilities[b]), r: 6, class: "nash" }, svg("title", { text: "Nash bargaining solution" })));
  return el("figure", {}, root, el("figcaption", { text: "Pareto frontier (dots), reservation levels (dashed), Nash bargaining solution (ring)." }));
}

// -- dynamics ---------------------------------------------------------------------------
export function renderDynamics(box, data) {
  clear(box);
  for (const m of data.matches || []) {
    const sides = Object.keys(m.moves);
    box.append(el("h4", { text: `Match: ${sides.map((s) => `${s} (${m.policies[s]})`).join(" vs ")}, ${m.rounds} rounds` }));
    box.append(el("div", { class: "moves" }, sides.map((s) => el("div", { class: "moverow" },
      el("span", { class: "side", text: s }),
      el("span", { class: "seq" }, [...m.moves[s]].map((c) => el("i", { class: c === "C" ? "c" : "d", text: c })))))));
    box.append(el("p", { class: "muted", text: `Cooperation: ${sides.map((s) => `${s} ${fmt(m.cooperation_rate[s], 2)}`).join(", ")}; mean payoff ${sides.map((s) => `${s} ${fmt(m.mean_payoff[s], 2)}`).join(", ")}.` }));
  }
  if (data.tournament) {
    const t = data.tournament;
    box.append(el("h4", { text: `Tournament (${t.repetitions} repetitions, ${t.horizon.rounds ?? "random"} rounds)` }));
    for (const [side, ranking] of Object.entries(t.ranking || {})) {
      box.append(table([`${side}: policy`, ...Object.keys(ranking[0] || {}).filter((k) => k !== "policy")],
        ranking.map((r) => [String(r.policy), ...Object.entries(r).filter(([k]) => k !== "policy").map(([, v]) => typeof v === "object" ? JSON.stringify(v) : fmt(v))])));
    }
  }
  if (data.recovery) {
    const r = data.recovery;
    box.append(el("h4", { text: `Recovery after a shock by ${r.shocked_side} in round ${r.shock_round}` }),
      table(["Policies", "recovered", "never", "median rounds"], r.pairs.map((p) => [Object.values(p.policies).join(" vs "), fmt(p.recovered), fmt(p.never), fmt(p.median_rounds)])));
  }
  if (data.sweep) {
    const s = data.sweep;
    box.append(el("h4", { text: `Sweep over ${s.kind}` }),
      table(["Policies", ...s.levels.map((l) => fmt(l, 2))], s.pairs.map((p) => [Object.values(p.policies).join(" vs "),
        ...p.points.map((pt) => fmt(pt.cooperation_rate?.mean ?? pt.mutual_cooperation?.mean ?? pt.mean ?? null, 2))])));
  }
  if (data.richardson) box.append(el("h4", { text: "Richardson arms race" }), el("p", { class: "muted", text: "See the JSON below." }));
  box.append(rawJson(data));
}

// -- sensitivity: which single change flips which verdict -------------------------------
/** A change in a few characters, as the command's table writes it: −k dropped, k↔k+1
 * swapped, k=k+1 tie groups merged. */
export function changeLabel(f) {
  const [a, b] = f.statements;
  if (f.change === "swap") return `${a}↔${b}`;
  return f.statements.length > 1 ? `${a}=${b}` : `−${a}`;
}

const CHANGE_WORDS = { swap: "swapped", delete: "dropped" };

/** A heat map: one row per state whose verdict some change flips (or that is an equilibrium),
 * one column per change that flips anything, grouped by decision maker; a cell's shade is
 * how many concepts' verdicts that change flips at that state, its text which ones. */
export function renderSensitivity(box, data) {
  if (!Array.isArray(data.states)) return renderGeneric(box, data, "Which assumptions each verdict rests on");
  clear(box);
  const concepts = data.concepts || [];
  const rows = new Map(); // state -> {baseline: Set(concept), kept: min share, cells: Map(key -> [concept])}
  const columns = new Map(); // key -> {dm, label, title}
  for (const s of data.states) {
    const row = rows.get(s.state) || { baseline: new Set(), kept: 1, cells: new Map() };
    rows.set(s.state, row);
    if (s.baseline) row.baseline.add(s.concept);
    row.kept = Math.min(row.kept, s.of ? s.kept / s.of : 1);
    for (const f of s.flipped_by || []) {
      const key = `${f.dm}\u0000${f.change}\u0000${f.statements.join(",")}`;
      if (!columns.has(key)) {
        const what = f.change === "delete" && f.statements.length > 1
          ? `tie groups ${f.statements.join(" and ")} merged` : `statement${f.statements.length > 1 ? "s" : ""} ${f.statements.join(" and ")} ${CHANGE_WORDS[f.change] || f.change}`;
        columns.set(key, { dm: f.dm, label: changeLabel(f), title: `${f.dm}: ${what}`, first: f.statements[0], change: f.change });
      }
      (row.cells.get(key) || row.cells.set(key, []).get(key)).push(s.concept);
    }
  }
  const dmOrder = [];
  for (const c of columns.values()) if (!dmOrder.includes(c.dm)) dmOrder.push(c.dm);
  const keys = [...columns.keys()].sort((a, b) => {
    const [ca, cb] = [columns.get(a), columns.get(b)];
    return dmOrder.indexOf(ca.dm) - dmOrder.indexOf(cb.dm) || ca.first - cb.first || ca.change.localeCompare(cb.change);
  });
  const flipped = [...rows.values()].filter((r) => r.cells.size).length;
  box.append(el("h4", { text: "Which single change flips which verdict" }),
    el("p", { class: "summary" }, `${data.title ? `${data.title}: ` : ""}${data.changes} single changes of the preferences tried; `,
      `${flipped} state${flipped === 1 ? "" : "s"} change verdict under at least one of them (${keys.length} change${keys.length === 1 ? "" : "s"} flip something).`),
    el("p", { class: "muted", text: "Columns: −k statement k dropped; k↔k+1 statements (or tie groups) swapped; k=k+1 tie groups merged. A cell counts the concepts whose verdict the change flips at that state (darker: more); hover for which." }));
  if (!keys.length) {
    box.append(el("p", { text: "No single change flips any verdict: every verdict holds under each change tried." }), rawJson(data));
    return;
  }
  const head1 = el("tr", {}, el("th", { rowspan: 2, text: "State" }), el("th", { rowspan: 2, text: "Equilibrium under" }),
    el("th", { rowspan: 2, text: "Kept (worst concept)" }));
  for (const dm of dmOrder) head1.append(el("th", { class: "dm", colspan: keys.filter((k) => columns.get(k).dm === dm).length, text: dm }));
  const head2 = el("tr", {}, keys.map((k) => el("th", { class: "change", title: columns.get(k).title, text: columns.get(k).label })));
  const order = [...rows.entries()].sort(([, a], [, b]) => b.cells.size - a.cells.size || b.baseline.size - a.baseline.size);
  const body = order.map(([state, row]) => el("tr", { dataset: { state } },
    el("th", { class: "state", text: state }),
    el("td", { class: "base", text: row.baseline.size ? concepts.filter((c) => row.baseline.has(c)).map(conceptName).join(", ") : "—" }),
    el("td", { class: "num", text: `${Math.round(row.kept * 100)} %` }),
    keys.map((k) => {
      const hit = row.cells.get(k) || [];
      if (!hit.length) return el("td", { class: "cell" });
      const share = hit.length / Math.max(1, concepts.length);
      const turns = hit.map((c) => `${conceptName(c)}: ${row.baseline.has(c) ? "stops being an equilibrium" : "becomes an equilibrium"}`);
      return el("td", {
        class: "cell hit", dataset: { concepts: hit.join(",") },
        style: `background: rgba(192, 57, 43, ${(0.18 + 0.72 * share).toFixed(2)})`,
        title: `${state} under ${columns.get(k).title} — ${turns.join("; ")}`,
        text: String(hit.length),
      });
    })));
  box.append(el("div", { class: "scroll" }, el("table", { class: "heatmap", id: "sensitivity-heatmap" },
    el("thead", {}, head1, head2), el("tbody", {}, body))));
  box.append(rawJson(data));
}

// -- generic (inverse, hypergame, anything new) ----------------------------------------
export function renderGeneric(box, data, title) {
  clear(box);
  if (title) box.append(el("h4", { text: title }));
  const scalars = Object.entries(data).filter(([, v]) => v === null || typeof v !== "object");
  if (scalars.length) box.append(table(["", ""], scalars.map(([k, v]) => [k.replace(/_/g, " "), fmt(v)])));
  for (const [k, v] of Object.entries(data)) {
    if (v && typeof v === "object" && !Array.isArray(v) && Object.values(v).every((x) => Array.isArray(x) && x.every((s) => typeof s === "string"))) {
      box.append(el("h4", { text: k.replace(/_/g, " ") }), table(["", "states"], Object.entries(v).map(([c, list]) => [conceptName(c), list.length ? list.join(", ") : "none"])));
    }
  }
  box.append(rawJson(data, "The whole result as JSON (as the command prints it)"));
  box.querySelector("details.raw")?.setAttribute("open", "");
}

export function renderError(box, error) {
  clear(box);
  const loc = error.located;
  box.append(el("p", { class: "error", role: "alert" },
    loc && loc.line ? `line ${loc.line}${loc.field ? `, ${loc.field}` : ""}: ` : "", error.message));
}
