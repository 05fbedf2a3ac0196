"""Check the shipped baseline against the calibration targets of
scenarios/data/targets.csv (EVIDENCE.md), on the replicate mean of a results
file, and the qualitative check Q1.

usage: calibration.py RESULTS.h5 TARGETS.csv
Prints one line per target and 'N passed, M failed'; exits 1 on any failure.
"""
import csv
import sys

import h5py
import numpy as np

# Targets this check covers (issue 4); the others need later mechanisms.
CHECKED = ["T1", "T2_MM", "T2_KH", "T5", "T6", "T7", "T9", "T9_bound", "T10_women",
           "T10_men", "T11", "T12", "T14_MM", "T14_KH", "T15_MM",
           "T15_documented"]
# Measured and printed, not checked (docs/ODD.md section 4 says why): the
# detected share is far below IOM's 0.6% (about 1% of identified victims are
# trafficked again within the horizon, and 2% of episodes are detected), and
# the forced-return gap is about one standard error at this size.
# T13_timing too: re-trafficking is the subject of issue 14 (returnees from the
# years before the start, made by the spin-up, add re-trafficking long after
# return).
# T15_KH: the model's Cambodians abroad at the start are about a quarter of
# the counts (docs/ODD.md section 4): with T2_KH's flows, only a longer stay
# of the documented could hold a million abroad, and the model has no
# regularisation in Thailand (the amnesties that documented most of them).
# T14_KH_women: women are about 24% of the model's regular migrants from
# Cambodia against 37-41% in the dispatch counts: its women seekers hold a
# passport half as often as men and four in ten of their households cannot
# raise even part of the fee (docs/ODD.md section 4).
REPORTED = ["T13", "T13_timing", "T13_forced_return", "T14_KH_women", "T15_KH"]
SEX_SECTOR = 6  # sector code of the sex industry in the episode table
DEPORTED = 7    # exit code: deported without being identified
IDENTIFIED = (3, 4, 5, 6)  # exit codes of identification (the victim is referred)


def next_episodes(ep):
    """Pairs (episode, the same person's next episode) of the episode table,
    which is sorted by replicate, person and start month."""
    same = ((ep["replicate"][1:] == ep["replicate"][:-1])
            & (ep["person"][1:] == ep["person"][:-1]))
    return ep[:-1][same], ep[1:][same]


def retrafficking(ep, out):
    """T13 from the episode table: detected re-trafficking among identified
    victims, and re-trafficking after forced return versus after referral."""
    first, later = next_episodes(ep)
    # persons identified (some episode detected) and, of them, detected again later
    detected = ep[ep["detected"] == 1]
    victims = len(set(zip(detected["replicate"], detected["person"])))
    again = later["detected"][first["detected"] == 1] == 1
    again_people = len(set(zip(first["replicate"][first["detected"] == 1][again],
                               first["person"][first["detected"] == 1][again])))
    out["share_identified_victims_retrafficked_detected"] = again_people / max(victims, 1)

    def rate(exits):
        ended = ep[np.isin(ep["exit"], exits)]
        followed = np.isin(first["exit"], exits).sum()
        return followed / max(len(ended), 1)
    out["retrafficking_rate_gap_forced_minus_referred"] = rate([DEPORTED]) - rate(IDENTIFIED)


def load(path):
    with h5py.File(path, "r") as f:
        g = f["scenarios/baseline/metrics"]
        country = np.array([c.decode() for c in f["dims/area_country"][()]])
        params = {r["name"].decode(): r["value"].decode()
                  for r in f["scenarios/baseline/parameters"][()]}
        scale = float(params["run.scale"])
        ep = f["scenarios/baseline/episodes"][()]
        m = {name: g[name][()] for name in g}  # [rep, month, area, group]
    return m, ep, country, scale


