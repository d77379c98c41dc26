//! `report.html`: one self-contained page (inline CSS, a few lines of inline script,
//! nothing loaded from the network) for reading and printing: the run, the headline per
//! KPI family, the KPIs per rule (target, national comparators, rating) and per team
//! (ranked by % met), the trend by month (inline SVG charts), the change since the last
//! audit, the training needs, needs-analysis forms and impact (the partial
//! `templates/training.hbs`, viewed by [`super::training_html`]), each team's exceptions by worker (a supervision list,
//! sortable and filterable with script on, complete without), what falls due in the next
//! four weeks, and the data quality. The supervision packs (`--packs`) share its
//! templates.
//!
//! The page is rendered with handlebars from `templates/report.hbs` over a [`View`]
//! built here: all counting, sorting and capping happens in Rust, the template only lays
//! out. Handlebars escapes every `{{value}}`; the template never uses the unescaped form.
//! Long lists are capped (the page says so and by how much); the CSV files hold every row.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use chrono::{Days, NaiveDate};
use handlebars::Handlebars;
use rustc_hash::FxHashMap;
use serde::Serialize;

use super::digest::{self, Totals};
use super::rating::Rating;
use super::svg::{self, Chart};
use super::{
    Format, Kpi, NOT_RECORDED, Report, ResultRow, RuleInfo, Scope, Tally, Timings, WriteError,
    Written, changes, headline, ranking, trend,
};
use crate::engine::Status;
use crate::model::Sym;
use crate::quality::Action;

pub struct Html;

const TEMPLATE: &str = include_str!("templates/report.hbs");
/// The templates every page shares or the packs use, by name.
const PARTIALS: [(&str, &str); 6] = [
    ("pack", include_str!("templates/pack.hbs")),
    ("chart", include_str!("templates/chart.hbs")),
    ("trend", include_str!("templates/trend.hbs")),
    ("changes", include_str!("templates/changes.hbs")),
    ("script", include_str!("templates/script.hbs")),
    ("ratings", include_str!("templates/ratings.hbs")),
];

/// Exception rows listed per worker (the most urgent first).
const WORKER_ROWS: usize = 20;
/// Workers per team whose exceptions are listed row by row (most exceptions first).
const TEAM_WORKERS: usize = 25;
/// Workers per team in the team's table of counts (most exceptions first).
const ROSTER_WORKERS: usize = 150;
/// Pending expectations falling due within this many days of the as-at date are listed.
const PENDING_DAYS: u64 = 28;
/// Pending rows listed per team.
const PENDING_ROWS: usize = 100;
/// Teams per block of the team × rule matrix (so that it fits a printed page).
const MATRIX_TEAMS: usize = 8;
/// Teams shown in the matrix at most.
const MATRIX_MAX_TEAMS: usize = 64;
/// Data-quality groups (file, sheet, column) listed, and examples per group.
const QUALITY_GROUPS: usize = 200;
const QUALITY_EXAMPLES: usize = 3;

impl Format for Html {
    fn name(&self) -> &'static str {
        "html"
    }

    fn write(&self, report: &Report, _: &Timings, dir: &Path) -> Written {
        let path = dir.join("report.html");
        let file = File::create(&path).map_err(WriteError::io(&path))?;
        let mut w = BufWriter::with_capacity(1 << 16, file);
        render(report, &mut w)?;
        w.flush().map_err(WriteError::io(&path))?;
        Ok(vec!["report.html".into()])
    }
}

/// Renders the page for `report` into `w`.
pub fn render(report: &Report, w: impl Write) -> Result<(), WriteError> {
    handlebars()?.render_to_write("report", &view(report), w)?;
    Ok(())
}

/// The page's templates, registered: strict, every value escaped.
pub(super) fn handlebars() -> Result<Handlebars<'static>, WriteError> {
    let mut hb = Handlebars::new();
    hb.set_strict_mode(true);
    hb.register_escape_fn(handlebars::html_escape);
    hb.register_template_string("report", TEMPLATE)
        .map_err(Box::new)?;
    for (name, text) in PARTIALS {
        hb.register_template_string(name, text).map_err(Box::new)?;
    }
    hb.register_partial("training", super::training_html::TEMPLATE)
        .map_err(Box::new)?;
    Ok(hb)
}

/// A date as the page shows it: `9 Mar 2026`.
pub(super) fn day(d: NaiveDate) -> String {
    d.format("%-d %b %Y").to_string()
}

pub(super) fn opt_day(d: Option<NaiveDate>) -> String {
    d.map(day).unwrap_or_default()
}

/// A count as the page shows it, with thousands separators: `2,011,646`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Num(u64);

impl Num {
    fn of(n: impl TryInto<u64>) -> Num {
        Num(n.try_into().unwrap_or(u64::MAX))
    }

    /// `None` for zero, so that the template shows a "… more" line only when there are more.
    fn nonzero(n: impl TryInto<u64>) -> Option<Num> {
        Some(Num::of(n)).filter(|n| n.0 > 0)
    }
}

impl Serialize for Num {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&grouped(self.0))
    }
}

fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[derive(Serialize)]
struct Bar {
    /// Percent met to one place (`66.7`), also the bar's width in percent.
    pct: String,
    /// The rating's name (`green`, `too_few`, …), for the colour.
    band: &'static str,
    /// The rating in words.
    label: &'static str,
}

fn bar(met: u64, due: u64, rating: Rating) -> Option<Bar> {
    digest::percent_tenths(met, due).map(|t| Bar {
        pct: digest::tenths_text(t),
        band: rating.as_str(),
        label: rating.label(),
    })
}

#[derive(Serialize)]
struct View {
    title: String,
    run: RunView,
    totals: TotalsView,
    families: Vec<FamilyView>,
    min_due: u64,
    default_target: bool,
    files: FilesView,
    charts: Option<ChartsView>,
    changes: Option<ChangesView>,
    rules: Vec<RuleRow>,
    teams: Vec<TeamRow>,
    matrix: Vec<MatrixBlock>,
    matrix_hidden_teams: Option<Num>,
    training: super::training_html::TrainingView,
    exceptions: ExceptionsView,
    pending: PendingView,
    quality: QualityView,
    warnings: Vec<String>,
    caps: Caps,
}

#[derive(Serialize)]
struct RunView {
    pack: String,
    pack_id: String,
    region: String,
    from: String,
    to: String,
    as_at: String,
    input: String,
    profile: String,
    tool: String,
}

#[derive(Serialize)]
struct TotalsView {
    due: Num,
    met: Num,
    late: Num,
    missing: Num,
    exceptions: Num,
    /// Exceptions that rest on a cell the export could not read.
    on_unreadable_cells: Num,
    pending: Num,
    /// Rules the export does not allow to be measured, and their counted expectations.
    rules_not_measured: Num,
    not_measured: Num,
    findings: Num,
    rows_read: Num,
    rows_rejected: Num,
}

#[derive(Serialize)]
struct RuleRow {
    id: String,
    title: String,
    /// The KPI the rule measures, in the standards' own words (or marked derived).
    kpi: Option<String>,
    timescale: String,
    standard: String,
    due: Num,
    met: Num,
    late: Num,
    missing: Num,
    bar: Option<Bar>,
    /// Why the rule is not measured on this export (no percentage is shown).
    not_measured: Option<String>,
    target: String,
    target_from: &'static str,
    family: String,
    comparators: Vec<ComparatorView>,
}

#[derive(Serialize)]
struct ComparatorView {
    label: String,
    period: String,
    pct: String,
    source: String,
    verified: bool,
}

#[derive(Serialize)]
struct FamilyView {
    family: String,
    due: Num,
    met: Num,
    late: Num,
    missing: Num,
    bar: Option<Bar>,
    target: String,
    rules: String,
    not_measured: String,
}

/// Which files this run wrote, so that the page points only to those.
#[derive(Serialize)]
struct FilesView {
    csv: bool,
    xlsx: bool,
    /// Where every exception, pending line, KPI and finding can be read (empty: nowhere
    /// else this run).
    exceptions: String,
    pending: String,
    kpis: String,
    quality: String,
    packs: Option<&'static str>,
}

#[derive(Serialize)]
struct ChartsView {
    rules: Vec<Chart>,
    teams: Vec<Chart>,
    teams_more: Option<Num>,
    months: usize,
}

#[derive(Serialize)]
struct ChangesView {
    dir: String,
    as_at: String,
    new: Num,
    resolved: Num,
    unchanged: Num,
    worse: Num,
    gone: Num,
    rules: Vec<DeltaRow>,
    teams: Vec<DeltaRow>,
    teams_more: Option<Num>,
}

#[derive(Serialize)]
struct DeltaRow {
    rule_id: String,
    team: String,
    before: String,
    now: String,
    delta: String,
    direction: &'static str,
}

#[derive(Serialize)]
struct TeamRow {
    team: String,
    rank: usize,
    exceptions: Num,
    due: Num,
    met: Num,
    late: Num,
    missing: Num,
    bar: Option<Bar>,
}

#[derive(Serialize)]
struct MatrixBlock {
    teams: Vec<String>,
    rows: Vec<MatrixRow>,
}

#[derive(Serialize)]
struct MatrixRow {
    rule_id: String,
    rule_title: String,
    cells: Vec<Cell>,
}

#[derive(Serialize)]
struct Cell {
    text: String,
    band: &'static str,
    /// `8/12`: met of due, printed under the percentage.
    counts: String,
    /// `8 of 12 met`, shown on hover.
    detail: String,
}

#[derive(Serialize)]
struct ExceptionsView {
    total: Num,
    listed: Num,
    teams: Vec<TeamExceptions>,
}

#[derive(Serialize)]
struct TeamExceptions {
    team: String,
    exceptions: Num,
    missing: Num,
    late: Num,
    workers_total: Num,
    /// Every worker's counts (up to [`ROSTER_WORKERS`]).
    roster: Vec<WorkerCount>,
    roster_more: Option<Num>,
    roster_more_exceptions: Num,
    /// The workers whose exceptions are listed.
    workers: Vec<WorkerExceptions>,
    unlisted_workers: Option<Num>,
}

#[derive(Serialize)]
struct WorkerExceptions {
    worker: String,
    team: String,
    exceptions: Num,
    missing: Num,
    late: Num,
    rows: Vec<ExceptionRow>,
    more: Option<Num>,
}

