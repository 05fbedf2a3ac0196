#!/bin/sh
# A results file is readable without our code: h5dump shows its layout and
# provenance, and h5py (Debian's python3-h5py) reads it back and finds what
# docs/FORMAT.md promises.
# usage: readback.sh CROSSINGS SOURCE_DIR PYTHON
set -eu
bin=$1 src=$2 py=$3
. "$(dirname "$0")/lib.sh"

"$bin" run "$src/scenarios/baseline.yaml" --scale 0.002 --months 13 --replicates 2 -q --set start.spinup_years=3 \
    -o "$tmp/r.h5"
check test -f "$tmp/r.h5"
check sh -c "! ls '$tmp'/r.h5.tmp-* 2>/dev/null"

h5dump -H "$tmp/r.h5" > "$tmp/header.txt"
for want in 'GROUP "dims"' 'DATASET "population"' 'DATASET "scenario_text"' \
    'DATASET "parameters"' 'DATASET "replicates"' 'ATTRIBUTE "source_revision"' \
    'ATTRIBUTE "units"' 'DATASPACE  SIMPLE { ( 2, 13, 40, 4 ) / ( 2, 13, 40, 4 ) }'; do
    check grep -qF "$want" "$tmp/header.txt"
done
h5dump -d /dims/group "$tmp/r.h5" > "$tmp/groups.txt"
check grep -qF '"women", "men", "girls", "boys"' "$tmp/groups.txt"
h5dump -p -d /scenarios/baseline/metrics/deaths "$tmp/r.h5" > "$tmp/deaths.txt"
check grep -qF 'DEFLATE { LEVEL 4 }' "$tmp/deaths.txt"
check grep -qF 'CHUNKED ( 1, 13, 40, 4 )' "$tmp/deaths.txt"
check grep -qF 'CHECKSUM FLETCHER32' "$tmp/deaths.txt"
# the 1.10 format (superblock 3: checksummed metadata) behind a 512-byte user block
h5dump -B -H "$tmp/r.h5" > "$tmp/super.txt"
check grep -qF 'SUPERBLOCK_VERSION 3' "$tmp/super.txt"
check grep -qF 'USERBLOCK_SIZE 512' "$tmp/super.txt"
# the seal, checked as docs/FORMAT.md shows, without crossings
check "$py" -c "
import sys, zlib
data = open(sys.argv[1], 'rb').read()
head = data[:512].split(b'\0')[0].decode().split('\n')
assert head[0] == 'crossings-checksum 1', head
assert int(head[1].split()[1], 16) == zlib.crc32(data[512:])
assert int(head[2].split()[1]) == len(data) - 512
" "$tmp/r.h5"
set +e # expect runs commands that must fail
expect 0 "r.h5: intact" "$bin" verify "$tmp/r.h5"
# a damaged chunk: h5py refuses it (Fletcher-32), crossings refuses the file (the seal)
cp "$tmp/r.h5" "$tmp/flip.h5"
check "$py" -c "
import h5py, sys
f = h5py.File(sys.argv[1], 'r')
d = f['scenarios/baseline/metrics/deaths']
off = d.id.get_chunk_info(0).byte_offset + 512  # addresses start after the user block
f.close()
with open(sys.argv[1], 'r+b') as g:
    g.seek(off + 7); b = g.read(1); g.seek(off + 7); g.write(bytes([b[0] ^ 0x10]))
try:
    h5py.File(sys.argv[1], 'r')['scenarios/baseline/metrics/deaths'][()]
except OSError:
    sys.exit(0)
sys.exit('h5py read a damaged chunk')
" "$tmp/flip.h5"
expect 2 "its checksum does not match its seal" "$bin" summarize "$tmp/flip.h5"
expect 2 "flip.h5: corrupt file" "$bin" verify "$tmp/r.h5" "$tmp/flip.h5"
# R reads it too, with hdf5r and with rhdf5 (docs/examples/read_results.R)
expect 0 "rhdf5 baseline women=" Rscript "$src/docs/examples/read_results.R" "$tmp/r.h5"
set -e

if "$py" "$src/tests/integration/read_results.py" "$tmp/r.h5" "$src/scenarios/baseline.yaml"; then
    pass=$((pass + 1))
else
    echo "FAILED: read_results.py"
    fail=$((fail + 1))
fi

# an intervention listed in a scenario file acts, in its window and on its
# target only: the campaign at women's groups from month 24 reaches women
"$bin" run "$src/scenarios/awareness_womens_groups.yaml" --scale 0.002 --months 30 -q \
    -o "$tmp/iv.h5"
check "$py" -c "
import h5py, sys
r = h5py.File(sys.argv[1])['scenarios/awareness_womens_groups/metrics/intervention_reached'][0]
by_month, by_group = r.sum(axis=(1, 2)), r.sum(axis=(0, 1))
assert (by_month[:24] == 0).all() and (by_month[24:] > 0).all(), by_month
assert by_group[0] > 0 and (by_group[1:] == 0).all(), by_group
" "$tmp/iv.h5"
finish
