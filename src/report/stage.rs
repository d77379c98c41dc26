//! Writing outputs whole or not at all: every format writes into a staging folder beside
//! the destination, and only when all have succeeded are the files moved into place.

use std::path::Path;
use std::time::Instant;

use anyhow::Context;

use super::{Format, Report};

/// Writes `report` in every format into `out`; returns the files written. The JSON
/// summary is written last, so that it carries the time the other formats took.
pub fn write_all(
    report: &mut Report,
    formats: &[&dyn Format],
    out: &Path,
) -> anyhow::Result<Vec<String>> {
    let started = Instant::now();
    std::fs::create_dir_all(out).with_context(|| format!("cannot create {}", out.display()))?;
    let stage = tempfile::Builder::new()
        .prefix(".caseaudit-staging-")
        .tempdir_in(out)
        .with_context(|| format!("cannot write in {}", out.display()))?;
    let mut ordered: Vec<&dyn Format> = formats.to_vec();
    ordered.sort_by_key(|f| f.name() == "json");
    let mut files = Vec::new();
    for f in ordered {
        report.timings.write_ms = started.elapsed().as_millis() as u64;
        let written = f
            .write(report, stage.path())
            .with_context(|| format!("writing the {} output", f.name()))?;
        files.extend(written);
    }
    for name in &files {
        std::fs::rename(stage.path().join(name), out.join(name))
            .with_context(|| format!("cannot move {name} into {}", out.display()))?;
    }
    report.timings.write_ms = started.elapsed().as_millis() as u64;
    Ok(files)
}
