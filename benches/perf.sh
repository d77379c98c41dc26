#!/usr/bin/env bash
# Whole-process benchmark for the performance targets (README "Performance").
#
# Generates synthetic exports of 100,000 and 1,000,000 visits (xlsx and CSV folder),
# times `caseaudit audit` against its floors with hyperfine, measures peak memory, and
# prints every target with its measured figure and whether it holds.
#
#   benches/perf.sh            # all targets (about 5 minutes on 2 cores)
#   RUNS=5 benches/perf.sh     # more runs per measurement (default 3)
#
# Data is cached in target/bench-data (delete it to regenerate; BENCH_DATA moves it).
set -euo pipefail
cd "$(dirname "$0")/.."
RUNS=${RUNS:-3}
TARGET=${CARGO_TARGET_DIR:-target}
DATA=${BENCH_DATA:-$TARGET/bench-data}

if ! command -v hyperfine >/dev/null 2>&1; then
  echo "installing hyperfine (Debian package)…" >&2
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq >/dev/null && apt-get install -y -qq hyperfine >/dev/null
  else
    sudo apt-get update -qq >/dev/null && sudo apt-get install -y -qq hyperfine >/dev/null
  fi
fi
[ -x /usr/bin/time ] || { echo "GNU time (/usr/bin/time) is needed: apt-get install time" >&2; exit 2; }

cargo build --release --quiet --bin caseaudit --example floor
cargo build --release --quiet -p caseaudit-sample
BIN=$TARGET/release/caseaudit
SAMPLE=$TARGET/release/caseaudit-sample
FLOOR=$TARGET/release/examples/floor
mkdir -p "$DATA"

for n in 100000 1000000; do
  [ -d "$DATA/csv-$n" ] || $SAMPLE --visits "$n" --seed 1 --clean --out "$DATA/csv-$n"
  [ -f "$DATA/x-$n.xlsx" ] || $SAMPLE --visits "$n" --seed 1 --clean --out "$DATA/x-$n.xlsx"
done

# The measured run writes what the targets name: exceptions.csv, kpis.csv, summary.json.
audit() { echo "$BIN audit $1 --rules middlesbrough --to 2026-10-31 --out $DATA/out --format csv,json --quiet ${2:-}"; }

# Mean seconds of a command (hyperfine; exit code 1 = exceptions found is success here).
mean() {
  hyperfine --style none --warmup 1 --runs "$RUNS" -i --export-json "$DATA/h.json" "$1" >/dev/null 2>&1
  python3 -c 'import json,sys; print("%.3f" % json.load(open(sys.argv[1]))["results"][0]["mean"])' "$DATA/h.json"
}

echo "measuring (each figure is the mean of $RUNS runs)…" >&2
floor_x=$(mean "$FLOOR xlsx $DATA/x-1000000.xlsx")
audit_x=$(mean "$(audit "$DATA/x-1000000.xlsx")")
floor_c=$(mean "$FLOOR csv $DATA/csv-1000000")
audit_c=$(mean "$(audit "$DATA/csv-1000000")")
audit_x100=$(mean "$(audit "$DATA/x-100000.xlsx")")
audit_c100=$(mean "$(audit "$DATA/csv-100000")")

# Peak resident memory (GNU time; the audit exits 1 when it finds exceptions).
rss_kb=$( { /usr/bin/time -f "%M" $(audit "$DATA/x-1000000.xlsx") || true; } 2>&1 >/dev/null | tail -1 )

# Rule-evaluation stage alone, 1 vs 2 threads (best of RUNS, from summary.json).
eval_ms() {
  local best=
  for _ in $(seq "$RUNS"); do
    $(audit "$DATA/csv-1000000" "--threads $1") || true
    ms=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["timings_ms"]["evaluate_ms"])' "$DATA/out/summary.json")
    if [ -z "$best" ] || [ "$ms" -lt "$best" ]; then best=$ms; fi
  done
  echo "$best"
}
eval1=$(eval_ms 1)
eval2=$(eval_ms 2)

python3 - "$floor_x" "$audit_x" "$floor_c" "$audit_c" "$audit_x100" "$audit_c100" "$rss_kb" "$eval1" "$eval2" <<'PY'
import os, platform, sys
fx, ax, fc, ac, ax100, ac100, rss, e1, e2 = map(float, sys.argv[1:])
rows = [
    ("xlsx 1M: audit / calamine floor", f"{ax:.2f} s / {fx:.2f} s", ax / fx, "<= 1.20", ax / fx <= 1.2),
    ("CSV 1M: audit / csv-crate floor", f"{ac:.2f} s / {fc:.2f} s", ac / fc, "<= 1.50", ac / fc <= 1.5),
    ("peak memory, xlsx 1M", f"{rss / 1024:.0f} MiB", rss / 1024, "< 600 MiB", rss / 1024 < 600),
    ("scaling xlsx: 1M / 100k", f"{ax:.2f} s / {ax100:.2f} s", ax / ax100, "<= 11", ax / ax100 <= 11),
    ("scaling CSV: 1M / 100k", f"{ac:.2f} s / {ac100:.2f} s", ac / ac100, "<= 11", ac / ac100 <= 11),
    ("evaluation speed-up, 2 vs 1 threads", f"{e1:.0f} ms / {e2:.0f} ms", e1 / e2, ">= 1.6", e1 / e2 >= 1.6),
]
print(f"machine: {os.cpu_count()} cores, {platform.machine()}, {platform.platform()}")
print(f"{'target':40} {'measured':24} {'ratio':>7}  {'goal':10} holds")
for name, measured, ratio, goal, ok in rows:
    print(f"{name:40} {measured:24} {ratio:7.2f}  {goal:10} {'yes' if ok else 'NO'}")
PY
