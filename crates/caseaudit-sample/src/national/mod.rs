//! England's national returns, synthetic, written by the generator: the SSDA903 return
//! (`--shape 903`: a folder of the DfE's CSV files), the Children in Need census
//! (`--shape cin`: one XML file) and the Standard Safeguarding Dataset (`--shape ssd`: a
//! CSV dump of its `ssd_*` tables, with the headers of the bundled `ssd` profile).
//!
//! They exist so that caseaudit's national readers and the `ssd` profile have realistic
//! inputs to be demonstrated and tested on, with the cases England's rules look for
//! (re-referrals, repeat and long child protection plans, placement moves, missing
//! episodes), and so that the bundled samples in `sample-exports/` are written by the
//! same code as everything else, deterministically per seed.
//!
//! The three shapes are views of one set of invented facts ([`world`]). Unless
//! `--clean`, each holds deliberate faults a real file may have (`ssda903.rs`, `cin.rs`,
//! `ssd.rs` say which), to show how caseaudit reports them.

mod cin;
mod ssd;
mod ssda903;
#[cfg(test)]
mod tests;
pub(crate) mod world;

use std::path::Path;

use anyhow::{Context, Result, bail};
use caseaudit::calendar::{Calendar, Region};
use chrono::NaiveDate;

use crate::{SampleConfig, SampleStats, Shape};

/// The as-at date of the national shapes when none is given: the end of the census
/// year 2025-26.
pub const DEFAULT_AS_AT: (i32, u32, u32) = (2026, 3, 31);

/// The number of children of the national shapes when none is given.
pub const DEFAULT_CHILDREN: usize = 100;

/// Writes the national return `cfg.shape` to `out` (a folder for the 903 and the SSD,
/// a file for the census).
pub fn write(cfg: &SampleConfig, out: &Path) -> Result<SampleStats> {
    if cfg.target_visits.is_some() {
        bail!(
            "--visits is for the native and shaped exports, not the national returns: give --children"
        );
    }
    let cal = Calendar::new(Region::EnglandWales, &[]);
    let world = world::build(cfg.children, cfg.seed, cfg.as_at, &cal);
    let faults = cfg.messy;
    let files = match cfg.shape {
        Shape::Ssda903 => ssda903::write(&world, faults, out)?,
        Shape::Cin => cin::write(&world, faults, out)?,
        Shape::Ssd => ssd::write(&world, faults, out)?,
        other => bail!("{other} is not a national return"),
    };
    Ok(SampleStats { rows: files })
}

/// What a national shape is, in words (for the generator's summary line).
pub fn describe(shape: Shape) -> &'static str {
    match shape {
        Shape::Ssda903 => "an SSDA903 return (CSV files)",
        Shape::Cin => "a CIN census (XML)",
        Shape::Ssd => "a Standard Safeguarding Dataset dump (ssd_* tables as CSV)",
        _ => "",
    }
}

/// A date as the 903 writes it: `dd/mm/yyyy`.
fn d903(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// An optional date as the 903 writes it (blank when none).
fn o903(d: Option<NaiveDate>) -> String {
    d.map(d903).unwrap_or_default()
}

/// Writes one CSV file: a header row, then the rows (quoted where a value needs it).
fn write_csv(dir: &Path, name: &str, headers: &[&str], rows: &[Vec<String>]) -> Result<()> {
    let path = dir.join(format!("{name}.csv"));
    let mut w =
        csv::Writer::from_path(&path).with_context(|| format!("creating {}", path.display()))?;
    w.write_record(headers)?;
    for r in rows {
        w.write_record(r)?;
    }
    w.flush()
        .with_context(|| format!("writing {}", path.display()))?;
    Ok(())
}

/// Creates the output folder (a file there is an error).
fn folder(out: &Path) -> Result<()> {
    if out.is_file() {
        bail!(
            "{} is a file: the {} writes a folder of CSV files",
            out.display(),
            "return"
        );
    }
    std::fs::create_dir_all(out).with_context(|| format!("creating folder {}", out.display()))
}
