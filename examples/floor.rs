//! The floors the performance targets are measured against (issue: "Performance"):
//! `floor xlsx FILE` streams every cell of every sheet with calamine's cells reader and
//! does nothing else; `floor csv DIR` reads every record of every CSV file in a folder
//! with the csv crate. It prints the cell (or field) count so the work cannot be
//! optimised away.

use std::path::Path;

use calamine::{Reader, Xlsx, open_workbook};

fn xlsx(path: &Path) -> u64 {
    let mut book: Xlsx<_> = open_workbook(path).expect("open workbook");
    let mut cells = 0u64;
    for name in book.sheet_names() {
        let mut reader = book.worksheet_cells_reader(&name).expect("sheet");
        while let Some(cell) = reader.next_cell().expect("cell") {
            cells += u64::from(!matches!(cell.get_value(), calamine::DataRef::Empty));
        }
    }
    cells
}

fn csv_dir(dir: &Path) -> u64 {
    let mut fields = 0u64;
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .expect("folder")
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    for p in files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "csv"))
    {
        let mut r = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .from_path(p)
            .expect("open");
        let mut rec = csv::ByteRecord::new();
        while r.read_byte_record(&mut rec).expect("record") {
            fields += rec.len() as u64;
        }
    }
    fields
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (kind, path) = match args.as_slice() {
        [_, k, p] => (k.as_str(), Path::new(p)),
        _ => {
            eprintln!("usage: floor xlsx FILE | floor csv DIR");
            std::process::exit(2);
        }
    };
    let n = match kind {
        "xlsx" => xlsx(path),
        "csv" => csv_dir(path),
        _ => {
            eprintln!("usage: floor xlsx FILE | floor csv DIR");
            std::process::exit(2);
        }
    };
    println!("{n}");
}
