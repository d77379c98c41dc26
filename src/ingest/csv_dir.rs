//! Reading a folder of CSV files, one per table (`<table>.csv`). Row numbers are the
//! line numbers a spreadsheet program would show (the header is row 1). Files that are
//! not valid UTF-8 are read as Windows-1252, as UK case systems often export them.

use std::borrow::Cow;
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
///
/// The file is read whole first: the csv crate skips blank lines without counting them
/// into the next record's position, so the true line number is found by looking at the
/// bytes the record starts from.
pub fn stream(path: &Path, sink: &mut dyn RowSink) -> Result<(), IngestError> {
    let err = |reason: String| IngestError::Sheet {
        file: path.display().to_string(),
        sheet: String::new(),
        reason,
    };
    let bytes = std::fs::read(path).map_err(|e| err(e.to_string()))?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(&bytes[..]);
    let mut record = csv::ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => return Ok(()),
            Ok(true) => {}
            Err(e) => return Err(err(e.to_string())),
        }
        let line = record.position().map_or(0, |p| {
            let skipped = bytes[p.byte() as usize..]
                .iter()
                .take_while(|&&b| b == b'\n' || b == b'\r')
                .filter(|&&b| b == b'\n')
                .count();
            p.line() + skipped as u64
        }) as u32;
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
