//! The whole export as typed tables, indexed by child and by worker.

use chrono::NaiveDate;
use rayon::slice::ParallelSliceMut;
use rustc_hash::FxHashMap;

use super::{Interner, RowRef, Sym, TableData, Value};
use crate::schema::{TABLES, TableId};

/// Where a source came from, for data-quality rows and summaries.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    pub file: String,
    /// The sheet name for a workbook; empty for a CSV file.
    pub sheet: String,
}

/// An index of rows by a key column (child_id or worker): the keys sorted by their text,
/// and, for each table keyed that way, its rows grouped by key and ordered by the table's
/// main date.
#[derive(Debug, Default)]
pub struct KeyIndex {
    keys: Vec<Sym>,
    rank: FxHashMap<Sym, u32>,
    /// Per table (by `TableId as usize`): rows in key order, and each key's start offset.
    groups: Vec<Option<(Vec<u32>, Vec<u32>)>>,
}

impl KeyIndex {
    /// The keys, sorted by their text.
    pub fn keys(&self) -> &[Sym] {
        &self.keys
    }

    pub fn rank(&self, key: Sym) -> Option<u32> {
        self.rank.get(&key).copied()
    }

    /// The rows of `table` that belong to the key of rank `rank`, in date order.
    pub fn rows(&self, table: TableId, rank: u32) -> &[u32] {
        match &self.groups[table as usize] {
            Some((order, starts)) => {
                &order[starts[rank as usize] as usize..starts[rank as usize + 1] as usize]
            }
            None => &[],
        }
    }
}

/// The typed export.
#[derive(Debug)]
pub struct Dataset {
    pub strings: Interner,
    pub sources: Vec<Source>,
    tables: Vec<TableData>,
    /// Whether the export had a sheet or file for each table (by `TableId as usize`).
    present: Vec<bool>,
    pub children: KeyIndex,
    pub workers: KeyIndex,
}

impl Dataset {
    /// Builds the indexes over loaded tables. `tables` may be in any order and lack some.
    pub fn new(strings: Interner, sources: Vec<Source>, loaded: Vec<TableData>) -> Dataset {
        let mut tables: Vec<TableData> = TABLES.iter().map(|t| TableData::new(t.id)).collect();
        let mut present = vec![false; TABLES.len()];
        for t in loaded {
            let slot = t.id as usize;
            present[slot] = true;
            tables[slot] = t;
        }
        let children = build_index(&tables, &strings, "child_id");
        let workers = build_index(&tables, &strings, "worker");
        Dataset {
            strings,
            sources,
            tables,
            present,
            children,
            workers,
        }
    }

    /// Frees the rows of the tables keyed by child, and their index, once the rules have
    /// been evaluated: what comes after (training needs and impact) reads only the tables
    /// keyed by worker, and a 1M-visit export's child tables are a third of the run's
    /// memory. [`Dataset::has_table`] answers as before; the tables read as empty.
    pub fn release_child_tables(&mut self) {
        for t in TABLES.iter().filter(|t| t.key == "child_id") {
            self.tables[t.id as usize] = TableData::new(t.id);
        }
        self.children = KeyIndex::default();
    }

    /// Whether the export had a sheet or file for the table (a missing optional table
    /// reads as no records, but a rule that needs it cannot be measured).
    pub fn has_table(&self, id: TableId) -> bool {
        self.present[id as usize]
    }

    pub fn table(&self, id: TableId) -> &TableData {
        &self.tables[id as usize]
    }

    pub fn text(&self, sym: Sym) -> &str {
        self.strings.resolve(sym)
    }

    /// The text of a value, for output (dates as ISO, flags as Y/N, null as empty).
    pub fn display(&self, v: Value) -> String {
        match v {
            Value::Null => String::new(),
            Value::Date(d, _) => d.format("%Y-%m-%d").to_string(),
            Value::Text(s) => self.text(s).to_string(),
            Value::Flag(b) => if b { "Y" } else { "N" }.to_string(),
        }
    }

