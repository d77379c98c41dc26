//! Data-quality findings: every cell that could not be read and every row that could not
//! be used, with where it stands in the input, so that nothing is lost without a trace.

use serde::Serialize;

/// What happened to the row because of the finding.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// The row was not used (a required cell is blank or unreadable).
    RowRejected,
    /// The row was used without this cell's value.
    ValueIgnored,
    /// The row was used as it is; the finding is a warning.
    Warning,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::RowRejected => "row rejected",
            Action::ValueIgnored => "value ignored",
            Action::Warning => "warning",
        }
    }
}

/// One finding, at a cell (or a whole row when `column` is empty).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct DataIssue {
    pub file: String,
    pub sheet: String,
    pub row: u32,
    pub column: String,
    pub value: String,
    pub reason: String,
    pub action: Action,
}
