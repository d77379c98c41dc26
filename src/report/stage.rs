//! Writing outputs whole or not at all: every format writes into a staging folder beside
//! the destination, and only when all have succeeded are the files moved into place.

use std::path::Path;

use super::{OutputFormat, Report, Timings, WriteError};

/// Writes `report` in every format into `out`; returns the files written.
pub fn write_all(
    report: &Report,
    formats: &[OutputFormat],
    timings: &Timings,
    out: &Path,
) -> Result<Vec<String>, WriteError> {
    std::fs::create_dir_all(out).map_err(WriteError::io(out))?;
    let stage = tempfile::Builder::new()
        .prefix(".caseaudit-staging-")
        .tempdir_in(out)
        .map_err(WriteError::io(out))?;
    let mut files = Vec::new();
    for f in formats {
        files.extend(f.format().write(report, timings, stage.path())?);
    }
    for name in &files {
        let to = out.join(name);
        if let Some(dir) = to.parent() {
            std::fs::create_dir_all(dir).map_err(WriteError::io(dir))?;
        }
        std::fs::rename(stage.path().join(name), &to).map_err(WriteError::io(&to))?;
    }
    super::manifest::update(out, &files)?;
    Ok(files)
}