#[derive(Serialize)]
struct WorkerCount {
    worker: String,
    exceptions: Num,
    missing: Num,
    late: Num,
    due: Num,
    bar: Option<Bar>,
}

#[derive(Serialize)]
struct ExceptionRow {
    child: String,
    rule_id: String,
    rule_title: String,
    due: String,
    event: String,
    status: &'static str,
    days_late: u32,
    source: String,
    /// The unreadable cell the exception rests on, if any.
    finding: String,
    /// The dates as ISO text, for sorting.
    due_iso: String,
    event_iso: String,
}

#[derive(Serialize)]
struct PendingView {
    total: Num,
    horizon: String,
    due_soon: Num,
    teams: Vec<PendingTeam>,
}

#[derive(Serialize)]
struct PendingTeam {
    team: String,
    count: Num,
    rows: Vec<PendingRow>,
    more: Option<Num>,
}

#[derive(Serialize)]
struct PendingRow {
    due: String,
    child: String,
    rule_id: String,
    rule_title: String,
    worker: String,
    episode_type: String,
    start: String,
}

#[derive(Serialize)]
struct QualityView {
    total: Num,
    rejected: Num,
    ignored: Num,
    warnings: Num,
    groups: Vec<QualityGroup>,
    groups_more: Option<Num>,
    tables: Vec<TableRow>,
    ignored_inputs: Vec<String>,
}

#[derive(Serialize)]
struct QualityGroup {
    file: String,
    sheet: String,
    column: String,
    count: Num,
    rejected: Num,
    ignored: Num,
    warnings: Num,
    examples: Vec<QualityExample>,
}

#[derive(Serialize)]
struct QualityExample {
    row: u32,
    value: String,
    reason: String,
}

#[derive(Serialize)]
struct TableRow {
    table: &'static str,
    read: Num,
    used: Num,
    rejected: Num,
    skipped: Num,
    blank: Num,
    sources: String,
}

/// The caps, as the page states them.
#[derive(Serialize)]
struct Caps {
    worker_rows: usize,
    team_workers: usize,
    roster_workers: usize,
    pending_days: u64,
    pending_rows: usize,
    quality_examples: usize,
}

fn view(report: &Report) -> View {
    let m = &report.meta;
    let totals = Totals::of(report);
    let rules_by_id: FxHashMap<&str, &RuleInfo> =
        report.rules.iter().map(|r| (r.id.as_str(), r)).collect();
    let all: Vec<&Kpi> = report
        .kpis
        .iter()
        .filter(|k| k.scope == Scope::All)
        .collect();
    let rules = all
        .iter()
        .map(|k| {
            let info = rules_by_id[k.rule_id.as_str()];
            RuleRow {
                id: info.id.clone(),
                title: info.title.clone(),
                kpi: info.kpi.clone(),
                timescale: info.timescale.clone(),
                standard: info.standard_cited.clone(),
                due: Num::of(k.due),
                met: Num::of(k.met),
                late: Num::of(k.late),
                missing: Num::of(k.missing),
                bar: bar(k.met, k.due, report.rating(k)).filter(|_| k.not_measured.is_none()),
                not_measured: k.not_measured.clone(),
                target: digest::tenths_text(info.target_tenths),
                target_from: info.target_from.describe(),
                family: info.family.clone(),
                comparators: info
                    .comparators
                    .iter()
                    .map(|c| ComparatorView {
                        label: c.label.clone(),
                        period: c.period.clone(),
                        pct: format!("{:.1}", c.percent),
                        source: c.source.clone(),
                        verified: c.verified,
                    })
                    .collect(),
            }
        })
        .collect();
    let (teams, matrix, matrix_hidden_teams) = team_kpis(report, &all);
    View {
        title: match (&report.settings.team, &report.settings.worker) {
            (Some(t), _) => format!("Case audit: {} — team {t}", m.pack_title),
            (None, Some(w)) => format!("Case audit: {} — worker {w}", m.pack_title),
            (None, None) => format!("Case audit: {}", m.pack_title),
        },
        run: RunView {
            pack: m.pack_title.clone(),
            pack_id: m.pack_id.clone(),
            region: m.region.clone(),
            from: day(m.from),
            to: day(m.to),
            as_at: day(m.as_at),
            input: m.input.clone(),
            profile: m
                .profile
                .clone()
                .unwrap_or_else(|| "none (native export)".into()),
            tool: m.tool.clone(),
        },
        totals: TotalsView {
            due: Num::of(totals.due),
            met: Num::of(totals.met),
            late: Num::of(totals.late),
            missing: Num::of(totals.missing),
            exceptions: Num::of(totals.exceptions()),
            on_unreadable_cells: Num::of(totals.on_unreadable_cells),
            pending: Num::of(totals.pending),
            rules_not_measured: Num::of(
                report
                    .rules
                    .iter()
                    .filter(|r| r.not_measured.is_some())
                    .count(),
            ),
            not_measured: Num::of(totals.not_measured),
            findings: Num::of(report.issues.len()),
            rows_read: Num::of(report.tables.iter().map(|t| t.read).sum::<u64>()),
            rows_rejected: Num::of(report.tables.iter().map(|t| t.rejected).sum::<u64>()),
        },
        families: headline::families(report)
            .into_iter()
            .map(|f| FamilyView {
                due: Num::of(f.tally.due),
                met: Num::of(f.tally.met),
                late: Num::of(f.tally.late),
                missing: Num::of(f.tally.missing),
                bar: bar(f.tally.met, f.tally.due, f.rating),
                target: digest::tenths_text(f.target_tenths),
                rules: f.rules.join(", "),
                not_measured: f.not_measured.join(", "),
                family: f.family,
            })
            .collect(),
        min_due: report.settings.min_due,
        default_target: report
            .rules
            .iter()
            .any(|r| r.target_from == super::rating::TargetFrom::Default),
        files: FilesView {
            csv: report.settings.writes("csv"),
            xlsx: report.settings.writes("xlsx"),
            exceptions: report.full_list("exceptions.csv", "Exceptions"),
            pending: report.full_list("pending.csv", "Pending"),
            kpis: report.full_list("kpis.csv", "KPIs"),
            quality: report.full_list("data_quality.csv", "Data quality"),
            packs: report.settings.packs.map(|p| match p {
                super::PackScope::Team => "one per team",
                super::PackScope::Worker => "one per worker",
            }),
        },
        charts: charts(report),
        changes: report.previous.as_ref().map(|p| changes_view(report, p)),
        rules,
        teams,
        matrix,
        matrix_hidden_teams: Num::nonzero(matrix_hidden_teams),
        training: super::training_html::view(report),
        exceptions: exceptions(report),
        pending: pending(report),
        quality: quality(report),
        warnings: report.warnings.clone(),
        caps: Caps {
            worker_rows: WORKER_ROWS,
            team_workers: TEAM_WORKERS,
            roster_workers: ROSTER_WORKERS,
            pending_days: PENDING_DAYS,
            pending_rows: PENDING_ROWS,
            quality_examples: QUALITY_EXAMPLES,
        },
    }
}

