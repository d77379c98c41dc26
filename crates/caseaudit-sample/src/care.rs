//! Placements and missing episodes: the two tables beyond the audit contract's list
//! (`placements`, `missing`), generated from the episodes a child's journey wrote.
//!
//! They are drawn *after* the journey, each from a random stream of its own (seed ×
//! child index), so adding them left every other table's rows byte-identical for the
//! same seed, and the audits of the samples unchanged.
//!
//! - **Placements**: every CLA episode has a first placement from its start, then
//!   moves. Most children live in one or two placements a year; about one child in ten
//!   looked after at the as-at date has had three or more in the last 12 months (the
//!   national placement-stability measure is around that). A placement ends on the day
//!   the next starts, and the last when the episode ends (blank while it is open).
//!   Types, providers and the reason a placement ended are SSDA903 codes (`PLACE`,
//!   `PLACE_PROVIDER`, `REASON_PLACE_CHANGE`); the kind of the first placement is the
//!   one the episode's visits name as their setting.
//! - **Missing episodes**: some children aged 10–17 go missing (or, when looked
//!   after, are away from placement without authorisation), mostly children in care,
//!   some on a child in need or child protection plan; a few days each, a few still
//!   open at the as-at date; a return interview offered for most, held within 72 hours
//!   of the return for most, later for some, never for some.
//!
//! The wording of the codes (`describe`) is the SSDA903 guidance's own, which the
//! case-system-like shapes write instead of the codes (`shape.rs`).

use caseaudit::calendar::age_on;
use caseaudit::schema::TableId as Table;
use chrono::{Duration, Months, NaiveDate};

use crate::cell::{Cell, Row};
use crate::generate::{
    EpKind, EpisodeSpan, OnWorkingDay, Rand, STREAM_MISSING, STREAM_PLACEMENTS, World, key,
};
use crate::shape::Shape;

// ---------------------------------------------------------------------------
// Codes and their wording
// ---------------------------------------------------------------------------

/// `(code, description, "code - description")`, the last written at compile time.
macro_rules! described {
    ($(($code:literal, $words:literal)),* $(,)?) => {
        [$(($code, $words, concat!($code, " - ", $words))),*]
    };
}

/// SSDA903 placement types (`PLACE`) the sample uses.
pub const PLACEMENT_TYPES: [(&str, &str, &str); 11] = described![
    (
        "U1",
        "Foster placement with relative or friend - long term fostering"
    ),
    (
        "U2",
        "Fostered with relative or friend - FFA/concurrent planning"
    ),
    (
        "U3",
        "Foster placement with relative or friend - not long term or FFA"
    ),
    (
        "U4",
        "Foster placement with other foster carer - long term fostering"
    ),
    (
        "U5",
        "Foster placement with other foster carer - FFA/concurrent planning"
    ),
    (
        "U6",
        "Foster placement with other foster carer - not long term or FFA"
    ),
    ("K1", "Secure children's home"),
    ("K2", "Children's home"),
    ("R1", "Residential care home"),
    (
        "P1",
        "Placed with own parents or other person with parental responsibility"
    ),
    (
        "P2",
        "Independent living, e.g. flat, lodgings, bedsit, B&B or with friends"
    ),
];

/// SSDA903 placement providers (`PLACE_PROVIDER`).
pub const PROVIDERS: [(&str, &str, &str); 6] = described![
    (
        "PR0",
        "Parent(s) or other person(s) with parental responsibility"
    ),
    ("PR1", "Own provision (by the LA)"),
    ("PR2", "Other LA provision"),
    ("PR3", "Other public provision (e.g. by a PCT etc)"),
    ("PR4", "Private provision"),
    ("PR5", "Voluntary/third sector provision"),
];

/// SSDA903 reasons for a change of placement (`REASON_PLACE_CHANGE`).
pub const CHANGE_REASONS: [(&str, &str, &str); 12] = described![
    ("CARPL", "Change to/Implementation of Care Plan"),
    ("CLOSE", "Resignation/closure of provision"),
    ("ALLEG", "Allegation (s47)"),
    ("STAND", "Standards of care concern"),
    ("APPRR", "Approval removed"),
    (
        "CREQB",
        "Carer(s) requests placement end due to child's behaviour"
    ),
    (
        "CREQO",
        "Carer(s) requests placement end other than due to child's behaviour"
    ),
    ("CHILD", "Child requests placement end"),
    ("LAREQ", "Responsible/area authority requests placement end"),
    ("PLACE", "Change in the status of placement only"),
    ("CUSTOD", "Custody arrangement"),
    ("OTHER", "Other"),
];

