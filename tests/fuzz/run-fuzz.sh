#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# run-fuzz.sh BUILD_DIR TARGET [SECONDS [WORK_DIR]]: fuzzes one target (transcription, journal,
# diff, hocr, collation, alto, page, hocr-input or manifest) for SECONDS (default 600) from its seed corpus and dictionary. New
# inputs go to WORK_DIR/TARGET, never into the repository's corpus; a finding is saved as
# WORK_DIR/crash-… (or leak-…, timeout-…), and the script exits non-zero.
set -eu

build=$1 target=$2 seconds=${3:-600} work=${4:-/tmp/verno-fuzz}
here=$(cd "$(dirname "$0")" && pwd)

mkdir -p "$work/$target"
export TMPDIR=${TMPDIR:-/dev/shm}
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
export OMP_THREAD_LIMIT=1
exec "$build/tests/fuzz/fuzz-$target" -max_total_time="$seconds" \
  -timeout=10 -rss_limit_mb=2048 -max_len=16384 -print_final_stats=1 \
  -dict="$here/$target.dict" -artifact_prefix="$work/" \
  "$work/$target" "$here/corpus/$target"
