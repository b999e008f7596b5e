"""``detente`` with no command: the main job — the briefing on the built-in summit scenario.

It loads the 2021 US–Russia summit scenario, runs every analysis, prints the briefing and
writes the HTML report to ``detente-report/report.html`` in the working directory (the same
as ``detente report``).
"""

from __future__ import annotations

import typer

from detente.cli.common import app


@app.callback()
def main_job(
    ctx: typer.Context,
    version: bool = typer.Option(False, "--version", help="Print the version and exit."),
) -> None:
    """Run with no command: brief on the 2021 US–Russia summit and write the HTML report
    to detente-report/report.html."""
    if version:
        from detente import __version__

        typer.echo(f"detente {__version__}")
        raise typer.Exit(0)
    if ctx.invoked_subcommand is not None:
        return
    from detente.cli.report import run_report

    run_report()  # its defaults: the summit scenario, into detente-report/
