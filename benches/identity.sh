#!/usr/bin/env bash
# Behaviour unchanged? Builds caseaudit at two git revisions (default: REF = the first
# argument, NEW = the working tree) and audits the same inputs with both: the bundled
# native, Liquidlogic-like and Mosaic-like samples and a generated 5,000-child CSV export.
# Compares exceptions.csv, pending.csv, kpis.csv, data_quality.csv and report.html byte
# for byte, and summary.json without its stage timings. Exit 0 when all are identical.
#
#   benches/identity.sh 549745b            # that revision against the working tree
#   benches/identity.sh 549745b 1d2c3e4    # two revisions
set -euo pipefail
cd "$(dirname "$0")/.."
ref=${1:?usage: benches/identity.sh REF [NEW]}
new=${2:-}
work=$(mktemp -d /tmp/caseaudit-identity.XXXXXX)
trap 'git worktree remove --force "$work/ref" >/dev/null 2>&1 || true; git worktree remove --force "$work/new" >/dev/null 2>&1 || true' EXIT

build() { # rev dir -> path of the binary
  local rev=$1 dir=$2
  git worktree add --detach -q "$dir" "$rev"
  CARGO_TARGET_DIR="$work/target-$(basename "$dir")" cargo build --release -q --manifest-path "$dir/Cargo.toml" --bin caseaudit
  echo "$work/target-$(basename "$dir")/release/caseaudit"
}
ref_bin=$(build "$ref" "$work/ref")
if [ -n "$new" ]; then
  new_bin=$(build "$new" "$work/new")
else
  cargo build --release -q --bin caseaudit
  new_bin=${CARGO_TARGET_DIR:-target}/release/caseaudit
fi

# A 5,000-child export from the generator of this tree.
cargo run --release -q -p caseaudit-sample -- --children 5000 --seed 11 --out "$work/export5000" 2>/dev/null

audit() { # bin out input [args]
  local bin=$1 out=$2 input=$3; shift 3
  "$bin" audit "$input" --rules middlesbrough --to 2026-10-31 --out "$out" \
    --format csv,json,html --quiet "$@" || [ $? -eq 1 ]
}
status=0
for case in native liquidlogic mosaic export5000; do
  case $case in
    native) input=sample-exports/native.xlsx; args=() ;;
    liquidlogic|mosaic) input=sample-exports/$case.xlsx; args=(--profile "$case") ;;
    export5000) input=$work/export5000; args=() ;;
  esac
  audit "$ref_bin" "$work/out-ref-$case" "$input" "${args[@]}"
  audit "$new_bin" "$work/out-new-$case" "$input" "${args[@]}"
  for f in exceptions.csv pending.csv kpis.csv data_quality.csv report.html; do
    if cmp -s "$work/out-ref-$case/$f" "$work/out-new-$case/$f"; then
      echo "same      $case/$f ($(wc -l < "$work/out-new-$case/$f") lines)"
    else
      echo "DIFFERENT $case/$f"; status=1
    fi
  done
  strip() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); d.pop("timings_ms",None); print(json.dumps(d,sort_keys=True))' "$1"; }
  if [ "$(strip "$work/out-ref-$case/summary.json")" = "$(strip "$work/out-new-$case/summary.json")" ]; then
    echo "same      $case/summary.json (without timings)"
  else
    echo "DIFFERENT $case/summary.json (without timings)"; status=1
  fi
done
exit $status
