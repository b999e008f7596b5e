"""Every API operation, fed inputs generated from the OpenAPI schema (schemathesis), answers
without a server error: bad input is a 4xx with a message, never a 500.

Seeded and bounded (a few examples per operation), against the ``strict`` server (token, an
empty workspace of its own where generated saves land, a 3 s job time limit).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import schemathesis
from hypothesis import HealthCheck, settings

from detente.web.app import Settings, create_app
from tests.web.conftest import TOKEN

with tempfile.TemporaryDirectory() as _folder:
    SCHEMA = schemathesis.openapi.from_dict(
        create_app(Settings(workspace=Path(_folder), warm=False)).app.openapi())


def test_the_schema_describes_the_api() -> None:
    paths = SCHEMA.raw_schema["paths"]
    for path in ("/api/health", "/api/validate", "/api/analyze", "/api/paths", "/api/explain",
                 "/api/deals", "/api/dynamics", "/api/inverse", "/api/hypergame",
                 "/api/sensitivity", "/api/jobs", "/api/jobs/{job_id}",
                 "/api/jobs/{job_id}/events", "/api/files/{path}"):
        assert path in paths, path


#: Command options a request does not take, and why: output and the server's own business
#: (formats, report folders, Dask workers), and options naming another file on the server.
NOT_IN_REQUESTS = {"format", "out_dir", "open_", "workers", "scheduler", "genius"}
#: Where a request names an option differently (``--dm`` is repeatable: ``dms``, a list).
RENAMED = {"dm": "dms"}


def test_each_request_takes_its_command_options() -> None:
    import typer.main

    import detente.cli  # noqa: F401 - registers the commands
    from detente.cli.common import app
    from detente.web.schemas import REQUESTS

    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]
    schemas = SCHEMA.raw_schema["components"]["schemas"]
    for kind, model in REQUESTS.items():
        options = {p.name for p in commands[kind].params if p.param_type_name == "option"}
        expected = {RENAMED.get(o, o) for o in options} - NOT_IN_REQUESTS
        if kind == "report":
            expected -= {"detail"}  # what the terminal prints; report.html is the same
        # the endpoints' bodies as /openapi.json documents them (report: a job's body)
        properties = (schemas[model.__name__] if kind != "report"
                      else model.model_json_schema())["properties"]
        assert expected <= set(properties), (kind, expected - set(properties))
        for name in expected:  # documented in /openapi.json
            assert properties[name].get("description"), (kind, name)


@SCHEMA.parametrize()
@settings(max_examples=3, derandomize=True, deadline=None, database=None,
          suppress_health_check=list(HealthCheck))
def test_no_server_error(case, strict) -> None:
    response = case.call(base_url=strict.url, timeout=120,
                         headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code < 500, (case.method, case.path, case.body, response.text[:500])
