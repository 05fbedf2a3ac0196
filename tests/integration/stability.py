"""The baseline with no policy is a steady world: each year's flows
(departures, cross-border and internal migrations, new trafficking episodes,
returns) per person of working age stay within a tolerance of their mean over
the run. Flows are taken per person of working age because the working-age
population itself grows (the census age structures of age_sex.csv: young
cohorts come of age), a trend the data give; the model's own dynamics must
add none.

usage: stability.py RESULTS.h5 SCENARIO TOLERANCE EXPECT
EXPECT is 'steady' (every flow within the tolerance in every year) or
'ramp' (the companion run without a spin-up: some flow must leave it, which
shows the check can fail). Exits 1 when the expectation is not met.
"""
import sys

import h5py
import numpy as np

FLOWS = {
    "departures": ["departures"],
    "migrations": ["migrations"],
    "new trafficking episodes": ["trafficked_new"],
    "returns": ["returns_formal", "returns_informal", "deported"],
}


def yearly(f, scenario, names):
    """Flows a year per 1,000 persons of working age (the year's mean)."""
    x = sum(f[f"scenarios/{scenario}/metrics/{n}"][()] for n in names)
    x = x.sum(axis=(2, 3)).mean(axis=0)  # [month]
    wa = f[f"scenarios/{scenario}/metrics/working_age"][()].sum(axis=(2, 3)).mean(axis=0)
    years = len(x) // 12
    flow = x[: years * 12].reshape(years, 12).sum(axis=1)
    return 1000 * flow / wa[: years * 12].reshape(years, 12).mean(axis=1)


def main(path, scenario, tolerance, expect):
    tolerance = float(tolerance)
    worst = 0.0
    with h5py.File(path, "r") as f:
        for label, names in FLOWS.items():
            y = yearly(f, scenario, names)
            dev = np.abs(y / y.mean() - 1)
            worst = max(worst, dev.max())
            print(f"{label:26s} " + " ".join(f"{v:7.2f}" for v in y)
                  + f"   largest deviation {dev.max():.3f}")
    steady = worst <= tolerance
    print(f"largest deviation of a year from the mean: {worst:.3f} (tolerance {tolerance})")
    if expect == "steady":
        return 0 if steady else 1
    return 0 if not steady else 1


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
