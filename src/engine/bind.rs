//! Binding compiled rules to a loaded dataset: each regular expression on a text column
//! is run once over the dataset's distinct strings, so testing a row is a table look-up.

use crate::model::{Dataset, TableData};
use crate::rules::{Filter, Rule, RuleKind, Selector, Test};
use crate::schema::ColumnKind;

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
}

/// A rule bound to the dataset.
pub struct BoundRule<'a> {
    pub index: u16,
    pub rule: &'a Rule,
    /// The start rows' (deadline, lag, lead) or events' (recurring) filters.
    pub primary: FilterSet<'a>,
    /// A deadline's target-event filters.
    pub target: Option<FilterSet<'a>>,
    /// A timescale's cases' filters, in order.
    pub cases: Vec<FilterSet<'a>>,
    /// Why the rule cannot be measured on the dataset (`None`: it can).
    pub not_measured: Option<String>,
}

impl<'a> BoundRule<'a> {
    pub fn new(index: u16, rule: &'a Rule, ds: &Dataset) -> BoundRule<'a> {
        let sel = |s: &'a Selector| FilterSet::new(&s.filters, ds);
        let (primary, target, cases) = match &rule.kind {
            RuleKind::Deadline(d) | RuleKind::Lag(d) => (
                sel(&d.start),
                d.target_events.as_ref().map(sel),
                d.timescale
                    .cases
                    .iter()
                    .map(|(f, _)| FilterSet::new(f, ds))
                    .collect(),
            ),
            RuleKind::Lead(l) => (
                sel(&l.start),
                None,
                l.timescale
                    .cases
                    .iter()
                    .map(|(f, _)| FilterSet::new(f, ds))
                    .collect(),
            ),
            RuleKind::Recurring(r) | RuleKind::Snapshot(r) => (sel(&r.events), None, Vec::new()),
        };
        let events = match &rule.kind {
            RuleKind::Recurring(_) | RuleKind::Snapshot(_) => Some(&primary),
            _ => target.as_ref(),
        };
        let not_measured = super::measure::not_measured(rule, ds, events);
        BoundRule {
            index,
            rule,
            primary,
            target,
            cases,
            not_measured,
        }
    }
}
