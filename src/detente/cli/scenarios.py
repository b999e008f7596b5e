"""``detente scenarios``: the built-in scenarios."""

from __future__ import annotations

import typer

from detente.cli.common import app, out, print_json


@app.command(rich_help_panel="Scenario files")
def scenarios(
    as_json: bool = typer.Option(False, "--json", help="List them as JSON."),
) -> None:
    """List the built-in scenarios (use a name wherever a FILE is asked for).

    Example: [bold]detente analyze elmira[/]
    """
    from rich.table import Table

    from detente.model.builtin import catalogue

    rows = [{"name": name, "title": title, "models": models, "path": str(path)}
            for name, title, models, path in catalogue()]
    if as_json:
        print_json(rows)
        return
    table = Table(title="Built-in scenarios", title_justify="left")
    table.add_column("name", style="bold")
    table.add_column("title")
    table.add_column("models (NAME#model)")
    for r in rows:
        models = list(r["models"])
        table.add_row(str(r["name"]), str(r["title"]), ", ".join(models) if len(models) > 1
                      else "")
    out.print(table)