/// A code's description and its `code - description` form, if it is one of `codes`.
fn describe(
    codes: &[(&'static str, &'static str, &'static str)],
    code: &str,
) -> Option<(&'static str, &'static str)> {
    codes
        .iter()
        .find(|c| c.0 == code)
        .map(|&(_, words, coded)| (words, coded))
}

/// How a case-system-like shape words a code of the placements or missing table (the
/// profile classifies it back): the Liquidlogic-like export the SSDA903 description,
/// the Mosaic-like `code - description`; missing types in each system's own words.
pub fn wording(shape: Shape, t: Table, col: &str, code: &'static str) -> &'static str {
    let codes: &[_] = match (t, col) {
        (Table::Placements, "placement_type") => &PLACEMENT_TYPES,
        (Table::Placements, "provider") => &PROVIDERS,
        (Table::Placements, "change_reason") => &CHANGE_REASONS,
        (Table::Missing, "missing_type") => {
            return match (shape, code) {
                (Shape::Liquidlogic, "MISSING") => "Missing",
                (Shape::Liquidlogic, "AWAY") => "Absent without authorisation",
                (Shape::Mosaic, "MISSING") => "Missing from Home/Care",
                (Shape::Mosaic, "AWAY") => "Away from Placement without Authorisation",
                _ => code,
            };
        }
        _ => return code,
    };
    match (shape, describe(codes, code)) {
        (Shape::Liquidlogic, Some((words, _))) => words,
        (Shape::Mosaic, Some((_, coded))) => coded,
        _ => code,
    }
}

// ---------------------------------------------------------------------------
// Placements
// ---------------------------------------------------------------------------

/// How often a child's placements change.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Stability {
    /// Usually one placement for the whole episode.
    Settled,
    /// A move or two a year.
    Moves,
    /// A placement lasting weeks or a few months, one after another.
    Unstable,
}

/// The kind of place a child lives in.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Family {
    Foster,
    Kinship,
    Residential,
    Parents,
    Independent,
}

impl Family {
    /// The kind named by a CLA episode's visits' setting.
    fn of_setting(setting: &str) -> Family {
        match setting {
            "Children's Home" | "Childrens Home" => Family::Residential,
            "Kinship Placement" => Family::Kinship,
            "Placed with Parents" => Family::Parents,
            _ => Family::Foster,
        }
    }
}

/// A placement type of `family` for a child aged `age` (fostering for adoption only
/// for babies, a secure home only from 10).
fn placement_type(rng: &mut Rand, family: Family, age: i32) -> &'static str {
    let baby = if age < 2 { 10 } else { 0 };
    match family {
        Family::Foster => rng.weighted(&[("U6", 62), ("U4", 28), ("U5", baby)]),
        Family::Kinship => rng.weighted(&[("U3", 60), ("U1", 32), ("U2", baby)]),
        Family::Residential => {
            rng.weighted(&[("K2", 86), ("R1", 9), ("K1", if age >= 10 { 5 } else { 0 })])
        }
        Family::Parents => "P1",
        Family::Independent => "P2",
    }
}

/// Who provides a placement of type `ptype`.
fn provider(rng: &mut Rand, ptype: &str) -> &'static str {
    match ptype {
        "P1" => "PR0",
        "U1" | "U2" | "U3" => rng.weighted(&[("PR1", 90), ("PR2", 10)]),
        "K1" => rng.weighted(&[("PR1", 40), ("PR2", 60)]),
        "K2" => rng.weighted(&[("PR4", 70), ("PR1", 20), ("PR5", 10)]),
        "R1" => rng.weighted(&[("PR4", 55), ("PR5", 35), ("PR3", 10)]),
        "P2" => rng.weighted(&[("PR4", 50), ("PR1", 30), ("PR5", 20)]),
        _ => rng.weighted(&[("PR1", 55), ("PR4", 35), ("PR5", 8), ("PR2", 2)]),
    }
}

/// Days a placement lasts before the next move.
fn stay(rng: &mut Rand, stability: Stability) -> i64 {
    let days = match stability {
        Stability::Settled => rng.range(420, 1400),
        Stability::Moves => rng.range(150, 540),
        Stability::Unstable => rng.range(20, 130),
    };
    days as i64
}

