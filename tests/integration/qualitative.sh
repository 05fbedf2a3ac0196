#!/bin/sh
# The qualitative checks Q2 to Q6 of EVIDENCE.md: the baseline and four
# policy scenarios (interventions from month 24) run together with common
# random numbers, 6 replicates at 1:200 for six years; each check must hold
# in every pair of replicates where it is a paired comparison. The ban (Q2)
# moves women's trafficking share by a fraction of a point, so its pair runs
# larger (1:100, 8 replicates) and is judged on the paired mean. All run with
# a 5-year spin-up: the checks are about policies, not the start. Companion
# runs switch off the mechanism behind Q2 (every channel equally risky), Q3
# (awareness acting only on whether to go) and Q4 (higher-return training
# earning no more than stereotyped training): there the check must fail.
# usage: qualitative.sh CROSSINGS SOURCE_DIR PYTHON
set -eu
bin=$1 src=$2 py=$3
. "$(dirname "$0")/lib.sh"
s=$(cd "$src/scenarios" && pwd)
same_risk='recruiters:
  agency_deception: 0.1
  broker_deception: 0.1
  kin_deception: 0.1
  online_deception: 0.1
channel:
  weight_alone: 0
abroad:
  coercion_undocumented_factor: 1'
whether_only='channel:
  safe_channel_awareness: 0
  decline_skill: 0
decide:
  awareness_effect: 0.5'
short='start:
  spinup_years: 5'
printf 'base: %s\nname: baseline\n%s\n' "$s/baseline.yaml" "$short" > "$tmp/q2b0.yaml"
printf 'base: %s\nname: ban_women_domestic\n%s\n' "$s/ban_women_domestic.yaml" "$short" \
    > "$tmp/q2p0.yaml"
printf 'base: %s\nname: q2off_baseline\n%s\n%s\n' "$s/baseline.yaml" "$same_risk" "$short" \
    > "$tmp/q2b.yaml"
printf 'base: %s\nname: q2off_ban\n%s\n%s\n' "$s/ban_women_domestic.yaml" "$same_risk" "$short" \
    > "$tmp/q2p.yaml"
printf 'base: %s\nname: q3off_baseline\n%s\n' "$s/baseline.yaml" "$whether_only" > "$tmp/q3b.yaml"
printf 'base: %s\nname: q3off_campaign\n%s\n' "$s/awareness_community.yaml" "$whether_only" \
    > "$tmp/q3p.yaml"
"$bin" run "$s/baseline.yaml" "$s/awareness_community.yaml" \
    "$s/reintegration_stereotyped.yaml" "$s/reintegration_higher_return.yaml" \
    "$s/shelter_reform.yaml" --scale 0.005 --months 72 --replicates 6 -q \
    --set start.spinup_years=5 -o "$tmp/q.h5"
same_gain='reintegration:
  higher_return_gain: 0.05'
printf 'base: %s\nname: q4off_stereotyped\n%s\n' "$s/reintegration_stereotyped.yaml" "$same_gain" \
    > "$tmp/q4s.yaml"
printf 'base: %s\nname: q4off_higher_return\n%s\n' "$s/reintegration_higher_return.yaml" \
    "$same_gain" > "$tmp/q4h.yaml"
"$bin" run "$tmp/q3b.yaml" "$tmp/q3p.yaml" "$tmp/q4s.yaml" "$tmp/q4h.yaml" --scale 0.005 \
    --months 72 --replicates 6 -q --set start.spinup_years=5 -o "$tmp/off.h5"
"$bin" run "$tmp/q2b0.yaml" "$tmp/q2p0.yaml" "$tmp/q2b.yaml" "$tmp/q2p.yaml" \
    --scale 0.01 --months 72 --replicates 8 -q -o "$tmp/q2.h5"
"$bin" compare "$tmp/q.h5" --format csv > "$tmp/compare.csv"
"$py" "$src/tests/integration/qualitative.py" "$tmp/q.h5" "$tmp/compare.csv" 24 "$tmp/q2.h5" \
    "$tmp/off.h5"
