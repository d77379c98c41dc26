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
#    so are their audits; without BEFORE, with the checksums below: the records the
#    generator writes now (retaken when the generator changes on purpose: last when Early
#    Help allocations gained same-day supervisions, youth offending workers monthly
#    supervision, and a fifth of assessments a 10-working-day completion).
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
  (cd "$TMP/after-5000" && sha256sum --check --quiet) <<'SUMS'
b2b41a1477b5baabe4486636641cc7b8f3d54cc213dfacaf5a275f2780b1f10f  allocations.csv
18304b09673ae4548d6e2139b9905c82a5a44f17c8dfede736b0690530d7060e  assessments.csv
3b884bcad62087f83b0a859ff2e654b307f897b561b3d7e8f99ad24e11f021c6  children.csv
986d01e5843ccc291ad23f1c1836fda973d4eabf1fcf84c02d98e6f12b37ea30  contacts.csv
a18bc20d6bbd5d459768c3c9319ad026695d347b9c9a2af66986bdb89425228c  education.csv
03ea9249b84d33bbf2f3cf79761bbee35c5e8ab3270b4c04dcaae26dd1ed4d61  episodes.csv
f2e7db9022a98df3a209362f4943a3622c08b36e039e45a234b8c0a16bcfdf17  health.csv
37f61bc90224d6745d41b7ddc873bc9b66bde7aac3292b33db0146d0f4817a13  meetings.csv
b6c5a91bdee04c0bf4e74233fc8f3908acee4b40130392b4f5d77b7a1da00c13  s47.csv
5c35abd291b39c56bc5267384fcc4f236b1d43ed3200855b4bf19bdc8e798fa2  supervisions.csv
75a7e837582f76e1697102929f86c65a7479aa28239bd9c302ee1b23564819d3  training.csv
6c3e2cf69c0a6764c99ca9d1b01cd1f452c52077e5b6c31a52bf95f4abb81faf  visits.csv
10d77b71907b362bf2d4fc6deb932e72dfbd54d24e70d3ca449a2af56c9b3ec9  workers.csv
SUMS
  [ "$(ls "$TMP/after-5000" | wc -l)" = 13 ] || { echo "DIFFERENT 5,000 children: not 13 files"; status=1; }
fi
exit $status