def outputs(m, ep, country, scale):
    months = m["population"].shape[1]
    last_year = slice(months - 12, months)
    last_month = slice(months - 1, months)

    def total(name, months_=slice(None), areas=slice(None)):
        return m[name][:, months_, areas, :].sum(axis=(1, 2, 3)).mean()

    out = {}
    out["share_irregular_abroad_trafficked"] = (
        total("trafficked_irregular", last_month) / total("abroad_irregular", last_month))
    for c in ("MM", "KH"):
        a = country == c
        irregular = (total("migrations", last_year, a) - total("migrations_regular", last_year, a)
                     - total("migrations_internal", last_year, a))
        out["irregular_departures_thailand_" + c.lower()] = irregular / scale
        cross = total("migrations", areas=a) - total("migrations_internal", areas=a)
        out["regular_share_cross_border_migrations_" + c.lower()] = (
            total("migrations_regular", areas=a) / cross)
        regular = m["migrations_regular"][:, :, a, :].sum(axis=(0, 1, 2))
        out["women_share_regular_migrations_" + c.lower()] = (
            (regular[0] + regular[2]) / regular.sum())
        out["stock_abroad_at_start_" + c.lower()] = (
            total("persons_abroad", slice(0, 1), a) / scale)
    out["documented_share_abroad_at_start"] = (
        1 - total("abroad_undocumented", slice(0, 1)) / total("persons_abroad", slice(0, 1)))
    mm = country == "MM"
    ident = m["identified"][:, :, mm, :].sum(axis=(0, 1, 2))
    out["share_women_girls_detected_victims_mm"] = (ident[0] + ident[2]) / ident.sum()
    new = total("trafficked_new")
    out["share_trafficking_began_informal_broker"] = total("trafficked_broker") / new
    forced = new - total("trafficked_sex") - total("trafficked_marriage")
    out["share_forced_labour_in_debt_bondage"] = total("trafficked_bonded") / forced
    out["share_new_victims_detected"] = total("identified") / new
    detected = ep[ep["detected"] == 1]
    female = np.isin(detected["group"], [0, 2])
    out["share_detected_female_victims_sexual_exploitation"] = (
        (detected["sector"][female] == SEX_SECTOR).mean())
    out["share_detected_male_victims_forced_labour"] = (
        (detected["sector"][~female] != SEX_SECTOR).mean())
    out["mean_shelter_stay_months"] = total("shelter_months_sum") / total("identified")
    returns = (total("returns_formal", last_year) + total("returns_informal", last_year)
               + total("deported", last_year))
    out["returns_per_departure"] = returns / total("migrations", last_year)
    out["share_retrafficking_within_24_months"] = (
        total("retrafficked_24m") / max(total("retrafficked"), 1))
    retrafficking(ep, out)
    pop = m["population"][:, -1].sum(axis=(0, 1))
    per_head = m["trafficked_new"].sum(axis=(0, 1, 2)) / pop
    return out, per_head, ident, m


def per_replicate(path):
    """Each output on each replicate: {output: array over replicates}, and the
    outputs of all replicates together (for Q1)."""
    m, ep, country, scale = load(path)
    reps = m["population"].shape[0]
    values = {}
    for r in range(reps):
        mr = {k: v[r:r + 1] for k, v in m.items()}
        out = outputs(mr, ep[ep["replicate"] == r], country, scale)[0]
        for k, v in out.items():
            values.setdefault(k, []).append(v)
    return {k: np.array(v) for k, v in values.items()}, outputs(m, ep, country, scale)


def main(path, targets_path):
    """A target passes when its range meets the replicate mean plus or minus
    two standard errors (the Monte-Carlo tolerance)."""
    values, (out, per_head, ident, m) = per_replicate(path)
    passed = failed = 0
    with open(targets_path, encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(line for line in fh if not line.startswith("#"))]
    for r in rows:
        if r["id"] not in CHECKED + REPORTED:
            continue
        v = values[r["output"]]
        value = v.mean()
        se = v.std(ddof=1) / np.sqrt(len(v)) if len(v) > 1 else 0.0
        ok = value + 2 * se >= float(r["low"]) and value - 2 * se <= float(r["high"])
        if r["id"] in REPORTED:
            mark = "info"
        else:
            mark = "ok  " if ok else "FAIL"
            passed, failed = passed + ok, failed + (not ok)
        print(f"{mark} {r['id']:<10} {r['output']:<52} {value:12.4f} +- {2 * se:.4f}"
              f"  [{r['low']}, {r['high']}]")
    # Q1: girls face the highest risk per head; men's trafficking is detected
    # less often than women's
    q1_risk = per_head[2] == per_head.max()
    traf = m["trafficked_new"].sum(axis=(0, 1, 2))
    det = m["identified"].sum(axis=(0, 1, 2))
    q1_detect = det[1] / traf[1] < det[0] / traf[0]
    for name, ok in (("Q1 girls highest risk per head", q1_risk),
                     ("Q1 men less often detected than women", q1_detect)):
        print(f"{'ok  ' if ok else 'FAIL'} {name}")
        passed, failed = passed + ok, failed + (not ok)
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
