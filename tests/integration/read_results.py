"""Read a crossings results file with h5py and check what docs/FORMAT.md
promises: provenance, dimension scales and labels, units, the parameter
record, and series that agree with each other.
usage: read_results.py RESULTS.h5 SCENARIO.yaml
"""
import sys

import h5py
import numpy as np


def text(x):
    return x.decode() if isinstance(x, bytes) else str(x)


def main(path, scenario_path):
    with h5py.File(path, "r") as f:
        for attr in ("format", "format_version", "program_version", "source_revision",
                     "build_flags", "model", "command_line", "started", "finished",
                     "headline_metrics"):
            assert attr in f.attrs, f"root attribute {attr} missing"
        assert text(f.attrs["format"]) == "crossings-results"
        groups = [text(g) for g in f["dims/group"][()]]
        assert groups == ["women", "men", "girls", "boys"], groups
        areas = [text(a) for a in f["dims/area"][()]]
        assert len(areas) == 40 and areas[0] == "KH-1", areas[:3]

        s = f["scenarios/baseline"]
        with open(scenario_path, encoding="utf-8") as fh:
            assert fh.read() in text(s["scenario_text"][()]), "scenario text not recorded"
        params = {text(r["name"]): text(r["value"]) for r in s["parameters"][()]}
        assert params["run.months"] == "13", params["run.months"]
        assert params["run.replicates"] == "2"
        for r in s["parameters"][()]:
            assert text(r["source"]), f"{text(r['name'])} has no source"

        reps = s["replicates"][()]
        assert list(reps["replicate"]) == [0, 1]
        assert all(text(x) for x in reps["finished"]), "a replicate is not finished"

        m = s["metrics"]
        pop = m["population"]
        assert pop.dtype == np.int64 and pop.shape == (2, 13, 40, 4), (pop.dtype, pop.shape)
        assert [d.label for d in pop.dims] == ["replicate", "month", "area", "group"]
        assert [text(a) for a in pop.dims[2][0][()]] == areas, "area scale not attached"
        assert text(pop.attrs["units"]) == "persons"
        assert pop.compression == "gzip" and pop.chunks == (1, 13, 40, 4)

        total = pop[()].sum(axis=(2, 3))
        for r in range(2):
            assert (total[r] == reps["persons"][r]).all(), "population != persons"
        births, deaths = m["births"][()], m["deaths"][()]
        arrivals = m["arrivals"][()]
        assert ((births + arrivals).sum(axis=(2, 3)) == deaths.sum(axis=(2, 3))).all()
        assert deaths.sum() > 0
        assert (births[:, :, :, :2] == 0).all(), "newborns counted as adults"
        mean_age = m["age_years_sum"][()].sum(axis=(2, 3)) / total
        assert (20 < mean_age).all() and (mean_age < 35).all(), mean_age
        assert not np.array_equal(pop[0], pop[1]), "replicates are identical"

        # the episode table agrees with the aggregated counts
        ep = s["episodes"][()]
        sectors = ["fishing", "construction", "manufacturing", "agriculture", "domestic",
                   "sex", "hospitality", "begging", "marriage"]
        for r in range(2):
            rows = ep[ep["replicate"] == r]
            # the table also holds episodes open at month 0, begun before it (in
            # the spin-up), and a coerced migrant's episode carries the month her
            # or his migration began, which may lie before month 0: the new
            # episodes of the run lie between those begun in it and all rows
            new = m["trafficked_new"][r].sum()
            began = rows[rows["start_month"] >= 0]
            assert len(began) <= new <= len(rows), (len(began), new, len(rows))
            assert len(began) < len(rows), "no episode from before the start"
            assert rows["detected"].sum() == m["identified"][r].sum()
            for k, name in enumerate(sectors, start=1):
                flow = m["trafficked_" + name][r].sum()
                assert (began["sector"] == k).sum() <= flow <= (rows["sector"] == k).sum(), name
            assert ((rows["exit"] == 0) == (rows["end_month"] == -1)).all()
            # every episode ends by one route, and the routes add up to their flows
            # (an episode open at the end of the run is counted nowhere)
            routes = {3: "identified_inspection", 4: "identified_police",
                      5: "identified_hotline", 6: "identified_union", 7: "deported_victims"}
            for code, name in routes.items():
                assert (rows["exit"] == code).sum() == m[name][r].sum(), name
            assert ((rows["exit"] >= 0) & (rows["exit"] <= 8)).all()
            # at most one open episode per person
            open_people = rows["person"][rows["exit"] == 0]
            assert len(open_people) == len(np.unique(open_people))
            # the baseline's destinations: a city at home, Thailand, and China for
            # forced marriage only
            assert set(rows["destination"]) <= {0, 764, 156}
            assert ((rows["destination"] == 156) == (rows["sector"] == 9)).all()
            again = m["retrafficked"][r].sum()  # new episodes of persons trafficked before
            assert ((began["previous_episodes"] > 0).sum() <= again
                    <= (rows["previous_episodes"] > 0).sum())
        assert len(ep) > 0, "no episodes"
    print("read_results: ok")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
