//! `caseaudit-sample`: a synthetic export to demonstrate, test and benchmark the audit
//! without touching anyone's real records.
//!
//! Case records are among the most sensitive personal data there is, so the
//! project never ships or needs real ones. This crate invents them instead:
//! children (`C000123`), workers with made-up names, six teams, and two years
//! of journeys through Early Help, Child in Need, Section 47 enquiries, Child
//! Protection, Children in Care, Care Leavers and Youth Offending, with the
//! visits, assessments, conferences, reviews, health assessments, PEPs,
//! contacts, allocations, supervision and training records the Middlesbrough
//! practice standards are audited against (contract §1, rules in §3/§5), and,
//! beyond the contract's list, looked-after children's placements and the times
//! children went missing (`care.rs`).
//!
//! The data is made to be *believable*: roughly 80–85% of expected events on
//! time, 8–12% a few days late and 3–6% missing, with diligent and struggling
//! workers (who also differ in the training they have done); events fall on
//! due dates, across Christmas, Easter and the May bank holidays and on the
//! working day after them; a small share of messy cells (UK text dates,
//! unreadable dates, a blank child id) gives the data-quality report
//! something to show.
//!
//! It reuses the audit's own library: the contract's tables and columns
//! ([`caseaudit::schema`]), the working-day calendar ([`caseaudit::calendar`]) and,
//! for the case-system-like shapes, the bundled mapping profiles
//! ([`caseaudit::profile`]), whose example sheets are the sheets written (`shape.rs`).
//!
//! Output is a folder of `<table>.csv` files (ISO dates) or, for a path ending
//! `.xlsx`, one workbook with a sheet per table and real date cells (a shaped
//! export: the shape's sheets instead of the tables). England's national returns
//! (`--shape 903|cin|ssd`: the SSDA903's CSV files, the CIN census's XML, the Standard
//! Safeguarding Dataset's `ssd_*` CSV files) are written from facts of their own
//! (`national`). The same
//! seed always gives byte-identical files: every child draws from its own
//! xoshiro256++ stream derived from the seed and the child's index. Rows are
//! streamed to disk block by block (constant-memory worksheets for xlsx), so a
//! million visits take seconds and little memory.

#![forbid(unsafe_code)]

mod care;
mod cell;
mod generate;
mod national;
mod shape;
#[cfg(test)]
mod tests;
mod write;

use anyhow::Result;
use caseaudit::calendar::{Calendar, Region};
use caseaudit::schema::{TABLES, TableId as Table};
use cell::{CHILD_TABLES, Cell, Row};
use chrono::{Months, NaiveDate};
use generate::{Rand, STREAM_MESSY, Sinks, World};
use shape::Shaper;
use std::path::Path;
use write::Writer;

pub use national::{
    DEFAULT_AS_AT as NATIONAL_AS_AT, DEFAULT_CHILDREN as NATIONAL_CHILDREN,
    describe as describe_national,
};
pub use shape::Shape;

/// The as-at date used when none is given.
pub const DEFAULT_AS_AT: (i32, u32, u32) = (2026, 10, 31);

/// What to generate.
#[derive(Clone, Debug)]
pub struct SampleConfig {
    /// Number of children (ignored when `target_visits` is set).
    pub children: usize,
    /// Seed: the same seed gives the same records.
    pub seed: u64,
    /// The records span about two years up to this date.
    pub as_at: NaiveDate,
    /// Scale the number of children so that about this many visits are
    /// written (within ~5%); the other tables follow in proportion.
    pub target_visits: Option<usize>,
    /// Include a small share (~0.5% of date cells) of messy cells for the
    /// data-quality report. Off for clean benchmark data.
    pub messy: bool,
    /// The layout written: the contract's native tables, or the same records shaped
    /// like a case system's report export (synthetic layouts for the bundled
    /// `liquidlogic` and `mosaic` mapping profiles).
    pub shape: Shape,
}

impl SampleConfig {
    /// `children` children from `seed`, as at 31 October 2026, messy cells on.
    pub fn new(children: usize, seed: u64) -> Self {
        let (y, m, d) = DEFAULT_AS_AT;
        SampleConfig {
            children,
            seed,
            as_at: NaiveDate::from_ymd_opt(y, m, d).expect("valid default as-at date"),
            target_visits: None,
            messy: true,
            shape: Shape::Native,
        }
    }
}

impl Default for SampleConfig {
    fn default() -> Self {
        SampleConfig::new(300, 1)
    }
}

/// Rows written per table (header rows not counted), in contract order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SampleStats {
    pub rows: Vec<(&'static str, usize)>,
}

/// Children generated together; rows of some tables are ordered by date
/// within a block so that children interleave as in a real export.
const BLOCK: usize = 64;

/// Tables whose rows are ordered by date (then child) within a block.
const DATE_ORDERED: [Table; 5] = [
    Table::Visits,
    Table::Allocations,
    Table::Meetings,
    Table::Health,
    Table::Contacts,
];

