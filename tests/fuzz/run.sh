#!/usr/bin/env bash
# Builds the libFuzzer targets with clang into build-fuzz/ and fuzzes each (or one) for SECONDS.
#
#   tests/fuzz/run.sh                 # every target, 60 s each
#   tests/fuzz/run.sh detect 600      # one target, ten minutes
#   ./dev fuzz report 120             # the same through ./dev
#
# Environment: BUILD_DIR (default build-fuzz at the repository root), JOBS (ninja -j, default 1),
# FUZZ_ARGS (extra libFuzzer flags, e.g. "-jobs=2 -workers=2").
# The seed corpus tests/fuzz/corpus/NAME is read but never written: new inputs go to
# BUILD_DIR/corpus/NAME. A crash, leak, timeout or out-of-memory input is written to
# BUILD_DIR/artifacts/NAME/; fix it, then copy it to tests/fuzz/regressions/NAME/ so the normal test
# suite replays it for ever (README.md). Exit status: 0 when every target ran clean, 1 otherwise.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
build=${BUILD_DIR:-$root/build-fuzz}
target=${1:-all}
seconds=${2:-60}
jobs=${JOBS:-1}

command -v clang++ >/dev/null || { echo "run.sh: clang++ not found (apt-get install clang)" >&2; exit 2; }
all=$(cd "$root/tests/fuzz" && ls *_fuzz.cc | sed 's/_fuzz\.cc$//')
if [ "$target" = all ]; then
  targets=$all
else
  echo "$all" | grep -qx "$target" || { echo "run.sh: unknown target '$target' (one of: $(echo $all))" >&2; exit 2; }
  targets=$target
fi

cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ -DKEYSNARE_FUZZ=ON >/dev/null
ninja -C "$build" -j "$jobs" $(for t in $targets; do echo "fuzz_$t"; done)

# Per target: the longest input worth trying (the parsers and writers are line- and field-oriented;
# the detector needs room for long lines and several tokens) and its time limit per input.
max_len() {
  case $1 in
    detect) echo 65536 ;;
    rules|config) echo 8192 ;;
    diff) echo 16384 ;;
    report|secret|text) echo 16384 ;;
    glob) echo 1024 ;;
    *) echo 4096 ;;
  esac
}

status=0
for t in $targets; do
  mkdir -p "$build/corpus/$t" "$build/artifacts/$t"
  seeds=("$root/tests/fuzz/corpus/$t")
  [ -d "$root/tests/fuzz/regressions/$t" ] && seeds+=("$root/tests/fuzz/regressions/$t")
  echo "==> fuzz_$t for ${seconds}s (max_len $(max_len "$t"))" >&2
  # ASan's leak check is on by default in libFuzzer; malloc_limit keeps one input from eating the
  # machine (2 GB, libFuzzer's rss limit).
  if ! ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1} \
      UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1} \
      "$build/fuzz/fuzz_$t" "$build/corpus/$t" "${seeds[@]}" \
      -max_total_time="$seconds" -max_len="$(max_len "$t")" -timeout=10 -rss_limit_mb=2048 \
      -artifact_prefix="$build/artifacts/$t/" -print_final_stats=1 ${FUZZ_ARGS:-}; then
    echo "==> fuzz_$t FAILED: see $build/artifacts/$t/" >&2
    status=1
  fi
done
exit $status
