#!/usr/bin/env bash
# Configures (first time only) and builds one build tree.
#   scripts/build.sh DIR [CMAKE OPTIONS...]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
dir=$1
shift
if [ ! -f "$dir/CMakeCache.txt" ]; then
	cmake -S "$top" -B "$dir" "$@" >/dev/null
fi
cmake --build "$dir" --parallel "$(nproc)" -- --no-print-directory >/dev/null ||
	cmake --build "$dir" -- --no-print-directory
