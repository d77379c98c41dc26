//! The native export's tables and columns (audit contract §1), and the compact
//! cell/row representation the generator hands to the writers.

use chrono::NaiveDate;

use crate::schema::ColumnKind;

/// A table of the native export: the contract schema's own table ids.
pub use crate::schema::TableId as Table;

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

/// One column as the generator writes it, taken from the contract schema.
#[derive(Clone, Copy, Debug)]
pub struct Col {
    pub name: &'static str,
    pub required: bool,
    pub kind: Kind,
}

/// Every table's columns, derived once from [`crate::schema`].
static COLUMNS: std::sync::LazyLock<Vec<Vec<Col>>> = std::sync::LazyLock::new(|| {
    TABLES
        .iter()
        .map(|t| {
            t.def()
                .columns
                .iter()
                .map(|c| Col {
                    name: c.name,
                    required: c.required,
                    kind: match c.kind {
                        ColumnKind::Date => Kind::Date,
                        ColumnKind::Flag => Kind::YesNo,
                        _ => Kind::Text,
                    },
                })
                .collect()
        })
        .collect()
});

impl Table {
    /// The columns in contract order.
    pub fn columns(self) -> &'static [Col] {
        &COLUMNS[self as usize]
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
