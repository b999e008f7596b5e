"""détente: think through talks between adversaries.

Graph Model for Conflict Resolution (GMCR) stability analysis, package-deal analysis over a
multi-issue agenda, and reciprocity dynamics, from scenario files people can read.

>>> import detente
>>> conflict = detente.load("prisoners-dilemma")
>>> sorted(detente.analyze(conflict).equilibria["nash"])
['NN']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

__all__ = ["analyze", "hypergame", "load", "__version__"]

if TYPE_CHECKING:  # pragma: no cover
    from detente.graph.analysis import Analysis
    from detente.graph.hypergame import HypergameAnalysis
    from detente.model.conflict import Conflict


def load(source: str, name: str | None = None) -> Conflict:
    """Load a conflict model from a scenario file, a ``.gmcr`` file or a built-in name.

    ``source`` may be ``FILE#model`` to pick one model of a multi-model file.
    """
    from detente.model.loader import load_conflict

    return load_conflict(source, name=name)


def analyze(conflict: Conflict, concepts: Any = None, **kwargs: Any) -> Analysis:
    """Stability analysis of ``conflict`` (see :func:`detente.graph.analysis.analyze`)."""
    from detente.graph.analysis import analyze as _analyze

    return _analyze(conflict, concepts=concepts, **kwargs)


def hypergame(conflict: Conflict, concepts: Any = None, **kwargs: Any) -> HypergameAnalysis:
    """How each side sees the conflict: the first-level hypergame analysis of ``conflict``
    (see :func:`detente.graph.hypergame.hypergame`).

    >>> h = hypergame(load("chicken"), concepts="nash")
    >>> h.hyper_equilibria["nash"] == h.actual["nash"]  # no perceptions declared
    True
    """
    from detente.graph.hypergame import hypergame as _hypergame

    return _hypergame(conflict, concepts=concepts, **kwargs)
