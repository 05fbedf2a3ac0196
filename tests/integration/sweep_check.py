"""A sweep task is a run: check a sweep file against plain runs.

usage: sweep_check.py SWEEP.h5 RUN_POINT0.h5 RUN_POINT1.h5 ...

The sweep (output level full) has one point per run file, each run made by
`crossings run` with that point's parameters, the same seed and replicates.
Task t (point t % P, replicate t / P) must hold exactly the run's series of
that replicate for every metric, and its summaries must equal the derived
figures of docs/FORMAT.md recomputed here from the run's metrics.
"""
import sys

import h5py
import numpy as np

FIGS = ["incidence_per_100k_year", "retrafficking_rate", "migrations_per_year",
        "decent_work_share", "detection_ratio"]


def ratio(num, den, mult=1.0):
    return num / den * mult if den != 0 else float("nan")


def figures(m, months, scale):
    """The five figures from metric sums m (dict name -> value)."""
    years = months / 12
    return [
        ratio(m["trafficked_new"], m["population"] / months, 1e5 / years),
        ratio(m["retrafficked"], m["trafficked_new"]),
        ratio(m["migrations"], scale * years),
        ratio(m["placed_decent"], m["placed_decent"] + m["placed_exploited"]
              + m["trafficked_new"] - m["coerced"]),
        ratio(m["identified"], m["trafficked_new"]),
    ]


def main():
    sweep = h5py.File(sys.argv[1], "r")
    runs = [h5py.File(p, "r") for p in sys.argv[2:]]
    tasks = sweep["sweep/tasks"][:]
    names = [n.decode() for n in sweep["sweep/summary_names"][:]]
    sums = sweep["sweep/summaries"][:]
    groups = [g.decode() for g in sweep["dims/group"][:]]
    P = int(sweep["sweep"].attrs["points"])
    assert P == len(runs), f"{P} points, {len(runs)} runs"
    assert len(tasks) == P * int(sweep["sweep"].attrs["replicates"]), "task count"
    bad = 0
    for i, t in enumerate(tasks):
        p, r = int(t["point"]), int(t["replicate"])
        assert int(t["task"]) == r * P + p, "task index mapping"
        run = runs[p]
        scen = run["scenarios"][list(run["scenarios"].keys())[0]]
        scale = float(run.attrs.get("scale", 0)) or float(
            dict((row["name"].decode(), row["value"].decode())
                 for row in scen["parameters"][:])["run.scale"])
        metrics = scen["metrics"]
        for name in sweep["sweep/series"]:
            a = sweep["sweep/series"][name][i]
            b = metrics[name][r]
            if not np.array_equal(a, b):
                print(f"task {i}: series {name} differs from the run's replicate {r}")
                bad += 1
        months = metrics["population"].shape[1]
        for g, gname in enumerate(groups + ["all"]):
            m = {}
            for k in ["population", "trafficked_new", "retrafficked", "migrations",
                      "placed_decent", "placed_exploited", "coerced", "identified"]:
                x = metrics[k][r].astype(float)
                m[k] = x.sum() if gname == "all" else x[:, :, g].sum()
            want = figures(m, months, scale)
            for f, w in zip(FIGS, want):
                got = sums[i, names.index(f"{f}.{gname}")]
                same = (np.isnan(w) and np.isnan(got)) or abs(got - w) <= 1e-9 * max(1, abs(w))
                if not same:
                    print(f"task {i}: {f}.{gname} = {got}, recomputed {w}")
                    bad += 1
    print(f"{len(tasks)} tasks checked, {bad} differences")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