/// Where a child moves next: mostly the same kind of place; from 16 some move to
/// independent living; placed with parents, a move is into foster care.
fn next_family(rng: &mut Rand, family: Family, age: i32) -> Family {
    if age >= 16 && rng.pct(25) {
        return Family::Independent;
    }
    let stays = matches!(
        family,
        Family::Foster | Family::Kinship | Family::Residential
    );
    if stays && rng.pct(75) {
        return family;
    }
    rng.weighted(&[
        (Family::Foster, 50),
        (Family::Residential, if age >= 10 { 30 } else { 4 }),
        (Family::Kinship, 14),
        (Family::Parents, 6),
    ])
}

/// Why a placement ended with a move (not `PLACE`, drawn apart).
fn change_reason(rng: &mut Rand, age: i32) -> &'static str {
    rng.weighted(&[
        ("CARPL", 36),
        ("CREQB", 13),
        ("CREQO", 10),
        ("CHILD", if age >= 10 { 9 } else { 0 }),
        ("LAREQ", 7),
        ("CLOSE", 5),
        ("ALLEG", 3),
        ("STAND", 3),
        ("APPRR", 2),
        ("CUSTOD", if age >= 10 { 1 } else { 0 }),
        ("OTHER", 8),
    ])
}

/// The placements of a child's CLA episodes, appended to `rows` (columns: child_id,
/// start_date, end_date, placement_type, provider, change_reason).
pub fn placements(w: &World, idx: u32, dob: NaiveDate, spans: &[EpisodeSpan], rows: &mut Vec<Row>) {
    let mut rng = Rand::new(w.seed, STREAM_PLACEMENTS, u64::from(idx));
    for span in spans.iter().filter(|s| s.kind == EpKind::Cla) {
        let stop = span.end.unwrap_or(w.as_at).min(w.as_at);
        if span.start >= stop {
            continue;
        }
        let age = age_on(dob, span.start);
        let stability = rng.weighted(&[
            (Stability::Settled, if age < 12 { 62 } else { 48 }),
            (Stability::Moves, 30),
            (Stability::Unstable, if age < 12 { 10 } else { 25 }),
        ]);
        let mut family = Family::of_setting(span.setting);
        let mut start = span.start;
        let mut ptype = placement_type(&mut rng, family, age);
        let mut by = provider(&mut rng, ptype);
        loop {
            let mut next = start + Duration::days(stay(&mut rng, stability));
            // Planned moves fall on working days; a few are emergencies at the weekend.
            if rng.pct(85) {
                next = w.cal.on_or_after(next);
            }
            let ends = if next >= stop { span.end } else { Some(next) };
            let age_then = age_on(dob, next.min(stop));
            // A foster placement that becomes long term with the same carers is a
            // change of status only.
            let status_only = matches!(ptype, "U6" | "U3") && rng.pct(12);
            let reason = if next >= stop {
                Cell::Blank
            } else if status_only {
                Cell::Text("PLACE")
            } else {
                Cell::Text(change_reason(&mut rng, age_then))
            };
            let mut cells = [Cell::Blank; 8];
            cells[..6].copy_from_slice(&[
                Cell::Child(idx),
                Cell::Date(start),
                ends.map_or(Cell::Blank, Cell::Date),
                Cell::Text(ptype),
                Cell::Text(by),
                reason,
            ]);
            rows.push(Row {
                key: key(start, idx),
                cells,
            });
            if next >= stop {
                break;
            }
            start = next;
            if status_only {
                ptype = if ptype == "U6" { "U4" } else { "U1" };
            } else {
                family = next_family(&mut rng, family, age_then);
                ptype = placement_type(&mut rng, family, age_then);
                by = provider(&mut rng, ptype);
            }
        }
    }
}

// ---------------------------------------------------------------------------
// Missing episodes
// ---------------------------------------------------------------------------