    /// The earliest and latest event date in the tables (dates of birth and training are
    /// not events that timescales count from), if any.
    pub fn date_range(&self) -> Option<(chrono::NaiveDate, chrono::NaiveDate)> {
        let mut range: Option<(chrono::NaiveDate, chrono::NaiveDate)> = None;
        let counted = self
            .tables
            .iter()
            .filter(|t| !matches!(t.id, TableId::Children | TableId::Training));
        for t in counted {
            for d in t.values().iter().filter_map(|v| v.date()) {
                range = Some(match range {
                    Some((lo, hi)) => (lo.min(d), hi.max(d)),
                    None => (d, d),
                });
            }
        }
        range
    }

    /// The latest date in any date column of the export that is not after `limit`.
    pub fn latest_date_upto(&self, limit: NaiveDate) -> Option<NaiveDate> {
        self.tables
            .iter()
            .flat_map(|t| t.values().iter().filter_map(|v| v.date()))
            .filter(|d| *d <= limit)
            .max()
    }

    /// Whether any date column of the export holds a date in `from..=to`.
    pub fn has_date_within(&self, from: NaiveDate, to: NaiveDate) -> bool {
        self.tables
            .iter()
            .flat_map(|t| t.values().iter().filter_map(|v| v.date()))
            .any(|d| from <= d && d <= to)
    }

    pub fn source(&self, r: RowRef) -> &Source {
        &self.sources[r.source as usize]
    }
}

fn build_index(tables: &[TableData], strings: &Interner, key_name: &str) -> KeyIndex {
    let keyed: Vec<&TableData> = tables.iter().filter(|t| t.def().key == key_name).collect();
    let mut keys: Vec<Sym> = Vec::new();
    for t in &keyed {
        let k = t.def().key_index();
        keys.extend((0..t.len() as u32).filter_map(|r| t.sym(r, k)));
    }
    keys.sort_unstable();
    keys.dedup();
    keys.sort_by(|a, b| strings.resolve(*a).cmp(strings.resolve(*b)));
    let rank: FxHashMap<Sym, u32> = keys
        .iter()
        .enumerate()
        .map(|(i, &s)| (s, i as u32))
        .collect();

    let mut groups: Vec<Option<(Vec<u32>, Vec<u32>)>> = (0..tables.len()).map(|_| None).collect();
    for t in keyed {
        let def = t.def();
        let k = def.key_index();
        let date_col = def.order_by.and_then(|c| def.column_index(c));
        // (key rank, date, provenance, row): sorted, rows fall in key then date order.
        let mut order: Vec<(u32, Option<NaiveDate>, RowRef, u32)> = (0..t.len() as u32)
            .filter_map(|r| {
                let date = date_col.and_then(|c| t.date(r, c));
                t.sym(r, k).map(|s| (rank[&s], date, t.prov(r), r))
            })
            .collect();
        order.par_sort_unstable();
        let mut starts = vec![0u32; keys.len() + 1];
        for &(rk, ..) in &order {
            starts[rk as usize + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        groups[t.id as usize] = Some((order.into_iter().map(|(.., r)| r).collect(), starts));
    }
    KeyIndex { keys, rank, groups }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn d(s: &str) -> Value {
        Value::Date(
            s.parse::<NaiveDate>().unwrap(),
            super::super::table::NO_TIME,
        )
    }

    #[test]
    fn rows_are_grouped_by_child_in_date_order() {
        let mut strings = Interner::default();
        let b = strings.intern("B");
        let a = strings.intern("A");
        let mut visits = TableData::new(TableId::Visits);
        let row = |child: Sym, date: &str| {
            let mut v = vec![Value::Null; 8];
            v[0] = Value::Text(child);
            v[1] = d(date);
            v
        };
        visits.push(&row(b, "2026-01-05"), RowRef { source: 0, row: 2 });
        visits.push(&row(a, "2026-01-09"), RowRef { source: 0, row: 3 });
        visits.push(&row(a, "2026-01-02"), RowRef { source: 0, row: 4 });
        let ds = Dataset::new(strings, vec![], vec![visits]);
        assert_eq!(ds.children.keys(), &[a, b]);
        assert_eq!(ds.children.rows(TableId::Visits, 0), &[2, 1]);
        assert_eq!(ds.children.rows(TableId::Visits, 1), &[0]);
        assert!(ds.children.rows(TableId::Episodes, 0).is_empty());
        assert!(ds.workers.keys().is_empty());
    }
}
