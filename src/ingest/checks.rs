//! Checks on a typed row that no single cell shows: dates in an impossible order, and
//! codes no rule of any bundled pack counts. Each becomes a finding, so that a row never
//! drops out of a rule, or counts where it should not, without a trace.

use crate::quality::Action;
use crate::schema::TableId;

/// Two dates of one row where the second cannot come before the first.
pub struct Order {
    pub table: TableId,
    pub earlier: &'static str,
    pub later: &'static str,
    /// What happens to the row: the later date is ignored, or the row rejected.
    pub action: Action,
    pub what: &'static str,
}

/// The date orders checked on every row.
pub static ORDERS: &[Order] = &[
    Order {
        table: TableId::Episodes,
        earlier: "start_date",
        later: "end_date",
        action: Action::RowRejected,
        what: "the episode ends before it starts",
    },
    Order {
        table: TableId::Visits,
        earlier: "visit_date",
        later: "recorded_date",
        action: Action::ValueIgnored,
        what: "the visit is recorded before it took place",
    },
    Order {
        table: TableId::Assessments,
        earlier: "start_date",
        later: "completed_date",
        action: Action::ValueIgnored,
        what: "the assessment is completed before it started",
    },
    Order {
        table: TableId::S47,
        earlier: "strategy_date",
        later: "outcome_date",
        action: Action::ValueIgnored,
        what: "the enquiry's outcome comes before its strategy discussion",
    },
    Order {
        table: TableId::S47,
        earlier: "strategy_date",
        later: "icpc_date",
        action: Action::ValueIgnored,
        what: "the ICPC comes before the strategy discussion",
    },
    Order {
        table: TableId::Meetings,
        earlier: "meeting_date",
        later: "minutes_shared_date",
        action: Action::ValueIgnored,
        what: "the minutes are shared before the meeting",
    },
    Order {
        table: TableId::Allocations,
        earlier: "allocated_date",
        later: "first_contact_date",
        action: Action::ValueIgnored,
        what: "the first contact comes before the allocation",
    },
];

/// The codes of a code column the contract lists (§1) and the bundled packs count; a
/// value outside them is kept but no rule counts it, so it is reported.
pub fn known_codes(table: TableId, column: &str) -> Option<&'static [&'static str]> {
    match (table, column) {
        (TableId::Meetings, "meeting_type") => Some(&[
            "ICPC",
            "RCPC",
            "CORE_GROUP",
            "CIN_REVIEW",
            "CLA_REVIEW",
            "MFP_REVIEW",
            "CARE_TEAM",
            "PPM",
        ]),
        (TableId::Health, "assessment_type") => Some(&["IHA", "RHA", "DENTAL"]),
        _ => None,
    }
}

/// Whether a header cell holds a value rather than a column name (a date or a number):
/// the file then lacks its header row.
pub fn looks_like_data(h: &str) -> bool {
    let h = h.trim();
    !h.is_empty()
        && (super::cell::parse_date_text(h).is_ok() || h.parse::<f64>().is_ok() || h.contains('@'))
}

/// Rows of visits, health assessments and PEPs whose child has no episode in the export:
/// no episode rule can count them, which is how a mistyped id (`000018` for `18`, a stray character) hides.
/// One warning per row; none when the export has no episodes at all (the run warns about
/// the missing table instead).
pub fn orphans(
    tables: &[crate::model::TableData],
    sources: &[crate::model::Source],
    strings: &crate::model::Interner,
) -> Vec<crate::quality::DataIssue> {
    let Some(episodes) = tables.iter().find(|t| t.id == TableId::Episodes) else {
        return Vec::new();
    };
    if episodes.is_empty() {
        return Vec::new();
    }
    let with_episode: rustc_hash::FxHashSet<crate::model::Sym> = (0..episodes.len() as u32)
        .filter_map(|r| episodes.sym(r, 0))
        .collect();
    let mut out = Vec::new();
    for t in tables {
        // Only the tables whose rows count solely within an episode: contacts,
        // assessments, enquiries, meetings and allocations may rightly come before one.
        if !matches!(t.id, TableId::Visits | TableId::Health | TableId::Education) {
            continue;
        }
        let Some(c) = t.def().column_index("child_id") else {
            continue;
        };
        for r in 0..t.len() as u32 {
            let Some(child) = t.sym(r, c) else { continue };
            if with_episode.contains(&child) {
                continue;
            }
            let prov = t.prov(r);
            let src = &sources[prov.source as usize];
            out.push(crate::quality::DataIssue {
                file: src.file.clone(),
                sheet: src.sheet.clone(),
                row: prov.row,
                column: "child_id".into(),
                value: strings.resolve(child).to_string(),
                reason: format!(
                    "no episode of this child is in the export, so no rule of an episode counts this {} row: check the id against the episodes table (a typo, a stray character, leading zeros?)",
                    t.def().name
                ),
                action: Action::Warning,
            });
        }
    }
    out
}

/// Warnings for the tables where findings of one column touch at least
/// [`crate::limits::WARN_SHARE_PERCENT`]% of the rows read: a share that large is an
/// export or mapping problem, not a few typos.
pub fn share_warnings(loaded: &super::Loaded) -> Vec<String> {
    use std::collections::BTreeMap;
    // (table, column) → (rows with a finding there, first reason)
    let mut hits: BTreeMap<(&str, &str), (u64, &str)> = BTreeMap::new();
    let mut last: Option<(&str, &str, u32, &str)> = None;
    for i in &loaded.issues {
        let Some(src) = loaded
            .sources
            .iter()
            .find(|s| s.file == i.file && s.sheet == i.sheet)
        else {
            continue;
        };
        let column = if i.column.is_empty() {
            "(whole row)"
        } else {
            i.column.as_str()
        };
        let key = (src.file.as_str(), src.sheet.as_str(), i.row, column);
        if last == Some(key) {
            continue;
        }
        last = Some(key);
        let e = hits.entry((src.table, column)).or_insert((0, &i.reason));
        e.0 += 1;
    }
    let mut out = Vec::new();
    for ((table, column), (n, reason)) in hits {
        let read: u64 = loaded
            .counts
            .iter()
            .filter(|(t, _)| t.name() == table)
            .map(|(_, c)| c.read)
            .sum();
        if read >= 20 && n * 100 >= read * crate::limits::WARN_SHARE_PERCENT {
            out.push(format!(
                "{table}: {n} of {read} rows ({}%) have a finding in {column} (e.g. \"{}\"): see data_quality.csv; the export or its mapping may need fixing",
                n * 100 / read,
                crate::messages::printable(reason)
            ));
        }
    }
    out
}
