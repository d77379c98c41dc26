//! Annex A as authorities name its sheets: `List 4 - Assessments`, `List_4` or
//! `Assessments` instead of `List 4`. The lists are recognised by their headers (the
//! sheet name only a hint), so each layout gives the same audit as the `List N` layout.
//!
//! The workbooks are copies of one workbook with only the sheet names changed (cells
//! copied with calamine and written with rust_xlsxwriter: dates as dates, numbers as
//! numbers, `#N/A` as an error value). The source is the real sample
//! `shared/real-samples/Annex_A_2024_Jan.xlsx` (skipped when absent), and a small
//! synthetic workbook that is always there.

use std::path::{Path, PathBuf};
use std::process::Command;

use calamine::{Data, Reader, open_workbook_auto};
use rust_xlsxwriter::{ExcelDateTime, Format, Formula, Workbook};

const TITLES: [&str; 11] = [
    "Contacts",
    "Early Help",
    "Referrals",
    "Assessments",
    "Section 47",
    "Children in Need",
    "Child Protection",
    "Children Looked After",
    "Care Leavers",
    "Adoption",
    "Adopters",
];

/// Copies every sheet of `from` into `to`, named by `name(list number, old name)`.
fn copy(from: &Path, to: &Path, name: impl Fn(usize, &str) -> String) {
    let mut book = open_workbook_auto(from).unwrap();
    let mut out = Workbook::new();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    for sheet in book.sheet_names() {
        let n: usize = sheet
            .trim_start_matches("List ")
            .parse()
            .expect("the source names its sheets List N");
        let range = book.worksheet_range(&sheet).unwrap();
        let ws = out.add_worksheet();
        ws.set_name(name(n, &sheet)).unwrap();
        let (top, left) = range.start().unwrap_or((0, 0));
        for (r, row) in range.rows().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (top + r as u32, (left as usize + c) as u16);
                match cell {
                    Data::Empty => {}
                    Data::String(s) => {
                        ws.write_string(r, c, s).unwrap();
                    }
                    Data::Float(x) => {
                        ws.write_number(r, c, *x).unwrap();
                    }
                    Data::Int(i) => {
                        ws.write_number(r, c, *i as f64).unwrap();
                    }
                    Data::Bool(b) => {
                        ws.write_boolean(r, c, *b).unwrap();
                    }
                    Data::DateTime(d) => {
                        let dt = ExcelDateTime::from_serial_datetime(d.as_f64()).unwrap();
                        ws.write_datetime_with_format(r, c, &dt, &date).unwrap();
                    }
                    Data::DateTimeIso(s) | Data::DurationIso(s) => {
                        ws.write_string(r, c, s).unwrap();
                    }
                    Data::Error(e) => {
                        ws.write_formula(r, c, Formula::new("=NA()").set_result(e.to_string()))
                            .unwrap();
                    }
                }
            }
        }
    }
    out.save(to).unwrap();
}

fn audit(input: &Path, out: &Path, to: &str) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_caseaudit"))
        .args([
            "audit",
            input.to_str().unwrap(),
            "--profile",
            "annex-a",
            "--rules",
            "annex-a",
            "--to",
            to,
            "--format",
            "csv,json",
            "--quiet",
            "--out",
            out.to_str().unwrap(),
        ])
        .output()
        .unwrap()
}

