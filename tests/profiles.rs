//! The bundled mapping profiles (`liquidlogic`, `mosaic`: synthetic layouts) and
//! `inspect`: a shaped export of the same records audits to the same results as the
//! native one; the bundled sample exports audit; `inspect` shows mappings, unclassified
//! values and missing columns with the likely column; header variations map; value
//! synonyms and free-text types are classified; sheets are split and joined; date-format
//! hints are used; a broken profile is rejected naming the file and the table mapping.

use std::path::{Path, PathBuf};
use std::process::Output;

use caseaudit::ingest::{Loaded, Mode, load, load_with};
use caseaudit::profile::{BUNDLED, load_profile, load_profile_str};
use caseaudit::schema::TableId;
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

const SHAPES: [&str; 2] = ["liquidlogic", "mosaic"];

fn caseaudit(args: &[&str]) -> Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_caseaudit"))
        .args(args)
        .output()
        .expect("run caseaudit")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// Writes a sample export (`shape` native, liquidlogic or mosaic; seed 1) and returns its
/// path.
fn sample(dir: &Path, name: &str, shape: &str, children: usize) -> PathBuf {
    let out = dir.join(name);
    let mut cfg = caseaudit_sample::SampleConfig::new(children, 1);
    cfg.shape = shape.parse().expect("a shape");
    caseaudit_sample::write_sample(&cfg, &out).expect("sample export");
    out
}

/// Audits with the Middlesbrough pack for the year to 31 October 2026; exceptions are
/// expected (exit 1), never an error (exit 2).
fn audit(input: &Path, profile: Option<&str>, out: &Path) {
    let mut args = vec![
        "audit",
        input.to_str().unwrap(),
        "--rules",
        "middlesbrough",
        "--to",
        "2026-10-31",
        "--out",
        out.to_str().unwrap(),
        "--quiet",
    ];
    if let Some(p) = profile {
        args.extend(["--profile", p]);
    }
    let o = caseaudit(&args);
    assert_eq!(
        o.status.code(),
        Some(1),
        "audit of {} (profile {profile:?}): {}",
        input.display(),
        text(&o.stderr)
    );
}

