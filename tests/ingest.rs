//! Ingest: workbooks and CSV folders, header matching, cell typing, data-quality
//! findings and row reconciliation.

use caseaudit::ingest::{IngestError, load};
use caseaudit::quality::Action;
use caseaudit::schema::TableId;
use chrono::NaiveDate;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

fn write_visits_workbook(path: &std::path::Path) {
    let mut wb = Workbook::new();
    let date = Format::new().set_num_format("dd/mm/yyyy");
    let ws = wb.add_worksheet().set_name(" Visits ").unwrap();
    // Headers in the wrong case, with spaces, and an extra column.
    for (c, h) in [
        "Child ID",
        "Visit Date",
        "Recorded-Date",
        "Seen Alone",
        "Notes",
    ]
    .iter()
    .enumerate()
    {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    // Row 2: a real date cell, a UK text date, a Yes flag.
    ws.write_number(1, 0, 9212044.0).unwrap();
    ws.write_datetime_with_format(1, 1, ExcelDateTime::from_ymd(2026, 3, 9).unwrap(), &date)
        .unwrap();
    ws.write_string(1, 2, "10/03/2026").unwrap();
    ws.write_string(1, 3, "Yes").unwrap();
    // Row 3: blank. Row 4: an unreadable optional date and flag.
    ws.write_string(3, 0, "C2").unwrap();
    ws.write_string(3, 1, "9 Mar 2026").unwrap();
    ws.write_string(3, 2, "31/02/2026").unwrap();
    ws.write_string(3, 3, "maybe").unwrap();
    // Row 5: an unreadable required date. Row 6: a blank child id.
    ws.write_string(4, 0, "C3").unwrap();
    ws.write_string(4, 1, "TBC").unwrap();
    ws.write_string(5, 1, "2026-03-09").unwrap();
    ws.write_string(5, 4, "note on a row without a child")
        .unwrap();
    let other = wb.add_worksheet().set_name("Cover").unwrap();
    other.write_string(0, 0, "not a table").unwrap();
    wb.save(path).unwrap();
}

#[test]
fn a_workbook_is_typed_reconciled_and_its_bad_cells_reported() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("export.xlsx");
    write_visits_workbook(&path);
    let loaded = load(&path).unwrap();
    let visits = loaded.dataset.table(TableId::Visits);
    assert_eq!(visits.len(), 2);
    let ds = &loaded.dataset;
    assert_eq!(ds.display(visits.get(0, 0)), "9212044");
    assert_eq!(visits.date(0, 1), NaiveDate::from_ymd_opt(2026, 3, 9));
    assert_eq!(visits.date(0, 2), NaiveDate::from_ymd_opt(2026, 3, 10));
    assert_eq!(visits.get(0, 3).flag(), Some(true));
    assert_eq!(visits.prov(0).row, 2);
    assert_eq!(visits.date(1, 1), NaiveDate::from_ymd_opt(2026, 3, 9));
    assert_eq!(visits.date(1, 2), None);
    assert_eq!(visits.prov(1).row, 4);

    let (_, counts) = loaded
        .counts
        .iter()
        .find(|(t, _)| *t == TableId::Visits)
        .unwrap();
    assert_eq!(
        (counts.read, counts.used, counts.rejected, counts.blank),
        (4, 2, 2, 1)
    );
    assert_eq!(counts.read, counts.used + counts.rejected);

    let found: Vec<(u32, &str, Action)> = loaded
        .issues
        .iter()
        .map(|i| (i.row, i.column.as_str(), i.action))
        .collect();
    assert_eq!(
        found,
        vec![
            (4, "recorded_date", Action::ValueIgnored),
            (4, "seen_alone", Action::ValueIgnored),
            (5, "visit_date", Action::RowRejected),
            (6, "child_id", Action::RowRejected),
        ]
    );
    assert!(
        loaded
            .issues
            .iter()
            .all(|i| i.sheet == " Visits " && i.file.ends_with("export.xlsx"))
    );
    assert!(
        loaded.issues[0].reason.contains("2026-02-30")
            || loaded.issues[0].reason.contains("no such date")
    );
    assert_eq!(loaded.ignored.len(), 1);
}

#[test]
fn a_missing_required_column_names_the_sheet_the_column_and_what_was_found() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("episodes.csv"),
        "child_id,type,start\nC1,CP,2026-01-01\n",
    )
    .unwrap();
    let err = load(dir.path()).unwrap_err();
    assert!(matches!(err, IngestError::MissingColumns { .. }));
    let msg = err.to_string();
    assert!(
        msg.contains(
            "episodes.csv: the episodes table lacks the required column(s) episode_type, start_date"
        ),
        "{msg}"
    );
    assert!(
        msg.contains("columns found: child_id, type, start"),
        "{msg}"
    );
}

#[test]
fn a_folder_without_tables_is_an_error_listing_what_it_found() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("people.csv"), "a\n1\n").unwrap();
    let msg = load(dir.path()).unwrap_err().to_string();
    assert!(
        msg.contains("no sheet or file is named after a table"),
        "{msg}"
    );
    assert!(msg.contains("people.csv"), "{msg}");
}

#[test]
fn csv_row_numbers_are_line_numbers_and_windows_1252_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let mut bytes = b"child_id,contact_date,contact_type\nC1,2026-01-05,\x93Keep in touch\x94\n\nC1,05/13/2026,x\n".to_vec();
    bytes.extend_from_slice(b"C2,2026-01-06,y\n");
    std::fs::write(dir.path().join("Contacts.CSV"), bytes).unwrap();
    let loaded = load(dir.path()).unwrap();
    let t = loaded.dataset.table(TableId::Contacts);
    assert_eq!(t.len(), 2);
    assert_eq!(loaded.dataset.display(t.get(0, 2)), "“Keep in touch”");
    assert_eq!(loaded.issues.len(), 1);
    assert_eq!(loaded.issues[0].row, 4);
    assert_eq!(loaded.issues[0].value, "05/13/2026");
    assert_eq!(t.prov(1).row, 5);
}

#[test]
fn unknown_episode_types_are_reported_not_silently_unaudited() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("episodes.csv"),
        "child_id,episode_type,start_date\nC1,CP,2026-01-05\nC2,CPP,2026-01-05\nC3,child protection,2026-01-05\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("allocations.csv"),
        "child_id,allocated_date,episode_type\nC1,2026-01-05,cin\nC2,2026-01-05,XX\n",
    )
    .unwrap();
    let loaded = load(dir.path()).unwrap();
    assert_eq!(loaded.dataset.table(TableId::Episodes).len(), 1);
    assert_eq!(loaded.dataset.table(TableId::Allocations).len(), 2);
    let found: Vec<(&str, u32, &str, Action)> = loaded
        .issues
        .iter()
        .map(|i| {
            (
                i.file.rsplit('/').next().unwrap(),
                i.row,
                i.value.as_str(),
                i.action,
            )
        })
        .collect();
    assert_eq!(
        found,
        vec![
            ("allocations.csv", 3, "XX", Action::ValueIgnored),
            ("episodes.csv", 3, "CPP", Action::RowRejected),
            ("episodes.csv", 4, "child protection", Action::RowRejected),
        ]
    );
    assert!(
        loaded.issues[0]
            .reason
            .contains("expected one of EH, CIN, CP, CLA, CL, YOS"),
        "{}",
        loaded.issues[0].reason
    );
}