fn read(p: &Path) -> String {
    std::fs::read_to_string(p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// A layout: its name and how it names the sheet of list N (given the old name).
type Layout = (&'static str, Box<dyn Fn(usize, &str) -> String>);

/// Every layout audits like the `List N` copy; returns that copy's exceptions.
fn same_audit_in_every_layout(source: &Path, to: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    let layouts: Vec<Layout> = vec![
        ("list_n", Box::new(|_, old: &str| old.to_string())),
        (
            "list_n_title",
            Box::new(|n, _: &str| format!("List {n} - {}", TITLES[n - 1])),
        ),
        (
            "list_underscore",
            Box::new(|n, _: &str| format!("List_{n}")),
        ),
        ("titles", Box::new(|n, _: &str| TITLES[n - 1].to_string())),
    ];
    let mut first: Option<(PathBuf, usize)> = None;
    for (name, rename) in &layouts {
        let book = dir.path().join(format!("{name}.xlsx"));
        copy(source, &book, rename);
        let out = dir.path().join(name);
        let o = audit(&book, &out, to);
        assert!(
            matches!(o.status.code(), Some(0 | 1)),
            "{name}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        let findings = read(&out.join("data_quality.csv")).lines().count();
        match &first {
            None => first = Some((out, findings)),
            Some((base, base_findings)) => {
                for f in ["exceptions.csv", "pending.csv", "kpis.csv"] {
                    assert_eq!(
                        read(&base.join(f)),
                        read(&out.join(f)),
                        "{name}: {f} differs from the List N layout"
                    );
                }
                assert_eq!(*base_findings, findings, "{name}: data-quality findings");
                let summary = read(&out.join("summary.json"));
                assert!(!summary.contains("no sheet or file"), "{name}: {summary}");
            }
        }
    }
    read(&first.unwrap().0.join("exceptions.csv"))
}

#[test]
fn the_real_sample_audits_the_same_whatever_its_sheet_names() {
    let real =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/real-samples/Annex_A_2024_Jan.xlsx");
    if !real.is_file() {
        eprintln!("note: {} is absent; skipping", real.display());
        return;
    }
    let exceptions = same_audit_in_every_layout(&real, "2021-03-31");
    // The copy audits like the real file itself.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("real");
    audit(&real, &out, "2021-03-31");
    assert_eq!(read(&out.join("exceptions.csv")), exceptions);
    assert!(exceptions.lines().count() > 1, "the sample has exceptions");
}

/// A small Annex A: List 4 (two assessments) and List 6 (two children in need), with the
/// published headers or (`camel`) the CamelCase ones of the Standard Safeguarding
/// Dataset's Annex A extract.
fn synthetic(path: &Path, camel: bool) {
    let mut book = Workbook::new();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let d = |y, m, dd| ExcelDateTime::from_ymd(y, m, dd).unwrap();
    let ws = book.add_worksheet();
    ws.set_name("List 4").unwrap();
    let published = [
        "Child Unique ID",
        "Gender",
        "Date of Birth",
        "Continuous Assessment Start Date",
        "Continuous Assessment Date of Authorisation",
        "Allocated Team",
        "Allocated Worker",
    ];
    let ssd = [
        "ChildUniqueID",
        "Gender",
        "DateOfBirth",
        "ContinuousAssessmentStart",
        "ContinuousAssessmentAuthDate",
        "AllocatedTeam",
        "AllocatedWorker",
    ];
    for (c, h) in if camel { ssd } else { published }.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let rows = [
        ("A1", d(2025, 9, 1), Some(d(2025, 10, 20))),
        ("A2", d(2025, 9, 8), None),
    ];
    for (i, (id, start, done)) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, *id).unwrap();
        ws.write_string(r, 1, "a) Male").unwrap();
        ws.write_datetime_with_format(r, 2, d(2015, 1, 1), &date)
            .unwrap();
        ws.write_datetime_with_format(r, 3, start, &date).unwrap();
        if let Some(x) = done {
            ws.write_datetime_with_format(r, 4, x, &date).unwrap();
        }
        ws.write_string(r, 5, "Team A").unwrap();
        ws.write_string(r, 6, "W1").unwrap();
    }
    let ws = book.add_worksheet();
    ws.set_name("List 6").unwrap();
    let published = [
        "Child Unique ID",
        "Gender",
        "Date of Birth",
        "CIN Start Date",
        "Date Child Was Last Seen",
        "CIN Closure Date",
        "Allocated Team",
        "Allocated Worker",
    ];
    let ssd = [
        "ChildUniqueID",
        "Gender",
        "DateOfBirth",
        "CINStartDate",
        "DateChildLastSeen",
        "CINClosureDate",
        "AllocatedTeam",
        "AllocatedWorker",
    ];
    for (c, h) in if camel { ssd } else { published }.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let rows = [
        ("A1", d(2025, 9, 1), d(2025, 11, 3)),
        ("A3", d(2025, 6, 2), d(2025, 12, 1)),
    ];
    for (i, (id, start, seen)) in rows.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, *id).unwrap();
        ws.write_string(r, 1, "b) Female").unwrap();
        ws.write_datetime_with_format(r, 2, d(2014, 2, 2), &date)
            .unwrap();
        ws.write_datetime_with_format(r, 3, start, &date).unwrap();
        ws.write_datetime_with_format(r, 4, seen, &date).unwrap();
        ws.write_string(r, 6, "Team B").unwrap();
        ws.write_string(r, 7, "W2").unwrap();
    }
    book.save(path).unwrap();
}

