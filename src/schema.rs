//! The native input schema of the audit contract (§1): the tables a case-record export
//! holds, their columns, which are required and how each cell is read.
//!
//! Everything downstream (ingest, rule validation, the engine) refers to tables and
//! columns through these definitions, so a rule that names an unknown column is caught
//! when the rule pack loads rather than when a child is audited.

/// How a column's cells are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnKind {
    /// An identifier (child, worker): text, trimmed; whole numbers lose a trailing `.0`.
    Id,
    /// A date (time of day kept only for rules counted in hours).
    Date,
    /// A Y/N flag (Y/N, Yes/No, True/False, 1/0).
    Flag,
    /// A type code: trimmed, upper-cased, runs of spaces, `-` and `_` folded to `_`.
    Code,
    /// Free text, trimmed.
    Text,
}

/// One column of a table.
#[derive(Debug, Clone, Copy)]
pub struct ColumnDef {
    pub name: &'static str,
    pub kind: ColumnKind,
    pub required: bool,
    /// For a code column with a closed list (episode types): the codes allowed.
    pub codes: Option<&'static [&'static str]>,
}

/// The tables of the native export.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TableId {
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
    Placements,
    Missing,
    Supervisions,
    Workers,
    Training,
}

/// One table: its name, columns and the column that keys it.
#[derive(Debug)]
pub struct TableDef {
    pub id: TableId,
    pub name: &'static str,
    pub columns: &'static [ColumnDef],
    /// The column its rows belong to: `child_id`, or `worker` for worker tables.
    pub key: &'static str,
    /// The date rows are ordered by within a child (the table's main event date).
    pub order_by: Option<&'static str>,
}

const fn col(name: &'static str, kind: ColumnKind, required: bool) -> ColumnDef {
    ColumnDef {
        name,
        kind,
        required,
        codes: None,
    }
}

/// An episode-type column: only the contract's episode types are accepted.
const fn episode_type(required: bool) -> ColumnDef {
    ColumnDef {
        name: "episode_type",
        kind: ColumnKind::Code,
        required,
        codes: Some(&EPISODE_TYPES),
    }
}

use ColumnKind::{Code, Date, Flag, Id, Text};

/// Every table: contract §1's, then `placements` and `missing`, in [`TableId`] order
/// (`TableId as usize` indexes it).
pub static TABLES: [TableDef; 15] = TABLE_DEFS;

