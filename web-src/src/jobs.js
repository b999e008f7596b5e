// Background jobs: start, follow (server-sent events), cancel; the list survives a reload
// because the server keeps it (the page asks for it again when it loads).

import { api } from "./api.js";
import { clear, el } from "./dom.js";

const FINAL = new Set(["done", "error", "failed", "cancelled", "timeout", "memory"]);

function running(job) {
  const p = job.progress || {};
  const seconds = job.started ? Math.max(0, Math.round(Date.now() / 1000 - job.started)) : 0;
  return `${p.step || "working"}${p.total ? ` (${p.done} of ${p.total})` : ""} — ${seconds} s`;
}

export class Jobs {
  constructor(box, { onResult, onChange }) {
    this.box = box;
    this.onResult = onResult;
    this.onChange = onChange || (() => {});
    this.jobs = new Map();
    this.streams = new Map();
    this.rows = new Map();
  }

  async load() {
    const list = await api.get("/api/jobs");
    for (const job of list) this.update(job);
    this.render();
  }

  async start(kind, request) {
    const job = await api.post("/api/jobs", { kind, request });
    localStorage.setItem("detente.lastJob", job.id);
    this.update(job);
    this.render();
    return job;
  }

  async cancel(id) {
    const job = await api.del(`/api/jobs/${encodeURIComponent(id)}`);
    this.update(job);
  }

  running() {
    return [...this.jobs.values()].filter((j) => !FINAL.has(j.state)).length;
  }

  update(job) {
    this.jobs.set(job.id, job);
    if (!FINAL.has(job.state)) this.follow(job.id);
    else this.streams.get(job.id)?.close();
    this.drawRow(job);
    this.onChange(this);
  }

  follow(id) {
    if (this.streams.has(id)) return;
    const source = new EventSource(`/api/jobs/${encodeURIComponent(id)}/events`);
    this.streams.set(id, source);
    source.addEventListener("progress", (e) => this.update(JSON.parse(e.data)));
    source.addEventListener("end", () => { source.close(); });
    source.onerror = () => {
      // the server stopped or the job is gone: ask once for its state
      source.close();
      this.streams.delete(id);
      api.get(`/api/jobs/${encodeURIComponent(id)}`).then((j) => this.update(j)).catch(() => {});
    };
  }

  render() {
    clear(this.box);
    if (!this.jobs.size) {
      this.box.append(el("p", { class: "muted", text: "No background jobs yet. Long analyses (large models, tournaments and sweeps, inverse searches) and the report run here, with a progress bar; they go on when the page is reloaded." }));
      return;
    }
    const list = el("ul", { class: "jobs" });
    this.rows.clear();
    for (const job of [...this.jobs.values()].reverse()) {
      const row = el("li", { class: "job", dataset: { job: job.id } });
      this.rows.set(job.id, row);
      list.append(row);
      this.fill(row, job);
    }
    this.box.append(list);
  }

  drawRow(job) {
    const row = this.rows.get(job.id);
    if (row) this.fill(row, job);
    else if (this.box.isConnected) this.render();
  }

  fill(row, job) {
    clear(row);
    row.dataset.state = job.state;
    const p = job.progress || {};
    const bar = el("progress", { max: 1, "aria-label": `Progress of ${job.title}` });
    if (p.fraction !== null && p.fraction !== undefined) bar.value = p.fraction;
    const actions = el("span", { class: "actions" });
    if (!FINAL.has(job.state)) {
      actions.append(el("button", { type: "button", class: "cancel", onclick: () => this.cancel(job.id), text: "Cancel" }));
    } else if (job.report) {
      actions.append(el("a", { href: `/api/jobs/${encodeURIComponent(job.id)}/report.html`, download: "report.html", class: "button", text: "Download report.html" }));
    } else if (job.has_result) {
      actions.append(el("button", {
        type: "button", text: "Show result",
        onclick: async () => this.onResult(job, await api.get(`/api/jobs/${encodeURIComponent(job.id)}/result`)),
      }));
    }
    row.append(el("div", { class: "job-head" }, el("strong", { text: job.title }), " ",
      el("span", { class: `state ${job.state}`, text: job.state }), actions),
    bar,
    el("div", { class: "muted", text: job.state === "running" ? running(job) : job.message || "" }));
    if (job.state === "running" && !this.ticking) {
      // the elapsed time moves on between progress events
      this.ticking = setInterval(() => {
        const busy = [...this.jobs.values()].filter((j) => j.state === "running");
        for (const j of busy) this.drawRow(j);
        if (!busy.length) { clearInterval(this.ticking); this.ticking = null; }
      }, 1000);
    }
  }
}