/// Team labels in order: by name, "(not recorded)" last.
fn team_order(a: &str, b: &str) -> std::cmp::Ordering {
    (a == NOT_RECORDED, a).cmp(&(b == NOT_RECORDED, b))
}

/// Per team: totals over the rules, and the team × rule matrix of % met.
fn team_kpis(report: &Report, all: &[&Kpi]) -> (Vec<TeamRow>, Vec<MatrixBlock>, usize) {
    let mut cells: FxHashMap<(&str, &str), &Kpi> = FxHashMap::default();
    let mut sums: BTreeMap<&str, Tally> = BTreeMap::new();
    for k in report.kpis.iter().filter(|k| k.scope == Scope::Team) {
        cells.insert((k.rule_id.as_str(), k.scope_value.as_str()), k);
        let s = sums.entry(k.scope_value.as_str()).or_default();
        if k.not_measured.is_none() {
            *s += Tally::of_kpi(k); // a rule not measured is left out of every total
        }
    }
    let mut names: Vec<&str> = sums.keys().copied().collect();
    names.sort_by(|a, b| team_order(a, b));
    // Teams ranked by % met against their rules' targets, not by caseload.
    let rows = ranking::teams(report)
        .into_iter()
        .enumerate()
        .map(|(i, s)| TeamRow {
            rank: i + 1,
            exceptions: Num::of(s.exceptions()),
            due: Num::of(s.tally.due),
            met: Num::of(s.tally.met),
            late: Num::of(s.tally.late),
            missing: Num::of(s.tally.missing),
            bar: bar(s.tally.met, s.tally.due, s.rating),
            team: s.team,
        })
        .collect();
    let hidden = names.len().saturating_sub(MATRIX_MAX_TEAMS);
    let shown = &names[..names.len() - hidden];
    let cell = |k: Option<&&Kpi>| match k
        .and_then(|k| bar(k.met, k.due, report.rating(k)).map(|b| (k, b)))
    {
        Some((k, _)) if k.not_measured.is_some() => Cell {
            text: "n/m".into(),
            band: "none",
            counts: String::new(),
            detail: format!("not measured: {} due", k.due),
        },
        Some((k, b)) => Cell {
            text: b.pct,
            band: b.band,
            counts: format!("{}/{}", k.met, k.due),
            detail: format!("{} of {} met: {}", k.met, k.due, b.label),
        },
        None => Cell {
            text: "–".into(),
            band: "none",
            counts: String::new(),
            detail: "nothing due".into(),
        },
    };
    let blocks = shown
        .chunks(MATRIX_TEAMS)
        .map(|teams| MatrixBlock {
            teams: teams.iter().map(|t| t.to_string()).collect(),
            rows: all
                .iter()
                .map(|a| MatrixRow {
                    rule_id: a.rule_id.clone(),
                    rule_title: report
                        .rules
                        .iter()
                        .find(|r| r.id == a.rule_id)
                        .map(|r| r.title.clone())
                        .unwrap_or_default(),
                    cells: std::iter::once(cell(Some(a)))
                        .chain(
                            teams
                                .iter()
                                .map(|t| cell(cells.get(&(a.rule_id.as_str(), *t)))),
                        )
                        .collect(),
                })
                .collect(),
        })
        .collect();
    (rows, blocks, hidden)
}

