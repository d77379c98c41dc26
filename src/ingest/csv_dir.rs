//! Reading a folder of CSV files, one per table (`<table>.csv`). Row numbers are the
//! line numbers a spreadsheet program would show (the header is row 1). Files that are
//! not valid UTF-8 are read as Windows-1252, as UK case systems often export them.

use std::borrow::Cow;
use std::fs::File;
use std::path::{Path, PathBuf};

use super::IngestError;
use super::raw::{RawCell, RowSink};

/// The CSV files of a folder, by file stem.
pub fn list(dir: &Path) -> Result<Vec<(String, PathBuf)>, IngestError> {
    let entries = std::fs::read_dir(dir).map_err(|e| IngestError::Open {
        path: dir.display().to_string(),
        reason: e.to_string(),
    })?;
    let mut files = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        let is_csv = path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
        if is_csv
            && path.is_file()
            && let Some(stem) = path.file_stem().and_then(|s| s.to_str())
        {
            files.push((stem.to_string(), path));
        }
    }
    files.sort();
    Ok(files)
}

/// Streams a CSV file's records into `sink`.
pub fn stream(path: &Path, sink: &mut dyn RowSink) -> Result<(), IngestError> {
    let err = |reason: String| IngestError::Sheet {
        file: path.display().to_string(),
        sheet: String::new(),
        reason,
    };
    let file = File::open(path).map_err(|e| err(e.to_string()))?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .buffer_capacity(1 << 16)
        .from_reader(file);
    let mut record = csv::ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => return Ok(()),
            Ok(true) => {}
            Err(e) => return Err(err(e.to_string())),
        }
        let line = record.position().map_or(0, |p| p.line()) as u32;
        let cells: Vec<RawCell<'_>> = record.iter().map(|f| RawCell::Text(decode(f))).collect();
        sink.row(line, &cells)?;
    }
}

fn decode(bytes: &[u8]) -> Cow<'_, str> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Cow::Borrowed(s),
        Err(_) => {
            encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(bytes)
                .0
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_1252_bytes_decode() {
        assert_eq!(decode(b"\x93Home\x94 \xa3"), "“Home” £");
        assert_eq!(decode("ok".as_bytes()), "ok");
    }
}
