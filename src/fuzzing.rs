//! Entry points for the fuzz targets (`fuzz/`, run with `cargo fuzz`) and their
//! regression tests (`tests/fuzz_regressions.rs` replays every input in
//! `fuzz/regressions/<target>/`). Each takes arbitrary bytes and must return, never panic
//! nor hang: errors are the expected answer to most inputs.

use std::borrow::Cow;

use crate::ingest::{self, RawCell};
use crate::model::Interner;
use crate::schema::ColumnKind;

/// The fuzz targets, by name (a folder of `fuzz/regressions/` each).
pub const TARGETS: [&str; 6] = [
    "date_cell",
    "convert_cell",
    "csv_ingest",
    "workbook_ingest",
    "rule_pack",
    "profile",
];

/// Runs the target `name` on `data`.
pub fn run(name: &str, data: &[u8]) {
    match name {
        "date_cell" => date_cell(data),
        "convert_cell" => convert_cell(data),
        "csv_ingest" => csv_ingest(data),
        "workbook_ingest" => workbook_ingest(data),
        "rule_pack" => rule_pack(data),
        "profile" => profile(data),
        other => panic!("no fuzz target {other}"),
    }
}

/// Date, flag and timescale text, and spreadsheet serials.
pub fn date_cell(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = ingest::cell::parse_date_text(&text);
    let _ = ingest::cell::parse_flag(&text);
    let _ = crate::calendar::Duration::parse(&text);
    if data.len() >= 8 {
        let x = f64::from_le_bytes(data[..8].try_into().expect("8 bytes"));
        let _ = ingest::cell::date_from_excel_serial(x);
        let _ = ingest::cell::date_from_excel_serial_1904(x);
    }
}

/// One cell, in every raw form, typed as every kind of column.
pub fn convert_cell(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let mut strings = Interner::default();
    let options = ingest::ConvertOptions {
        date_formats: vec!["%d.%m.%y".into()],
    };
    let mut cells = vec![
        RawCell::Text(Cow::Borrowed(&text)),
        RawCell::Error(text.to_string()),
    ];
    if data.len() >= 8 {
        let b: [u8; 8] = data[..8].try_into().expect("8 bytes");
        cells.push(RawCell::Float(f64::from_le_bytes(b)));
        cells.push(RawCell::Int(i64::from_le_bytes(b)));
    }
    for cell in &cells {
        for kind in [
            ColumnKind::Id,
            ColumnKind::Date,
            ColumnKind::Flag,
            ColumnKind::Code,
            ColumnKind::Text,
        ] {
            let _ = ingest::convert_cell(cell, kind, &mut strings, &options);
        }
    }
    let _ = ingest::ids::clean_id(&text, true, false);
    let _ = crate::messages::printable(&text);
}

/// A folder holding one CSV file of these bytes, as a native table and as the 903.
pub fn csv_ingest(data: &[u8]) {
    let Ok(dir) = tempfile::tempdir() else { return };
    for name in ["visits.csv", "episodes.csv", "header.csv"] {
        let sub = dir.path().join(name.trim_end_matches(".csv"));
        if std::fs::create_dir(&sub).is_err() || std::fs::write(sub.join(name), data).is_err() {
            return;
        }
        let _ = ingest::load_inputs(std::slice::from_ref(&sub), None, ingest::Mode::Lenient);
        let _ = ingest::load_inputs(&[sub.join(name)], None, ingest::Mode::Strict);
    }
}

/// These bytes as a workbook.
pub fn workbook_ingest(data: &[u8]) {
    let Ok(dir) = tempfile::tempdir() else { return };
    for ext in ["xlsx", "xls", "ods"] {
        let path = dir.path().join(format!("export.{ext}"));
        if std::fs::write(&path, data).is_err() {
            return;
        }
        let _ = ingest::load_inputs(&[path], None, ingest::Mode::Lenient);
    }
}

/// These bytes as a rule pack.
pub fn rule_pack(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    if let Ok(pack) = crate::rules::load_pack_str("fuzz.toml", &text) {
        for rule in &pack.rules {
            let _ = crate::rules::describe_timescale(rule);
            let _ = crate::rules::explain(&pack, rule);
        }
    }
}

/// These bytes as a mapping profile.
pub fn profile(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let _ = crate::profile::load_profile_str("fuzz.toml", &text);
}
