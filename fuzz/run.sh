#!/usr/bin/env bash
# `make fuzz`: builds the fuzz targets with clang, libFuzzer, AddressSanitizer and UBSan in
# build-fuzz/ and runs each for SECONDS (default 60), starting from the checked-in corpus.
# New inputs go to build-fuzz/corpus/<target>/ (not committed: copy the interesting ones to
# fuzz/corpus/ by hand), crashes to build-fuzz/artifacts/<target>/. Exit status 1 on a crash.
# FUZZ_TARGETS="model suggest" runs only those.
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH="${1:-60}"
BUILD=build-fuzz

bash scripts/install-deps.sh clang libclang-rt-14-dev
CC=clang CXX=clang++ cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DMINSHENG_FUZZ=ON \
  -DMINSHENG_BUILD_TESTS=OFF -DMINSHENG_BUILD_BENCH=OFF >/dev/null
targets="${FUZZ_TARGETS:-$(sed -n 's/^set(MINSHENG_FUZZ_TARGETS \(.*\))$/\1/p' fuzz/CMakeLists.txt)}"
for t in $targets; do
  cmake --build "$BUILD" -j"$(nproc)" --target "${t}_fuzz"
done

status=0
for t in $targets; do
  mkdir -p "$BUILD/corpus/$t" "$BUILD/artifacts/$t"
  echo "[fuzz] $t: ${SECONDS_EACH} s"
  if ! "$BUILD/fuzz/${t}_fuzz" -max_total_time="$SECONDS_EACH" -max_len=8192 -timeout=10 \
      -rss_limit_mb=4096 -dict=fuzz/dispatch.dict -print_final_stats=1 \
      -artifact_prefix="$BUILD/artifacts/$t/" "$BUILD/corpus/$t" "fuzz/corpus/$t" \
      2>"$BUILD/$t.log"; then
    status=1
    echo "[fuzz] $t FAILED: see $BUILD/$t.log and $BUILD/artifacts/$t/"
  fi
  grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb|cov:" "$BUILD/$t.log" | tail -3 || true
done
exit $status
