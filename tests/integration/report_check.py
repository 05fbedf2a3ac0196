"""The numbers in a report's tables equal those of compare and export.

usage: report_check.py REPORT.html COMPARE.csv EXPORT_DIR RESULTS.h5

- Every row of the effect tables (table-effect-incidence, -retrafficking,
  -migrations) holds the baseline value, value, difference, interval and
  percent change that `crossings compare --format csv` gives for that
  scenario, group and indicator.
- The pathway table's "trafficked" and "migrated" rows equal the sums of
  trafficked_new and migrations in the tidy metrics.csv of `crossings
  export`, per year in the real population.
"""
import html.parser
import math
import sys

import h5py
import pandas as pd


class Tables(html.parser.HTMLParser):
    """Every table.numbers: id -> rows of (text, data-value or None)."""

    def __init__(self):
        super().__init__()
        self.tables, self.current, self.row, self.cell = {}, None, None, None
        self.has_td = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table" and "numbers" in (a.get("class") or ""):
            self.current = self.tables.setdefault(a.get("id"), [])
        elif tag == "tr" and self.current is not None:
            self.row, self.has_td = [], False
        elif tag in ("td", "th") and self.row is not None:
            self.cell = ["", a.get("data-value")]
            self.has_td = self.has_td or tag == "td"

    def handle_data(self, data):
        if self.cell is not None:
            self.cell[0] += data

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.row.append(tuple(self.cell))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            if self.has_td:  # a data row, not the header
                self.current.append(self.row)
            self.row = None
        elif tag == "table":
            self.current = None


def close(a, b):
    if a is None or b is None or (isinstance(a, float) and math.isnan(a)):
        return (a is None or math.isnan(a)) and (b is None or math.isnan(b))
    return abs(a - b) <= 1e-8 * max(1.0, abs(b))


def num(v):
    return float("nan") if v in (None, "", "NaN") else float(v)


def main():
    report, compare_csv, export_dir, results = sys.argv[1:5]
    p = Tables()
    p.feed(open(report, encoding="utf-8").read())
    bad = checked = 0

    cmp = pd.read_csv(compare_csv, keep_default_na=False)
    keys = {"effect-incidence": "incidence_per_100k_year",
            "effect-retrafficking": "retrafficking_rate",
            "effect-migrations": "migrations_per_year"}
    fields = ["baseline_value", "value", "difference", "ci_low", "ci_high", "percent_change"]
    for tid, key in keys.items():
        rows = p.tables.get("table-" + tid)
        if rows is None:
            print(f"no table-{tid} in the report")
            bad += 1
            continue
        for row in rows:
            scen, group = row[0][0], row[1][0]
            want = cmp[(cmp.scenario == scen) & (cmp.group == group) & (cmp.indicator == key)]
            if len(want) != 1:
                print(f"{tid}: {scen}/{group} not in compare's output")
                bad += 1
                continue
            got = [num(c[1]) for c in row[2:8]]
            for f, g in zip(fields, got):
                w = num(want.iloc[0][f])
                checked += 1
                if not close(g, w):
                    print(f"{tid}: {scen}/{group} {f}: report {g}, compare {w}")
                    bad += 1

    metrics = pd.read_csv(f"{export_dir}/metrics.csv")
    with h5py.File(results, "r") as f:
        base = "baseline" if "baseline" in f["scenarios"] else list(f["scenarios"])[0]
        params = {r["name"].decode(): r["value"].decode()
                  for r in f[f"scenarios/{base}/parameters"][:]}
        months = f[f"scenarios/{base}/metrics/population"].shape[1]
        reps = f[f"scenarios/{base}/metrics/population"].shape[0]
    scale = float(params["run.scale"])
    funnel = {row[0][0]: row for row in p.tables.get("table-funnel", [])}
    for stage, metric in [("migrated", "migrations"), ("trafficked", "trafficked_new")]:
        m = metrics[(metrics.scenario == base) & (metrics.metric == metric)]
        groups = list(dict.fromkeys(m.group))
        for i, g in enumerate(groups + ["all persons"]):
            sel = m if g == "all persons" else m[m.group == g]
            want = sel.value.sum() / scale / reps / (months / 12)
            got = num(funnel[stage][1 + i][1]) if stage in funnel else None
            checked += 1
            if got is None or not close(got, want):
                print(f"funnel {stage} {g}: report {got}, export {want}")
                bad += 1
    print(f"{checked} numbers checked, {bad} differences")
    return 1 if bad or not checked else 0


if __name__ == "__main__":
    sys.exit(main())
