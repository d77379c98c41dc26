//! The mapping-profile file format (`profiles/*.toml`), as serde reads it.

use serde::Deserialize;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileSpec {
    pub profile: ProfileMeta,
    #[serde(default, rename = "table")]
    pub tables: Vec<TableMapSpec>,
    /// Example sheets of an export the profile reads (optional).
    #[serde(default, rename = "example")]
    pub examples: Vec<ExampleSheet>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProfileMeta {
    pub id: String,
    pub title: String,
    pub description: Option<String>,
    /// A regular expression removed from the start of every text cell (e.g. Annex A's
    /// coded prefixes `a) `).
    pub strip_prefix: Option<String>,
    /// Extra date formats (chrono strftime syntax) tried when a text date is in none of
    /// the contract's forms, e.g. `"%d.%m.%y"` for an export known to write two-digit years.
    #[serde(default)]
    pub date_formats: Vec<String>,
}

/// One sheet of an export the profile reads, written out as an example: its name and its
/// header row. Checked when the profile loads (a mapping reads it and finds each of its
/// columns there); `caseaudit-sample --shape <profile>` writes these sheets, in this order.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExampleSheet {
    pub sheet: String,
    pub headers: Vec<String>,
}

/// One source sheet (or CSV file) read into one contract table.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableMapSpec {
    /// The contract table.
    pub table: String,
    /// A regular expression matching the source sheet name (a CSV file's stem). Several
    /// sheets may match: their rows are joined into the table.
    pub sheet: String,
    /// Contract column → a regular expression matching the source header, or a full map.
    #[serde(default)]
    pub columns: std::collections::BTreeMap<String, ColumnSpec>,
    /// Contract column → a fixed value for every row (e.g. `episode_type = "CP"`).
    #[serde(default)]
    pub constants: std::collections::BTreeMap<String, String>,
    /// Only rows whose source cells pass these tests belong to the table (splitting one
    /// sheet into several tables).
    #[serde(default)]
    pub rows: Vec<RowTestSpec>,
    /// Rows whose value in these contract columns is blank are not rows of this table
    /// (e.g. a list row with no visit date holds no visit); they are counted as skipped.
    #[serde(default)]
    pub skip_blank: Vec<String>,
    /// Read matching sheets even when they are hidden in the workbook (hidden and
    /// very-hidden sheets are otherwise ignored, and listed).
    #[serde(default)]
    pub hidden: bool,
    /// Free-text values classified into the contract's codes.
    #[serde(default)]
    pub classify: Vec<ClassifySpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum ColumnSpec {
    Header(String),
    Full(ColumnMapSpec),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ColumnMapSpec {
    /// A regular expression matching the source header.
    pub header: String,
    /// A timescale added to a date column's value (e.g. `"216 months"`: 18th birthday).
    pub add: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RowTestSpec {
    /// A regular expression matching the source header of the column tested.
    pub header: String,
    pub matches: Option<String>,
    pub not_matches: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ClassifySpec {
    /// The contract column whose values are classified.
    pub column: String,
    /// Code → regular expression; the first matching entry wins.
    pub codes: Vec<CodeSpec>,
    /// What to do with a value no pattern matches: `keep` (default), `blank` or `reject`.
    pub unmatched: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CodeSpec {
    pub code: String,
    pub matches: String,
}
