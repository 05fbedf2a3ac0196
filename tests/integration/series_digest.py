"""Print a SHA-256 digest of every metric series of a crossings results file.

The digest covers each dataset's name, shape, type and values, in name order,
so any change to a simulated number changes it. Used by the golden test.
usage: series_digest.py RESULTS.h5
"""
import hashlib
import sys

import h5py
import numpy as np


def main(path):
    h = hashlib.sha256()
    with h5py.File(path, "r") as f:
        for scenario in sorted(f["scenarios"]):
            metrics = f["scenarios"][scenario]["metrics"]
            for name in sorted(metrics):
                data = np.ascontiguousarray(metrics[name][()])
                h.update(f"{scenario}/{name}{data.shape}{data.dtype.str}".encode())
                h.update(data.tobytes())
    print(h.hexdigest())


if __name__ == "__main__":
    main(sys.argv[1])
