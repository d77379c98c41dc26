//! Reports: one [`Report`] built from the engine's expectations, written by every
//! output format through the [`Format`] trait (CSV, JSON, HTML, xlsx; [`format`] finds one
//! by name). Outputs are staged in a temporary folder and moved into place only when
//! every format has written: whole or not at all.

mod build;
pub mod changes;
mod columns;
mod csv_out;
mod digest;
mod headline;
mod html_out;
mod json_out;
pub mod packs;
mod ranking;
pub mod rating;
mod stage;
mod svg;
mod tally;
#[cfg(test)]
mod testutil;
mod training_cols;
mod training_html;
pub mod trend;
mod xlsx_out;

use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;

pub use build::{Timings, build};
pub use columns::{
    CHANGE_COLUMNS, Cell, Column, EXCEPTION_COLUMNS, KPI_COLUMNS, MONTH_COLUMNS, QUALITY_COLUMNS,
    SOURCE_FILE_COLUMNS, exception_columns,
};
pub use csv_out::Csv;
pub use digest::Totals;
pub use html_out::Html;
pub use json_out::Json;
pub use packs::{PackScope, Packs};
pub use rating::Rating;
pub use stage::{remove_staging, write_all};
pub use tally::Tally;
pub use training_cols::{IMPACT_COLUMNS, NEED_COLUMNS, RANK_COLUMNS, TNA_COLUMNS};
pub use trend::MonthKpi;
pub use xlsx_out::Xlsx;

use crate::engine::Status;
use crate::model::{Source, Sym};
use crate::quality::DataIssue;

/// An output format: one implementation of this trait per format, over the one
/// [`Report`].
pub trait Format: Sync {
    /// The format's name on the command line (`csv`, `json`, …).
    fn name(&self) -> &'static str;
    /// Writes the report's files into `dir` (a staging folder); returns their names.
    /// `timings` are the run's stages so far (for the formats that state them).
    fn write(&self, report: &Report, timings: &Timings, dir: &Path) -> Written;
}

/// The names of the files a format wrote, or why it could not.
pub type Written = Result<Vec<String>, WriteError>;

/// An output format as the command line chooses it (`--format csv,json`).
#[derive(Clone, Copy)]
pub struct OutputFormat(&'static dyn Format);

/// The output formats, in the order they are written: the one list the command line
/// offers (`--format`) and the run writes from.
pub static FORMATS: [OutputFormat; 4] = [
    OutputFormat(&Csv),
    OutputFormat(&Json),
    OutputFormat(&Html),
    OutputFormat(&Xlsx),
];

/// The supervision packs (`--packs team|worker`): written when asked for, not a
/// `--format`.
pub static PACKS: OutputFormat = OutputFormat(&Packs);

impl OutputFormat {
    pub fn name(self) -> &'static str {
        self.0.name()
    }

    pub fn format(self) -> &'static dyn Format {
        self.0
    }

    /// The format of this name.
    pub fn named(name: &str) -> Option<OutputFormat> {
        FORMATS.iter().copied().find(|f| f.name() == name)
    }
}

impl PartialEq for OutputFormat {
    fn eq(&self, other: &Self) -> bool {
        self.name() == other.name()
    }
}

impl Eq for OutputFormat {}

impl std::fmt::Debug for OutputFormat {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl clap::ValueEnum for OutputFormat {
    fn value_variants<'a>() -> &'a [Self] {
        &FORMATS
    }

    fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
        Some(clap::builder::PossibleValue::new(self.name()))
    }
}

