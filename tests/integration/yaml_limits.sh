#!/bin/sh
# Scenario and design files too large or nested too deep are refused before
# libyaml sees them (sim/sim_yaml.h), with the limit and what was found, exit 2.
# A 300 KB file of nested '[' took libyaml about 100 s; each command runs under
# `timeout 20` so that a regression fails here instead of hanging the suite
# (timeout's own exit 124 is not the 2 expected). Nothing here asserts on time.
# usage: yaml_limits.sh CROSSINGS SOURCE_DIR
set -u
bin=$1 src=$2
. "$(dirname "$0")/lib.sh"
base="$src/scenarios/baseline.yaml"

# nested N: a key whose value opens N lists
nested() {
    printf 'run: '
    head -c "$1" /dev/zero | tr '\0' '['
    printf '\n'
}
# design SCENARIO: the head of a sweep design on SCENARIO
design() {
    printf 'scenario: %s\ndesign: {type: latin, points: 4}\n' "$1"
    printf 'parameters:\n  recruiters.broker_deception: {min: 0.1, max: 0.5}\n'
}
# padded N: comment lines up to about N bytes
padded() {
    head -c "$1" /dev/zero | tr '\0' 'x' | fold -w 79 | sed 's/^/#/'
}

nested 300000 >"$tmp/nested.yaml"
expect 2 "nested.yaml:1:70: lists or mappings in brackets nested more than 64 deep" \
    timeout 20 "$bin" validate "$tmp/nested.yaml"
{ design "$base"; printf 'set: '; head -c 300000 /dev/zero | tr '\0' '{'; } >"$tmp/nested_design.yaml"
expect 2 "nested_design.yaml:5:70: lists or mappings in brackets nested more than 64 deep" \
    timeout 20 "$bin" sweep "$tmp/nested_design.yaml" -o "$tmp/s.h5" --dry-run

{ printf 'run:\n  months: 12\n'; padded 1100000; } >"$tmp/big.yaml"
size=$(wc -c <"$tmp/big.yaml")
expect 2 "big.yaml: the file is $size bytes (expected a scenario file of at most 1 MiB, 1048576 bytes)" \
    timeout 20 "$bin" validate "$tmp/big.yaml"
{ design "$base"; padded 1100000; } >"$tmp/big_design.yaml"
size=$(wc -c <"$tmp/big_design.yaml")
expect 2 "big_design.yaml: the file is $size bytes (expected a sweep design of at most 1 MiB, 1048576 bytes)" \
    timeout 20 "$bin" sweep "$tmp/big_design.yaml" -o "$tmp/s.h5" --dry-run

# a base too large is named, not the file that names it
printf 'base: big.yaml\n' >"$tmp/child.yaml"
expect 2 "big.yaml: the file is" timeout 20 "$bin" validate "$tmp/child.yaml"
# just under the limit is fine
{ printf 'base: %s\n' "$base"; padded 1000000; } >"$tmp/almost.yaml"
expect 0 "almost.yaml: ok" timeout 20 "$bin" validate "$tmp/almost.yaml"
# 64 levels are allowed; the limit counts every level, block and flow
{ printf 'base: %s\nname: ' "$base"; head -c 63 /dev/zero | tr '\0' '['; printf 'x'; head -c 63 /dev/zero | tr '\0' ']'; printf '\n'; } >"$tmp/deep_ok.yaml"
expect 2 "name: got a list" timeout 20 "$bin" validate "$tmp/deep_ok.yaml"
[ -e "$tmp/s.h5" ] && check false "a sweep wrote its results"
finish
