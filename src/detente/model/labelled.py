"""Things users name twice: an ``id`` that files and commands use, and an optional ``label``
that people read.

Examples
--------
>>> from detente.model.conflict import Option
>>> Option("escalate").text, Option("escalate", label="Escalate the blockade").text
('escalate', 'Escalate the blockade')
"""

from __future__ import annotations

__all__ = ["Labelled"]


class Labelled:
    """A base of the model's frozen dataclasses that have an ``id`` and a ``label`` field
    (options, issues, parties): :attr:`text` is what tables and sentences show."""

    id: str
    label: str

    @property
    def text(self) -> str:
        """The label when given, else the id."""
        return self.label or self.id
