#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# valgrind-collate.sh VALGRIND VERNO FOLDER [SUPPRESSIONS]: memcheck on `verno collate FOLDER`
# with a fresh OCR cache. Fails on a memory error or a definite leak. None needs suppressing on
# Debian 12; a suppressions file, if one is ever needed, must give a reason for each entry.
set -eu

valgrind=$1 verno=$2 folder=$3 suppressions=${4:-}
cache=$(mktemp -d)
trap 'rm -rf "$cache"' EXIT

status=0
VERNO_CACHE_DIR=$cache/ocr OMP_THREAD_LIMIT=1 G_SLICE=always-malloc G_DEBUG=gc-friendly \
  "$valgrind" --tool=memcheck --leak-check=full --show-leak-kinds=definite \
  --errors-for-leak-kinds=definite --error-exitcode=99 --num-callers=40 \
  --trace-children=yes --log-file="$cache/memcheck.%p.log" \
  ${suppressions:+--suppressions="$suppressions"} \
  "$verno" collate "$folder" > /dev/null || status=$?

grep -hE "ERROR SUMMARY|definitely lost" "$cache"/memcheck.*.log || true
if [ "$status" -ne 0 ]; then
  cat "$cache"/memcheck.*.log
  echo "valgrind-collate: verno exited with status $status (99: memcheck found errors)" >&2
  exit 1
fi
