//! Benchmarks for spreadsheet cell parsing (`ingest::cell`). Run with `cargo bench --bench dates`.

use std::hint::black_box;

use caseaudit::ingest::cell::{date_from_excel_serial, parse_date_text, parse_flag};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};

fn bench_dates(c: &mut Criterion) {
    let forms = [
        ("iso", "2026-03-09"),
        ("uk", "09/03/2026"),
        ("uk short", "9/3/2026"),
        ("month name", "9 March 2026"),
        ("dd-mon-yyyy", "09-Mar-2026"),
        ("iso datetime", "2026-03-09T14:30:00.000Z"),
        ("uk datetime", "09/03/2026 14:30:15"),
        ("us-style (error)", "12/25/2026"),
    ];
    let mut g = c.benchmark_group("parse_date_text");
    g.throughput(Throughput::Elements(1));
    for (name, text) in forms {
        g.bench_function(name, |b| b.iter(|| parse_date_text(black_box(text))));
    }
    g.finish();

    let mut g = c.benchmark_group("date_from_excel_serial");
    g.throughput(Throughput::Elements(1));
    g.bench_function("date", |b| {
        b.iter(|| date_from_excel_serial(black_box(46_090.0)))
    });
    g.bench_function("date-time", |b| {
        b.iter(|| date_from_excel_serial(black_box(46_090.604_166_666)))
    });
    g.finish();

    c.bench_function("parse_flag", |b| b.iter(|| parse_flag(black_box(" Yes "))));
}

criterion_group!(benches, bench_dates);
criterion_main!(benches);
