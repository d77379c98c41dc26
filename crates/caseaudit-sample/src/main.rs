//! The `caseaudit-sample` binary: writes a synthetic export (no real data) for trying,
//! testing and benchmarking caseaudit.

#![forbid(unsafe_code)]

use std::path::PathBuf;
use std::process::ExitCode;

use caseaudit_sample::{SampleConfig, Shape, write_sample};
use chrono::NaiveDate;
use clap::Parser;

#[derive(Parser, Debug)]
#[command(
    name = "caseaudit-sample",
    version,
    about = "Write a synthetic export (no real data) for trying caseaudit out"
)]
struct Args {
    /// Number of children
    #[arg(long, default_value_t = 300)]
    children: usize,
    /// Random seed (the same seed writes the same export)
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Aim for about this many visit rows (overrides --children)
    #[arg(long)]
    visits: Option<usize>,
    /// The date the synthetic records run to
    #[arg(long = "as-at", value_parser = parse_date, default_value = "2026-10-31")]
    as_at: NaiveDate,
    /// Write clean data only (no deliberately unreadable cells)
    #[arg(long)]
    clean: bool,
    /// Layout: native (the contract's tables), or the same records shaped like a
    /// liquidlogic or mosaic report export (synthetic layouts, for the bundled profiles)
    #[arg(long, default_value = "native", value_parser = parse_shape)]
    shape: Shape,
    /// A .xlsx file, or a folder for CSV files
    #[arg(long, short = 'o')]
    out: PathBuf,
}

fn parse_shape(s: &str) -> Result<Shape, String> {
    s.parse()
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| format!("'{s}' is not a date: write YYYY-MM-DD"))
}

fn main() -> ExitCode {
    let args = Args::parse();
    let mut cfg = SampleConfig::new(args.children, args.seed);
    cfg.as_at = args.as_at;
    cfg.target_visits = args.visits;
    cfg.messy = !args.clean;
    cfg.shape = args.shape;
    match write_sample(&cfg, &args.out) {
        Ok(stats) => {
            let rows: Vec<String> = stats.rows.iter().map(|(t, n)| format!("{t} {n}")).collect();
            let shape = match cfg.shape {
                Shape::Native => String::new(),
                s => format!(", shaped like a {s} export"),
            };
            eprintln!(
                "wrote {} (synthetic, records to {}{shape}): {}",
                args.out.display(),
                cfg.as_at,
                rows.join(", ")
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("caseaudit-sample: error: {e:#}");
            ExitCode::from(2)
        }
    }
}
