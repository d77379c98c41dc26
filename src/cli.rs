//! The command line: raw flags (clap) become a validated [`AuditConfig`] before any work
//! starts. Exit codes: 0 = no exceptions, 1 = exceptions found, 2 = error; with
//! `--exit-zero`, 0 = the audit ran. The library returns typed errors; here they become
//! one message and exit code 2.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, bail};
use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand};

use caseaudit::calendar::Region;
use caseaudit::config::{AuditConfig, ReportOptions};
use caseaudit::period::DateSpec;
use caseaudit::report::{OutputFormat, PackScope};
use caseaudit::run;

#[derive(Parser, Debug)]
#[command(
    name = "caseaudit",
    version,
    about = "Audit children's social care case records against practice-standard timescales",
    long_about = "Audit children's social care case records against practice-standard timescales.\n\n\
        Exit codes: 0 = no exceptions, 1 = exceptions found, 2 = error, 130 = interrupted \
        (Ctrl-C, SIGTERM); audit --exit-zero: 0 = the audit ran."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
#[allow(clippy::large_enum_variant)] // parsed once per run
pub enum Command {
    /// Audit an export: writes exceptions.csv, kpis.csv, pending.csv, data_quality.csv, the training_*.csv files, summary.json, report.html and report.xlsx
    Audit(Box<AuditArgs>),
    /// List or explain the rules of a rule pack
    #[command(subcommand)]
    Rules(RulesCommand),
    /// Show how an export maps onto the contract's tables: sheets, columns, rows,
    /// unreadable cells and unclassified values — for writing or fixing a profile
    Inspect(InspectArgs),
    /// Write a synthetic export (no real data): runs the workspace's `caseaudit-sample`
    /// generator with these arguments (e.g. `caseaudit sample --shape 903 --out ssda903`;
    /// `caseaudit sample --help` lists them). Shapes: native, liquidlogic, mosaic, 903, cin, ssd
    #[command(disable_help_flag = true)]
    Sample {
        /// The generator's arguments
        #[arg(trailing_var_arg = true, allow_hyphen_values = true)]
        args: Vec<std::ffi::OsString>,
    },
}

#[derive(Args, Debug)]
pub struct InspectArgs {
    /// The export: a workbook or a folder of CSV files; or national returns (SSDA903 CSV
    /// files or folder, CIN census XML), several together
    #[arg(required = true, num_args = 1..)]
    pub input: Vec<PathBuf>,
    /// Mapping profile: a bundled name or a .toml file
    #[arg(long, short = 'p')]
    pub profile: Option<String>,
}

