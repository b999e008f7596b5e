"""The provenance check of a scenario's sources, for the terminal (Rich).

Renders a :class:`~detente.model.provenance.ProvenanceReport`: one row per sourced item (the
statement or value, whose it is, the kind of its source and whether its quotes were found in
the text), a summary, and the located messages for quotes that were not found. All user text
goes into Rich as plain :class:`~rich.text.Text`, never as markup.
"""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

from detente.model.provenance import KIND_LABELS, ProvenanceReport, SourcedItem

__all__ = ["provenance_table", "provenance_summary", "missing_quote_messages"]

_KIND_STYLE = {"article": "green", "inference": "yellow", "other": "cyan",
               "unspecified": "magenta", "none": "red"}


def _quote_status(item: SourcedItem) -> Text:
    if not item.source.quotes:
        return Text("no quote", style="dim")
    if not item.checked:
        return Text("not checked (quotes another document)", style="dim")
    missing = len(item.missing_quotes)
    if missing:
        return Text(f"NOT FOUND ({missing} of {len(item.found)})", style="bold red")
    return Text("found" if len(item.found) == 1 else f"all {len(item.found)} found",
                style="green")


def provenance_table(report: ProvenanceReport) -> Table:
    """Every sourced item in file order: line, whose, what, kind, quote status."""
    table = Table(title=Text(f"Sources of {report.file}"), title_justify="left",
                  show_lines=False)
    table.add_column("line", justify="right")
    table.add_column("where")
    table.add_column("statement / value")
    table.add_column("source")
    table.add_column("quote")
    for item in report.items:
        table.add_row(
            Text(str(item.line or "")), Text(item.context), Text(item.text),
            Text(KIND_LABELS.get(item.source.kind, item.source.kind),
                 style=_KIND_STYLE.get(item.source.kind, "")),
            _quote_status(item))
    return table


def provenance_summary(report: ProvenanceReport) -> list[str]:
    """Plain lines: counts per kind, quotes checked and missing, what lacks a quote."""
    c = report.counts()
    total = len(report.items)
    kinds = ", ".join(f"{c[k]} {KIND_LABELS[k]}" for k in
                      ("article", "inference", "other", "unspecified", "none") if c[k])
    texts = ", ".join(report.texts)
    lines = [f"{total} sourced items: {kinds or 'none'}."]
    lines.append(f"Quotes checked against {texts}: {c['quotes_checked']}, found "
                 f"{c['quotes_found']}, not found {c['quotes_missing']}.")
    unquoted = report.unquoted
    if unquoted:
        inf = sum(i.source.kind == "inference" for i in unquoted)
        bare = sum(i.source.kind in ("unspecified", "none") for i in unquoted)
        lines.append(f"Without a quote: {len(unquoted)} ({inf} analyst's "
                     f"inference{'s' if inf != 1 else ''}, {bare} with no stated kind or no "
                     "source).")
    return lines


def missing_quote_messages(report: ProvenanceReport) -> list[str]:
    """``FILE, line N, FIELD: quote not found in TEXT: "…"`` for each missing quote."""
    out = []
    texts = " or ".join(report.texts)
    for item in report.missing:
        line = item.quote_line or item.line
        where = ", ".join(p for p in (report.file, f"line {line}" if line else "",
                                      f"{item.path}.source.quote") if p)
        for q in item.missing_quotes:
            shown = " ".join(q.split())
            shown = shown if len(shown) <= 120 else shown[:117] + "..."
            out.append(f"{where}: quote not found in {texts}: \u201c{shown}\u201d")
    return out