fn norm(report: &Report, s: Option<Sym>) -> Option<Sym> {
    s.filter(|_| !report.text(s).is_empty())
}

fn source(r: &ResultRow) -> String {
    format!("{} row {}", r.source_table.name(), r.source.row)
}

fn child(report: &Report, r: &ResultRow) -> String {
    match report.child_id(r) {
        "" => "—".into(),
        c => c.to_string(),
    }
}

/// A worker's name and exceptions.
type WorkerRows<'a> = (&'a str, Vec<&'a ResultRow>);

/// Each team's exceptions, by worker: the workers with most exceptions first, each
/// worker's missing ones first (still outstanding), then the most working days late.
fn exceptions(report: &Report) -> ExceptionsView {
    let mut groups: FxHashMap<(Option<Sym>, Option<Sym>), Vec<&ResultRow>> = FxHashMap::default();
    let mut total = 0;
    for r in report.exceptions() {
        total += 1;
        groups
            .entry((norm(report, r.team), norm(report, r.worker)))
            .or_default()
            .push(r);
    }
    let mut teams: BTreeMap<&str, Vec<(&str, Vec<&ResultRow>)>> = BTreeMap::new();
    for ((team, worker), rows) in groups {
        teams
            .entry(report.label(team))
            .or_default()
            .push((report.label(worker), rows));
    }
    let mut teams: Vec<(&str, Vec<WorkerRows>)> = teams.into_iter().collect();
    teams.sort_by(|a, b| team_order(a.0, b.0));
    let missing = |rows: &[&ResultRow]| rows.iter().filter(|r| r.status == Status::Missing).count();
    // Each worker's standing within the team: the roster and the lists follow it.
    let ranked = ranking::workers(report);
    let standings: FxHashMap<(String, String), &ranking::Standing> = ranked
        .iter()
        .map(|s| ((s.team.clone(), s.worker.clone()), s))
        .collect();
    let rank: FxHashMap<(String, String), usize> = ranked
        .iter()
        .enumerate()
        .map(|(i, s)| ((s.team.clone(), s.worker.clone()), i))
        .collect();
    let mut listed = 0;
    let teams = teams
        .into_iter()
        .map(|(team, mut workers)| {
            let place = |w: &str| {
                rank.get(&(team.to_string(), w.to_string()))
                    .copied()
                    .unwrap_or(usize::MAX)
            };
            workers.sort_by(|a, b| place(a.0).cmp(&place(b.0)).then_with(|| a.0.cmp(b.0)));
            let exceptions: usize = workers.iter().map(|w| w.1.len()).sum();
            let team_missing: usize = workers.iter().map(|w| missing(&w.1)).sum();
            let workers_total = workers.len();
            let roster = workers
                .iter()
                .take(ROSTER_WORKERS)
                .map(|(worker, rows)| {
                    let m = missing(rows);
                    let s = standings.get(&(team.to_string(), worker.to_string()));
                    WorkerCount {
                        worker: worker.to_string(),
                        exceptions: Num::of(rows.len()),
                        missing: Num::of(m),
                        late: Num::of(rows.len() - m),
                        due: Num::of(s.map_or(0, |s| s.tally.due)),
                        bar: s.and_then(|s| bar(s.tally.met, s.tally.due, s.rating)),
                    }
                })
                .collect();
            let roster_more = workers_total.saturating_sub(ROSTER_WORKERS);
            let roster_more_exceptions = workers
                .iter()
                .skip(ROSTER_WORKERS)
                .map(|w| w.1.len())
                .sum::<usize>();
            workers.truncate(TEAM_WORKERS);
            let listed_workers = workers
                .into_iter()
                .map(|(worker, mut rows)| {
                    rows.sort_by(|a, b| super::packs::urgency(report, a, b));
                    let n = rows.len();
                    let m = missing(&rows);
                    let shown: Vec<ExceptionRow> = rows
                        .iter()
                        .take(WORKER_ROWS)
                        .map(|r| {
                            let rule = &report.rules[r.rule as usize];
                            ExceptionRow {
                                child: child(report, r),
                                rule_id: rule.id.clone(),
                                rule_title: rule.title.clone(),
                                due: day(r.due_date),
                                event: opt_day(r.event_date),
                                due_iso: r.due_date.to_string(),
                                event_iso: r.event_date.map(|d| d.to_string()).unwrap_or_default(),
                                status: r.status.as_str(),
                                days_late: r.working_days_late,
                                source: source(r),
                                finding: report.finding_text(r),
                            }
                        })
                        .collect();
                    listed += shown.len();
                    WorkerExceptions {
                        worker: worker.to_string(),
                        team: team.to_string(),
                        exceptions: Num::of(n),
                        missing: Num::of(m),
                        late: Num::of(n - m),
                        more: Num::nonzero(n - shown.len()),
                        rows: shown,
                    }
                })
                .collect();
            TeamExceptions {
                team: team.to_string(),
                exceptions: Num::of(exceptions),
                missing: Num::of(team_missing),
                late: Num::of(exceptions - team_missing),
                workers_total: Num::of(workers_total),
                roster,
                roster_more: Num::nonzero(roster_more),
                roster_more_exceptions: Num::of(roster_more_exceptions),
                workers: listed_workers,
                unlisted_workers: Num::nonzero(workers_total.saturating_sub(TEAM_WORKERS)),
            }
        })
        .collect();
    ExceptionsView {
        total: Num::of(total),
        listed: Num::of(listed),
        teams,
    }
}

