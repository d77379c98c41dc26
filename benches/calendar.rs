//! Benchmarks for working-day arithmetic (`calendar`). Run with `cargo bench --bench calendar`.

use std::hint::black_box;

use caseaudit::calendar::{Calendar, Region};
use chrono::{Days, NaiveDate};
use criterion::{Criterion, criterion_group, criterion_main};

/// Deterministic spread of dates across 2015–2030.
fn dates(n: usize) -> Vec<NaiveDate> {
    let first = NaiveDate::from_ymd_opt(2015, 1, 1).unwrap();
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            first + Days::new(x % 5_844)
        })
        .collect()
}

fn bench_calendar(c: &mut Criterion) {
    let closures = [
        NaiveDate::from_ymd_opt(2026, 12, 29).unwrap(),
        NaiveDate::from_ymd_opt(2026, 12, 30).unwrap(),
        NaiveDate::from_ymd_opt(2026, 12, 31).unwrap(),
    ];
    let cal = Calendar::new(Region::EnglandWales, &closures);
    let ds = dates(1024);

    c.bench_function("add_working_days/15", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) & 1023;
            cal.add_working_days(black_box(ds[i]), black_box(15))
        })
    });
    c.bench_function("add_working_days/1024 dates x 20", |b| {
        b.iter(|| {
            ds.iter()
                .map(|&d| cal.add_working_days(d, black_box(20)))
                .max()
        })
    });
    c.bench_function("sub_working_days/3", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) & 1023;
            cal.sub_working_days(black_box(ds[i]), black_box(3))
        })
    });
    c.bench_function("working_days_between", |b| {
        let mut i = 0;
        b.iter(|| {
            i = (i + 1) & 1023;
            cal.working_days_between(black_box(ds[i]), black_box(ds[(i + 1) & 1023]))
        })
    });
    c.bench_function("add_working_days/outside span", |b| {
        let d = NaiveDate::from_ymd_opt(2085, 3, 1).unwrap();
        b.iter(|| cal.add_working_days(black_box(d), black_box(15)))
    });
    c.bench_function("Calendar::new", |b| {
        b.iter(|| Calendar::new(black_box(Region::Scotland), black_box(&closures)))
    });
}

criterion_group!(benches, bench_calendar);
criterion_main!(benches);
