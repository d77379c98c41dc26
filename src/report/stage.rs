//! Writing outputs whole or not at all: every format writes into a staging folder beside
//! the destination, and only when all have succeeded are the files moved into place.

use std::path::Path;

use anyhow::Context;

use super::{Format, Report};

/// Writes `report` in every format into `out`; returns the files written.
pub fn write_all(
    report: &Report,
    formats: &[&dyn Format],
    out: &Path,
) -> anyhow::Result<Vec<String>> {
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let stage = tempfile::Builder::new()
        .prefix(".caseaudit-staging-")
        .tempdir_in(out)
        .with_context(|| format!("cannot write in {}", out.display()))?;
    let mut files = Vec::new();
    for f in formats {
        let written = f
            .write(report, stage.path())
            .with_context(|| format!("writing the {} output", f.name()))?;
        files.extend(written);
    }
    for name in &files {
        std::fs::rename(stage.path().join(name), out.join(name))
            .with_context(|| format!("cannot move {name} into {}", out.display()))?;
    }
    Ok(files)
}
