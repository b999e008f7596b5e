"""``detente check-sources``: does every quoted passage appear in the source text?"""

from __future__ import annotations

from pathlib import Path

import typer

from detente.cli import options as opt
from detente.cli.common import app, fail, out, print_error, print_json


@app.command("check-sources", rich_help_panel="Scenario files")
def check_sources(
    source: str = opt.scenario("Scenario file (.yaml/.json) or built-in scenario."),
    text: list[Path] = typer.Option(
        ..., "--text", "-t", metavar="TEXT",
        help="The source text the quotes come from (UTF-8; repeat for several texts: a "
        "quote passes when one of them holds it)."),
    format: opt.Format = opt.output_format(),
) -> None:
    """Check the provenance of a scenario's assumptions against the source text.

    Lists every preference statement, agenda value and constraint, and observation with the
    kind of its source (the article's claim, the analyst's inference, another source, or
    none stated), and checks that each quote of an article or inference source appears in
    TEXT, ignoring whitespace, case and typographic variants of quotes and dashes. Exits
    with code 2, naming file, line and field, when a quote is not found.

    Example: [bold]detente check-sources summit-2021 --text article.txt[/]
    """
    from detente.model.agenda import load_agenda
    from detente.model.loader import load_all, load_document, resolve_source
    from detente.model.provenance import check_sources as run
    from detente.model.yamlio import read_text
    from detente.report.provenance import (
        missing_quote_messages,
        provenance_summary,
        provenance_table,
    )

    path, model = resolve_source(source)
    if model is not None:
        fail("check-sources checks a whole file; leave out '#model'")
    if path.suffix.lower() not in (".yaml", ".yml", ".json"):
        fail(f"{path} is not a scenario file (.yaml, .yml, .json); GMCR+ files have no "
             "sources to check")
    texts = [(str(t), read_text(t, kind="source text")) for t in text]
    doc = load_document(path)
    load_all(str(path))  # every model, state and observation is valid
    if doc.agenda is not None:
        load_agenda(str(path))
    if doc.located is None:  # load_document always keeps the lines of a file it read
        raise RuntimeError("the scenario document was read without its line numbers")
    report = run(doc.located, texts)
    if format == opt.Format.json:
        print_json(report.to_dict())
    else:
        out.print(provenance_table(report))
        for line in provenance_summary(report):
            out.print(line, markup=False, highlight=False)
    messages = missing_quote_messages(report)
    for m in messages:
        print_error(m)
    if messages:
        n = len(messages)
        fail(f"{n} quote{'s' if n > 1 else ''} not found in {', '.join(str(t) for t in text)}")
