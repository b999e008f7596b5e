"""Locust users for benchmarks/workbench_load.py: analysts analysing the built-in scenarios.

Each user opens a built-in scenario's text (as the page does), then keeps analysing it, as
text, the way the page re-analyses after each edit, with a short pause between requests.
Run by workbench_load.py against a server it started on 127.0.0.1 (never another host).
"""

from __future__ import annotations

import random

from locust import HttpUser, between, task

SCENARIOS = [("cuban-missile-crisis", None), ("chicken", None), ("prisoners-dilemma", None),
             ("elmira", None), ("summit-2021", "core")]


class Analyst(HttpUser):
    wait_time = between(0.5, 1.5)

    def on_start(self) -> None:
        self.name, self.model = random.choice(SCENARIOS)
        with self.client.get(f"/api/builtins/{self.name}", name="/api/builtins/[name]",
                             catch_response=True) as r:
            self.text = r.json()["text"]
            self.filename = r.json()["filename"]

    @task(4)
    def analyze_text(self) -> None:
        body = {"text": self.text, "filename": self.filename, "detail": "full"}
        if self.model:
            body["model"] = self.model
        self.client.post("/api/analyze", json=body, name="/api/analyze (text)")

    @task(2)
    def validate(self) -> None:
        self.client.post("/api/validate", json={"text": self.text, "filename": self.filename})

    @task(1)
    def paths(self) -> None:
        body = {"builtin": self.name}
        if self.model:
            body["model"] = self.model
        self.client.post("/api/paths", json=body, name="/api/paths (builtin)")