/// Pending expectations falling due within four weeks of the as-at date, by team, the
/// soonest first.
fn pending(report: &Report) -> PendingView {
    let as_at = report.meta.as_at;
    let horizon = as_at
        .checked_add_days(Days::new(PENDING_DAYS))
        .unwrap_or(as_at);
    let mut total = 0;
    let mut teams: BTreeMap<&str, Vec<&ResultRow>> = BTreeMap::new();
    for r in report.pending() {
        total += 1;
        if r.due_date <= horizon {
            teams
                .entry(report.label(norm(report, r.team)))
                .or_default()
                .push(r);
        }
    }
    let mut teams: Vec<(&str, Vec<&ResultRow>)> = teams.into_iter().collect();
    teams.sort_by(|a, b| team_order(a.0, b.0));
    let due_soon = teams.iter().map(|t| t.1.len()).sum::<usize>();
    let teams = teams
        .into_iter()
        .map(|(team, mut rows)| {
            rows.sort_by(|a, b| {
                a.due_date
                    .cmp(&b.due_date)
                    .then_with(|| report.label(a.worker).cmp(report.label(b.worker)))
                    .then_with(|| report.child_id(a).cmp(report.child_id(b)))
                    .then_with(|| report.rule_id(a).cmp(report.rule_id(b)))
            });
            let count = rows.len();
            let rows: Vec<PendingRow> = rows
                .iter()
                .take(PENDING_ROWS)
                .map(|r| {
                    let rule = &report.rules[r.rule as usize];
                    PendingRow {
                        due: day(r.due_date),
                        child: child(report, r),
                        rule_id: rule.id.clone(),
                        rule_title: rule.title.clone(),
                        worker: report.label(norm(report, r.worker)).to_string(),
                        episode_type: report.text(r.episode_type).to_string(),
                        start: day(r.start_date),
                    }
                })
                .collect();
            PendingTeam {
                team: team.to_string(),
                count: Num::of(count),
                more: Num::nonzero(count - rows.len()),
                rows,
            }
        })
        .collect();
    PendingView {
        total: Num::of(total),
        horizon: day(horizon),
        due_soon: Num::of(due_soon),
        teams,
    }
}

/// Data-quality findings counted by file, sheet and column, with the first examples;
/// the row accounting per table.
fn quality(report: &Report) -> QualityView {
    let mut groups: BTreeMap<(&str, &str, &str), QualityGroup> = BTreeMap::new();
    let (mut rejected, mut ignored, mut warnings) = (0, 0, 0);
    for i in &report.issues {
        let g = groups
            .entry((i.file.as_str(), i.sheet.as_str(), i.column.as_str()))
            .or_insert_with(|| QualityGroup {
                file: i.file.clone(),
                sheet: i.sheet.clone(),
                column: if i.column.is_empty() {
                    "(whole row)".into()
                } else {
                    i.column.clone()
                },
                count: Num::of(0),
                rejected: Num::of(0),
                ignored: Num::of(0),
                warnings: Num::of(0),
                examples: Vec::new(),
            });
        g.count.0 += 1;
        match i.action {
            Action::RowRejected => {
                g.rejected.0 += 1;
                rejected += 1;
            }
            Action::ValueIgnored => {
                g.ignored.0 += 1;
                ignored += 1;
            }
            Action::Warning => {
                g.warnings.0 += 1;
                warnings += 1;
            }
        }
        // Keep the lowest rows as the examples.
        let example = QualityExample {
            row: i.row,
            value: i.value.clone(),
            reason: i.reason.clone(),
        };
        let pos = g.examples.partition_point(|e| e.row <= i.row);
        if pos < QUALITY_EXAMPLES {
            g.examples.insert(pos, example);
            g.examples.truncate(QUALITY_EXAMPLES);
        }
    }
    let groups_more = groups.len().saturating_sub(QUALITY_GROUPS);
    QualityView {
        total: Num::of(report.issues.len()),
        rejected: Num::of(rejected),
        ignored: Num::of(ignored),
        warnings: Num::of(warnings),
        groups: groups.into_values().take(QUALITY_GROUPS).collect(),
        groups_more: Num::nonzero(groups_more),
        tables: report
            .tables
            .iter()
            .map(|t| TableRow {
                table: t.table,
                read: Num::of(t.read),
                used: Num::of(t.used),
                rejected: Num::of(t.rejected),
                skipped: Num::of(t.skipped),
                blank: Num::of(t.blank),
                sources: t.sources.join("; "),
            })
            .collect(),
        ignored_inputs: report.ignored_inputs.clone(),
    }
}

/// Teams with a chart of their own, at most.
const CHART_TEAMS: usize = 40;

