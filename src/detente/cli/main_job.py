"""``detente`` with no command: the main job (analysis of the built-in scenario)."""

from __future__ import annotations

import typer

from detente.cli.common import app

#: The scenario ``detente`` analyses when run with no command.
MAIN_SCENARIO = "cuban-missile-crisis"


@app.callback()
def main_job(
    ctx: typer.Context,
    version: bool = typer.Option(False, "--version", help="Print the version and exit."),
) -> None:
    """Run with no command: analyse the built-in main scenario and print the result."""
    if version:
        from detente import __version__

        typer.echo(f"detente {__version__}")
        raise typer.Exit(0)
    if ctx.invoked_subcommand is not None:
        return
    from detente.cli.analyze import run_analyze

    run_analyze(MAIN_SCENARIO)
