//! Ids as the audit compares them. Every id cell of every input (native, profiled or a
//! national return) passes here once the inputs are merged:
//!
//! - invisible characters are removed (zero-width space, zero-width joiners, word joiner,
//!   byte-order mark, soft hyphen, bidirectional marks) and surrounding space trimmed; a
//!   row whose id held them gets a warning in `data_quality.csv`;
//! - a child id made of digits only loses its leading zeros (`000018` is the child `18`),
//!   unless `--keep-leading-zeros` is given (then `000018` and `18` are two children);
//! - with `--pseudonymise`, each child id (and with `--pseudonymise-workers` each worker,
//!   supervisor and manager) becomes its keyed token ([`crate::privacy`]).
//!
//! The findings already made are brought in line: a finding's child id is the id as the
//! audit uses it (or its token), and a date of birth is never shown.

use rustc_hash::FxHashMap;

use super::IngestOptions;
use crate::model::{Interner, Source, Sym, TableData, Value};
use crate::privacy;
use crate::quality::{Action, DataIssue};
use crate::schema::ColumnKind;

/// Whether a character is invisible in an id (it would make two equal ids differ).
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}'
            | '\u{00AD}'
            | '\u{180E}'
    ) || (c.is_control() && c != ' ')
}

/// What an id column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Role {
    Child,
    Worker,
}

impl Role {
    fn of(column: &str, kind: ColumnKind) -> Option<Role> {
        match (column, kind) {
            ("child_id", _) => Some(Role::Child),
            ("worker" | "supervisor" | "manager", _) => Some(Role::Worker),
            (_, ColumnKind::Id) => Some(Role::Worker),
            _ => None,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Role::Child => "child",
            Role::Worker => "worker",
        }
    }
}

/// An id cleaned: invisible characters out, trimmed, and (for a child id of digits) its
/// leading zeros dropped unless they are kept. `true` when invisible characters were found.
pub fn clean_id(raw: &str, child: bool, keep_zeros: bool) -> (String, bool) {
    let had = raw.chars().any(is_invisible);
    let mut s: String = if had {
        raw.chars().filter(|c| !is_invisible(*c)).collect()
    } else {
        raw.to_string()
    };
    let t = s.trim_matches(|c: char| c.is_whitespace());
    if t.len() != s.len() {
        s = t.to_string();
    }
    if child && !keep_zeros && s.len() > 1 && s.bytes().all(|b| b.is_ascii_digit()) {
        let t = s.trim_start_matches('0');
        s = if t.is_empty() {
            "0".into()
        } else {
            t.to_string()
        };
    }
    (s, had)
}

struct Ids<'a> {
    strings: &'a mut Interner,
    options: &'a IngestOptions,
    cache: FxHashMap<(Sym, Role), (Option<Sym>, bool)>,
}

impl Ids<'_> {
    fn pseudonymised(&self, role: Role) -> bool {
        match (&self.options.pseudonymiser, role) {
            (Some(_), Role::Child) => true,
            (Some(p), Role::Worker) => p.workers,
            (None, _) => false,
        }
    }

    /// The id as the audit uses it: cleaned, then its token when pseudonymised.
    fn text(&self, raw: &str, role: Role) -> (String, bool) {
        let (clean, had) = clean_id(raw, role == Role::Child, self.options.keep_leading_zeros);
        match (&self.options.pseudonymiser, self.pseudonymised(role)) {
            (Some(p), true) if !clean.is_empty() => (p.token(role.name(), &clean), had),
            _ => (clean, had),
        }
    }

    fn map(&mut self, sym: Sym, role: Role) -> (Option<Sym>, bool) {
        if let Some(hit) = self.cache.get(&(sym, role)) {
            return *hit;
        }
        let raw = self.strings.resolve(sym).to_string();
        let (text, had) = self.text(&raw, role);
        let new = if text.is_empty() {
            None
        } else if text == raw {
            Some(sym)
        } else {
            Some(self.strings.intern(&text))
        };
        self.cache.insert((sym, role), (new, had));
        (new, had)
    }
}

/// Cleans (and pseudonymises) every id of the merged tables, and brings the findings in
/// line; returns the new findings (ids that held invisible characters).
pub fn normalise(
    strings: &mut Interner,
    tables: &mut [TableData],
    sources: &[Source],
    issues: &mut [DataIssue],
    options: &IngestOptions,
) -> Vec<DataIssue> {
    let mut ids = Ids {
        strings,
        options,
        cache: FxHashMap::default(),
    };
    let mut found = Vec::new();
    for t in tables.iter_mut() {
        let def = t.def();
        for (c, col) in def.columns.iter().enumerate() {
            let Some(role) = Role::of(col.name, col.kind) else {
                continue;
            };
            if col.kind != ColumnKind::Id && !ids.pseudonymised(role) {
                continue;
            }
            for r in 0..t.len() as u32 {
                let Value::Text(sym) = t.get(r, c) else {
                    continue;
                };
                let (new, had) = ids.map(sym, role);
                if new != Some(sym) {
                    t.set(r, c, new.map_or(Value::Null, Value::Text));
                }
                if had {
                    let prov = t.prov(r);
                    let src = &sources[prov.source as usize];
                    found.push(DataIssue {
                        file: src.file.clone(),
                        sheet: src.sheet.clone(),
                        row: prov.row,
                        column: col.name.into(),
                        value: new.map_or(String::new(), |s| ids.strings.resolve(s).to_string()),
                        reason: "the id held invisible characters (a zero-width space, byte-order mark, word joiner or the like): they were removed".into(),
                        action: Action::Warning,
                    });
                }
            }
        }
    }
    for issue in issues.iter_mut() {
        scrub(issue, &ids);
    }
    for issue in &mut found {
        scrub_birth_date(issue);
    }
    found
}

/// A finding brought in line with the ids the audit uses, without a date of birth.
fn scrub(issue: &mut DataIssue, ids: &Ids<'_>) {
    let role = if privacy::is_child_id_column(&issue.column) {
        Some(Role::Child)
    } else if privacy::is_worker_column(&issue.column) {
        Some(Role::Worker)
    } else {
        None
    };
    if let Some(role) = role
        && !issue.value.is_empty()
    {
        issue.value = ids.text(&issue.value, role).0;
    }
    scrub_birth_date(issue);
}

/// A date of birth is never shown in an output.
pub fn scrub_birth_date(issue: &mut DataIssue) {
    if privacy::is_birth_date_column(&issue.column) && !issue.value.is_empty() {
        let value = std::mem::replace(&mut issue.value, "(a date of birth: not shown)".into());
        let trimmed = value.trim();
        if !trimmed.is_empty() && issue.reason.contains(trimmed) {
            issue.reason = issue.reason.replace(trimmed, "(not shown)");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invisible_characters_and_zeros_go() {
        assert_eq!(clean_id("\u{200B}18", true, false), ("18".into(), true));
        assert_eq!(
            clean_id("\u{FEFF}000018 ", true, false),
            ("18".into(), true)
        );
        assert_eq!(clean_id("1\u{2060}8", true, false), ("18".into(), true));
        assert_eq!(clean_id("000018", true, true), ("000018".into(), false));
        assert_eq!(clean_id("000", true, false), ("0".into(), false));
        assert_eq!(clean_id("C0018", true, false), ("C0018".into(), false));
        assert_eq!(clean_id("007", false, false), ("007".into(), false));
    }
}
