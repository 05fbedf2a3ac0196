"""Check the CSV files of crossings export against the HDF5 file they came
from, with h5py and pandas.

usage: export_check.py run RESULTS.h5 DIR [--no-areas] [--metrics a,b] [--from M]
       export_check.py sweep SWEEP.h5 DIR [--no-areas] [--metrics a,b] [--from M]
The options are those the export was run with.
"""
import argparse
import math

import h5py
import numpy as np
import pandas as pd

RTOL = 1e-12  # sums of float64 values printed exactly, summed again in another order


def text(x):
    return x.decode() if isinstance(x, bytes) else str(x)


def read_metrics(path):
    # keep_default_na=False: an area or scenario is never read as NaN
    return pd.read_csv(path, keep_default_na=False, na_values=[""], dtype={"area": str})


def check_metrics_csv(m, sources, metrics, areas, groups, opts, lead):
    """m: metrics.csv; sources: {scenario: {metric: dataset}} (a sweep: one
    entry, its series); lead: the columns before month."""
    months = next(iter(sources.values()))[metrics[0]].shape[1]
    per = (months - opts.from_month) * len(groups) * (1 if opts.no_areas else len(areas))
    n_units = sum(d[metrics[0]].shape[0] for d in sources.values())
    assert list(m.columns) == lead + ["month", "group", "area", "metric", "value"], m.columns
    assert len(m) == n_units * per * len(metrics), (len(m), n_units, per, len(metrics))
    assert list(m["metric"].unique()) == metrics, m["metric"].unique()
    assert m["month"].min() == opts.from_month and m["month"].max() == months - 1
    assert list(m["group"].unique()) == groups
    want_areas = ["all"] if opts.no_areas else areas
    assert list(m["area"].unique()) == want_areas, m["area"].unique()[:5]
    by = ["scenario", "metric"] if lead[0] == "scenario" else ["metric"]
    sums = m.groupby(by, sort=False)["value"].sum()
    for key, d in sources.items():
        for name in metrics:
            x = d[name][:, opts.from_month:]
            got = sums[(key, name)] if lead[0] == "scenario" else sums[name]
            want = x.sum()
            if np.issubdtype(x.dtype, np.integer):
                assert got == want, (key, name, got, want)
            else:
                assert math.isclose(got, want, rel_tol=RTOL), (key, name, got, want)


def check_run(f, folder, opts):
    names = list(f["scenarios"])
    areas = [text(a) for a in f["dims/area"][()]]
    groups = [text(g) for g in f["dims/group"][()]]
    all_metrics = list(f[f"scenarios/{names[0]}/metrics"])
    # the metrics in the file's (table) order, whatever the order --metrics listed
    metrics = [k for k in all_metrics if not opts.metrics or k in opts.metrics.split(",")]
    sources = {s: {k: f[f"scenarios/{s}/metrics/{k}"] for k in metrics} for s in names}
    m = read_metrics(f"{folder}/metrics.csv")
    check_metrics_csv(m, sources, metrics, areas, groups, opts, ["scenario", "replicate"])
    assert set(m["scenario"]) == set(names)

    e = pd.read_csv(f"{folder}/episodes.csv")
    for s in names:
        table = f[f"scenarios/{s}/episodes"]
        assert list(e.columns) == ["scenario"] + list(table.dtype.names), e.columns
        mine = e[e["scenario"] == s]
        assert len(mine) == len(table), (s, len(mine), len(table))
        for col in table.dtype.names:
            assert (mine[col].to_numpy() == table[col][()]).all(), (s, col)

    p = pd.read_csv(f"{folder}/parameters.csv", keep_default_na=False, dtype=str)
    assert list(p.columns) == ["scenario", "name", "value", "unit", "source"], p.columns
    for s in names:
        table = f[f"scenarios/{s}/parameters"][()]
        mine = p[p["scenario"] == s]
        assert len(mine) == len(table)
        assert list(mine["name"]) == [text(v) for v in table["name"]]
        assert list(mine["value"]) == [text(v) for v in table["value"]]

    # with every month: the incidence from metrics.csv is the comparison's
    if opts.from_month == 0 and "population" in metrics and "trafficked_new" in metrics:
        c = pd.read_csv(f"{folder}/comparison.csv")
        check_incidence(m, c, len(f["dims/month"]))


def check_incidence(m, c, months):
    keys = ["scenario", "replicate", "group"]
    t = m[m["metric"] == "trafficked_new"].groupby(keys)["value"].sum()
    pop = m[m["metric"] == "population"].groupby(keys + ["month"])["value"].sum()
    inc = (t / pop.groupby(keys).mean() * 1e5 / (months / 12)).groupby(["scenario", "group"]).mean()
    rows = c[c["indicator"] == "incidence_per_100k_year"].set_index(["scenario", "group"])
    for key, v in inc.items():
        assert math.isclose(v, rows.loc[key, "value"], rel_tol=1e-8), (key, v, rows.loc[key])


def check_sweep(f, folder, opts):
    g = f["sweep"]
    tasks = g["tasks"][()]
    names = [text(n) for n in g["summary_names"][()]]
    s = pd.read_csv(f"{folder}/summaries.csv")
    assert list(s.columns) == ["task", "point", "replicate", "seed", "summary", "value"]
    assert len(s) == len(tasks) * len(names) == len(tasks) * 25, len(s)
    y = g["summaries"][()].ravel()
    got = s["value"].to_numpy()
    assert (np.isnan(got) == np.isnan(y)).all()
    assert np.allclose(got[~np.isnan(y)], y[~np.isnan(y)], rtol=RTOL, atol=0)
    assert (s["task"].to_numpy() == np.repeat(tasks["task"], len(names))).all()
    assert (s["point"].to_numpy() == np.repeat(tasks["point"], len(names))).all()
    assert list(s["summary"][:len(names)]) == names

    p = pd.read_csv(f"{folder}/points.csv", keep_default_na=False, dtype={"text": str})
    pars = [text(n) for n in g["parameters"]["name"]]
    assert list(p.columns) == ["point", "parameter", "value", "text"]
    assert len(p) == g["points"].shape[0] * len(pars)
    assert list(p["text"]) == [text(v) for v in g["points_text"][()].ravel()]
    assert list(p["parameter"][:len(pars)]) == pars

    if "series" not in g:
        return
    areas = [text(a) for a in f["dims/area"][()]]
    groups = [text(x) for x in f["dims/group"][()]]
    metrics = [k for k in g["series"] if not opts.metrics or k in opts.metrics.split(",")]
    m = read_metrics(f"{folder}/metrics.csv")
    sources = {"all": {k: g[f"series/{k}"] for k in metrics}}
    check_metrics_csv(m, sources, metrics, areas, groups, opts, ["task", "point", "replicate"])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("kind", choices=["run", "sweep"])
    ap.add_argument("file")
    ap.add_argument("folder")
    ap.add_argument("--no-areas", action="store_true")
    ap.add_argument("--metrics")
    ap.add_argument("--from", dest="from_month", type=int, default=0)
    opts = ap.parse_args()
    with h5py.File(opts.file, "r") as f:
        (check_run if opts.kind == "run" else check_sweep)(f, opts.folder, opts)


if __name__ == "__main__":
    main()
