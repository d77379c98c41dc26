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
