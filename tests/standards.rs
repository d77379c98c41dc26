//! Rule packs true to their sources (issue 9). For every rule of every bundled pack
//! (`rules/*.toml`, read as plain TOML, each file's own rules):
//! - `checks`, `why`, `kpi` and `standard.section` are present and not blank;
//! - a rule whose standard cites a `line` of its source document quotes, in
//!   `standard.text`, words that start in that document within 3 lines of the cited line
//!   (compared with whitespace collapsed and curly quotes and dashes made straight), and
//!   names, in `standard.section`, a heading that stands in that document;
//! - a rule of a pack with a source document gives as its `kpi` the document's own KPI
//!   wording (each `;`-separated part found in the document) or marks it `Derived: `.
//!
//! The source documents are in `rules/sources/` (see its README).

use std::path::{Path, PathBuf};

/// The source document a pack's `standard.line` numbers refer to.
fn source_of(pack: &str) -> Option<&'static str> {
    match pack {
        "middlesbrough" => Some("middlesbrough-learning-and-development-offer.txt"),
        _ => None,
    }
}

/// How far from the cited line a quote may start.
const NEAR: usize = 3;
/// How many lines after the cited line a quote may run on to (the seed breaks sentences
/// over several lines with blank lines between).
const RUN_ON: usize = 24;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Whitespace collapsed, curly quotes, dashes and non-breaking spaces made plain.
fn normalise(s: &str) -> String {
    let mapped: String = s
        .chars()
        .map(|c| match c {
            '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}' | '\u{2032}' | '`' => '\'',
            '\u{201C}' | '\u{201D}' | '\u{201E}' | '\u{201F}' | '\u{2033}' => '"',
            '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}' | '\u{2015}'
            | '\u{2212}' => '-',
            '\u{00A0}' | '\u{2007}' | '\u{202F}' | '\t' => ' ',
            c => c,
        })
        .collect();
    mapped.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `quote` starts within `NEAR` lines of the 1-based `line` of `lines`.
fn quoted_near(lines: &[&str], line: usize, quote: &str) -> bool {
    let quote = normalise(quote);
    if quote.is_empty() || line == 0 || line > lines.len() {
        return false;
    }
    let first = line.saturating_sub(NEAR).max(1);
    let last_start = (line + NEAR).min(lines.len());
    let last = (line + RUN_ON).min(lines.len());
    // The window's text, one space between non-blank lines; `cut` is where the text of
    // the lines a quote may start on ends.
    let mut text = String::new();
    let mut cut = 0;
    for n in first..=last {
        let l = normalise(lines[n - 1]);
        if !l.is_empty() {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(&l);
        }
        if n == last_start {
            cut = text.len();
        }
    }
    text.match_indices(&quote).any(|(at, _)| at < cut)
}

fn text_of<'a>(t: &'a toml::Table, key: &str) -> Option<&'a str> {
    t.get(key).and_then(|v| v.as_str())
}

fn bundled_packs() -> Vec<PathBuf> {
    let mut packs: Vec<PathBuf> = std::fs::read_dir(root().join("rules"))
        .expect("rules/")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        // The course catalogue (rules/courses.toml) is loaded with the packs, not a pack.
        .filter(|p| p.file_stem().is_none_or(|s| s != "courses"))
        .collect();
    packs.sort();
    assert!(packs.len() >= 4, "bundled packs not found: {packs:?}");
    packs
}

