#!/bin/sh
# The headless-browser checker of the HTML reports can fail: it passes a good
# report-like page (and writes its full-page screenshot and PDF), and fails
# with the right message on a console error, an uncaught exception, charts
# that are missing or empty, SVG that is not XML, an external resource and an
# expected chart that is not there. It leaves no Chromium and no temporary
# files behind, and says so clearly (exit 2) when it cannot start Chromium.
# usage: browser_selftest.sh SOURCE_DIR PYTHON
set -u
src=$1 py=$2
. "$(dirname "$0")/lib.sh"
checker="$src/tests/integration/browser_check.py"
fix="$src/tests/integration/browser_fixtures"

# run NAME ARGS...: run the checker once, output in $tmp/NAME.out, exit code in $rc
run() {
    name=$1
    shift
    "$py" "$checker" "$@" > "$tmp/$name.out" 2>&1
    rc=$?
}

# has NAME PATTERN: the output of run NAME holds PATTERN (grep -F)
has() {
    if grep -qF -- "$2" "$tmp/$1.out"; then
        pass=$((pass + 1))
    else
        echo "FAILED: '$2' not in the output of the $1 check:"
        head -20 "$tmp/$1.out"
        fail=$((fail + 1))
    fi
}

# a good page passes: two charts, a full-page PNG (1200 px wide and longer
# than the 900 px window) and a PDF; Chromium's temporary folder and
# processes are gone afterwards
mkdir "$tmp/t"
TMPDIR="$tmp/t" run good "$fix/good.html" "$tmp/good.png" \
    --expect-charts chart-incidence,chart-cases --min-charts 2
check test "$rc" -eq 0
has good "browser check: 2 charts, 0 problems"
check test -s "$tmp/good.png"
check test -s "$tmp/good.pdf"
check test "$(head -c 5 "$tmp/good.pdf")" = "%PDF-"
cat > "$tmp/png_size.py" <<'PY'
import struct, sys
head = open(sys.argv[1], "rb").read(24)
assert head[:8] == b"\x89PNG\r\n\x1a\n", head[:8]
width, height = struct.unpack(">II", head[16:24])
assert width == 1200 and height > 900, (width, height)   # the whole page, not the window
PY
check "$py" "$tmp/png_size.py" "$tmp/good.png"
check test -z "$(ls -A "$tmp/t")"
cat > "$tmp/no_process.py" <<'PY'
import os, sys
for pid in filter(str.isdigit, os.listdir("/proc")):
    try:
        cmd = open(f"/proc/{pid}/cmdline", "rb").read().decode(errors="replace")
    except OSError:
        continue
    if pid != str(os.getpid()) and "--user-data-dir=" + sys.argv[1] in cmd:
        sys.exit(f"left running: {pid} {cmd[:120]}")
PY
check "$py" "$tmp/no_process.py" "$tmp/t"

# each bad page fails (exit 1) for its own reason
expect 1 "console error: boom" "$py" "$checker" "$fix/console_error.html" "$tmp/b.png"
expect 1 "uncaught exception: Error: kaboom" \
    "$py" "$checker" "$fix/exception.html" "$tmp/b.png"
run missing "$fix/missing_chart.html" "$tmp/b.png"
check test "$rc" -eq 1
has missing "chart-empty: the svg has no <title> child with text"
has missing "missing chart: chart-empty draws 0 marks"
has missing "missing chart: chart-none holds 0 svg elements, not 1"
has missing "browser check: 3 charts, 3 problems"
expect 1 "chart-unclosed: SVG is not well-formed XML: mismatched tag" \
    "$py" "$checker" "$fix/bad_svg.html" "$tmp/b.png"
run external "$fix/external.html" "$tmp/b.png"
check test "$rc" -eq 1
has external 'external resource: <img src="https://example.org/x.png">'
has external "network request: https://example.org/x.png"

# a good page without the charts asked for
run expect "$fix/good.html" "$tmp/b.png" --expect-charts chart-cases,nosuchchart --min-charts 3
check test "$rc" -eq 1
has expect "missing chart: no figure.chart with id nosuchchart"
has expect "missing chart: 2 figure.chart elements, at least 3 expected"
has expect "browser check: 2 charts, 2 problems"

# bad usage, no report, no browser: exit 2
expect 2 "usage: browser_check.py" "$py" "$checker"
expect 2 "no such report" "$py" "$checker" "$tmp/nosuch.html" "$tmp/b.png"
expect 2 "cannot start Chromium" \
    "$py" "$checker" "$fix/good.html" "$tmp/b.png" --chromium "$tmp/nosuch-chromium"
finish