/// Writes a synthetic export to `out` (native, or in `cfg.shape`): a workbook
/// when `out` ends in `.xlsx`, otherwise a folder of CSV files (created if
/// needed).
pub fn write_sample(cfg: &SampleConfig, out: &Path) -> Result<SampleStats> {
    if cfg.shape.is_national() {
        return national::write(cfg, out);
    }
    let as_at = cfg.as_at;
    let span_start = as_at - Months::new(24);
    let cal = Calendar::new(Region::EnglandWales, &[]);
    let children = match cfg.target_visits {
        Some(v) => children_for_visits(cfg, &cal, span_start, v),
        None => cfg.children,
    };
    let mut roster = generate::build_roster(cfg.seed, children, span_start);
    generate::plan_development(&mut roster, &cal, cfg.seed, span_start, as_at);
    let world = World {
        cal: &cal,
        roster: &roster,
        as_at,
        span_start,
        seed: cfg.seed,
    };
    let layout = cfg.shape.layout()?;
    let is_xlsx = out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    let writer = if is_xlsx {
        let (title, comment) = cfg.shape.properties();
        Writer::xlsx(out, &layout.sheets, &roster, as_at, (&title, comment))?
    } else {
        Writer::csv(out, &layout.sheets, &roster)?
    };
    let mut sink = Shaper::new(cfg.shape, layout, writer);
    let mut counts = [0usize; TABLES.len()];
    let mut emit = |sink: &mut Shaper, t: Table, rows: &[Row]| -> Result<()> {
        for r in rows {
            sink.row(t, &r.cells)?;
        }
        counts[t as usize] += rows.len();
        Ok(())
    };

    let mut sinks = Sinks::new(roster.workers.len());
    // Messy mode blanks the required child_id of one visit early on and of
    // one meeting half-way through.
    let mut blank_visit = cfg.messy;
    let mut blank_meeting = cfg.messy && children >= 50;
    for first in (0..children).step_by(BLOCK) {
        for i in first..(first + BLOCK).min(children) {
            let before: [usize; CHILD_TABLES] = std::array::from_fn(|t| sinks.rows[t].len());
            generate::child(&world, i as u32, &mut sinks);
            if cfg.messy {
                let mut rng = Rand::new(cfg.seed, STREAM_MESSY, i as u64);
                for (t, rows) in sinks.rows.iter_mut().enumerate() {
                    for row in &mut rows[before[t]..] {
                        generate::mess(&mut rng, TABLES[t].id, row);
                    }
                }
                let visits = &mut sinks.rows[Table::Visits as usize];
                if blank_visit && i >= 3 && visits.len() > before[Table::Visits as usize] {
                    visits[before[Table::Visits as usize]].cells[0] = Cell::Blank;
                    blank_visit = false;
                }
                let meetings = &mut sinks.rows[Table::Meetings as usize];
                if blank_meeting
                    && i >= children / 2
                    && meetings.len() > before[Table::Meetings as usize]
                {
                    meetings[before[Table::Meetings as usize]].cells[0] = Cell::Blank;
                    blank_meeting = false;
                }
            }
        }
        for t in DATE_ORDERED {
            sinks.rows[t as usize].sort_by_key(|r| r.key);
        }
        for (t, rows) in sinks.rows.iter_mut().enumerate() {
            emit(&mut sink, TABLES[t].id, rows)?;
            rows.clear();
        }
    }

    let mut workforce = [
        (
            Table::Supervisions,
            generate::supervisions(&world, &sinks.assigns),
        ),
        (Table::Workers, generate::workers(&world)),
        (Table::Training, generate::training(&world)),
    ];
    for (k, (t, rows)) in workforce.iter_mut().enumerate() {
        if cfg.messy {
            let mut rng = Rand::new(cfg.seed, STREAM_MESSY, u64::MAX - k as u64);
            for row in rows.iter_mut() {
                generate::mess(&mut rng, *t, row);
            }
        }
        emit(&mut sink, *t, rows)?;
    }
    sink.finish()?;
    Ok(SampleStats {
        rows: TABLES
            .iter()
            .map(|t| (t.name, counts[t.id as usize]))
            .collect(),
    })
}

/// The number of children whose records hold `target` visits: children are
/// generated (not written) one by one until the visits add up. The roster
/// grows with the number of children, so this is repeated until the roster
/// size it assumed is the one it implies.
fn children_for_visits(
    cfg: &SampleConfig,
    cal: &Calendar,
    span_start: NaiveDate,
    target: usize,
) -> usize {
    // About ten visits per child: a first guess close enough that the
    // roster size usually settles at once.
    let mut guess = (target / 10).max(1);
    for _ in 0..3 {
        let mut roster = generate::build_roster(cfg.seed, guess, span_start);
        generate::plan_development(&mut roster, cal, cfg.seed, span_start, cfg.as_at);
        let world = World {
            cal,
            roster: &roster,
            as_at: cfg.as_at,
            span_start,
            seed: cfg.seed,
        };
        let mut sinks = Sinks::new(roster.workers.len());
        let (mut visits, mut n) = (0usize, 0usize);
        // Bounded in case a configuration yields (almost) no visits.
        while visits < target && n < target.saturating_mul(10).max(1000) {
            generate::child(&world, n as u32, &mut sinks);
            visits += sinks.rows[Table::Visits as usize].len();
            for rows in &mut sinks.rows {
                rows.clear();
            }
            n += 1;
        }
        let settled =
            generate::practitioners_per_team(n) == generate::practitioners_per_team(guess);
        guess = n;
        if settled {
            break;
        }
    }
    guess
}
