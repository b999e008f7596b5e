"""A notebook session with détente, as a script (docs/api.md walks through it).

Load a model, analyse it, change a preference and rerun, plot, trace the paths from today,
explain a verdict, look at package deals and the reciprocity spiral, write the report.
Figures and the report go to the folder named by the first argument (default: a folder
``detente-example`` in the working directory). The test suite runs this script.

    python examples/notebook_session.py [OUTPUT-FOLDER]
"""

from __future__ import annotations

import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no window: the figure is written to a file

import pandas as pd  # noqa: E402

import detente  # noqa: E402
from detente import Change, apply_changes  # noqa: E402


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)

    # Load a model and analyse it.
    c = detente.load("cuban-missile-crisis")
    a = detente.analyze(c, concepts=["nash", "seq"])
    print("SEQ equilibria:", a.equilibria["seq"])
    assert a.equilibria["seq"] == ["NNYN", "YNYN", "NYYN"]
    assert a.is_stable("NNYN", "seq", dm="Soviet Union")
    frame = a.to_frame()
    assert len(frame) == a.n_states and frame[("equilibrium", "seq")].sum() == 3

    # Change a preference and rerun: the Soviet Union's two best outcomes swapped.
    change = Change(1, "swap", 1)
    print("Change:", change.describe(c))
    a2 = detente.analyze(apply_changes(c, [change]), concepts=["nash", "seq"])
    print("after the change:", a2.equilibria)
    assert a2.equilibria["nash"] == ["NNYN", "YNYN"]

    # Plot the number of equilibria before and after.
    counts = pd.DataFrame({"as published": a.to_frame()["equilibrium"].sum(),
                           "USSR prefers withdrawal": a2.to_frame()["equilibrium"].sum()})
    ax = counts.plot.bar(title="Equilibria of the Cuban missile crisis")
    ax.figure.savefig(out / "equilibria.png")
    print("figure:", out / "equilibria.png")

    # From today to the historical outcome.
    s = detente.status_quo(c, to="NYYN")
    path = [step.describe(c) for step in s.shortest_path("NYYN")]
    print("path to NYYN:", path)
    assert path == ["United States: NNNN → NYNN", "Soviet Union: NYNN → NYYN"]

    # Why it holds.
    e = detente.explain(c, "NYYN", dm="United States", concepts=["seq"])
    print(e)
    assert e.witness("United States", "seq").stable

    # Package deals and the reciprocity spiral of the summit scenario.
    d = detente.deals("summit-2021")
    if d.solutions is not None:
        print("Nash solution:", d.solutions["nash"].packages[:1])
    y = detente.dynamics("summit-2021", analyses=["tournament"], repetitions=20, seed=1)
    ranking = y.to_dict()["tournament"]["ranking"]
    print("best policies:", {side: rows[0]["policy"] for side, rows in ranking.items()})

    # The report.
    report = detente.report("cuban-missile-crisis", out=out)
    print("report:", report)
    assert report.exists()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("detente-example"))
