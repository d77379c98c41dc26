//! How one sheet feeds one table: which sheet column (or constant) fills each contract
//! column, which rows belong, and how values are cleaned and classified. The native
//! schema and every mapping profile produce the same [`SheetPlan`], so there is one
//! loader for both. This is the vocabulary ingest and mapping profiles share, below
//! both: profiles make plans, ingest follows them.

use std::sync::Arc;

use regex::Regex;
use rustc_hash::FxHashMap;

use crate::calendar::Duration;
use crate::schema::{TableDef, normalize_name};

/// Where a contract column's values come from.
#[derive(Debug, Clone, PartialEq)]
pub enum ColumnSource {
    /// The sheet column at this index.
    Sheet(usize),
    /// The same value for every row.
    Constant(String),
    Absent,
}

/// What happens to a value no classification pattern matches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unmatched {
    Keep,
    Blank,
    Reject,
}

/// Free-text values → contract codes, first matching pattern wins.
#[derive(Debug)]
pub struct Classifier {
    pub codes: Vec<(String, Regex)>,
    pub unmatched: Unmatched,
}

impl Classifier {
    pub fn classify(&self, text: &str) -> Option<&str> {
        self.codes
            .iter()
            .find(|(_, re)| re.is_match(text))
            .map(|(code, _)| code.as_str())
    }
}

/// A test on a source cell deciding whether a row belongs to the table.
#[derive(Debug, Clone)]
pub struct RowTest {
    pub column: usize,
    pub pattern: Regex,
    pub must_match: bool,
}

/// The plan for reading one sheet into one table.
#[derive(Debug, Clone)]
pub struct SheetPlan {
    /// One per contract column.
    pub columns: Vec<ColumnSource>,
    pub row_tests: Vec<RowTest>,
    /// Contract columns whose blank value means "not a row of this table".
    pub skip_blank: Vec<usize>,
    /// One per contract column.
    pub classify: Vec<Option<Arc<Classifier>>>,
    /// One per contract column: a timescale added to dates.
    pub date_add: Vec<Option<Duration>>,
    pub strip_prefix: Option<Regex>,
    pub date_formats: Vec<String>,
    /// Problems found while planning (e.g. a row test's header is not in the sheet).
    pub problems: Vec<String>,
}

impl SheetPlan {
    /// A plan with every column absent.
    pub fn empty(def: &TableDef) -> SheetPlan {
        let n = def.columns.len();
        SheetPlan {
            columns: vec![ColumnSource::Absent; n],
            row_tests: Vec::new(),
            skip_blank: Vec::new(),
            classify: vec![None; n],
            date_add: vec![None; n],
            strip_prefix: None,
            date_formats: Vec::new(),
            problems: Vec::new(),
        }
    }

    /// The native plan: columns found by the contract's name matching.
    pub fn native(def: &TableDef, headers: &[String]) -> SheetPlan {
        let found: Vec<String> = headers.iter().map(|h| normalize_name(h)).collect();
        let mut plan = SheetPlan::empty(def);
        for (i, c) in def.columns.iter().enumerate() {
            if let Some(j) = found.iter().position(|h| h == c.name) {
                plan.columns[i] = ColumnSource::Sheet(j);
            }
        }
        plan
    }
}

/// Makes the plan for a sheet once its header row is known.
pub trait Planner {
    fn plan(&self, def: &'static TableDef, headers: &[String]) -> SheetPlan;
}

/// The native schema's planner.
pub struct NativePlanner;

impl Planner for NativePlanner {
    fn plan(&self, def: &'static TableDef, headers: &[String]) -> SheetPlan {
        SheetPlan::native(def, headers)
    }
}

/// Counts of values no classification pattern matched, per contract column.
pub type Unclassified = FxHashMap<&'static str, FxHashMap<String, u64>>;

/// Folds a header for matching: curly quotes made straight, runs of white space (incl.
/// non-breaking) made one space, doubled closing brackets made single, trimmed.
pub fn fold_header(h: &str) -> String {
    let mut out = String::with_capacity(h.len());
    let mut space = false;
    for ch in h.trim().chars() {
        let ch = match ch {
            '‘' | '’' | '‛' | '`' => '\'',
            '“' | '”' => '"',
            c if c.is_whitespace() => ' ',
            c => c,
        };
        if ch == ' ' {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        if ch == ')' && out.ends_with(')') {
            continue;
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_fold_quotes_spaces_and_doubled_brackets() {
        assert_eq!(
            fold_header(
                " Unaccompanied  Asylum Seeking Child (UASC) within the Last 12 Months (Y/N))"
            ),
            "Unaccompanied Asylum Seeking Child (UASC) within the Last 12 Months (Y/N)"
        );
        assert_eq!(
            fold_header("Child’s\u{a0}Legal Status"),
            "Child's Legal Status"
        );
    }
}