const TABLE_DEFS: [TableDef; 15] = [
    TableDef {
        id: TableId::Children,
        name: "children",
        key: "child_id",
        order_by: None,
        columns: &[
            col("child_id", Id, true),
            col("date_of_birth", Date, false),
            col("gender", Text, false),
            col("disability", Text, false),
            col("complex_needs_stable", Flag, false),
        ],
    },
    TableDef {
        id: TableId::Episodes,
        name: "episodes",
        key: "child_id",
        order_by: Some("start_date"),
        columns: &[
            col("child_id", Id, true),
            episode_type(true),
            col("start_date", Date, true),
            col("end_date", Date, false),
            col("team", Text, false),
            col("worker", Id, false),
        ],
    },
    TableDef {
        id: TableId::Visits,
        name: "visits",
        key: "child_id",
        order_by: Some("visit_date"),
        columns: &[
            col("child_id", Id, true),
            col("visit_date", Date, true),
            col("recorded_date", Date, false),
            col("seen_alone", Flag, false),
            col("visit_type", Text, false),
            col("setting", Text, false),
            col("worker", Id, false),
            col("team", Text, false),
        ],
    },
    TableDef {
        id: TableId::Assessments,
        name: "assessments",
        key: "child_id",
        order_by: Some("start_date"),
        columns: &[
            col("child_id", Id, true),
            col("assessment_type", Code, true),
            col("start_date", Date, true),
            col("completed_date", Date, false),
            col("worker", Id, false),
            col("team", Text, false),
        ],
    },
    TableDef {
        id: TableId::S47,
        name: "s47",
        key: "child_id",
        order_by: Some("strategy_date"),
        columns: &[
            col("child_id", Id, true),
            col("strategy_date", Date, true),
            col("outcome_date", Date, false),
            col("outcome", Code, false),
            col("icpc_date", Date, false),
            col("worker", Id, false),
            col("team", Text, false),
        ],
    },
    TableDef {
        id: TableId::Meetings,
        name: "meetings",
        key: "child_id",
        order_by: Some("meeting_date"),
        columns: &[
            col("child_id", Id, true),
            col("meeting_type", Code, true),
            col("meeting_date", Date, true),
            col("report_shared_date", Date, false),
            col("minutes_shared_date", Date, false),
            col("worker", Id, false),
            col("team", Text, false),
        ],
    },
    TableDef {
        id: TableId::Health,
        name: "health",
        key: "child_id",
        order_by: Some("date"),
        columns: &[
            col("child_id", Id, true),
            col("assessment_type", Code, true),
            col("date", Date, true),
        ],
    },
    TableDef {
        id: TableId::Education,
        name: "education",
        key: "child_id",
        order_by: Some("pep_date"),
        columns: &[col("child_id", Id, true), col("pep_date", Date, true)],
    },
    TableDef {
        id: TableId::Contacts,
        name: "contacts",
        key: "child_id",
        order_by: Some("contact_date"),
        columns: &[
            col("child_id", Id, true),
            col("contact_date", Date, true),
            col("contact_type", Text, false),
        ],
    },
    TableDef {
        id: TableId::Allocations,
        name: "allocations",
        key: "child_id",
        order_by: Some("allocated_date"),
        columns: &[
            col("child_id", Id, true),
            col("allocated_date", Date, true),
            col("first_contact_date", Date, false),
            episode_type(false),
            col("worker", Id, false),
            col("team", Text, false),
        ],
    },
    // The two tables below go beyond the contract's list: a looked-after child's
    // placements and the times a child went missing, as the SSDA903 return and the
    // Standard Safeguarding Dataset hold them. Both are optional.
    TableDef {
        id: TableId::Placements,
        name: "placements",
        key: "child_id",
        order_by: Some("start_date"),
        columns: &[
            col("child_id", Id, true),
            col("start_date", Date, true),
            col("end_date", Date, false),
            col("placement_type", Code, false),
            col("provider", Code, false),
            col("change_reason", Code, false),
        ],
    },
    TableDef {
        id: TableId::Missing,
        name: "missing",
        key: "child_id",
        order_by: Some("start_date"),
        columns: &[
            col("child_id", Id, true),
            col("start_date", Date, true),
            col("end_date", Date, false),
            col("missing_type", Code, false),
            col("return_interview_offered", Flag, false),
            col("return_interview_date", Date, false),
        ],
    },
    TableDef {
        id: TableId::Supervisions,
        name: "supervisions",
        key: "worker",
        order_by: Some("date"),
        columns: &[
            col("worker", Id, true),
            col("date", Date, true),
            col("supervisor", Id, false),
            col("child_id", Id, false),
        ],
    },
    TableDef {
        id: TableId::Workers,
        name: "workers",
        key: "worker",
        order_by: None,
        columns: &[
            col("worker", Id, true),
            col("team", Text, false),
            col("manager", Id, false),
            col("role", Text, false),
        ],
    },
    TableDef {
        id: TableId::Training,
        name: "training",
        key: "worker",
        order_by: Some("completed_date"),
        columns: &[
            col("worker", Id, true),
            col("course", Text, true),
            col("completed_date", Date, true),
        ],
    },
];

/// The episode types of contract §1.
pub const EPISODE_TYPES: [&str; 6] = ["EH", "CIN", "CP", "CLA", "CL", "YOS"];

impl TableId {
    pub fn def(self) -> &'static TableDef {
        &TABLES[self as usize]
    }

    pub fn name(self) -> &'static str {
        self.def().name
    }

    /// Finds a table by name, matching as the contract says (case, spaces, `_`, `-`).
    pub fn from_name(name: &str) -> Option<TableId> {
        let key = normalize_name(name);
        TABLES.iter().find(|t| t.name == key).map(|t| t.id)
    }
}

impl TableDef {
    /// The index of a column by name, matched as the contract says (an exact canonical
    /// name is found without normalising: the engine asks on every row).
    pub fn column_index(&self, name: &str) -> Option<usize> {
        if let Some(i) = self.columns.iter().position(|c| c.name == name) {
            return Some(i);
        }
        let key = normalize_name(name);
        self.columns.iter().position(|c| c.name == key)
    }