/// Every problem of one pack file, each naming the rule.
fn problems(path: &Path) -> Vec<String> {
    let file = path.file_name().unwrap().to_string_lossy().to_string();
    let pack: toml::Table = toml::from_str(&std::fs::read_to_string(path).unwrap())
        .unwrap_or_else(|e| panic!("{file}: {e}"));
    let pack_id = pack
        .get("pack")
        .and_then(|p| p.as_table())
        .and_then(|p| text_of(p, "id"))
        .unwrap_or_else(|| panic!("{file}: no [pack] id"))
        .to_string();
    let source = source_of(&pack_id).map(|name| {
        std::fs::read_to_string(root().join("rules/sources").join(name))
            .unwrap_or_else(|e| panic!("rules/sources/{name}: {e}"))
    });
    let lines: Vec<&str> = source
        .as_deref()
        .map_or(Vec::new(), |s| s.lines().collect());
    let headings: Vec<String> = lines.iter().map(|l| normalise(l)).collect();
    // The whole document as one line, for KPI wording broken over several lines.
    let whole = headings
        .iter()
        .filter(|l| !l.is_empty())
        .cloned()
        .collect::<Vec<_>>()
        .join(" ");

    let mut out = Vec::new();
    let rules = pack.get("rule").and_then(|r| r.as_array()).cloned();
    for rule in rules.unwrap_or_default() {
        let rule = rule.as_table().expect("[[rule]] is a table");
        let id = text_of(rule, "id").unwrap_or("(no id)");
        let mut problem = |what: String| out.push(format!("{file}: rule {id}: {what}"));
        for key in ["checks", "why", "kpi"] {
            if text_of(rule, key).is_none_or(|v| v.trim().is_empty()) {
                problem(format!("'{key}' is missing or blank"));
            }
        }
        let Some(standard) = rule.get("standard").and_then(|s| s.as_table()) else {
            problem("no standard".into());
            continue;
        };
        let section = text_of(standard, "section").unwrap_or("");
        if section.trim().is_empty() {
            problem("standard.section is missing or blank".into());
        }
        if source.is_some()
            && let Some(kpi) = text_of(rule, "kpi")
            && !kpi.starts_with("Derived: ")
        {
            for part in kpi.split(';').map(str::trim) {
                if !whole.contains(&normalise(part)) {
                    problem(format!(
                        "kpi '{part}' is not the source's KPI wording: quote the KPI or start with 'Derived: '"
                    ));
                }
            }
        }
        let Some(line) = standard.get("line").and_then(|l| l.as_integer()) else {
            continue;
        };
        if source.is_none() {
            problem(format!(
                "standard.line = {line}, but pack '{pack_id}' has no source document in rules/sources/"
            ));
            continue;
        }
        if !headings.iter().any(|h| *h == normalise(section)) {
            problem(format!(
                "standard.section '{section}' is not a heading of the source document"
            ));
        }
        match text_of(standard, "text") {
            None => problem(format!("standard.line = {line} but no standard.text")),
            Some(text) => {
                if !quoted_near(&lines, line as usize, text) {
                    problem(format!(
                        "standard.text is not in the source within {NEAR} lines of line {line}: \"{text}\""
                    ));
                }
            }
        }
    }
    out
}

#[test]
fn every_rule_of_every_bundled_pack_is_true_to_its_source() {
    let all: Vec<String> = bundled_packs().iter().flat_map(|p| problems(p)).collect();
    assert!(
        all.is_empty(),
        "{} problem(s):\n{}",
        all.len(),
        all.join("\n")
    );
}

#[test]
fn the_source_copy_is_the_seed() {
    let ours = root().join("rules/sources/middlesbrough-learning-and-development-offer.txt");
    let text = std::fs::read_to_string(&ours).unwrap();
    assert_eq!(text.lines().count(), 5705, "the copy has been re-wrapped");
    // Spot checks of lines that rules cite.
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[2393 - 1].starts_with("I will see the child alone within 24 hours"));
    assert!(lines[3836 - 1].starts_with("I keep in touch with Care Leavers every 8 week"));
}

#[test]
fn a_wrong_or_misplaced_quote_is_caught() {
    let seed = std::fs::read_to_string(
        root().join("rules/sources/middlesbrough-learning-and-development-offer.txt"),
    )
    .unwrap();
    let lines: Vec<&str> = seed.lines().collect();
    let quote = "I will see the child alone within 24 hours of the strategy.";
    assert!(quoted_near(&lines, 2393, quote));
    assert!(quoted_near(&lines, 2390, quote));
    assert!(quoted_near(&lines, 2396, quote));
    // Too far from the cited line.
    assert!(!quoted_near(&lines, 2400, quote));
    assert!(!quoted_near(&lines, 2386, quote));
    // Words the source does not say there.
    assert!(!quoted_near(
        &lines,
        2393,
        "I will see the child within 24 hours of the strategy."
    ));
    // A sentence broken over lines 846 and 849, with curly quotes in the seed and
    // straight ones in the quote.
    assert!(quoted_near(
        &lines,
        846,
        "The assessment will take no longer than 45 days for a Child and Family Assessment or 30 days for My Family Plan."
    ));
    assert!(quoted_near(
        &lines,
        3711,
        "My child's Initial Looked after Review takes place within 20 working days of them becoming looked after."
    ));
}

#[test]
fn normalising_collapses_whitespace_quotes_and_dashes() {
    assert_eq!(
        normalise("  children\u{2019}s\u{00A0}home \u{2013} \u{201C}x\u{201D}\n"),
        "children's home - \"x\""
    );
}