#[derive(Args, Debug)]
pub struct AuditArgs {
    /// The export: a workbook (.xlsx, .xlsm, .xls, .xlsb, .ods) or a folder of <table>.csv
    /// files; or England's national returns: an SSDA903 folder (or its CSV files), a CIN
    /// census .xml. Several inputs are audited together (the same child id is the same child)
    #[arg(required = true, num_args = 1..)]
    pub input: Vec<PathBuf>,
    /// Rule pack: a bundled pack's name (e.g. middlesbrough) or a .toml file
    #[arg(long, short = 'r', default_value = "middlesbrough")]
    pub rules: String,
    /// Mapping profile for a case system's export: a bundled name (annex-a, liquidlogic, mosaic) or a .toml file
    #[arg(long, short = 'p')]
    pub profile: Option<String>,
    /// First day of the audit period (default: 12 months before --to)
    #[arg(long, value_parser = parse_date)]
    pub from: Option<NaiveDate>,
    /// Last day of the audit period (default: the as-at date)
    #[arg(long, value_parser = parse_date)]
    pub to: Option<NaiveDate>,
    /// The date the records are complete to (default: --to, else the latest date recorded in the export that is not after today)
    #[arg(long = "as-at", value_parser = parse_date)]
    pub as_at: Option<NaiveDate>,
    /// Folder to write the reports into (created if needed)
    #[arg(long, short = 'o')]
    pub out: PathBuf,
    /// Bank-holiday region: england-and-wales, scotland, northern-ireland (default: the pack's)
    #[arg(long)]
    pub region: Option<String>,
    /// File of local closure days (one ISO date per line, # comments)
    #[arg(long)]
    pub closures: Option<PathBuf>,
    /// Output formats, comma-separated: csv, json, html, xlsx
    #[arg(
        long,
        value_enum,
        value_delimiter = ',',
        default_value = "csv,json,html,xlsx"
    )]
    pub format: Vec<OutputFormat>,
    /// Worker threads for reading and rule evaluation, 1 to 256 (default: all cores)
    #[arg(long)]
    pub threads: Option<usize>,
    /// Replace every child id in the outputs by a keyed HMAC-SHA256 token (stable for a
    /// key); the key comes from --key-file or the environment variable CASEAUDIT_PSEUDONYM_KEY
    #[arg(long)]
    pub pseudonymise: bool,
    /// The pseudonymisation key: a file of at least 16 bytes (implies --pseudonymise)
    #[arg(long, value_name = "FILE")]
    pub key_file: Option<PathBuf>,
    /// With --pseudonymise, replace worker, supervisor and manager names too
    #[arg(long)]
    pub pseudonymise_workers: bool,
    /// Keep the leading zeros of child ids made of digits (by default 000018 is the child 18)
    #[arg(long)]
    pub keep_leading_zeros: bool,
    /// Name input files by their full paths in the outputs (default: from each input's folder)
    #[arg(long)]
    pub full_paths: bool,
    /// The most cells one sheet or CSV file may hold (default 200,000,000)
    #[arg(long, value_name = "N")]
    pub max_cells: Option<u64>,
    /// The most sheets one workbook may hold (default 1,000)
    #[arg(long, value_name = "N")]
    pub max_sheets: Option<usize>,
    /// Audit only these rule ids (repeat or comma-separate)
    #[arg(long, value_delimiter = ',')]
    pub only: Vec<String>,
    /// Supervision packs: packs/ with one printable HTML page and one workbook per team
    /// (or per worker): every exception, what falls due soon, % met per rule
    #[arg(long, value_enum)]
    pub packs: Option<PackScope>,
    /// Report only this team's expectations (the team as recorded; case-insensitive)
    #[arg(long)]
    pub team: Option<String>,
    /// Report only this worker's expectations (as recorded; case-insensitive)
    #[arg(long)]
    pub worker: Option<String>,
    /// The packs' "due soon": pending expectations due within this many working days of the as-at date
    #[arg(long = "due-within", default_value_t = caseaudit::report::packs::DUE_SOON_DAYS)]
    pub due_within: u32,
    /// A previous run's output folder: writes changes.csv and a "since the last audit" section
    #[arg(long)]
    pub previous: Option<PathBuf>,
    /// Below this many expectations due, a percentage is shown as too few to judge (no colour, no rank)
    #[arg(long = "min-due", default_value_t = caseaudit::report::rating::DEFAULT_MIN_DUE)]
    pub min_due: u64,
    /// Exit 0 whenever the audit ran, exceptions or not (2 still means an error)
    #[arg(long = "exit-zero")]
    pub exit_zero: bool,
    /// Training records of an L&D system, besides the export's training table: a
    /// workbook or a CSV file of worker, course and completed_date (repeat for several)
    #[arg(long = "training", value_name = "FILE")]
    pub training: Vec<PathBuf>,
    /// Mapping profile for the --training files: a bundled name or a .toml file with a
    /// `training` table mapping (default: --profile)
    #[arg(long = "training-profile", value_name = "PROFILE")]
    pub training_profile: Option<String>,
    /// Fewer expectations than this are "too few to judge" (training needs and impact)
    #[arg(long = "min-expectations", value_name = "N", default_value_t = caseaudit::training::DEFAULT_MIN_EXPECTATIONS)]
    pub min_expectations: u64,
    /// The window before and after a course completion over which practice is compared:
    /// 4m, 4 months, 16w, 120d
    #[arg(long = "impact-window", value_name = "WINDOW", default_value = "4m", value_parser = parse_window)]
    pub impact_window: caseaudit::training::Window,
    /// Print stage timings
    #[arg(long, short = 'v')]
    pub verbose: bool,
    /// Print nothing but errors
    #[arg(long, short = 'q')]
    pub quiet: bool,
}

#[derive(Subcommand, Debug)]
pub enum RulesCommand {
    /// List the rules of a pack
    List {
        #[arg(long, short = 'r', default_value = "middlesbrough")]
        rules: String,
    },
    /// Explain one rule: what it checks, why, the standard and the courses
    Explain {
        /// The rule id, e.g. CP-VISIT-10
        id: String,
        #[arg(long, short = 'r', default_value = "middlesbrough")]
        rules: String,
    },
    /// Describe the rule kinds a rule file may use, and how each is counted
    Kinds,
    /// List the course catalogue of a pack: every course, its audience and delivery, the
    /// rules that link it
    Courses {
        #[arg(long, short = 'r', default_value = "middlesbrough")]
        rules: String,
    },
}

fn parse_window(s: &str) -> Result<caseaudit::training::Window, String> {
    caseaudit::training::Window::parse(s)
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    let d = NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("'{s}' is not a date: write YYYY-MM-DD"))?;
    if !caseaudit::limits::date_in_range(d) {
        return Err(format!("'{s}' is outside the years 1900 to 2199"));
    }
    Ok(d)
}

