#!/bin/sh
# crossings compare on a real results file of three scenarios: a copy of the
# baseline under another name (common random numbers: every difference exactly
# 0), a scenario with much more deception (more trafficking), the three
# output formats, the optional costs, and the exit codes of bad input.
# usage: compare.sh CROSSINGS SOURCE_DIR PYTHON
set -u
bin=$1 src=$2 py=$3
. "$(dirname "$0")/lib.sh"
base="$src/scenarios/baseline.yaml"

# pycheck WHAT SCRIPT ARGS...: a python check of the outputs
pycheck() {
    what=$1
    shift
    if "$py" "$@"; then
        pass=$((pass + 1))
    else
        echo "FAILED: $what"
        fail=$((fail + 1))
    fi
}

cat > "$tmp/same.yaml" <<YAML
base: $base
name: same
YAML
cat > "$tmp/more_deception.yaml" <<YAML
base: $base
name: more_deception
recruiters:
  broker_deception: 0.7
  online_deception: 0.8
YAML
# a two-year spin-up: these checks are about the comparison, not the start
"$bin" run "$base" "$tmp/same.yaml" "$tmp/more_deception.yaml" --scale 0.002 --months 24 \
    --replicates 4 --set start.spinup_years=2 -q -o "$tmp/c.h5"
check test -f "$tmp/c.h5"

c="$tmp/c.h5"
expect 0 "usage: crossings compare FILE [--baseline NAME] [--format text|csv|json]" \
    "$bin" compare --help
expect 0 "compare FILE" "$bin" --help
expect 0 "baseline: baseline (the scenario named baseline)" "$bin" compare "$c"
expect 0 "more_deception, against baseline" "$bin" compare "$c"
expect 0 "same, against baseline" "$bin" compare "$c"
expect 0 "~ : the interval includes zero" "$bin" compare "$c"
expect 0 "n/a (no cases averted)" "$bin" compare "$c"
expect 0 "baseline: same (chosen with --baseline)" "$bin" compare "$c" --baseline same

# csv: the header, exact zeros for same, more trafficking with more deception
"$bin" compare "$c" --format csv > "$tmp/c.csv"
check test "$(head -1 "$tmp/c.csv")" = \
    "scenario,group,indicator,baseline_value,value,difference,ci_low,ci_high,percent_change,share_better,n,ci_crosses_zero"
cat > "$tmp/check_csv.py" <<'PY'
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1])) if r["indicator"] != "cost_per_case_averted"]
same = [r for r in rows if r["scenario"] == "same"]
assert len(same) == 25, len(same)  # 5 groups x 5 indicators
for r in same:
    assert float(r["difference"]) == 0, r
    assert float(r["ci_low"]) == 0 and float(r["ci_high"]) == 0, r
    assert r["value"] == r["baseline_value"] and r["n"] == "4", r
    assert r["ci_crosses_zero"] == "true", r
    assert r["share_better"] == ("" if r["indicator"] == "migrations_per_year" else "0"), r
inc = [r for r in rows if (r["scenario"], r["group"], r["indicator"])
       == ("more_deception", "all", "incidence_per_100k_year")]
assert len(inc) == 1 and float(inc[0]["difference"]) > 0, inc
assert float(inc[0]["ci_low"]) > 0 and inc[0]["ci_crosses_zero"] == "false", inc
groups = {r["group"] for r in rows}
assert groups == {"women", "men", "girls", "boys", "all"}, groups
PY
pycheck "csv: same is exactly the baseline, more deception more trafficking" \
    "$tmp/check_csv.py" "$tmp/c.csv"

# json: parses, with the keys promised
"$bin" compare "$c" --format json > "$tmp/c.json"
cat > "$tmp/check_json.py" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
assert d["file"] == sys.argv[2] and d["baseline"] == "baseline", d["file"]
names = [s["name"] for s in d["scenarios"]]
assert names[0] == "baseline" and sorted(names) == ["baseline", "more_deception", "same"], names
keys = {"baseline_value", "value", "difference", "ci_low", "ci_high", "percent_change",
        "share_better", "n", "ci_crosses_zero"}
indicators = {"incidence_per_100k_year", "retrafficking_rate", "migrations_per_year",
              "decent_work_share", "detection_ratio"}
for s in d["scenarios"]:
    assert set(s["groups"]) == {"women", "men", "girls", "boys", "all"}, s["groups"].keys()
    for g in s["groups"].values():
        assert set(g) == indicators, g.keys()
        for v in g.values():
            assert set(v) == keys, v.keys()
md = [s for s in d["scenarios"] if s["name"] == "more_deception"][0]
assert md["groups"]["all"]["incidence_per_100k_year"]["difference"] > 0
assert md["groups"]["all"]["migrations_per_year"]["share_better"] is None
assert md["cost_per_case_averted"]["note"] == "no cases averted"
PY
pycheck "json: parses with the expected keys" "$tmp/check_json.py" "$tmp/c.json" "$c"
expect 0 "" "$py" -m json.tool "$tmp/c.json"

# costs: cost_usd per replicate gives the cost per case averted (real population)
cp "$c" "$tmp/cost.h5"
cat > "$tmp/check_cost.py" <<'PY'
import csv, subprocess, sys
import h5py, numpy as np
path, binary = sys.argv[1], sys.argv[2]
with h5py.File(path, "a") as f:
    f["scenarios/same/cost_usd"] = np.array([1e6, 2e6, 3e6, 4e6])
    t = {s: f[f"scenarios/{s}/metrics/trafficked_new"][()].sum(axis=(1, 2, 3))
         for s in ("same", "more_deception")}
