//! Binding compiled rules to a loaded dataset: each regular expression on a text column
//! is run once over the dataset's distinct strings, so testing a row is a table look-up.

use super::compiled::{Cohort, Filter, Test};
use crate::model::{Dataset, Sym, TableData};
use crate::schema::ColumnKind;

/// The symbols of a list of episode types in a dataset (a type no row holds has none).
pub fn episode_type_symbols(types: &[String], ds: &Dataset) -> Vec<Sym> {
    types.iter().filter_map(|t| ds.strings.get(t)).collect()
}

impl Cohort {
    /// The cohort's episode types as symbols of the dataset.
    pub fn symbols(&self, ds: &Dataset) -> Vec<Sym> {
        episode_type_symbols(&self.episode_types, ds)
    }
}

/// A filter with its precomputed answers per interned string.
pub struct BoundFilter<'a> {
    filter: &'a Filter,
    /// For regex tests on text columns: the answer for each symbol.
    by_sym: Option<Vec<bool>>,
    /// The answer for a blank cell.
    on_blank: bool,
}

impl<'a> BoundFilter<'a> {
    fn new(filter: &'a Filter, ds: &Dataset) -> BoundFilter<'a> {
        let kind = filter.table.def().columns[filter.column].kind;
        let text_column = matches!(kind, ColumnKind::Id | ColumnKind::Code | ColumnKind::Text);
        let by_sym = match (&filter.test, text_column) {
            (Test::Matches(re), true) => Some(answers(ds, filter, |s| re.is_match(s))),
            (Test::NotMatches(re), true) => Some(answers(ds, filter, |s| !re.is_match(s))),
            _ => None,
        };
        let on_blank = match &filter.test {
            Test::Matches(re) => re.is_match(""),
            Test::NotMatches(re) => !re.is_match(""),
            Test::Blank(b) => *b,
        };
        BoundFilter {
            filter,
            by_sym,
            on_blank,
        }
    }

    fn passes(&self, ds: &Dataset, table: &TableData, row: u32) -> bool {
        let v = table.get(row, self.filter.column);
        if v.is_null() {
            return self.on_blank;
        }
        if let (Some(set), Some(sym)) = (&self.by_sym, v.sym()) {
            return set[sym.index()];
        }
        match &self.filter.test {
            Test::Blank(b) => !*b,
            Test::Matches(re) => re.is_match(&ds.display(v)),
            Test::NotMatches(re) => !re.is_match(&ds.display(v)),
        }
    }
}

/// A test's answer for every value that occurs in the filter's column (other symbols
/// never reach it): each distinct value is tested once.
fn answers(ds: &Dataset, filter: &Filter, test: impl Fn(&str) -> bool) -> Vec<bool> {
    let table = ds.table(filter.table);
    let mut seen = vec![false; ds.strings.len()];
    let mut out = vec![false; ds.strings.len()];
    for row in 0..table.len() as u32 {
        if let Some(sym) = table.sym(row, filter.column)
            && !seen[sym.index()]
        {
            seen[sym.index()] = true;
            out[sym.index()] = test(ds.text(sym));
        }
    }
    out
}

/// All the filters of one selector (or timescale case), which must all pass.
pub struct FilterSet<'a>(Vec<BoundFilter<'a>>);

impl<'a> FilterSet<'a> {
    pub fn new(filters: &'a [Filter], ds: &Dataset) -> FilterSet<'a> {
        FilterSet(filters.iter().map(|f| BoundFilter::new(f, ds)).collect())
    }

    pub fn passes(&self, ds: &Dataset, table: &TableData, row: u32) -> bool {
        self.0.iter().all(|f| f.passes(ds, table, row))
    }

    /// Whether any dated row of the selector's table passes (the rows' date in `date`).
    pub fn any_dated(&self, ds: &Dataset, table: &TableData, date: usize) -> bool {
        (0..table.len() as u32).any(|r| self.passes(ds, table, r) && table.date(r, date).is_some())
    }
}
