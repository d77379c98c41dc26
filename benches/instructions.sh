#!/usr/bin/env bash
# Instructions executed by one audit, counted by valgrind's callgrind: repeatable for the
# same binary and input whatever else the machine is doing (wall-clock timings on a shared
# 2-core machine vary by ±20%). Compares two binaries on one export.
#
#   benches/instructions.sh OLD_BINARY NEW_BINARY [EXPORT]
# EXPORT defaults to a 2,000-child clean CSV export generated into target/bench-data.
set -euo pipefail
cd "$(dirname "$0")/.."
old=${1:?usage: benches/instructions.sh OLD_BINARY NEW_BINARY [EXPORT]}
new=${2:?usage: benches/instructions.sh OLD_BINARY NEW_BINARY [EXPORT]}
export_dir=${3:-target/bench-data/export2000}
command -v valgrind >/dev/null || { echo "valgrind is needed (apt-get install valgrind)" >&2; exit 2; }
if [ ! -d "$export_dir" ]; then
  cargo run --release -q -p caseaudit-sample -- --children 2000 --seed 3 --clean --out "$export_dir"
fi
count() {
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$1" audit "$export_dir" \
    --rules middlesbrough --to 2026-10-31 --out "$(mktemp -d)" --format csv,json --threads 1 --quiet \
    2>&1 | sed -n 's/.*Collected : //p'
}
a=$(count "$old"); b=$(count "$new")
python3 -c "import sys; a,b=int(sys.argv[1]),int(sys.argv[2]); print(f'old {a:,} instructions, new {b:,}: {100*(b-a)/a:+.1f}%')" "$a" "$b"
