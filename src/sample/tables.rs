//! The native export's tables and columns (audit contract §1), and the compact
//! cell/row representation the generator hands to the writers.

use chrono::NaiveDate;

/// A table of the native export, in the order the contract lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Table {
    Children,
    Episodes,
    Visits,
    Assessments,
    S47,
    Meetings,
    Health,
    Education,
    Contacts,
    Allocations,
    Supervisions,
    Workers,
    Training,
}

/// All tables, in contract order (also the sheet order of a workbook).
pub const TABLES: [Table; 13] = [
    Table::Children,
    Table::Episodes,
    Table::Visits,
    Table::Assessments,
    Table::S47,
    Table::Meetings,
    Table::Health,
    Table::Education,
    Table::Contacts,
    Table::Allocations,
    Table::Supervisions,
    Table::Workers,
    Table::Training,
];

/// The tables keyed by child that are generated child by child (the first ten).
pub const CHILD_TABLES: usize = 10;

/// What a column holds; drives formatting and the optional messy cells.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text,
    Date,
    YesNo,
}

/// One column: its snake_case name, whether the contract marks it required.
#[derive(Clone, Copy, Debug)]
pub struct Col {
    pub name: &'static str,
    pub required: bool,
    pub kind: Kind,
}

const fn c(name: &'static str, required: bool, kind: Kind) -> Col {
    Col {
        name,
        required,
        kind,
    }
}

use Kind::{Date as D, Text as T, YesNo as YN};

const CHILDREN: &[Col] = &[
    c("child_id", true, T),
    c("date_of_birth", false, D),
    c("gender", false, T),
    c("disability", false, YN),
    c("complex_needs_stable", false, YN),
];
const EPISODES: &[Col] = &[
    c("child_id", true, T),
    c("episode_type", true, T),
    c("start_date", true, D),
    c("end_date", false, D),
    c("team", false, T),
    c("worker", false, T),
];
const VISITS: &[Col] = &[
    c("child_id", true, T),
    c("visit_date", true, D),
    c("recorded_date", false, D),
    c("seen_alone", false, YN),
    c("visit_type", false, T),
    c("setting", false, T),
    c("worker", false, T),
    c("team", false, T),
];
const ASSESSMENTS: &[Col] = &[
    c("child_id", true, T),
    c("assessment_type", true, T),
    c("start_date", true, D),
    c("completed_date", false, D),
    c("worker", false, T),
    c("team", false, T),
];
const S47: &[Col] = &[
    c("child_id", true, T),
    c("strategy_date", true, D),
    c("outcome_date", false, D),
    c("outcome", false, T),
    c("icpc_date", false, D),
    c("worker", false, T),
    c("team", false, T),
];
const MEETINGS: &[Col] = &[
    c("child_id", true, T),
    c("meeting_type", true, T),
    c("meeting_date", true, D),
    c("report_shared_date", false, D),
    c("minutes_shared_date", false, D),
    c("worker", false, T),
    c("team", false, T),
];
const HEALTH: &[Col] = &[
    c("child_id", true, T),
    c("assessment_type", true, T),
    c("date", true, D),
];
const EDUCATION: &[Col] = &[c("child_id", true, T), c("pep_date", true, D)];
const CONTACTS: &[Col] = &[
    c("child_id", true, T),
    c("contact_date", true, D),
    c("contact_type", false, T),
];
const ALLOCATIONS: &[Col] = &[
    c("child_id", true, T),
    c("allocated_date", true, D),
    c("first_contact_date", false, D),
    c("episode_type", false, T),
    c("worker", false, T),
    c("team", false, T),
];
const SUPERVISIONS: &[Col] = &[
    c("worker", true, T),
    c("date", true, D),
    c("supervisor", false, T),
    c("child_id", false, T),
];
const WORKERS: &[Col] = &[
    c("worker", true, T),
    c("team", false, T),
    c("manager", false, T),
    c("role", false, T),
];
const TRAINING: &[Col] = &[
    c("worker", true, T),
    c("course", true, T),
    c("completed_date", true, D),
];

impl Table {
    /// File stem / sheet name, as in the contract.
    pub fn name(self) -> &'static str {
        match self {
            Table::Children => "children",
            Table::Episodes => "episodes",
            Table::Visits => "visits",
            Table::Assessments => "assessments",
            Table::S47 => "s47",
            Table::Meetings => "meetings",
            Table::Health => "health",
            Table::Education => "education",
            Table::Contacts => "contacts",
            Table::Allocations => "allocations",
            Table::Supervisions => "supervisions",
            Table::Workers => "workers",
            Table::Training => "training",
        }
    }

    pub fn columns(self) -> &'static [Col] {
        match self {
            Table::Children => CHILDREN,
            Table::Episodes => EPISODES,
            Table::Visits => VISITS,
            Table::Assessments => ASSESSMENTS,
            Table::S47 => S47,
            Table::Meetings => MEETINGS,
            Table::Health => HEALTH,
            Table::Education => EDUCATION,
            Table::Contacts => CONTACTS,
            Table::Allocations => ALLOCATIONS,
            Table::Supervisions => SUPERVISIONS,
            Table::Workers => WORKERS,
            Table::Training => TRAINING,
        }
    }

    /// Position in [`TABLES`].
    pub fn index(self) -> usize {
        self as usize
    }
}

/// One cell, kept small and `Copy`: names and ids are resolved by the writer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Cell {
    #[default]
    Blank,
    /// A real date: ISO text in CSV, a date-formatted number in xlsx.
    Date(NaiveDate),
    Text(&'static str),
    /// A child, written `C000123`.
    Child(u32),
    /// A worker, by index into the roster.
    Worker(u32),
    /// A team, by index into [`super::generate::TEAM_NAMES`].
    Team(u8),
    /// A messy-but-valid UK text date: `09/03/2026`.
    UkDate(NaiveDate),
    /// A messy-but-valid UK text date: `9 Mar 2026`.
    UkLongDate(NaiveDate),
}

/// One row: up to eight cells (the widest table) and a sort key that orders
/// rows within a block (date, then child).
#[derive(Clone, Copy, Debug)]
pub struct Row {
    pub key: u64,
    pub cells: [Cell; 8],
}
