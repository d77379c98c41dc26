//! A validated audit run: what the command line (or a library caller) asks for, checked
//! before any work starts. The dates stay as given until the export is read (the as-at
//! date may come from it: [`crate::period`]).

use std::path::PathBuf;

use chrono::NaiveDate;

use crate::calendar::Region;
use crate::period::DateSpec;
use crate::report::{OutputFormat, PackScope};

/// A validated audit run.
#[derive(Debug, Clone)]
pub struct AuditConfig {
    /// The export: a workbook or a folder of CSV files (or a national return).
    pub input: PathBuf,
    /// Further inputs audited with `input` (national returns given together).
    pub extra_inputs: Vec<PathBuf>,
    /// A bundled rule pack's name or a `.toml` file.
    pub rules: String,
    /// A mapping profile: a bundled name or a `.toml` file.
    pub profile: Option<String>,
    /// The period and as-at date as given; resolved once the export is read.
    pub dates: DateSpec,
    pub out: PathBuf,
    /// The bank-holiday region, when not the pack's.
    pub region: Option<Region>,
    /// Local closure days besides the pack's.
    pub closures: Vec<NaiveDate>,
    /// The outputs to write, each once.
    pub formats: Vec<OutputFormat>,
    /// Worker threads (default: all cores).
    pub threads: Option<usize>,
    /// Only these rule ids (all when empty).
    pub only: Vec<String>,
    pub verbose: bool,
    pub quiet: bool,
    /// What the reports add to the audit: packs, a restriction, a previous run.
    pub reports: ReportOptions,
    /// How ids are read and shown, and how paths are named.
    pub options: RunOptions,
}

/// The reports' own options (`--packs`, `--team`, `--worker`, `--previous`, …).
#[derive(Debug, Clone)]
pub struct ReportOptions {
    /// Supervision packs, one per team or per worker.
    pub packs: Option<PackScope>,
    /// Only this team's (worker's) expectations are reported.
    pub team: Option<String>,
    pub worker: Option<String>,
    /// The packs' "due soon", in working days after the as-at date.
    pub due_within: u32,
    /// A previous run's output folder, to report what changed since.
    pub previous: Option<PathBuf>,
    /// Below this many due, a percentage is too few to judge.
    pub min_due: u64,
}

impl Default for ReportOptions {
    fn default() -> ReportOptions {
        ReportOptions {
            packs: None,
            team: None,
            worker: None,
            due_within: crate::report::packs::DUE_SOON_DAYS,
            previous: None,
            min_due: crate::report::rating::DEFAULT_MIN_DUE,
        }
    }
}

/// Trust and privacy settings of a run (all off by default).
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    /// Id normalisation and pseudonymisation as the export is read.
    pub ingest: crate::ingest::IngestOptions,
    /// Name the input files by their full paths in the outputs (default: relative to the
    /// folder of each input).
    pub full_paths: bool,
}

impl AuditConfig {
    /// Every input, the first one first.
    pub fn inputs(&self) -> Vec<PathBuf> {
        std::iter::once(self.input.clone())
            .chain(self.extra_inputs.iter().cloned())
            .collect()
    }
}