/// Why an output could not be written.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    #[error("cannot write {path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("writing a CSV file: {0}")]
    Csv(#[from] csv::Error),
    #[error("writing the workbook: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    #[error("writing summary.json: {0}")]
    Json(#[from] serde_json::Error),
    #[error("rendering report.html: {0}")]
    Template(#[from] handlebars::RenderError),
    #[error("the report.html template: {0}")]
    TemplateSource(#[from] Box<handlebars::TemplateError>),
}

impl WriteError {
    /// An I/O error on a path.
    pub fn io(path: &Path) -> impl FnOnce(std::io::Error) -> WriteError + '_ {
        move |source| WriteError::Io {
            path: path.display().to_string(),
            source,
        }
    }
}

/// The run's settings, as the reports state them.
#[derive(Debug, Clone, Serialize)]
pub struct Meta {
    pub profile: Option<String>,
    pub tool: String,
    pub input: String,
    /// The audit read several inputs: exception rows name the file (and sheet) they come
    /// from (not written to `summary.json`).
    #[serde(skip)]
    pub several_inputs: bool,
    pub pack_id: String,
    pub pack_title: String,
    pub pack_files: Vec<String>,
    pub region: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub as_at: NaiveDate,
    /// Where the as-at date came from.
    pub as_at_source: crate::period::AsAtSource,
    pub threads: usize,
}

/// A course linked to a rule.
#[derive(Debug, Clone, Serialize)]
pub struct CourseRef {
    pub id: String,
    pub title: String,
    pub category: Option<String>,
}

/// A rule as the reports describe it.
#[derive(Debug, Clone, Serialize)]
pub struct RuleInfo {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub timescale: String,
    pub standard: String,
    /// The line of the source document the standard stands at (for maintainers).
    pub standard_line: Option<u32>,
    /// The standard as a person reads it: its section and its own sentence, "7. Child
    /// Protection: “I see my child every 10 working days as a minimum”".
    pub standard_cited: String,
    /// The courses' titles, `; `-separated, as the exception lists show them.
    pub course_titles: String,
    pub kpi: Option<String>,
    pub courses: Vec<CourseRef>,
    /// Why the export does not allow the rule to be measured (`None`: it does).
    pub not_measured: Option<String>,
    /// The % met aimed for, in tenths (`900` = 90%), and where it comes from.
    pub target_tenths: u64,
    pub target_from: rating::TargetFrom,
    /// Published figures to compare with.
    pub comparators: Vec<crate::engine::Comparator>,
    /// The KPI family the headline groups the rule under.
    pub family: String,
}

/// One expectation as the reports list it: the engine's compact row, with `counted`
/// set. Text is resolved through the [`Report`] (`report.text(row.child)`).
pub type ResultRow = crate::engine::Expectation;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Scope {
    All,
    Team,
    Worker,
}

impl Scope {
    pub fn as_str(self) -> &'static str {
        match self {
            Scope::All => "all",
            Scope::Team => "team",
            Scope::Worker => "worker",
        }
    }
}

/// One KPI line: a rule's counted expectations in a scope.
#[derive(Debug, Clone, Serialize)]
pub struct Kpi {
    pub rule_id: String,
    pub scope: Scope,
    pub scope_value: String,
    pub due: u64,
    pub met: u64,
    pub late: u64,
    pub missing: u64,
    /// Why the rule is not measured: its percentage is left blank.
    pub not_measured: Option<String>,
    /// A worker's team(s) (most expectations first, `; `-separated); a team's own
    /// name; blank for the whole authority.
    pub team: String,
}

impl Kpi {
    /// Percent met in tenths (`667` = 66.7%); `None` when nothing was due or the rule
    /// is not measured.
    pub fn percent_tenths(&self) -> Option<u64> {
        if self.not_measured.is_some() {
            return None;
        }
        percent_tenths(self.met, self.due)
    }

    /// Percent met to one decimal place, rounded half up; empty when nothing was due or
    /// the rule is not measured.
    pub fn percent_met(&self) -> String {
        self.percent_tenths().map(tenths_text).unwrap_or_default()
    }
}

/// Rows read, used, rejected and blank for one table.
#[derive(Debug, Clone, Serialize)]
pub struct TableCount {
    pub table: &'static str,
    pub read: u64,
    pub used: u64,
    pub rejected: u64,
    /// Rows a profile says hold no record of the table (e.g. an Annex A row with no visit date).
    pub skipped: u64,
    pub blank: u64,
    pub sources: Vec<String>,
}

/// Everything any format writes.
#[derive(Debug, Clone)]
pub struct Report {
    pub meta: Meta,
    pub rules: Vec<RuleInfo>,
    /// Every expectation: the exceptions and pending ones first, sorted by rule id,
    /// child id, due date (then start, event and source row); the rest (met, or due
    /// outside the period) after them, in an order of no meaning (but the same every run).
    pub rows: Vec<ResultRow>,
    /// The text of every interned value (index = `Sym.0`).
    pub names: Vec<Box<str>>,
    /// The sources rows came from (index = `RowRef.source`).
    pub sources: Vec<Source>,
    pub kpis: Vec<Kpi>,
    pub issues: Vec<DataIssue>,
    pub tables: Vec<TableCount>,
    pub ignored_inputs: Vec<String>,
    pub warnings: Vec<String>,
    /// Every KPI of `kpis` by month of the due date ([`trend`]).
    pub by_month: Vec<MonthKpi>,
    /// What changed since a previous run (`--previous`).
    pub previous: Option<changes::Previous>,
    pub settings: Settings,
    /// Training needs, the courses ranked, the needs-analysis forms and the impact.
    pub training: crate::training::Training,
}

/// How the run asked for its reports: what the outputs say about each other and how
/// they judge small numbers.
#[derive(Debug, Clone, Serialize)]
pub struct Settings {
    /// The formats written this run (`csv`, `xlsx`, …), so that no report points to a
    /// file that was not written.
    pub formats: Vec<&'static str>,
    /// Below this many expectations due, a percentage is "too few to judge".
    pub min_due: u64,
    /// The supervision packs asked for.
    pub packs: Option<PackScope>,
    /// The packs' "due soon": pending expectations due within this many working days of
    /// the as-at date, i.e. up to `due_soon_until`.
    pub due_soon_days: u32,
    pub due_soon_until: NaiveDate,
    /// The run was restricted to one team (`--team`) or worker (`--worker`).
    pub team: Option<String>,
    pub worker: Option<String>,
}

impl Settings {
    /// Every format written, no packs, the default minimum, due soon = the as-at date.
    pub fn new(as_at: NaiveDate) -> Settings {
        Settings {
            formats: FORMATS.iter().map(|f| f.name()).collect(),
            min_due: rating::DEFAULT_MIN_DUE,
            packs: None,
            due_soon_days: packs::DUE_SOON_DAYS,
            due_soon_until: as_at,
            team: None,
            worker: None,
        }
    }

    /// Whether a format is written this run.
    pub fn writes(&self, format: &str) -> bool {
        self.formats.contains(&format)
    }
}

impl Report {
    /// A rule's description by id.
    pub fn rule_info(&self, id: &str) -> Option<&RuleInfo> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// How a KPI line stands against its rule's target.
    pub fn rating(&self, k: &Kpi) -> Rating {
        let target = self
            .rule_info(&k.rule_id)
            .map_or(rating::DEFAULT_TARGET_TENTHS, |r| r.target_tenths);
        Rating::of(
            &Tally::of_kpi(k),
            target,
            self.settings.min_due,
            k.not_measured.is_some(),
        )
    }

    /// Where every exception can be read in full this run (`exceptions.csv`, else the
    /// workbook's sheet); empty when neither was written.
    pub fn full_list(&self, csv: &str, sheet: &str) -> String {
        if self.settings.writes("csv") {
            csv.to_string()
        } else if self.settings.writes("xlsx") {
            format!("report.xlsx (sheet {sheet})")
        } else {
            String::new()
        }
    }

    pub fn exceptions(&self) -> impl Iterator<Item = &ResultRow> {
        self.rows.iter().filter(|r| r.is_exception())
    }

    pub fn exception_count(&self) -> usize {
        self.exceptions().count()
    }

    pub fn pending(&self) -> impl Iterator<Item = &ResultRow> {
        self.rows.iter().filter(|r| r.status == Status::Pending)
    }

    /// The text of an interned value; empty when absent.
    pub fn text(&self, sym: Option<Sym>) -> &str {
        sym.map_or("", |s| &self.names[s.index()])
    }

    pub fn rule_id(&self, row: &ResultRow) -> &str {
        &self.rules[row.rule as usize].id
    }

    pub fn child_id(&self, row: &ResultRow) -> &str {
        self.text(row.child)
    }

    /// The data-quality finding an exception rests on, as one line: file, sheet, row,
    /// column and value; empty when none.
    pub fn finding_text(&self, row: &ResultRow) -> String {
        let Some(i) = row.finding else {
            return String::new();
        };
        let f = &self.issues[i as usize];
        let sheet = if f.sheet.is_empty() {
            String::new()
        } else {
            format!(" [{}]", f.sheet)
        };
        let file = std::path::Path::new(&f.file)
            .file_name()
            .map_or(f.file.as_str(), |n| n.to_str().unwrap_or(&f.file));
        format!(
            "{file}{sheet} row {} column {}: unreadable value '{}'",
            f.row, f.column, f.value
        )
    }

    /// A team or worker as KPI scopes name it: [`NOT_RECORDED`] when blank.
    pub fn label(&self, sym: Option<Sym>) -> &str {
        match self.text(sym) {
            "" => NOT_RECORDED,
            s => s,
        }
    }
}

/// Percent met in tenths, rounded half up (`2 of 3` → 667); `None` when nothing was due.
/// The one percentage of every report.
pub fn percent_tenths(met: u64, due: u64) -> Option<u64> {
    (due > 0).then(|| (2 * met * 1000 + due) / (2 * due))
}

/// Tenths of a percent as text (`667` → `66.7`).
pub fn tenths_text(tenths: u64) -> String {
    format!("{}.{}", tenths / 10, tenths % 10)
}

/// The value shown for a blank team or worker in KPI scopes.
pub const NOT_RECORDED: &str = "(not recorded)";

#[cfg(test)]
mod tests {
    use super::*;

    fn kpi(due: u64, met: u64) -> Kpi {
        Kpi {
            rule_id: "X".into(),
            scope: Scope::All,
            scope_value: String::new(),
            due,
            met,
            late: 0,
            missing: due - met,
            not_measured: None,
            team: String::new(),
        }
    }

    #[test]
    fn percent_met_rounds_half_up_to_one_place() {
        assert_eq!(kpi(3, 2).percent_met(), "66.7");
        assert_eq!(kpi(8, 1).percent_met(), "12.5");
        assert_eq!(kpi(16, 1).percent_met(), "6.3"); // 6.25 rounds up
        assert_eq!(kpi(1, 1).percent_met(), "100.0");
        assert_eq!(kpi(7, 0).percent_met(), "0.0");
        assert_eq!(kpi(0, 0).percent_met(), "");
    }
}
