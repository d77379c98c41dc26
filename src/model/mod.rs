//! The typed case records the rules run over.
//!
//! Ingest turns spreadsheet cells into [`Value`]s in schema order; the model stores each
//! table's rows flat (one `Vec<Value>` per table, no allocation per row), interns text so
//! that repeated team, worker and type names cost four bytes a cell, and indexes rows by
//! child and by worker so the engine can evaluate one child at a time.

mod dataset;
mod interner;
mod table;

pub use dataset::{Dataset, KeyIndex, Source};
pub use interner::{Interner, Sym};
pub use table::{NO_TIME, RowRef, SourceId, TableData, Value};