/// A chart per measured rule (the whole authority) and per team (every measured rule
/// summed), month by month; none when the period is a single month.
fn charts(report: &Report) -> Option<ChartsView> {
    let months = trend::months(report.meta.from, report.meta.to, &report.rows);
    if months.len() < 2 {
        return None;
    }
    let min_due = report.settings.min_due;
    let rules = report
        .kpis
        .iter()
        .filter(|k| k.scope == Scope::All && k.not_measured.is_none() && k.due > 0)
        .filter_map(|k| {
            let i = report.rules.iter().position(|r| r.id == k.rule_id)?;
            let info = &report.rules[i];
            let series = trend::series(&report.by_month, Some(i as u16), Scope::All, "");
            Some(svg::chart(
                &format!("{} — {}", info.id, info.title),
                &series,
                Some(info.target_tenths),
                min_due,
            ))
        })
        .collect();
    let teams: Vec<ranking::Standing> = ranking::teams(report);
    let mut names: Vec<String> = teams.into_iter().map(|s| s.team).collect();
    names.sort_by(|a, b| team_order(a, b));
    let more = names.len().saturating_sub(CHART_TEAMS);
    let teams = names
        .iter()
        .take(CHART_TEAMS)
        .map(|t| {
            let series = trend::series(&report.by_month, None, Scope::Team, t);
            svg::chart(
                &format!("{t} — every measured rule"),
                &series,
                None,
                min_due,
            )
        })
        .collect();
    Some(ChartsView {
        rules,
        teams,
        teams_more: Num::nonzero(more),
        months: months.len(),
    })
}

/// Percentage points with a sign: `+4.2`, `−1.0`, `0.0`.
fn points(tenths: i64) -> String {
    let sign = match tenths {
        0 => "",
        t if t > 0 => "+",
        _ => "−",
    };
    format!("{sign}{}", digest::tenths_text(tenths.unsigned_abs()))
}

/// Delta lines listed per team, at most.
const DELTA_TEAM_ROWS: usize = 400;

