#!/usr/bin/env bash
# Runs every benchmark (`make bench`). Results are written down by hand in docs/benchmarks.md
# together with the machine's state (load average) at the time of the run.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BUILD="${BUILD:-$ROOT/build}"
echo "== machine: $(nproc) cores, load: $(cut -d' ' -f1-3 /proc/loadavg)"
bash "$ROOT/bench/http_bench.sh" "$BUILD"
DATA="$ROOT/../shared/data/tipdm2020c"
if [[ -f "$DATA/train.jsonl" ]]; then
  MODEL="$(mktemp -d /tmp/minsheng_model_XXXXXX)"
  echo; echo "== dispatch: train on train.jsonl, evaluate on dev.jsonl"
  /usr/bin/time -f "train: %e s wall, %M KB max RSS" \
    "$BUILD/minsheng" dispatch train --data "$DATA/train.jsonl" --out "$MODEL"
  du -sh "$MODEL"
  "$BUILD/minsheng" dispatch eval --model "$MODEL" --data "$DATA/dev.jsonl"
  echo; echo "== dispatch: classifier alone and the whole suggestion (default zone)"
  MINSHENG_SOURCE_DIR="$ROOT" "$BUILD/bench/dispatch_bench" --model "$MODEL"
  rm -rf "$MODEL"
else
  echo "== dispatch: ../shared/data absent, skipped"
fi
