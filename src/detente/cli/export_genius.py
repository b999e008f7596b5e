"""``detente export-genius``: write an agenda as GENIUS XML (domain + one profile per party)."""

from __future__ import annotations

import typer

from detente.cli import options as opt
from detente.cli.common import app, note, out, writing


@app.command("export-genius", rich_help_panel="Package deals")
def export_genius(
    source: str = opt.scenario(
        "Scenario file with an `agenda:` section, or a built-in scenario name."),
    outdir: str = typer.Argument(..., metavar="OUTDIR", help="Folder to write the files to "
                                 "(created if missing)."),
    name: str = typer.Option(None, "--name", help="Stem of the domain file (default: the "
                             "scenario file's name)."),
) -> None:
    """Export an agenda to GENIUS XML so that ANAC agents can negotiate it.

    Writes NAME-domain.xml and one PARTY.xml profile per party. Parked issues and constraints
    cannot be expressed in GENIUS: they are left out, with a note.

    Example: [bold]detente export-genius water.yaml genius/[/]
    """
    from pathlib import Path

    from detente.model.agenda import load_agenda
    from detente.model.genius import write_genius

    agenda = load_agenda(source)
    stem = name or Path(source).stem
    with writing(outdir):
        result = write_genius(agenda, outdir, name=stem)
    for w in result.warnings:
        note(w)
    for f in result.files:  # one path a line, never wrapped: scripts read them
        out.print(str(f), soft_wrap=True, markup=False)