/// The times a child went missing or was away without authorisation, appended to
/// `rows` (columns: child_id, start_date, end_date, missing_type,
/// return_interview_offered, return_interview_date).
pub fn missing(w: &World, idx: u32, dob: NaiveDate, spans: &[EpisodeSpan], rows: &mut Vec<Row>) {
    let mut rng = Rand::new(w.seed, STREAM_MISSING, u64::from(idx));
    let (ten, eighteen) = (dob + Months::new(120), dob + Months::new(216));
    // Start dates, with whether the child was looked after then.
    let mut starts: Vec<(NaiveDate, bool)> = Vec::new();
    for span in spans {
        let (chance, cla) = match span.kind {
            EpKind::Cla => (24, true),
            EpKind::Cin | EpKind::Cp => (3, false),
            _ => continue,
        };
        let from = span.start.max(ten);
        let to = span.end.unwrap_or(w.as_at).min(w.as_at).min(eighteen);
        if to <= from || !rng.pct(chance) {
            continue;
        }
        let days = (to - from).num_days() as u32;
        let mut n = rng.weighted(&[(1, 40), (2, 20), (3, 13), (5, 12), (8, 9), (14, 6)]);
        // A short episode holds few.
        n = n.min(days / 20 + 1);
        for _ in 0..n {
            starts.push((from + Duration::days(rng.below(days) as i64), cla));
        }
    }
    starts.sort();
    let mut last_end: Option<NaiveDate> = None;
    for (start, cla) in starts {
        // One episode at a time: a start before the last return is not another one.
        if last_end.is_some_and(|e| start <= e) {
            continue;
        }
        let away = cla && rng.pct(25);
        let days = rng.weighted(&[
            (0, 20),
            (1, 35),
            (2, 18),
            (3, 10),
            (4, 6),
            (6, 5),
            (9, 4),
            (14, 2),
        ]);
        // Some who went missing in the last four weeks are not back yet.
        let open = (w.as_at - start).num_days() < 28 && rng.pct(40);
        let end = Some(start + Duration::days(days)).filter(|&e| e <= w.as_at && !open);
        let (offered, interview) = match end {
            // Not back yet: no interview.
            None => (Cell::Blank, None),
            Some(e) => {
                let offered = rng.pct(if away { 60 } else { 88 });
                let r = rng.below(100);
                let interview = if !offered || r >= 90 {
                    None
                } else if r < 72 {
                    Some(e + Duration::days(rng.range(0, 3) as i64))
                } else {
                    Some(e + Duration::days(rng.range(4, 16) as i64))
                };
                (Cell::Text(if offered { "Y" } else { "N" }), interview)
            }
        };
        let interview = interview.filter(|&d| d <= w.as_at);
        let mut cells = [Cell::Blank; 8];
        cells[..6].copy_from_slice(&[
            Cell::Child(idx),
            Cell::Date(start),
            end.map_or(Cell::Blank, Cell::Date),
            Cell::Text(if away { "AWAY" } else { "MISSING" }),
            offered,
            interview.map_or(Cell::Blank, Cell::Date),
        ]);
        rows.push(Row {
            key: key(start, idx),
            cells,
        });
        last_end = Some(end.unwrap_or(w.as_at));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use caseaudit::plan::Planner;
    use caseaudit::profile::load_profile;

    /// Every code's wording in a shaped export is classified back into the code by the
    /// shape's bundled profile (so a code the sample draws rarely is not left to luck).
    #[test]
    fn every_code_worded_by_a_shape_is_classified_back_by_its_profile() {
        let columns: [(Table, &str, Vec<&'static str>); 4] = [
            (
                Table::Placements,
                "placement_type",
                PLACEMENT_TYPES.iter().map(|c| c.0).collect(),
            ),
            (
                Table::Placements,
                "provider",
                PROVIDERS.iter().map(|c| c.0).collect(),
            ),
            (
                Table::Placements,
                "change_reason",
                CHANGE_REASONS.iter().map(|c| c.0).collect(),
            ),
            (Table::Missing, "missing_type", vec!["MISSING", "AWAY"]),
        ];
        for shape in [Shape::Liquidlogic, Shape::Mosaic] {
            let profile = load_profile(shape.name()).unwrap();
            for (t, col, codes) in &columns {
                let def = t.def();
                let k = def.column_index(col).unwrap();
                let plan = profile
                    .examples
                    .iter()
                    .find_map(|ex| {
                        let maps = profile.maps_for(&ex.sheet);
                        let map = maps.into_iter().find(|m| m.table == *t)?;
                        Some(profile.planner(map).plan(def, &ex.headers))
                    })
                    .expect("an example sheet holds the table");
                let classifier = plan.classify[k].as_ref().expect("a classification");
                for code in codes {
                    let words = wording(shape, *t, col, code);
                    assert_ne!(words, *code, "{shape}: {col} {code} is worded");
                    assert_eq!(
                        classifier.classify(words),
                        Some(*code),
                        "{shape}: {col} {words:?}"
                    );
                }
            }
        }
        assert_eq!(
            wording(Shape::Native, Table::Placements, "provider", "PR4"),
            "PR4"
        );
    }

    #[test]
    fn descriptions_are_written_with_their_code_for_the_mosaic_like_shape() {
        assert_eq!(
            wording(Shape::Mosaic, Table::Placements, "placement_type", "K2"),
            "K2 - Children's home"
        );
        assert_eq!(
            wording(
                Shape::Liquidlogic,
                Table::Placements,
                "change_reason",
                "CREQB"
            ),
            "Carer(s) requests placement end due to child's behaviour"
        );
    }
}
