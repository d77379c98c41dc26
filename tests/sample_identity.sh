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
#    so are their audits; without BEFORE, with the checksums below, taken from that
#    binary's export.
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
c61690b72743434a1c81af91d921a48248f3f449e1d2d574cf484c053c5386ae  allocations.csv
3eed1d592954506e3eacce6085425aac01a16ce78344d01011359eba0e8d697c  assessments.csv
3b884bcad62087f83b0a859ff2e654b307f897b561b3d7e8f99ad24e11f021c6  children.csv
3606f382169ab8e92c73159ac3e0edb8192c46ff110b1929c2cbba322f270001  contacts.csv
9f99f6033bb8cf2776312a1bd7cdcbe488918c36edbdbcbd81ad0d5c8ea2ccf9  education.csv
eae14269117d04450ce9f5da23b966cf70e9473756ae34742ea5364b9715021c  episodes.csv
f63fff5e62944c5e7af5f72ee401c9dbcae0983db3349cda22048821216b7424  health.csv
a5ab324081fbc2da925eda7860ad15982e49eea62763307c4b866039ea3b235f  meetings.csv
a1f43e0e287c5988ed0ca9d612a1d4ead91339932d725a0339d912fe8bedb33c  s47.csv
c037acfd81b20f8f670cec44a87b15e9d4f7afbed77e24833705e4ab86cde237  supervisions.csv
75a7e837582f76e1697102929f86c65a7479aa28239bd9c302ee1b23564819d3  training.csv
cc026287aef8297b9b7e72df5d1f088554e12085cfbcc9c25c8a46f86c192101  visits.csv
10d77b71907b362bf2d4fc6deb932e72dfbd54d24e70d3ca449a2af56c9b3ec9  workers.csv
SUMS
  [ "$(ls "$TMP/after-5000" | wc -l)" = 13 ] || { echo "DIFFERENT 5,000 children: not 13 files"; status=1; }
fi
exit $status