impl AuditArgs {
    /// The training options: records files, their mapping, the minimum and the window.
    pub fn training_options(&self) -> anyhow::Result<caseaudit::training::Options> {
        for f in &self.training {
            if !f.is_file() {
                bail!("--training {} is not a file", f.display());
            }
        }
        if self.min_expectations == 0 {
            bail!("--min-expectations must be at least 1");
        }
        Ok(caseaudit::training::Options {
            files: self.training.clone(),
            profile: self.training_profile.clone(),
            min_expectations: self.min_expectations,
            window: self.impact_window,
        })
    }

    /// Validates the flags into a config, with today's date for the defaults.
    pub fn validate(self, today: NaiveDate) -> anyhow::Result<AuditConfig> {
        for input in &self.input {
            if !input.exists() {
                bail!("input {} does not exist", input.display());
            }
        }
        let mut inputs = self.input.into_iter();
        let input = inputs.next().context("no input given")?;
        let dates = DateSpec {
            from: self.from,
            to: self.to,
            as_at: self.as_at,
            today,
        };
        if !dates.needs_export() {
            dates.resolve(|| None)?; // a bad period is refused before any work
        }
        let region = self
            .region
            .as_deref()
            .map(|r| {
                r.parse::<Region>()
                    .map_err(|e| anyhow::anyhow!("--region: {e}"))
            })
            .transpose()?;
        let closures = match &self.closures {
            Some(p) => read_closures(p)?,
            None => Vec::new(),
        };
        let mut formats: Vec<OutputFormat> = Vec::new();
        for f in self.format {
            if !formats.contains(&f) {
                formats.push(f);
            }
        }
        if let Some(t) = self.threads
            && !(1..=caseaudit::limits::MAX_THREADS).contains(&t)
        {
            bail!(
                "--threads {t}: give 1 to {} (more threads than cores only slow the audit)",
                caseaudit::limits::MAX_THREADS
            );
        }
        if self.team.is_some() && self.worker.is_some() {
            bail!("--team and --worker: give one or the other");
        }
        if self.min_due == 0 {
            bail!("--min-due must be at least 1");
        }
        if let Some(p) = &self.previous
            && !p.is_dir()
        {
            bail!(
                "--previous {}: not a folder (give a previous run's --out folder)",
                p.display()
            );
        }
        let defaults = caseaudit::limits::Limits::default();
        let limits = caseaudit::limits::Limits {
            max_cells: self.max_cells.unwrap_or(defaults.max_cells).max(1),
            max_sheets: self.max_sheets.unwrap_or(defaults.max_sheets).max(1),
        };
        caseaudit::limits::set(limits);
        let pseudonymiser = if self.pseudonymise || self.key_file.is_some() {
            Some(caseaudit::privacy::Pseudonymiser::from_sources(
                self.key_file.as_deref(),
                self.pseudonymise_workers,
            )?)
        } else if self.pseudonymise_workers {
            bail!("--pseudonymise-workers needs --pseudonymise (and a key)");
        } else {
            None
        };
        let options = caseaudit::config::RunOptions {
            ingest: caseaudit::ingest::IngestOptions {
                keep_leading_zeros: self.keep_leading_zeros,
                pseudonymiser,
            },
            full_paths: self.full_paths,
        };
        Ok(AuditConfig {
            input,
            extra_inputs: inputs.collect(),
            rules: self.rules,
            profile: self.profile,
            dates,
            out: self.out,
            region,
            closures,
            formats,
            threads: self.threads,
            only: self.only,
            verbose: self.verbose,
            quiet: self.quiet,
            reports: ReportOptions {
                packs: self.packs,
                team: self.team,
                worker: self.worker,
                due_within: self.due_within,
                previous: self.previous,
                min_due: self.min_due,
            },
            options,
        })
    }
}

fn read_closures(path: &std::path::Path) -> anyhow::Result<Vec<NaiveDate>> {
    let text =
        std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.split('#').next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        let d = parse_date(line)
            .map_err(|e| anyhow::anyhow!("{} line {}: {e}", path.display(), i + 1))?;
        out.push(d);
    }
    Ok(out)
}

/// Runs the command line; returns the process exit code.
pub fn main() -> ExitCode {
    // Ctrl-C or SIGTERM: no staging folder (it may hold whole case data) is left behind.
    let _ = ctrlc::set_handler(|| {
        caseaudit::report::remove_staging();
        eprintln!("caseaudit: interrupted: nothing was written (the staging folder was removed)");
        std::process::exit(130);
    });
    let cli = Cli::parse();
    match dispatch(cli) {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            let message = caseaudit::messages::printable_message(&format!("{e:#}"));
            eprintln!("caseaudit: error: {message}");
            ExitCode::from(2)
        }
    }
}

