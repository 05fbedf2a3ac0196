"""Print a SHA-256 digest of every metric series of a crossings results file.

The digest covers each dataset's name, shape, type and values, in name order,
so any change to a simulated number changes it. Used by the golden test, and
(per scenario, with the episode table) by the parameter liveness test.
usage: series_digest.py RESULTS.h5
"""
import hashlib
import sys

import h5py
import numpy as np


def update_metrics(h, f, scenario):
    """Feed one scenario's metric series to the hash h, in name order."""
    metrics = f["scenarios"][scenario]["metrics"]
    for name in sorted(metrics):
        data = np.ascontiguousarray(metrics[name][()])
        h.update(f"{scenario}/{name}{data.shape}{data.dtype.str}".encode())
        h.update(data.tobytes())


def scenario_digest(f, scenario):
    """Digest of one scenario's metric series and episode table. The scenario's
    name is left out, so two scenarios with the same numbers agree."""
    h = hashlib.sha256()
    metrics = f["scenarios"][scenario]["metrics"]
    for name in sorted(metrics):
        data = np.ascontiguousarray(metrics[name][()])
        h.update(f"{name}{data.shape}{data.dtype.str}".encode())
        h.update(data.tobytes())
    if "episodes" in f["scenarios"][scenario]:
        data = np.ascontiguousarray(f["scenarios"][scenario]["episodes"][()])
        h.update(f"episodes{data.shape}{data.dtype.str}".encode())
        h.update(data.tobytes())
    return h.hexdigest()


def main(path):
    h = hashlib.sha256()
    with h5py.File(path, "r") as f:
        for scenario in sorted(f["scenarios"]):
            update_metrics(h, f, scenario)
    print(h.hexdigest())


if __name__ == "__main__":
    main(sys.argv[1])
