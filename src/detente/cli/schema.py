"""``detente schema``: the JSON Schema of scenario files, for editors and validators."""

from __future__ import annotations

from pathlib import Path

import typer

from detente.cli.common import app, err, print_json, writing


@app.command(rich_help_panel="Scenario files")
def schema(
    output: Path = typer.Option(
        None, "--output", "-o", help="Write the schema to this file instead of stdout."
    ),
) -> None:
    """Print the JSON Schema of détente scenario files (YAML or JSON).

    Point an editor's YAML/JSON language server at it for completion and checking while
    writing a scenario.

    Example: [bold]detente schema -o detente-scenario.schema.json[/]
    """
    import json

    from detente.model.document import scenario_json_schema

    payload = scenario_json_schema()
    if output is None:
        print_json(payload)
        return
    from detente.model.files import write_file

    with writing(output):
        write_file(output.parent, output.name,
                   json.dumps(payload, indent=2, ensure_ascii=False) + "\n")
    err.print(f"wrote {output}")