subprocess.run([binary, "seal", path], check=True, capture_output=True)  # a change made on purpose
averted = (t["more_deception"] - t["same"]).mean() / 0.002  # the scale of the run
out = subprocess.run([binary, "compare", path, "--baseline", "more_deception", "--format", "csv"],
                     check=True, capture_output=True, text=True).stdout
row = [r for r in csv.DictReader(out.splitlines())
       if (r["scenario"], r["indicator"]) == ("same", "cost_per_case_averted")][0]
assert abs(float(row["value"]) - 2.5e6 / averted) < 1e-6 * 2.5e6 / averted, (row, averted)
PY
pycheck "costs: cost per case averted" "$tmp/check_cost.py" "$tmp/cost.h5" "$bin"

# without cost_usd, the cost is the interventions' spending (metric
# intervention_cost_usd) over the run, divided by the scale
cp "$c" "$tmp/spend.h5"
cat > "$tmp/check_spend.py" <<'PY'
import csv, subprocess, sys
import h5py, numpy as np
path, binary = sys.argv[1], sys.argv[2]
with h5py.File(path, "a") as f:
    d = f["scenarios/same/metrics/intervention_cost_usd"]
    d[...] = np.ones(d.shape)
    spend = d[()].sum(axis=(1, 2, 3)).mean() / 0.002
    t = {s: f[f"scenarios/{s}/metrics/trafficked_new"][()].sum(axis=(1, 2, 3))
         for s in ("same", "more_deception")}
subprocess.run([binary, "seal", path], check=True, capture_output=True)
averted = (t["more_deception"] - t["same"]).mean() / 0.002
out = subprocess.run([binary, "compare", path, "--baseline", "more_deception", "--format", "csv"],
                     check=True, capture_output=True, text=True).stdout
row = [r for r in csv.DictReader(out.splitlines())
       if (r["scenario"], r["indicator"]) == ("same", "cost_per_case_averted")][0]
assert abs(float(row["value"]) - spend / averted) < 1e-6 * spend / averted, (row, spend, averted)
PY
pycheck "costs: from the interventions' spending" "$tmp/check_spend.py" "$tmp/spend.h5" "$bin"
expect 0 "USD (n = 4)" "$bin" compare "$tmp/cost.h5" --baseline more_deception

# one replicate, no scenario named baseline: the first, and no interval
"$bin" run "$tmp/same.yaml" "$tmp/more_deception.yaml" --scale 0.001 --months 6 \
    --replicates 1 --set start.spinup_years=2 -q -o "$tmp/one.h5"
expect 0 "baseline: same (none is named baseline: the first in the file" \
    "$bin" compare "$tmp/one.h5"
expect 0 "~ n/a" "$bin" compare "$tmp/one.h5"
"$bin" compare "$tmp/one.h5" --format csv > "$tmp/one.csv"
cat > "$tmp/check_one.py" <<'PY'
import csv, sys
rows = [r for r in csv.DictReader(open(sys.argv[1]))
        if r["scenario"] == "more_deception" and r["indicator"] != "cost_per_case_averted"]
assert len(rows) == 25, len(rows)
for r in rows:
    assert r["n"] in ("0", "1") and r["ci_low"] == r["ci_high"] == "", r
    assert r["ci_crosses_zero"] == "true", r
PY
pycheck "one replicate: no interval, flagged" "$tmp/check_one.py" "$tmp/one.csv"

# bad input: exit 2, saying what is allowed
# --from: the months from M on; the identical scenario still differs by exactly 0,
# and the incidence of the later months differs from the whole run's
"$bin" compare "$c" --from 12 --format csv > "$tmp/from.csv"
"$bin" compare "$c" --format csv > "$tmp/all.csv"
cat > "$tmp/check_from.py" <<'PY'
import csv, sys
def rows(path):
    return {(r["scenario"], r["group"], r["indicator"]): r for r in csv.DictReader(open(path))}
late, whole = rows(sys.argv[1]), rows(sys.argv[2])
for k, r in late.items():
    if k[0] == "same" and k[2] != "cost_per_case_averted":
        assert float(r["difference"]) == 0, r
key = ("baseline", "all", "incidence_per_100k_year")
assert late[key]["value"] != whole[key]["value"], (late[key], whole[key])
PY
pycheck "--from: later months only" "$tmp/check_from.py" "$tmp/from.csv" "$tmp/all.csv"
expect 2 "--from: month 24 is not in the run of scenario baseline (expected 0 to 23)" \
    "$bin" compare "$c" --from 24
expect 2 "--from: 'soon' is not allowed" "$bin" compare "$c" --from soon
expect 2 "no scenario 'nosuch' in $c (expected one of: baseline, same, more_deception)" \
    "$bin" compare "$c" --baseline nosuch
expect 2 "--format: 'xml' is not allowed (expected text, csv or json)" \
    "$bin" compare "$c" --format xml
expect 2 "$tmp/missing.h5: cannot open: No such file or directory" "$bin" compare "$tmp/missing.h5"
expect 2 "no results file given" "$bin" compare
expect 2 "unknown option '--bogus'" "$bin" compare "$c" --bogus
printf 'not hdf5\n' > "$tmp/text.h5"
expect 2 "not an HDF5 file" "$bin" compare "$tmp/text.h5"
"$py" -c "import h5py, shutil, sys; shutil.copy(sys.argv[1], sys.argv[2]);
f = h5py.File(sys.argv[2], 'a'); del f['scenarios/same/metrics/coerced']" "$c" "$tmp/nocoerced.h5"
# changed after it was written: refused until sealed again, then read with its checks
expect 2 "changed since crossings wrote it" "$bin" compare "$tmp/nocoerced.h5"
expect 0 "nocoerced.h5: sealed" "$bin" seal "$tmp/nocoerced.h5"
expect 2 "no dataset scenarios/same/metrics/coerced" "$bin" compare "$tmp/nocoerced.h5"

finish
