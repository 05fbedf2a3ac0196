#!/bin/sh
# Every C file follows the committed .clang-format.
# usage: format.sh SOURCE_DIR
set -eu
cd "$1"
files=$(find sim models analysis cli bench tests -name '*.[ch]' | sort)
if clang-format --dry-run --Werror $files; then
    echo "1 passed, 0 failed"
else
    echo "run: clang-format -i \$(find sim models analysis cli bench tests -name '*.[ch]')"
    echo "0 passed, 1 failed"
    exit 1
fi
