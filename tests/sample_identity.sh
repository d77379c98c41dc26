#!/usr/bin/env bash
# The sample generator still writes the same records (issue 8, item 5: the generator
# moved out of the `caseaudit` binary into the `caseaudit-sample` workspace crate).
#
# 1. `caseaudit-sample --children 300 --seed 1` in each shape (native, liquidlogic,
#    mosaic) audits to byte-identical exceptions.csv, kpis.csv and pending.csv as the
#    bundled sample-exports/<shape>.xlsx (written by the generator before the move).
#    The exports are written under the same file names, because an exception resting
#    on an unreadable cell names its file ("native.xlsx [visits] row 5 …").
# 2. A 5,000-child CSV export (`--children 5000 --seed 11`) is byte-identical to the
#    one the generator wrote before the move: compared with the export of the binary
#    named by BEFORE (a `caseaudit` built before the move, which has `sample`), and
#    so are their audits; without BEFORE, with the checksums below. Issue 10 changed
#    the generator on purpose (development courses that help some workers, team
#    managers' own reliability deciding supervision, ASYE modules, more ASYE workers):
#    the checksums are that generator's, and a BEFORE binary must be built after it.
#
#   tests/sample_identity.sh
#   BEFORE=/tmp/caseaudit-before tests/sample_identity.sh
#
# Prints one line per comparison; exits 1 if any differs.
set -euo pipefail
cd "$(dirname "$0")/.."
TARGET=${CARGO_TARGET_DIR:-target}
cargo build --release --quiet -p caseaudit -p caseaudit-sample
AUDIT=$TARGET/release/caseaudit
SAMPLE=$TARGET/release/caseaudit-sample
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
status=0
same() { # label file-a file-b
  if cmp -s "$2" "$3"; then echo "same      $1"; else echo "DIFFERENT $1"; status=1; fi
}

audit() { # export out-dir [profile]
  local rc=0
  $AUDIT audit "$1" --rules middlesbrough --to 2026-10-31 --format csv --quiet \
    --out "$2" ${3:+--profile "$3"} || rc=$?
  # 1 = exceptions found; anything else is an error.
  [ "$rc" -le 1 ] || { echo "audit of $1 failed ($rc)"; exit 2; }
}

mkdir -p "$TMP/generated"
for shape in native liquidlogic mosaic; do
  profile=; [ "$shape" = native ] || profile=$shape
  $SAMPLE --children 300 --seed 1 --shape "$shape" --out "$TMP/generated/$shape.xlsx" 2>/dev/null
  audit "sample-exports/$shape.xlsx" "$TMP/bundled-$shape" "$profile"
  audit "$TMP/generated/$shape.xlsx" "$TMP/generated-$shape" "$profile"
  for f in exceptions.csv kpis.csv pending.csv; do
    same "$shape: $f" "$TMP/bundled-$shape/$f" "$TMP/generated-$shape/$f"
  done
  same "$shape: the workbook itself" "sample-exports/$shape.xlsx" "$TMP/generated/$shape.xlsx"
done

$SAMPLE --children 5000 --seed 11 --out "$TMP/after-5000" 2>/dev/null
if [ -n "${BEFORE:-}" ]; then
  "$BEFORE" sample --children 5000 --seed 11 --out "$TMP/before-5000" 2>/dev/null
  for f in "$TMP"/before-5000/*.csv; do
    same "5,000 children: $(basename "$f") (vs $BEFORE)" "$f" "$TMP/after-5000/$(basename "$f")"
  done
  [ "$(ls "$TMP/before-5000")" = "$(ls "$TMP/after-5000")" ] || { echo "DIFFERENT 5,000 children: file list"; status=1; }
  audit "$TMP/before-5000" "$TMP/audit-before-5000"
  audit "$TMP/after-5000" "$TMP/audit-after-5000"
  for f in exceptions.csv kpis.csv pending.csv; do
    same "5,000 children: audit $f" "$TMP/audit-before-5000/$f" "$TMP/audit-after-5000/$f"
  done
else
  (cd "$TMP/after-5000" && sha256sum --check --quiet) <<'SUMS' && echo "same      5,000 children: all 13 CSV files (checksums)" || { echo "DIFFERENT 5,000 children (checksums)"; status=1; }
bdd164b9068a2386e827e369c52e0f60a75ba867a4cf0ccf7ab20bf7c051596c  allocations.csv
896823623305c63867415bb7f7f3f888bf08e8a4aa8abd2cda937b4605d2744f  assessments.csv
3b884bcad62087f83b0a859ff2e654b307f897b561b3d7e8f99ad24e11f021c6  children.csv
655d18e12b3cc7d1d821ac27a103767d5966cd0cd19b25f5043c209c89ec7254  contacts.csv
43eeadc350eb16ecfdee06cfd6bb0f2b9d4b74ec4b7b34746b736929a6d7915f  education.csv
4934027411413bc875c847440bb7d8370c31d98320d8df03fb69f993308f6d77  episodes.csv
1a0d962b1334c865ac565698ba568e5e8ed1af18596c084ea03cb57e42b28972  health.csv
bdf81541ccfd61eb9ac159caf482ac65888a2ade226759590e1d86c26bffb656  meetings.csv
46f9601c12f5f7388f0d616fe89b7e3a33f33a6013a2eae9c132155de4c71d04  s47.csv
c164a0c94a5d0ea7acb7ce0d78c16b646a8b1f4cc4794adfe2dc8ab82f799685  supervisions.csv
c61dbc8ad8d1f9975d5aeb28ae491d4bd5c2e6720b43ae6ee254eb8d221fc0c4  training.csv
06d9cadbf52d60ebbe05590aabc3294bd100c5ce9cc733ba1151540f86462bc7  visits.csv
2019d69fa7dc1bc6023c0d2c45521857978010021bbbac846c62b7976d2adb28  workers.csv
SUMS
  [ "$(ls "$TMP/after-5000" | wc -l)" = 13 ] || { echo "DIFFERENT 5,000 children: not 13 files"; status=1; }
fi
exit $status
