"""Read crossings results with pandas: straight from the HDF5 file, and from
the CSV files of `crossings export`.

usage: python3 docs/examples/read_results.py RESULTS.h5 [EXPORT_DIR]

RESULTS.h5 is a file written by `crossings run`. EXPORT_DIR, if given, is a
folder written by `crossings export RESULTS.h5 --csv EXPORT_DIR`. Needs
Debian's python3-h5py and python3-pandas. docs/FORMAT.md describes every
dataset and column.
"""
import sys

import h5py
import pandas as pd


def text(x):
    """h5py returns stored strings as bytes or str, depending on its version."""
    return x.decode() if isinstance(x, bytes) else str(x)


def tidy_metric(f, metric):
    """One metric as a tidy table: a row per scenario, replicate, month and
    group, summed over the 40 origin areas."""
    groups = [text(g) for g in f["dims/group"][()]]
    frames = []
    for scenario in f["scenarios"]:
        # every metric is stored as [replicate][month][area][group]
        x = f[f"scenarios/{scenario}/metrics/{metric}"][()].sum(axis=2)
        reps, months, _ = x.shape
        index = pd.MultiIndex.from_product(
            [[scenario], range(reps), range(months), groups],
            names=["scenario", "replicate", "month", "group"])
        frames.append(pd.DataFrame({metric: x.ravel()}, index=index))
    return pd.concat(frames).reset_index()


def incidence(cases, population, keys):
    """Trafficking per 100,000 a year (docs/FORMAT.md, "Derived figures"):
    new episodes summed over the months, over the mean population (a stock:
    its mean over the months, not its sum), per year."""
    years = cases["month"].nunique() / 12
    n = cases.groupby(keys)["trafficked_new"].sum()
    pop = population.groupby(keys + ["month"])["population"].sum().groupby(keys).mean()
    return n / pop * 100_000 / years


def from_hdf5(path):
    with h5py.File(path, "r") as f:
        cases = tidy_metric(f, "trafficked_new")
        population = tidy_metric(f, "population")
    print(f"{path}: trafficked_new, {len(cases)} rows (scenario, replicate, month, group)")
    print(cases.head().to_string(index=False))

    # per replicate, then the mean over replicates; "all" is every group together
    by_group = incidence(cases, population, ["scenario", "replicate", "group"])
    table = by_group.groupby(["scenario", "group"]).mean().unstack("group")
    table = table[cases["group"].unique()]  # women, men, girls, boys: the file's order
    table["all"] = incidence(cases, population, ["scenario", "replicate"]).groupby("scenario").mean()
    print("\ntrafficking per 100,000 a year, mean over replicates:")
    print(table.round(2).to_string())


def from_export(folder):
    # metrics.csv is long ("tidy"): one value a row, easy to filter and pivot
    m = pd.read_csv(f"{folder}/metrics.csv")
    print(f"\n{folder}/metrics.csv: {len(m)} rows, columns {', '.join(m.columns)}")
    t = m[m["metric"] == "trafficked_new"]
    total = t.groupby(["scenario", "group"])["value"].sum().unstack("group")[t["group"].unique()]
    print("new trafficking episodes, summed over replicates, months and areas:")
    print(total.to_string())

    # the comparison of each scenario with the baseline, as crossings compare gives it
    c = pd.read_csv(f"{folder}/comparison.csv")
    inc = c[(c["indicator"] == "incidence_per_100k_year") & (c["group"] == "all")]
    print("\nincidence per 100,000 a year, all persons (comparison.csv):")
    print(inc[["scenario", "value", "difference", "ci_low", "ci_high"]].to_string(index=False))


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    from_hdf5(sys.argv[1])
    if len(sys.argv) == 3:
        from_export(sys.argv[2])
