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

/// How a CSV file was read, when it was not plain comma-separated UTF-8 or
/// Windows-1252: for a warning in `data_quality.csv`.
#[derive(Debug, Default, Clone)]
pub struct CsvNotes {
    pub remarks: Vec<String>,
}

/// A CSV file's bytes as UTF-8 (or Windows-1252) text: UTF-16 (with a byte-order mark, or
/// recognised by its zero bytes) is converted. The remark says so.
pub fn decoded(bytes: Vec<u8>) -> (Vec<u8>, Option<String>) {
    let utf16 = |enc: &'static encoding_rs::Encoding, b: &[u8]| {
        enc.decode_with_bom_removal(b).0.into_owned().into_bytes()
    };
    if bytes.starts_with(&[0xFF, 0xFE]) {
        return (
            utf16(encoding_rs::UTF_16LE, &bytes),
            Some("read as UTF-16 (little-endian) text".into()),
        );
    }
    if bytes.starts_with(&[0xFE, 0xFF]) {
        return (
            utf16(encoding_rs::UTF_16BE, &bytes),
            Some("read as UTF-16 (big-endian) text".into()),
        );
    }
    // UTF-16 without a byte-order mark: every other byte of ASCII text is zero.
    let head = &bytes[..bytes.len().min(512)];
    if head.len() >= 4 {
        let odd = head.iter().skip(1).step_by(2).filter(|b| **b == 0).count();
        let even = head.iter().step_by(2).filter(|b| **b == 0).count();
        let half = head.len() / 2;
        if odd * 10 >= half * 9 && even == 0 {
            return (
                utf16(encoding_rs::UTF_16LE, &bytes),
                Some("read as UTF-16 (little-endian) text, recognised by its zero bytes".into()),
            );
        }
        if even * 10 >= half * 9 && odd == 0 {
            return (
                utf16(encoding_rs::UTF_16BE, &bytes),
                Some("read as UTF-16 (big-endian) text, recognised by its zero bytes".into()),
            );
        }
    }
    (bytes, None)
}

/// The field separator of a CSV file, from its first non-blank line: a comma, unless that
/// line has none and holds semicolons or tabs (as spreadsheet programs write in some
/// countries, or as "tab-separated" exports are).
pub fn delimiter(bytes: &[u8]) -> u8 {
    let line = bytes
        .split(|b| *b == b'\n')
        .find(|l| l.iter().any(|b| !b.is_ascii_whitespace()))
        .unwrap_or(&[]);
    let count = |c: u8| line.iter().filter(|b| **b == c).count();
    let (commas, semis, tabs) = (count(b','), count(b';'), count(b'\t'));
    if commas > 0 || (semis == 0 && tabs == 0) {
        b','
    } else if tabs >= semis {
        b'\t'
    } else {
        b';'
    }
}

/// The name of a separator, for messages.
fn separator_name(d: u8) -> &'static str {
    match d {
        b';' => "semicolons (;)",
        b'\t' => "tabs",
        _ => "commas",
    }
}

/// Streams a CSV file's records into `sink`.
///
/// The file is read whole first: the csv crate skips blank lines without counting them
/// into the next record's position, so the true line number is found by looking at the
/// bytes the record starts from. A record with another number of fields than the header
/// (an unquoted comma in a name shifts every later value) goes to
/// [`RowSink::bad_row`]: a finding, never shifted values.
pub fn stream(path: &Path, sink: &mut dyn RowSink) -> Result<CsvNotes, IngestError> {
    let err = |reason: String| IngestError::Sheet {
        file: path.display().to_string(),
        sheet: String::new(),
        reason,
    };
    let raw = std::fs::read(path).map_err(|e| err(e.to_string()))?;
    let (bytes, encoding) = decoded(raw);
    let mut notes = CsvNotes::default();
    notes.remarks.extend(encoding);
    let delim = delimiter(&bytes);
    if delim != b',' {
        notes.remarks.push(format!(
            "its fields are separated by {}, not commas: read so",
            separator_name(delim)
        ));
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delim)
        .from_reader(&bytes[..]);
    let mut record = csv::ByteRecord::new();
    let mut width: Option<usize> = None;
    let max_cells = crate::limits::get().max_cells;
    let mut cells_seen: u64 = 0;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(false) => return Ok(notes),
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
        });
        let line = u32::try_from(line)
            .map_err(|_| err("more than 4,294,967,295 lines: split the file".into()))?;
        cells_seen += record.len() as u64;
        if cells_seen > max_cells {
            return Err(err(format!(
                "the file holds more than {max_cells} cells: split it, or raise --max-cells"
            )));
        }
        if record.len() as u64 > u64::from(crate::limits::MAX_COLUMNS) {
            return Err(err(format!(
                "line {line} has {} fields, more than {}: is this a CSV file?",
                record.len(),
                crate::limits::MAX_COLUMNS
            )));
        }
        let cells: Vec<RawCell<'_>> = record.iter().map(|f| RawCell::Text(decode(f))).collect();
        let blank = cells.iter().all(RawCell::is_empty);
        match width {
            None if !blank => width = Some(cells.len()),
            Some(w) if !blank && cells.len() != w => {
                let extra_blank = cells.len() > w && cells[w..].iter().all(RawCell::is_empty);
                if !extra_blank {
                    let reason = format!(
                        "the line has {} fields where the header has {w}: {}; its values are not used",
                        cells.len(),
                        if cells.len() > w {
                            format!(
                                "a value holding a {} that is not quoted? Quote such values (\"Smith, Jo\") in the export",
                                if delim == b',' { "comma" } else { "separator" }
                            )
                        } else {
                            "the line is cut short: check the export".to_string()
                        }
                    );
                    sink.bad_row(line, &cells, reason)?;
                    continue;
                }
            }
            _ => {}
        }
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