fn changes_view(report: &Report, p: &changes::Previous) -> ChangesView {
    use changes::Change;
    let pct = |v: Option<(u64, u64)>| match v {
        Some((met, due)) => match digest::percent_tenths(met, due) {
            Some(t) => format!("{}% of {}", digest::tenths_text(t), grouped(due)),
            None => "nothing due".into(),
        },
        None => "—".into(),
    };
    let row = |d: &changes::Delta| DeltaRow {
        rule_id: d.rule_id.clone(),
        team: d.scope_value.clone(),
        before: pct(d.before),
        now: pct(d.now),
        delta: d.tenths().map(points).unwrap_or_default(),
        direction: match d.tenths() {
            Some(t) if t > 0 => "up",
            Some(t) if t < 0 => "down",
            _ => "same",
        },
    };
    let deltas = changes::deltas(report, p);
    let rules = deltas
        .iter()
        .filter(|d| d.scope == Scope::All)
        .map(row)
        .collect();
    let mut teams: Vec<&changes::Delta> = deltas
        .iter()
        .filter(|d| d.scope == Scope::Team && d.tenths().is_some_and(|t| t != 0))
        .collect();
    teams.sort_by(|a, b| {
        team_order(&a.scope_value, &b.scope_value).then_with(|| a.rule_id.cmp(&b.rule_id))
    });
    let more = teams.len().saturating_sub(DELTA_TEAM_ROWS);
    ChangesView {
        dir: p.dir.clone(),
        as_at: p.as_at.map(day).unwrap_or_else(|| "not known".into()),
        new: Num::of(p.count(Change::New)),
        resolved: Num::of(p.count(Change::Resolved)),
        unchanged: Num::of(p.count(Change::Unchanged)),
        worse: Num::of(p.count(Change::Worse)),
        gone: Num::of(p.count(Change::Gone)),
        rules,
        teams: teams.into_iter().take(DELTA_TEAM_ROWS).map(row).collect(),
        teams_more: Num::nonzero(more),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testutil::{TEAM_A, tiny_report};
    use super::*;

    fn html(report: &Report) -> String {
        let mut out = Vec::new();
        render(report, &mut out).unwrap();
        String::from_utf8(out).unwrap()
    }

    /// The text from `marker` to the end of the element row or section it opens.
    fn after<'a>(html: &'a str, marker: &str, end: &str) -> &'a str {
        let at = html
            .find(marker)
            .unwrap_or_else(|| panic!("no {marker} in the page"));
        let rest = &html[at..];
        &rest[..rest.find(end).unwrap_or(rest.len())]
    }

    #[test]
    fn the_page_has_a_kpi_row_for_every_rule() {
        let (_dir, report) = tiny_report();
        let page = html(&report);
        let mut with_due = 0;
        for k in report.kpis.iter().filter(|k| k.scope == Scope::All) {
            let row = after(&page, &format!("<tr id=\"kpi-{}\">", k.rule_id), "</tr>");
            let cells: Vec<&str> = row
                .split("<td class=\"num\">")
                .skip(1)
                .map(|c| &c[..c.find('<').unwrap()])
                .collect();
            let expected = [k.due, k.met, k.late, k.missing].map(grouped);
            assert_eq!(cells[..4], expected, "{}", k.rule_id);
            let pct = k.percent_met();
            if let Some(why) = &k.not_measured {
                assert!(
                    row.contains("not measured") && row.contains(why.as_str()),
                    "{row}"
                );
                let pct_cell = after(row, "<td class=\"pct\">", "</td>");
                assert!(
                    !pct_cell.contains('%') && !row.contains("%</td>"),
                    "a rule not measured has no percentage: {row}"
                );
            } else if k.due > 0 {
                with_due += 1;
                assert!(row.contains(&format!("{pct}%")), "{row}");
                assert!(row.contains(&format!("style=\"width: {pct}%\"")), "{row}");
            }
        }
        assert!(with_due >= 5, "the tiny export should give several KPIs");
    }

    #[test]
    fn the_training_sections_show_the_ranked_courses_and_every_need() {
        let (_dir, report) = tiny_report();
        let page = html(&report);
        let t = &report.training;
        for section in ["id=\"training\"", "id=\"tna\"", "id=\"impact\""] {
            assert!(page.contains(section), "{section}");
        }
        for r in &t.ranking {
            let row = after(&page, &format!("id=\"course-{}\"", r.course_id), "</tr>");
            assert!(
                row.contains(&format!(
                    "<strong class=\"need-count\">{}</strong>",
                    r.staff
                )),
                "{row}"
            );
        }
        assert_eq!(
            page.matches("<tr class=\"need ").count(),
            t.needs.len(),
            "every need row of the tiny export is listed"
        );
        assert_eq!(
            page.matches("<section class=\"tna\">").count(),
            t.forms.len()
        );
    }

    #[test]
    fn data_is_escaped_and_nothing_loads_from_the_network() {
        let (_dir, report) = tiny_report();
        assert!(report.exceptions().any(|r| report.text(r.team) == TEAM_A));
        let page = html(&report);
        assert!(page.contains("&lt;Team &amp; &quot;A&quot;&gt;"));
        assert!(!page.contains(TEAM_A));
        assert!(!page.contains("<Team"));
        for banned in [
            "http://",
            "https://",
            "<script src",
            "<link",
            "@import",
            "url(",
            "fetch(",
            "XMLHttpRequest",
        ] {
            assert!(!page.contains(banned), "the page contains {banned}");
        }
        // One inline script (sorting and filtering), and the page complete without it.
        assert_eq!(page.matches("<script>").count(), 1);
        let without: String = page[..page.find("<script>").unwrap()].to_string();
        assert!(without.contains("</footer>"));
        assert!(!TEMPLATE.contains("{{{"), "the template must not unescape");
    }

    #[test]
    fn the_page_lists_exceptions_pending_and_data_quality() {
        let (_dir, report) = tiny_report();
        let page = html(&report);
        // Every exception is listed, up to WORKER_ROWS per worker.
        let listed = page.matches("<tr class=\"exception ").count();
        let mut per_worker: BTreeMap<(&str, &str), usize> = BTreeMap::new();
        for x in report.exceptions() {
            *per_worker
                .entry((report.label(x.team), report.label(x.worker)))
                .or_default() += 1;
        }
        let shown: usize = per_worker.values().map(|&n| n.min(WORKER_ROWS)).sum();
        assert_eq!(listed, shown);
        // The unreadable recorded date, in the data quality and on the exception it causes.
        assert!(page.contains("31/02/2026"));
        let on_cells = report.exceptions().filter(|x| x.finding.is_some()).count();
        assert!(
            on_cells > 0,
            "the tiny export has an exception on an unreadable cell"
        );
        assert_eq!(
            page.matches("rests on an unreadable cell").count(),
            on_cells
        );
        assert!(page.contains(&format!("of which {on_cells} rest on unreadable cells")));
        assert!(page.contains("recorded_date"));
        // Pending rows due within four weeks of the as-at date (30 June 2026).
        let horizon = NaiveDate::from_ymd_opt(2026, 7, 28).unwrap();
        let soon = report.pending().filter(|r| r.due_date <= horizon).count();
        assert!(
            soon >= 2 && soon < report.pending().count(),
            "the export has pending rows due later too"
        );
        assert_eq!(page.matches("<tr class=\"pending-row\">").count(), soon);
        assert!(
            !page.contains("20 Sep 2026"),
            "CLA-HEALTH falls due after the four weeks"
        );
        // No clock time: rendering twice gives the same page.
        assert_eq!(page, html(&report));
        assert!(page.contains("30 Jun 2026"));
    }

    #[test]
    fn counts_have_thousands_separators() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1000), "1,000");
        assert_eq!(grouped(2011646), "2,011,646");
        assert_eq!(Num::nonzero(0usize), None);
    }

    #[test]
    fn long_lists_are_capped_and_say_so() {
        let (_dir, mut report) = tiny_report();
        // One worker with many exceptions: copy an exception many times.
        let x = *report.exceptions().next().unwrap();
        report.rows.extend(std::iter::repeat_n(x, WORKER_ROWS * 3));
        let v = exceptions(&report);
        let w = v
            .teams
            .iter()
            .flat_map(|t| &t.workers)
            .find(|w| w.rows.len() == WORKER_ROWS)
            .expect("a capped worker");
        let more = w.exceptions.0 - WORKER_ROWS as u64;
        assert_eq!(w.more, Some(Num(more)));
        let page = html(&report);
        assert!(page.contains(&format!("{more} more exceptions for")));
    }
}
