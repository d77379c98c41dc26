//! The audit run from a validated config: load the pack and the export, count working
//! days, evaluate, report. Each stage is timed.

use std::fmt::Write;
use std::time::Instant;

use chrono::Datelike;

use crate::calendar::Calendar;
use crate::config::AuditConfig;
use crate::engine::{AuditDates, Engine};
use crate::ingest::{self, IngestError, Loaded};
use crate::period::DateError;
use crate::profile::ProfileError;
use crate::report::{self, Meta, Report, Timings, WriteError};
use crate::rules::{self, Pack, PackError, describe_timescale};

/// Why an audit could not run.
#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    #[error(transparent)]
    Pack(#[from] PackError),
    #[error("--only: pack '{pack}' has no rule '{id}' (see `caseaudit rules list`)")]
    UnknownRule { pack: String, id: String },
    #[error(transparent)]
    Profile(#[from] ProfileError),
    #[error(transparent)]
    Ingest(#[from] IngestError),
    #[error(transparent)]
    Dates(#[from] DateError),
    #[error(transparent)]
    Write(#[from] WriteError),
    #[error("cannot start worker threads: {0}")]
    Threads(#[from] rayon::ThreadPoolBuildError),
    #[error(transparent)]
    Previous(#[from] report::changes::PreviousError),
    #[error("--{flag} '{name}': no expectation of the audit belongs to it; {what} are: {known}")]
    UnknownScope {
        flag: &'static str,
        name: String,
        what: &'static str,
        known: String,
    },
}

pub use crate::training::Options as TrainingOptions;

/// What an audit found, for the exit code.
pub struct Outcome {
    pub report: Report,
    pub exceptions: usize,
}

fn ms(since: Instant) -> u64 {
    since.elapsed().as_millis() as u64
}

/// Runs an audit and writes its reports.
pub fn audit(config: &AuditConfig) -> Result<Outcome, AuditError> {
    audit_with(config, &TrainingOptions::default())
}

/// Runs an audit with training options (`--training`, `--impact-window`, …) and writes
/// its reports.
pub fn audit_with(config: &AuditConfig, training: &TrainingOptions) -> Result<Outcome, AuditError> {
    let pack = load_pack(config)?;
    // Bounded for library callers too (the command line refuses more).
    let threads = config
        .threads
        .unwrap_or_else(rayon::current_num_threads)
        .clamp(1, crate::limits::MAX_THREADS);
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()?;
    pool.install(|| audit_in_pool(config, &pack, training))
}

/// The audit, inside a thread pool of `--threads` workers (ingest and evaluation).
fn audit_in_pool(
    config: &AuditConfig,
    pack: &Pack,
    training: &TrainingOptions,
) -> Result<Outcome, AuditError> {
    let progress = progress(config.quiet);
    let inputs = config.inputs();
    progress.set_message(format!("reading {}", describe_inputs(&inputs)));
    let t0 = Instant::now();
    let profile = config
        .profile
        .as_deref()
        .map(crate::profile::load_profile)
        .transpose()?;
    let mut loaded = ingest::load_inputs_with(
        &inputs,
        profile.as_ref(),
        ingest::Mode::Strict,
        &config.options.ingest,
    )?;
    if !config.options.full_paths {
        shorten_paths(&mut loaded, &inputs);
    }
    let read_ms = ms(t0);
    progress.set_message(format!("evaluating {} rules", pack.rules.len()));
    let t1 = Instant::now();
    let evaluated = evaluate_rules(config, pack, &loaded)?;
    let evaluate_ms = evaluated.evaluate_ms;
    loaded.dataset.release_child_tables();
    let mut report = build_report(evaluated, config, pack, &loaded)?;
    add_training(&mut report, config, pack, &loaded, training)?;
    let timings = Timings {
        read_ms,
        evaluate_ms,
        report_ms: ms(t1).saturating_sub(evaluate_ms),
    };
    progress.set_message("writing reports");
    let t2 = Instant::now();
    let mut formats = config.formats.clone();
    if config.reports.packs.is_some() {
        formats.push(report::PACKS);
    }
    let files = report::write_all(&report, &formats, &timings, &config.out)?;
    let write_ms = ms(t2);
    progress.finish_and_clear();

    let exceptions = report.exception_count();
    if !config.quiet {
        for w in &report.warnings {
            eprintln!(
                "caseaudit: warning: {}",
                crate::messages::printable_message(w)
            );
        }
        eprint!(
            "{}",
            crate::messages::printable_message(&console_summary(&report, &files, config))
        );
        if config.verbose {
            eprintln!(
                "timings: read {read_ms} ms, evaluate {} ms ({} threads), report {} ms, write {write_ms} ms",
                timings.evaluate_ms, report.meta.threads, timings.report_ms
            );
        }
    }
    Ok(Outcome { report, exceptions })
}

/// A spinner on stderr naming the stage, for long runs: hidden with `--quiet` or when
/// stderr is not a terminal. It ticks on its own thread, so it costs the run nothing.
fn progress(quiet: bool) -> indicatif::ProgressBar {
    use std::io::IsTerminal;
    if quiet || !std::io::stderr().is_terminal() {
        return indicatif::ProgressBar::hidden();
    }
    let bar = indicatif::ProgressBar::new_spinner();
    bar.set_style(
        indicatif::ProgressStyle::with_template("{spinner} {elapsed:>3} {msg}")
            .unwrap_or_else(|_| indicatif::ProgressStyle::default_spinner()),
    );
    bar.enable_steady_tick(std::time::Duration::from_millis(120));
    bar
}

/// Loads the config's pack, keeping only the `--only` rules when given.
pub fn load_pack(config: &AuditConfig) -> Result<Pack, AuditError> {
    let mut pack = rules::load_pack(&config.rules)?;
    if !config.only.is_empty() {
        for id in &config.only {
            if pack.rule(id).is_none() {
                return Err(AuditError::UnknownRule {
                    pack: pack.id.clone(),
                    id: id.clone(),
                });
            }
        }
        pack.retain_rules(&config.only);
    }
    Ok(pack)
}

/// Evaluates a loaded export against a pack: the report, before anything is written.
pub fn evaluate(config: &AuditConfig, pack: &Pack, loaded: &Loaded) -> Result<Report, AuditError> {
    evaluate_with(config, pack, loaded, &TrainingOptions::default())
}

/// Evaluates a loaded export against a pack, with training options: the report, with its
/// training needs and impact, before anything is written.
pub fn evaluate_with(
    config: &AuditConfig,
    pack: &Pack,
    loaded: &Loaded,
    training: &TrainingOptions,
) -> Result<Report, AuditError> {
    let evaluated = evaluate_rules(config, pack, loaded)?;
    let mut report = build_report(evaluated, config, pack, loaded)?;
    add_training(&mut report, config, pack, loaded, training)?;
    Ok(report)
}

/// The rules evaluated, with all that the report needs from the export's rows (after
/// it, an audit frees the tables keyed by child).
struct Evaluated {
    meta: Meta,
    results: crate::engine::Results,
    warnings: Vec<String>,
    settings: report::Settings,
    evaluate_ms: u64,
}

/// Evaluates the rules, and the warnings about the export and the period.
fn evaluate_rules(
    config: &AuditConfig,
    pack: &Pack,
    loaded: &Loaded,
) -> Result<Evaluated, AuditError> {
    let mut closures = pack.closures.clone();
    closures.extend(&config.closures);
    let region = config.region.unwrap_or(pack.region);
    let cal = Calendar::new(region, &closures);
    let ds = &loaded.dataset;
    let today = config.dates.today;
    let (dates, as_at_source) = config.dates.resolve(|| ds.latest_date_upto(today))?;
    // Runs on the current rayon pool: `audit` installs one of `--threads` workers.
    let threads = rayon::current_num_threads();
    let t = Instant::now();
    let mut results = Engine::new(&pack.rules, ds, &cal, dates, &loaded.issues).evaluate();
    let evaluate_ms = ms(t);
    restrict(&config.reports, &mut results)?;
    let mut warnings = warnings(pack, &results.not_measured, loaded, &cal, &dates);
    warnings.extend(date_warnings(ds, &cal, &dates, today));
    warnings.extend(crate::ingest::checks::share_warnings(loaded));
    let meta = Meta {
        profile: loaded.profile.clone(),
        tool: format!("caseaudit {}", env!("CARGO_PKG_VERSION")),
        input: if config.options.full_paths {
            describe_inputs(&config.inputs())
        } else {
            describe_inputs_short(&config.inputs())
        },
        several_inputs: config.inputs().len() > 1,
        pack_id: pack.id.clone(),
        pack_title: pack.title.clone(),
        pack_files: pack.files.clone(),
        region: region.to_string(),
        from: dates.from,
        to: dates.to,
        as_at: dates.as_at,
        as_at_source,
        threads,
    };
    let o = &config.reports;
    let settings = report::Settings {
        formats: config.formats.iter().map(|f| f.name()).collect(),
        min_due: o.min_due,
        packs: o.packs,
        due_soon_days: o.due_within,
        due_soon_until: cal.add_working_days(dates.as_at, o.due_within),
        team: o.team.clone(),
        worker: o.worker.clone(),
    };
    Ok(Evaluated {
        meta,
        results,
        warnings,
        settings,
        evaluate_ms,
    })
}

/// Builds the report from the results (KPIs, trends, what changed since `--previous`):
/// it reads the export's accounting, not its rows. The training analysis comes after.
fn build_report(
    ev: Evaluated,
    config: &AuditConfig,
    pack: &Pack,
    loaded: &Loaded,
) -> Result<Report, AuditError> {
    let mut report = report::build(ev.meta, pack, ev.results, loaded.summary(), ev.warnings);
    report.settings = ev.settings;
    if let Some(dir) = &config.reports.previous {
        report.previous = Some(report::changes::compare(dir, &report)?);
    }
    Ok(report)
}

/// Keeps only the expectations of the team (`--team`) or worker (`--worker`) asked for,
/// matched case-insensitively on the recorded name ("(not recorded)" for a blank one).
fn restrict(
    o: &crate::config::ReportOptions,
    results: &mut crate::engine::Results,
) -> Result<(), AuditError> {
    let (flag, what, name) = match (&o.team, &o.worker) {
        (Some(t), _) => ("team", "teams", t),
        (None, Some(w)) => ("worker", "workers", w),
        (None, None) => return Ok(()),
    };
    let names = &results.names;
    let label = |s: Option<crate::model::Sym>| match s.map(|s| names[s.index()].as_ref()) {
        Some(t) if !t.is_empty() => t,
        _ => report::NOT_RECORDED,
    };
    let of = |r: &crate::engine::Expectation| {
        if flag == "team" {
            label(r.team)
        } else {
            label(r.worker)
        }
    };
    let want = name.trim();
    if !results
        .rows
        .iter()
        .any(|r| of(r).eq_ignore_ascii_case(want))
    {
        let mut known: Vec<&str> = results.rows.iter().map(of).collect();
        known.sort();
        known.dedup();
        let more = known.len().saturating_sub(30);
        let mut list = known
            .iter()
            .take(30)
            .map(|k| format!("'{k}'"))
            .collect::<Vec<_>>()
            .join(", ");
        if more > 0 {
            list.push_str(&format!(" and {more} more"));
        }
        return Err(AuditError::UnknownScope {
            flag,
            name: name.clone(),
            what,
            known: list,
        });
    }
    let keep: Vec<bool> = results
        .rows
        .iter()
        .map(|r| of(r).eq_ignore_ascii_case(want))
        .collect();
    let mut i = 0;
    results.rows.retain(|_| {
        i += 1;
        keep[i - 1]
    });
    Ok(())
}

/// Reads the training records (the export's and `--training` files') and adds the
/// training analysis to the report, with its warnings and data-quality findings.
fn add_training(
    report: &mut Report,
    config: &AuditConfig,
    pack: &Pack,
    loaded: &Loaded,
    options: &TrainingOptions,
) -> Result<(), AuditError> {
    let profile = match options.profile.as_deref().or(config.profile.as_deref()) {
        Some(p) if !options.files.is_empty() => Some(crate::profile::load_profile(p)?),
        _ => None,
    };
    let records = crate::training::records::gather(
        &loaded.dataset,
        &pack.catalogue,
        &pack.courses,
        &options.files,
        profile.as_ref(),
    )?;
    let training = crate::training::analyse(report, pack, &loaded.dataset, &records, options);
    report.warnings.extend(training.warnings());
    // Appended, not sorted in: exceptions point at findings by index.
    report.issues.extend(records.issues.iter().cloned());
    if !options.files.is_empty()
        && let Some(t) = report.tables.iter_mut().find(|t| t.table == "training")
    {
        let c = records.file_counts;
        t.read += c.read;
        t.used += c.used;
        t.rejected += c.rejected;
        t.skipped += c.skipped;
        t.blank += c.blank;
        t.sources.extend(records.file_sources.iter().cloned());
    }
    report.training = training;
    Ok(())
}

/// The inputs as the report names them: their paths, joined with " + ".
fn describe_inputs(inputs: &[std::path::PathBuf]) -> String {
    inputs
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(" + ")
}

/// The inputs by their file names only (the default: a path may name a person).
fn describe_inputs_short(inputs: &[std::path::PathBuf]) -> String {
    inputs
        .iter()
        .map(|p| {
            p.file_name()
                .map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into())
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

/// Names every file read relative to the folder of its input, in the findings, the
/// sources and the ignored inputs (`--full-paths` keeps them whole).
fn shorten_paths(loaded: &mut Loaded, inputs: &[std::path::PathBuf]) {
    let short = |f: &mut String| *f = crate::privacy::short_path(inputs, f);
    loaded.issues.iter_mut().for_each(|i| short(&mut i.file));
    loaded.sources.iter_mut().for_each(|s| short(&mut s.file));
    loaded
        .dataset
        .sources
        .iter_mut()
        .for_each(|s| short(&mut s.file));
    for ignored in &mut loaded.ignored {
        for input in inputs {
            if let Some(base) = input.parent().map(|p| p.display().to_string())
                && !base.is_empty()
                && ignored.starts_with(&base)
            {
                *ignored = ignored[base.len()..]
                    .trim_start_matches(['/', '\\'])
                    .to_string();
                break;
            }
        }
    }
}

fn console_summary(report: &Report, files: &[String], config: &AuditConfig) -> String {
    let mut s = String::new();
    let counted = report.rows.iter().filter(|r| r.counted).count();
    let _ = writeln!(
        s,
        "audited {} against {} ({} rules), period {} to {}, as at {} ({})",
        report.meta.input,
        report.meta.pack_id,
        report.rules.len(),
        report.meta.from,
        report.meta.to,
        report.meta.as_at,
        report.meta.as_at_source.describe()
    );
    let rejected: u64 = report.tables.iter().map(|t| t.rejected).sum();
    let read: u64 = report.tables.iter().map(|t| t.read).sum();
    let _ = writeln!(
        s,
        "rows: {read} read, {rejected} rejected; {} data-quality finding(s)",
        report.issues.len()
    );
    let _ = writeln!(
        s,
        "expectations: {counted} counted, {} exception(s), {} pending",
        report.exception_count(),
        report.pending().count()
    );
    let packs = files.iter().filter(|f| f.starts_with("packs/")).count();
    let top: Vec<&str> = files
        .iter()
        .filter(|f| !f.starts_with("packs/"))
        .map(|f| f.as_str())
        .collect();
    let _ = write!(s, "wrote {} to {}", top.join(", "), config.out.display());
    if packs > 0 {
        let _ = write!(s, " and {packs} pack files to packs/");
    }
    let _ = writeln!(s);
    s
}

/// Warnings a user should see: dates outside the bank-holiday table, rules the export
/// does not allow to be measured.
fn warnings(
    pack: &Pack,
    not_measured: &[Option<String>],
    loaded: &Loaded,
    cal: &Calendar,
    dates: &AuditDates,
) -> Vec<String> {
    let mut out = Vec::new();
    let years = cal.covered_years();
    let mut outside: Vec<i32> = [dates.from, dates.to, dates.as_at]
        .iter()
        .map(|d| d.year())
        .filter(|y| !years.contains(y))
        .collect();
    if let Some((lo, hi)) = loaded.dataset.date_range() {
        outside.extend(
            [lo.year(), hi.year()]
                .into_iter()
                .filter(|y| !years.contains(y)),
        );
    }
    outside.sort();
    outside.dedup();
    if !outside.is_empty() {
        out.push(format!(
            "dates in {} fall outside the bank-holiday table ({}–{}): only weekends and closure days are non-working there",
            outside.iter().map(|y| y.to_string()).collect::<Vec<_>>().join(", "),
            years.start(),
            years.end()
        ));
    }
    for (rule, why) in pack.rules.iter().zip(not_measured) {
        if let Some(why) = why {
            out.push(format!(
                "{} not measured: {why}; it reports no exceptions and no percentage",
                rule.id
            ));
        }
    }
    out
}

/// How far the as-at date may run past the export's latest record before the run warns.
const STALE_AS_AT_WORKING_DAYS: u32 = 20;

/// Warnings about the dates: an as-at date long after the export's latest record (the
/// time between shows as missed), an audit period with no record in it.
fn date_warnings(
    ds: &crate::model::Dataset,
    cal: &Calendar,
    dates: &AuditDates,
    today: chrono::NaiveDate,
) -> Vec<String> {
    let mut out = Vec::new();
    match ds.latest_date_upto(today.max(dates.as_at)) {
        Some(latest) => {
            let gap = if latest < dates.as_at {
                cal.working_days_between(latest, dates.as_at)
            } else {
                0
            };
            if gap > STALE_AS_AT_WORKING_DAYS {
                out.push(format!(
                    "the latest date recorded in the export is {latest}, {gap} working days before the as-at date {}: if the export was taken then, audit --as-at {latest}, or everything due since will show as missing",
                    dates.as_at
                ));
            }
        }
        None => out.push("the export records no dates at all".into()),
    }
    if !ds.has_date_within(dates.from, dates.to) {
        out.push(format!(
            "the audit period {} to {} holds no record of the export: check --from and --to",
            dates.from, dates.to
        ));
    }
    out
}

/// The `rules list` table.
pub fn list_rules(pack: &Pack) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{} — {} ({} rules, {} calendar)\n",
        pack.id,
        pack.title,
        pack.rules.len(),
        pack.region
    );
    let width = pack.rules.iter().map(|r| r.id.len()).max().unwrap_or(0);
    for r in &pack.rules {
        let _ = writeln!(s, "{:width$}  {:9}  {}", r.id, r.kind.name(), r.title);
        let _ = writeln!(s, "{:width$}  {:9}  {}", "", "", describe_timescale(r));
    }
    let _ = writeln!(
        s,
        "\n`caseaudit rules explain ID` tells what a rule checks, why, its standard and its courses."
    );
    s
}