fn read(p: &Path) -> Vec<u8> {
    std::fs::read(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The rows of a report CSV, cut to the audit contract's first ten columns (§4).
fn first_ten(p: &Path) -> Vec<Vec<String>> {
    csv::Reader::from_path(p)
        .unwrap()
        .records()
        .map(|r| r.unwrap().iter().take(10).map(str::to_string).collect())
        .collect()
}

/// Asserts two audit outputs report the same results. `kpis.csv` must be
/// byte-identical. `exceptions.csv` and `pending.csv` are compared on the contract's
/// first ten columns only: their `source_row` column differs by design, because a
/// shaped export holds the same records on other rows (the Liquidlogic-like "Case
/// Notes" sheet interleaves visits, meetings and other notes; the Mosaic-like export
/// spreads visits over four sheets and workflow steps over one), and ties in the sort
/// order are broken by that row.
fn assert_same_results(native: &Path, shaped: &Path, what: &str) {
    assert_eq!(
        text(&read(&native.join("kpis.csv"))),
        text(&read(&shaped.join("kpis.csv"))),
        "{what}: kpis.csv differs"
    );
    for f in ["exceptions.csv", "pending.csv"] {
        let (a, b) = (first_ten(&native.join(f)), first_ten(&shaped.join(f)));
        assert!(!a.is_empty(), "{what}: {f} is empty");
        assert_eq!(a.len(), b.len(), "{what}: {f} row counts differ");
        for (i, (x, y)) in a.iter().zip(&b).enumerate() {
            assert_eq!(x, y, "{what}: {f} row {} differs", i + 2);
        }
    }
}

/// Rows read / used / rejected per table: the same records, whatever the shape.
fn counts(l: &Loaded) -> Vec<(TableId, u64, u64, u64)> {
    l.counts
        .iter()
        .map(|(t, c)| (*t, c.read, c.used, c.rejected))
        .collect()
}

// ---------------------------------------------------------------------------
// (a) shaped exports of the same records audit to the same results
// ---------------------------------------------------------------------------

fn shaped_export_audits_like_native(shape: &str) {
    let dir = tempfile::tempdir().unwrap();
    let native = sample(dir.path(), "native", "native", 80);
    let shaped = sample(dir.path(), shape, shape, 80);
    // The shaped folder really is another layout: no native table file.
    assert!(!shaped.join("visits.csv").exists());

    let profile = load_profile(shape).unwrap();
    let a = load(&native).unwrap();
    let b = load_with(&shaped, Some(&profile), Mode::Strict).unwrap();
    assert_eq!(counts(&a), counts(&b), "{shape}: rows per table");
    assert!(
        b.sources.iter().all(|s| s.notes.unclassified.is_empty()),
        "{shape}: every free-text type is classified"
    );
    // No rule reads placements or missing episodes yet: their values are compared as
    // read (the shape's wording classified back into the SSDA903 codes).
    for t in [TableId::Placements, TableId::Missing] {
        let cols = t.def().column_names();
        let native = rows(&a, t, &cols);
        assert!(!native.is_empty(), "{shape}: no {t:?} rows");
        assert_eq!(native, rows(&b, t, &cols), "{shape}: {t:?} as read");
    }

    let (on, os) = (dir.path().join("out-native"), dir.path().join("out-shaped"));
    audit(&native, None, &on);
    audit(&shaped, Some(shape), &os);
    assert_same_results(&on, &os, shape);
}

#[test]
fn liquidlogic_shaped_export_audits_to_the_native_results() {
    shaped_export_audits_like_native("liquidlogic");
}

#[test]
fn mosaic_shaped_export_audits_to_the_native_results() {
    shaped_export_audits_like_native("mosaic");
}

#[test]
fn shaped_workbooks_audit_to_the_native_results() {
    // The xlsx form too: real date cells (Liquidlogic-like) and text dates (Mosaic-like).
    let dir = tempfile::tempdir().unwrap();
    let native = sample(dir.path(), "native.xlsx", "native", 40);
    let on = dir.path().join("out-native");
    audit(&native, None, &on);
    for shape in SHAPES {
        let shaped = sample(dir.path(), &format!("{shape}.xlsx"), shape, 40);
        let os = dir.path().join(format!("out-{shape}"));
        audit(&shaped, Some(shape), &os);
        assert_same_results(&on, &os, shape);
    }
}

// ---------------------------------------------------------------------------
// (b) the bundled sample exports
// ---------------------------------------------------------------------------

#[test]
fn bundled_sample_exports_audit_to_the_same_results() {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample-exports");
    let dir = tempfile::tempdir().unwrap();
    let on = dir.path().join("native");
    audit(&samples.join("native.xlsx"), None, &on);
    for shape in SHAPES {
        let os = dir.path().join(shape);
        audit(&samples.join(format!("{shape}.xlsx")), Some(shape), &os);
        assert_same_results(&on, &os, &format!("sample-exports/{shape}.xlsx"));
    }
}

#[test]
fn every_bundled_profile_loads() {
    for (name, _) in BUNDLED {
        let p = load_profile(name).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(p.id, *name);
    }
    let ll = load_profile("liquidlogic").unwrap();
    let mo = load_profile("mosaic").unwrap();
    for t in [
        TableId::Children,
        TableId::Episodes,
        TableId::Visits,
        TableId::Assessments,
        TableId::S47,
        TableId::Meetings,
        TableId::Allocations,
        TableId::Placements,
        TableId::Missing,
        TableId::Supervisions,
        TableId::Workers,
    ] {
        assert!(ll.tables.iter().any(|m| m.table == t), "liquidlogic {t:?}");
        assert!(mo.tables.iter().any(|m| m.table == t), "mosaic {t:?}");
    }
}

// ---------------------------------------------------------------------------
// (c) inspect
// ---------------------------------------------------------------------------

#[test]
fn inspect_prints_every_mapping_of_a_shaped_export() {
    let dir = tempfile::tempdir().unwrap();
    let ll = sample(dir.path(), "ll", "liquidlogic", 30);
    let o = caseaudit(&["inspect", ll.to_str().unwrap(), "--profile", "liquidlogic"]);
    let out = text(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{out}{}", text(&o.stderr));
    for want in [
        "Profile: liquidlogic",
        "Case Notes.csv → visits",
        "Case Notes.csv → meetings",
        "Involvements.csv → episodes",
        "Person Details.csv → children",
        "Worker Allocations.csv → allocations",
        "Placements.csv → placements",
        "Missing Episodes.csv → missing",
        "Supervision.csv → supervisions",
        "Workers.csv → workers",
        "← header 'Event Date'",
        "← header 'Recorded (date))'",
        "← header 'Worker’s Team'",
        "← header 'Start  Date'",
        "← header 'Note Type'",
    ] {
        assert!(out.contains(want), "missing {want:?} in:\n{out}");
    }
    assert!(!out.contains("MISSING"), "{out}");
    assert!(!out.contains("values no pattern classifies"), "{out}");

    let mo = sample(dir.path(), "mo", "mosaic", 30);
    let o = caseaudit(&["inspect", mo.to_str().unwrap(), "--profile", "mosaic"]);
    let out = text(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{out}");
    for want in [
        "CIN Visits.csv → visits",
        "CP Visits.csv → visits",
        "CLA Visits.csv → visits",
        "Other Visits.csv → visits",
        "Workflow Steps.csv → assessments",
        "Workflow Steps.csv → meetings",
        "CP Plans.csv → episodes",
        "Periods of Care.csv → episodes",
        "Placement History.csv → placements",
        "Missing and Away.csv → missing",
        "← constant 'CP'",
        "← header 'Date Child Seen'",
        "← header 'Placement'",
    ] {
        assert!(out.contains(want), "missing {want:?} in:\n{out}");
    }

    // Without the profile, the shaped sheets are not read, and the one whose name is a
    // native table's ("Health") lacks the contract's columns: inspect says so and
    // suggests the likely column.
    let o = caseaudit(&["inspect", mo.to_str().unwrap()]);
    let out = text(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("Profile: none"), "{out}");
    assert!(
        out.contains("Not read (no table or profile mapping)") && out.contains("CIN Visits.csv"),
        "{out}"
    );
    assert!(
        out.contains("date: the likely column is 'Assessment Date'"),
        "{out}"
    );
}

fn append(path: &Path, lines: &[&str]) {
    let mut s = String::from_utf8(read(path)).unwrap();
    for l in lines {
        s.push_str(l);
        s.push('\n');
    }
    std::fs::write(path, s).unwrap();
}

#[test]
fn inspect_flags_unclassified_free_text_with_its_count() {
    let dir = tempfile::tempdir().unwrap();
    let ll = sample(dir.path(), "ll", "liquidlogic", 30);
    // A plan type and a meeting type no pattern of the profile knows.
    append(
        &ll.join("Involvements.csv"),
        &[
            "C000001,Special Guardianship Order,2026-01-05,,Children in Care Team,",
            "C000002,Special Guardianship Order,2026-02-05,,Children in Care Team,",
            "C000003,Special Guardianship Order,2026-03-05,,Children in Care Team,",
        ],
    );
    append(
        &ll.join("Case Notes.csv"),
        &[
            "C000001,Strategy Meeting,2026-01-05,,,,,,,Assessment Team 1",
            "C000002,Strategy Meeting,2026-01-06,,,,,,,Assessment Team 1",
        ],
    );
    let o = caseaudit(&["inspect", ll.to_str().unwrap(), "--profile", "liquidlogic"]);
    let out = text(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(
        out.contains("episode_type: values no pattern classifies: 'Special Guardianship Order' ×3"),
        "{out}"
    );
    assert!(
        out.contains("meeting_type: values no pattern classifies: 'Strategy Meeting' ×2"),
        "{out}"
    );
    // The profile rejects episodes of an unknown type (they are reported, not
    // silently unaudited) and keeps unknown meeting types as they are.
    let out_dir = dir.path().join("out");
    audit(&ll, Some("liquidlogic"), &out_dir);
    let dq = text(&read(&out_dir.join("data_quality.csv")));
    assert_eq!(
        dq.lines()
            .filter(|l| l.contains("Special Guardianship Order")
                && l.contains("no classification pattern matches this value"))
            .count(),
        3,
        "{dq}"
    );
}

#[test]
fn inspect_reports_a_renamed_required_column_and_suggests_the_likely_one() {
    let dir = tempfile::tempdir().unwrap();
    let ll = sample(dir.path(), "ll", "liquidlogic", 20);
    let notes = ll.join("Case Notes.csv");
    let s = text(&read(&notes)).replacen("Event Date", "Date Visit or Meeting Took Place", 1);
    std::fs::write(&notes, s).unwrap();
    let o = caseaudit(&["inspect", ll.to_str().unwrap(), "--profile", "liquidlogic"]);
    let out = text(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(out.contains("MISSING (required)"), "{out}");
    for col in ["visit_date", "meeting_date"] {
        let want = format!("{col}: the likely column is 'Date Visit or Meeting Took Place'");
        assert!(out.contains(&want), "missing {want:?} in:\n{out}");
    }
    // The other sheets still map.
    assert!(out.contains("Involvements.csv → episodes"), "{out}");

    // An audit stops (exit 2), naming the sheet and the missing column.
    let o = caseaudit(&[
        "audit",
        ll.to_str().unwrap(),
        "--profile",
        "liquidlogic",
        "--to",
        "2026-10-31",
        "--out",
        dir.path().join("out").to_str().unwrap(),
    ]);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("Case Notes.csv") && err.contains("visit_date"),
        "{err}"
    );
}

// ---------------------------------------------------------------------------
// (d) header variations, synonyms, classification, splitting
// ---------------------------------------------------------------------------

fn col(t: TableId, name: &str) -> usize {
    t.def().column_index(name).unwrap()
}

/// `(column values as displayed)` of every row of a table, sorted.
fn rows(l: &Loaded, t: TableId, cols: &[&str]) -> Vec<Vec<String>> {
    let data = l.dataset.table(t);
    let mut out: Vec<Vec<String>> = (0..data.len() as u32)
        .map(|r| {
            cols.iter()
                .map(|c| l.dataset.display(data.get(r, col(t, c))))
                .collect()
        })
        .collect();
    out.sort();
    out
}

fn write_row(ws: &mut rust_xlsxwriter::Worksheet, r: u32, cells: &[&str], date: &Format) {
    for (c, v) in cells.iter().enumerate() {
        if let Ok(d) = NaiveDate::parse_from_str(v, "%Y-%m-%d") {
            let x =
                ExcelDateTime::from_ymd(d.year() as u16, d.month() as u8, d.day() as u8).unwrap();
            ws.write_date_with_format(r, c as u16, &x, date).unwrap();
        } else if !v.is_empty() {
            ws.write_string(r, c as u16, *v).unwrap();
        }
    }
}

#[test]
fn header_variations_synonyms_and_case_note_types_map() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lcs.xlsx");
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("dd/mm/yyyy");

    // Odd case, doubled and non-breaking spaces, curly quotes (both kinds), a doubled
    // closing bracket, a question mark with a space before it.
    let ws = wb.add_worksheet().set_name("INVOLVEMENTS").unwrap();
    write_row(
        ws,
        0,
        &[
            " person\u{a0}Id ",
            "PLAN  TYPE",
            "Start\u{a0}\u{a0}Date",
            "end date",
            "Worker‘s Team",
            "allocated WORKER",
        ],
        &date,
    );
    let plans = [
        ("C1", "CP Ext", "2026-01-05"),
        ("C2", "CLA&CP", "2026-01-06"),
        ("C3", "CiN Plan", "2026-01-07"),
        ("C4", "Early Help (EHM)", "2026-01-08"),
        ("C5", "Former Relevant (Care Leaver)", "2026-01-09"),
        ("C6", "LAC - Care Order", "2026-01-12"),
        ("C7", "Youth Justice", "2026-01-13"),
    ];
    for (i, (id, plan, start)) in plans.iter().enumerate() {
        write_row(
            ws,
            i as u32 + 1,
            &[id, plan, start, "", "Team A", "Ann Worker"],
            &date,
        );
    }

    let ws = wb.add_worksheet().set_name("Case  Notes").unwrap();
    write_row(
        ws,
        0,
        &[
            "PERSON ID",
            "note type",
            "Event  Date",
            "Recorded (Date))",
            "Child Seen Alone ?",
            "visit setting",
            "Report Shared",
            "Minutes Distributed Date",
            "Worker",
            "WORKER’S  TEAM",
        ],
        &date,
    );
    let notes: [[&str; 10]; 10] = [
        [
            "C1",
            "CP Visit - Home",
            "2026-02-02",
            "2026-02-03",
            "Yes",
            "Home",
            "",
            "",
            "Ann Worker",
            "Team A",
        ],
        [
            "C1",
            "Phone call",
            "2026-02-03",
            "2026-02-03",
            "",
            "",
            "",
            "",
            "Ann Worker",
            "Team A",
        ],
        [
            "C1",
            "Home Visit - No Access",
            "2026-02-04",
            "2026-02-04",
            "",
            "",
            "",
            "",
            "Ann Worker",
            "Team A",
        ],
        [
            "C2",
            "Statutory Visit - Child Seen",
            "2026-02-05",
            "2026-02-05",
            "N",
            "Children's Home",
            "",
            "",
            "Bo Worker",
            "Team B",
        ],
        [
            "C7",
            "YOS Appointment",
            "2026-02-06",
            "",
            "Y",
            "",
            "",
            "",
            "Bo Worker",
            "Team B",
        ],
        [
            "C1",
            "Core Group Meeting",
            "2026-02-09",
            "",
            "",
            "",
            "",
            "2026-02-10",
            "Ann Worker",
            "Team A",
        ],
        [
            "C1",
            "Initial Child Protection Conference",
            "2026-01-05",
            "",
            "",
            "",
            "2026-01-01",
            "2026-01-20",
            "Ann Worker",
            "Team A",
        ],
        [
            "C3",
            "CiN Review",
            "2026-02-10",
            "",
            "",
            "",
            "",
            "",
            "Ann Worker",
            "Team A",
        ],
        [
            "C2",
            "LAC Statutory Review",
            "2026-02-11",
            "",
            "",
            "",
            "2026-02-06",
            "",
            "Bo Worker",
            "Team B",
        ],
        [
            "C1",
            "Management Oversight",
            "2026-02-12",
            "",
            "",
            "",
            "",
            "",
            "Ann Worker",
            "Team A",
        ],
    ];
    for (i, n) in notes.iter().enumerate() {
        write_row(ws, i as u32 + 1, n, &date);
    }
    wb.save(&path).unwrap();

    let profile = load_profile("liquidlogic").unwrap();
    let l = load_with(&path, Some(&profile), Mode::Strict).unwrap();
    assert!(l.issues.is_empty(), "{:?}", l.issues);

    // Every column of the episodes and visits mappings found its header.
    let ep = l.sources.iter().find(|s| s.table == "episodes").unwrap();
    assert_eq!(ep.notes.mapped["team"], "header 'Worker‘s Team'");
    assert_eq!(
        ep.notes.mapped["start_date"],
        "header 'Start\u{a0}\u{a0}Date'"
    );
    assert_eq!(ep.notes.mapped["child_id"], "header 'person\u{a0}Id'");
    let vi = l.sources.iter().find(|s| s.table == "visits").unwrap();
    for c in TableId::Visits.def().columns {
        assert!(vi.notes.mapped.contains_key(c.name), "visits.{}", c.name);
    }
    let me = l.sources.iter().find(|s| s.table == "meetings").unwrap();
    assert_eq!(
        me.notes.mapped["minutes_shared_date"],
        "header 'Minutes Distributed Date'"
    );
    assert_eq!(me.notes.mapped["team"], "header 'WORKER’S  TEAM'");

    // Plan-type synonyms → episode codes (CLA&CP is looked after; a care leaver is not).
    assert_eq!(
        rows(&l, TableId::Episodes, &["child_id", "episode_type"]),
        [
            ["C1", "CP"],
            ["C2", "CLA"],
            ["C3", "CIN"],
            ["C4", "EH"],
            ["C5", "CL"],
            ["C6", "CLA"],
            ["C7", "YOS"]
        ]
    );
    // Case notes split: visits are the visits and appointments where the child was
    // seen (not the phone call, the "No Access" visit or the management oversight).
    assert_eq!(
        rows(
            &l,
            TableId::Visits,
            &[
                "child_id",
                "visit_date",
                "recorded_date",
                "seen_alone",
                "setting",
                "team"
            ]
        ),
        [
            ["C1", "2026-02-02", "2026-02-03", "Y", "Home", "Team A"],
            [
                "C2",
                "2026-02-05",
                "2026-02-05",
                "N",
                "Children's Home",
                "Team B"
            ],
            ["C7", "2026-02-06", "", "Y", "", "Team B"],
        ]
    );
    // ... and meetings, classified into the contract's meeting types.
    assert_eq!(
        rows(
            &l,
            TableId::Meetings,
            &[
                "child_id",
                "meeting_type",
                "meeting_date",
                "report_shared_date",
                "minutes_shared_date"
            ]
        ),
        [
            ["C1", "CORE_GROUP", "2026-02-09", "", "2026-02-10"],
            ["C1", "ICPC", "2026-01-05", "2026-01-01", "2026-01-20"],
            ["C2", "CLA_REVIEW", "2026-02-11", "2026-02-06", ""],
            ["C3", "CIN_REVIEW", "2026-02-10", "", ""],
        ]
    );
    let read = |t: &str| {
        l.sources
            .iter()
            .find(|s| s.table == t)
            .map(|s| s.counts.read)
            .unwrap()
    };
    // Rows a table's row tests leave out are not rows of it at all.
    assert_eq!((read("visits"), read("meetings")), (3, 4));
}

#[test]
fn joined_sheets_split_steps_and_a_date_format_hint_read_a_mosaic_like_export() {
    let dir = tempfile::tempdir().unwrap();
    let w = |name: &str, body: &str| std::fs::write(dir.path().join(name), body).unwrap();
    // Visits on two sheets with differently headed columns, joined into one table.
    w(
        "CIN Visits.csv",
        "Person ID,Visit Date,Date Recorded,Seen Alone,Visit Type,Location,Worker Name,Team Name\n\
         P1,09.03.26,10.03.26,Yes,Statutory Visit,Home,Ann,Team A\n\
         P1,06/04/2026,2026-04-07,No,Home Visit,,Ann,Team A\n",
    );
    w(
        "CP Visits.csv",
        "Person ID,Date Child Seen,Date Recorded,Seen Alone,Visit Type,Location,Worker Name,Team Name\n\
         P2,31.12.25,02.01.26,Yes,CP Visit,,Bo,Team B\n",
    );
    // Workflow steps split into assessments and meetings.
    w(
        "Workflow Steps.csv",
        "Person ID,Step Type,Step Start Date,Step Completed Date,Report Shared Date,Minutes Shared Date,Responsible Worker,Responsible Team\n\
         P1,Child and Family Assessment,02.03.26,20.04.26,,,Ann,Team A\n\
         P2,Initial Child Protection Conference,05.01.26,,02.01.26,19.01.26,Bo,Team B\n\
         P2,Core Group,15.01.26,,,,Bo,Team B\n\
         P3,Early Help Assessment – My Family Plan,01.02.26,,,,Cy,Team C\n\
         P3,My Family Plan Review,15.03.26,,,,Cy,Team C\n\
         P3,Case Closure,30.03.26,,,,Cy,Team C\n",
    );
    w(
        "CP Plans.csv",
        "Person ID,Plan Start,Plan End,Team,Key Worker\nP2,05.01.26,,Team B,Bo\n",
    );
    w(
        "Service Episodes.csv",
        "Person ID,Service,Start Date,End Date,Team Name,Worker Name\nP1,Child in Need,01.03.26,,Team A,Ann\n",
    );

    let text = BUNDLED.iter().find(|(n, _)| *n == "mosaic").unwrap().1;
    let profile = load_profile_str("mosaic.toml", text).unwrap();
    let l = load_with(dir.path(), Some(&profile), Mode::Strict).unwrap();
    assert!(l.issues.is_empty(), "{:?}", l.issues);
    assert_eq!(
        rows(
            &l,
            TableId::Visits,
            &["child_id", "visit_date", "recorded_date", "seen_alone"]
        ),
        [
            ["P1", "2026-03-09", "2026-03-10", "Y"],
            ["P1", "2026-04-06", "2026-04-07", "N"],
            ["P2", "2025-12-31", "2026-01-02", "Y"],
        ]
    );
    assert_eq!(
        rows(
            &l,
            TableId::Assessments,
            &[
                "child_id",
                "assessment_type",
                "start_date",
                "completed_date"
            ]
        ),
        [
            ["P1", "CFA", "2026-03-02", "2026-04-20"],
            ["P3", "MFP", "2026-02-01", ""],
        ]
    );
    assert_eq!(
        rows(
            &l,
            TableId::Meetings,
            &[
                "child_id",
                "meeting_type",
                "meeting_date",
                "minutes_shared_date"
            ]
        ),
        [
            ["P2", "CORE_GROUP", "2026-01-15", ""],
            ["P2", "ICPC", "2026-01-05", "2026-01-19"],
            ["P3", "MFP_REVIEW", "2026-03-15", ""],
        ]
    );
    assert_eq!(
        rows(
            &l,
            TableId::Episodes,
            &["child_id", "episode_type", "start_date"]
        ),
        [["P1", "CIN", "2026-03-01"], ["P2", "CP", "2026-01-05"]]
    );

    // Without the hint, two-digit years are never guessed: each such date is reported.
    let unhinted = text.replace("date_formats = [\"%d.%m.%y\"]", "");
    assert_ne!(unhinted, text);
    let profile = load_profile_str("mosaic-unhinted.toml", &unhinted).unwrap();
    let l = load_with(dir.path(), Some(&profile), Mode::Strict).unwrap();
    let bad: Vec<&str> = l.issues.iter().map(|i| i.value.as_str()).collect();
    assert!(
        bad.contains(&"09.03.26") && bad.contains(&"31.12.25"),
        "{bad:?}"
    );
    assert_eq!(
        l.dataset.table(TableId::Visits).len(),
        1,
        "only the 06/04/2026 visit"
    );
}

// ---------------------------------------------------------------------------
// (e) a broken profile is rejected, naming the file and the table mapping
// ---------------------------------------------------------------------------

#[test]
fn a_broken_profile_names_the_file_the_table_mapping_and_the_fix() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("my-lcs.toml");
    std::fs::write(
        &path,
        r#"
[profile]
id = "my-lcs"
title = "A profile with mistakes"

[[table]]
table = "visitz"
sheet = '(?i)^case notes$'

[[table]]
table = "visits"
sheet = '(?i)^case notes$'
rows = [{ header = '(?i)^note type$', matches = '(?i)visit(' }]
[table.columns]
child_id = '(?i)^person\s*id$'
visit_date = '(?i)^(event date$'

[[table]]
table = "meetings"
sheet = '(?i)^case notes$'
[table.columns]
child_id = '(?i)^person\s*id$'
meeting_dat = '(?i)^event date$'
"#,
    )
    .unwrap();
    let p = path.to_str().unwrap();
    let errs = load_profile(p).unwrap_err().0;
    assert_eq!(errs.len(), 4, "{errs:#?}");
    assert!(errs.iter().all(|e| e.starts_with(p)), "{errs:#?}");
    let has = |parts: &[&str]| errs.iter().any(|e| parts.iter().all(|x| e.contains(x)));
    assert!(
        has(&[
            "[[table]] #1 (visitz)",
            "unknown table 'visitz'",
            "tables are: children"
        ]),
        "{errs:#?}"
    );
    assert!(
        has(&[
            "[[table]] #2 (visits) column visit_date",
            "bad regular expression"
        ]),
        "{errs:#?}"
    );
    assert!(
        has(&["[[table]] #2 (visits) rows", "bad regular expression"]),
        "{errs:#?}"
    );
    assert!(
        has(&[
            "[[table]] #3 (meetings)",
            "table 'meetings' has no column 'meeting_dat'",
            "meeting_date"
        ]),
        "{errs:#?}"
    );

    // The command line stops with exit code 2 and the same messages.
    let ll = sample(dir.path(), "ll", "liquidlogic", 5);
    for cmd in [
        vec!["inspect", ll.to_str().unwrap(), "--profile", p],
        vec![
            "audit",
            ll.to_str().unwrap(),
            "--profile",
            p,
            "--out",
            dir.path().join("out").to_str().unwrap(),
        ],
    ] {
        let o = caseaudit(&cmd);
        let err = text(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{cmd:?}: {err}");
        assert!(
            err.contains("my-lcs.toml") && err.contains("[[table]] #1 (visitz)"),
            "{cmd:?}: {err}"
        );
    }

    // Unknown keys are errors too (a misspelt `columns` would silently map nothing).
    let typo = "[profile]\nid = \"x\"\ntitle = \"x\"\n[[table]]\ntable = \"visits\"\nsheet = \"v\"\ncolums = {}\n";
    let errs = load_profile_str("typo.toml", typo).unwrap_err().0;
    assert!(
        errs[0].starts_with("typo.toml") && errs[0].contains("colums"),
        "{errs:#?}"
    );
}

#[test]
fn an_example_sheet_the_profile_does_not_read_is_rejected() {
    let text = r#"
[profile]
id = "x"
title = "x"

[[example]]
sheet = "Case Notes"
headers = ["Person ID", "Note Type", "Event Date", "Date"]
[[example]]
sheet = "Visits Log"
headers = ["Person ID"]

[[table]]
table = "visits"
sheet = '(?i)^case notes$'
rows = [{ header = '(?i)^type$', matches = 'visit' }]
[table.columns]
child_id = '(?i)^person\s*id$'
visit_date = '(?i)date$'
visit_type = '(?i)^note type$'
"#;
    let errs = load_profile_str("ex.toml", text).unwrap_err().0;
    assert_eq!(errs.len(), 3, "{errs:#?}");
    let has = |parts: &[&str]| errs.iter().any(|e| parts.iter().all(|x| e.contains(x)));
    assert!(
        has(&[
            "ex.toml: [[example]] #1 (Case Notes)",
            "column visit_date header /(?i)date$/ matches 2 headers (Event Date, Date)"
        ]),
        "{errs:#?}"
    );
    assert!(
        has(&[
            "[[example]] #1 (Case Notes)",
            "rows test header /(?i)^type$/ matches none"
        ]),
        "{errs:#?}"
    );
    assert!(
        has(&[
            "[[example]] #2 (Visits Log)",
            "no [[table]] sheet pattern matches this sheet name"
        ]),
        "{errs:#?}"
    );
    // The bundled shaped profiles describe the layouts `caseaudit-sample` writes.
    for name in SHAPES {
        assert!(!load_profile(name).unwrap().examples.is_empty(), "{name}");
    }
}