#[test]
fn a_synthetic_annex_a_audits_the_same_whatever_its_sheet_names() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("synthetic.xlsx");
    synthetic(&source, false);
    let exceptions = same_audit_in_every_layout(&source, "2026-03-31");
    // A2's assessment (8 Sep 2025 + 45 WD = 10 Nov 2025) was never authorised.
    assert!(
        exceptions.contains("AA-ASMT-45,A2,"),
        "the List 4 sheet was read in every layout: {exceptions}"
    );
}

#[test]
fn inspect_says_which_list_a_sheet_is_and_what_an_unknown_sheet_resembles() {
    let dir = tempfile::tempdir().unwrap();
    let source = dir.path().join("synthetic.xlsx");
    synthetic(&source, false);
    let renamed = dir.path().join("renamed.xlsx");
    copy(&source, &renamed, |n, _| {
        if n == 4 {
            "List 4 - Assessments".into()
        } else {
            "Open cases".into()
        }
    });
    // List 6 under another name is still List 6, by its headers.
    let o = Command::new(env!("CARGO_BIN_EXE_caseaudit"))
        .args(["inspect", renamed.to_str().unwrap(), "--profile", "annex-a"])
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(
        text.contains("sheet 'List 4 - Assessments': Annex A List 4 (Assessments): profile 'annex-a': children, assessments — its headers include"),
        "{text}"
    );
    assert!(
        text.contains("sheet 'Open cases': Annex A List 6 (Children in Need)"),
        "{text}"
    );

    // Without its CIN closure column it is no list any more: the message says which list
    // it most resembles and what it lacks.
    let mut book = Workbook::new();
    let ws = book.add_worksheet();
    ws.set_name("Open cases").unwrap();
    for (c, h) in [
        "Child Unique ID",
        "CIN Start Date",
        "Date Child Was Last Seen",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let odd = dir.path().join("odd.xlsx");
    book.save(&odd).unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_caseaudit"))
        .args([
            "audit",
            odd.to_str().unwrap(),
            "--profile",
            "annex-a",
            "--rules",
            "annex-a",
            "--out",
            dir.path().join("out").to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("sheet 'Open cases' (no Annex A list: it most resembles List 6 (Children in Need), but lacks the header(s) 'CIN Closure Date')"),
        "{err}"
    );
}

#[test]
fn the_ssd_annex_a_extract_camel_case_headers_audit_like_the_published_ones() {
    let dir = tempfile::tempdir().unwrap();
    let (published, camel) = (dir.path().join("p.xlsx"), dir.path().join("c.xlsx"));
    synthetic(&published, false);
    synthetic(&camel, true);
    let (po, co) = (dir.path().join("p"), dir.path().join("c"));
    for (book, out) in [(&published, &po), (&camel, &co)] {
        let o = audit(book, out, "2026-03-31");
        assert!(
            matches!(o.status.code(), Some(0 | 1)),
            "{}",
            String::from_utf8_lossy(&o.stderr)
        );
    }
    for f in [
        "exceptions.csv",
        "pending.csv",
        "kpis.csv",
        "data_quality.csv",
    ] {
        assert_eq!(read(&po.join(f)), read(&co.join(f)), "{f}");
    }
    assert!(read(&co.join("exceptions.csv")).contains("AA-ASMT-45,A2,"));
}