    pub fn column_names(&self) -> Vec<&'static str> {
        self.columns.iter().map(|c| c.name).collect()
    }

    pub fn key_index(&self) -> usize {
        self.column_index(self.key)
            .expect("key column is in its table")
    }
}

/// Normalises a sheet or column name: trimmed, lower case, and runs of spaces, `_` and
/// `-` folded to one `_` (`Child ID` = `child_id` = `child-id`).
pub fn normalize_name(name: &str) -> String {
    fold(name.trim(), true)
}

/// Normalises a type code: trimmed, upper case, separators folded to `_`
/// (`Core Group` = `CORE_GROUP`).
pub fn normalize_code(value: &str) -> String {
    fold(value.trim(), false)
}

fn fold(s: &str, lower: bool) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_sep = false;
    for ch in s.chars() {
        if ch == ' ' || ch == '_' || ch == '-' || ch == '\u{a0}' || ch == '\t' {
            pending_sep = !out.is_empty();
            continue;
        }
        if pending_sep {
            out.push('_');
            pending_sep = false;
        }
        if lower {
            out.extend(ch.to_lowercase());
        } else {
            out.extend(ch.to_uppercase());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_match_as_the_contract_says() {
        assert_eq!(normalize_name("  Child ID "), "child_id");
        assert_eq!(normalize_name("child-id"), "child_id");
        assert_eq!(normalize_name("Child__ID"), "child_id");
        assert_eq!(TableId::from_name(" S47 "), Some(TableId::S47));
        assert_eq!(TableId::from_name("Visit"), None);
        assert_eq!(normalize_code(" core group "), "CORE_GROUP");
        assert_eq!(normalize_code("Core-Group"), "CORE_GROUP");
    }

    #[test]
    fn tables_are_in_id_order_and_have_their_key() {
        for (i, t) in TABLES.iter().enumerate() {
            assert_eq!(t.id as usize, i);
            assert!(t.column_index(t.key).is_some(), "{}", t.name);
            if let Some(order) = t.order_by {
                assert!(t.column_index(order).is_some(), "{}", t.name);
            }
        }
    }
}

/// A schema column resolved once, when the program is compiled: its table and index.
/// Code that reads a known column uses a handle from [`cols`], never a bare index.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Col {
    pub table: TableId,
    pub index: usize,
}

impl Col {
    /// The column `name` of `table`; a name the schema lacks stops the build.
    pub const fn of(table: TableId, name: &str) -> Col {
        let columns = TABLE_DEFS[table as usize].columns;
        let mut i = 0;
        while i < columns.len() {
            if str_eq(columns[i].name, name) {
                return Col { table, index: i };
            }
            i += 1;
        }
        panic!("no such column in the schema");
    }

    pub fn name(self) -> &'static str {
        self.table.def().columns[self.index].name
    }
}

const fn str_eq(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    if a.len() != b.len() {
        return false;
    }
    let mut i = 0;
    while i < a.len() {
        if a[i] != b[i] {
            return false;
        }
        i += 1;
    }
    true
}

/// Handles of the columns the engine reads by name.
pub mod cols {
    use super::{Col, TableId};

    pub const CHILD_DOB: Col = Col::of(TableId::Children, "date_of_birth");
    pub const EPISODE_TYPE: Col = Col::of(TableId::Episodes, "episode_type");
    pub const EPISODE_START: Col = Col::of(TableId::Episodes, "start_date");
    pub const EPISODE_END: Col = Col::of(TableId::Episodes, "end_date");
    pub const EPISODE_TEAM: Col = Col::of(TableId::Episodes, "team");
    pub const EPISODE_WORKER: Col = Col::of(TableId::Episodes, "worker");
    pub const ALLOCATED_DATE: Col = Col::of(TableId::Allocations, "allocated_date");
    pub const ALLOCATION_TYPE: Col = Col::of(TableId::Allocations, "episode_type");
    pub const ALLOCATION_WORKER: Col = Col::of(TableId::Allocations, "worker");
    pub const ALLOCATION_TEAM: Col = Col::of(TableId::Allocations, "team");
    pub const WORKERS_WORKER: Col = Col::of(TableId::Workers, "worker");
    pub const WORKERS_TEAM: Col = Col::of(TableId::Workers, "team");
}