fn dispatch(cli: Cli) -> anyhow::Result<u8> {
    match cli.command {
        Command::Audit(args) => {
            let today = chrono::Local::now().date_naive();
            let exit_zero = args.exit_zero;
            let training = args.training_options()?;
            let config = (*args).validate(today)?;
            let outcome = run::audit_with(&config, &training)?;
            Ok(if outcome.exceptions > 0 && !exit_zero {
                1
            } else {
                0
            })
        }
        Command::Rules(RulesCommand::List { rules }) => {
            let pack = caseaudit::rules::load_pack(&rules)?;
            print!("{}", run::list_rules(&pack));
            Ok(0)
        }
        Command::Rules(RulesCommand::Explain { id, rules }) => {
            let pack = caseaudit::rules::load_pack(&rules)?;
            let rule = pack.rule(&id).with_context(|| {
                format!(
                    "pack '{}' has no rule '{id}' (see `caseaudit rules list`)",
                    pack.id
                )
            })?;
            print!("{}", caseaudit::rules::explain(&pack, rule));
            Ok(0)
        }
        Command::Rules(RulesCommand::Courses { rules }) => {
            let pack = caseaudit::rules::load_pack(&rules)?;
            print!("{}", caseaudit::rules::list_courses(&pack));
            Ok(0)
        }
        Command::Rules(RulesCommand::Kinds) => {
            print!(
                "{}",
                caseaudit::rules::kinds_reference(caseaudit::engine::KINDS)
            );
            Ok(0)
        }
        Command::Sample { args } => sample(&args),
        Command::Inspect(args) => {
            let profile = args
                .profile
                .as_deref()
                .map(caseaudit::profile::load_profile)
                .transpose()?;
            let loaded = caseaudit::ingest::load_inputs(
                &args.input,
                profile.as_ref(),
                caseaudit::ingest::Mode::Lenient,
            )?;
            print!(
                "{}",
                caseaudit::messages::printable_message(&caseaudit::inspect::render(
                    &args.input,
                    profile.as_ref(),
                    &loaded
                ))
            );
            Ok(if loaded.problems.is_empty() { 0 } else { 1 })
        }
    }
}

/// Runs the `caseaudit-sample` generator (a binary of its own: the generator depends on
/// this library, so this binary cannot link it) found beside this one, else on the PATH.
fn sample(args: &[std::ffi::OsString]) -> anyhow::Result<u8> {
    let name = format!("caseaudit-sample{}", std::env::consts::EXE_SUFFIX);
    let beside = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.join(&name)))
        .filter(|p| p.is_file());
    let program = beside.unwrap_or_else(|| name.clone().into());
    let status = std::process::Command::new(&program)
        .args(args)
        .status()
        .map_err(|e| {
            anyhow::anyhow!(
                "cannot run the sample generator {} ({e}): build it with `cargo build --release -p caseaudit-sample` (it is written beside caseaudit), or install it with `cargo install --path crates/caseaudit-sample`",
                program.display()
            )
        })?;
    // The generator exits 0 or 2 (an error it has reported); a signal is an error too.
    Ok(match status.code() {
        Some(0) => 0,
        _ => 2,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_is_every_format_once() {
        let cli = Cli::try_parse_from(["caseaudit", "audit", ".", "--out", "o"]).unwrap();
        let Command::Audit(args) = cli.command else {
            panic!("not an audit");
        };
        let names: Vec<&str> = args.format.iter().map(|f| f.name()).collect();
        assert_eq!(names, ["csv", "json", "html", "xlsx"]);
        let cli = Cli::try_parse_from([
            "caseaudit",
            "audit",
            ".",
            "--out",
            "o",
            "--format",
            "csv,csv,json",
        ])
        .unwrap();
        let Command::Audit(args) = cli.command else {
            panic!("not an audit");
        };
        let config = (*args)
            .validate(chrono::NaiveDate::from_ymd_opt(2026, 12, 2).unwrap())
            .unwrap();
        let names: Vec<&str> = config.formats.iter().map(|f| f.name()).collect();
        assert_eq!(names, ["csv", "json"]);
    }

    #[test]
    fn an_unknown_format_is_refused_with_the_list() {
        let err = Cli::try_parse_from(["caseaudit", "audit", ".", "--out", "o", "--format", "pdf"])
            .unwrap_err()
            .to_string();
        assert!(err.contains("csv, json, html, xlsx"), "{err}");
    }
}
