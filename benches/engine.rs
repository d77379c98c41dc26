//! The engine on a generated export of about 100,000 visits (issue "audit engine":
//! criterion benchmark). Run with `cargo bench --bench engine`. The export is generated
//! once into a temporary folder (`caseaudit-sample --visits 100000 --clean`, as CSV);
//! the benchmarks time reading it, evaluating every rule of the Middlesbrough pack on 1
//! and on 2 threads, and building the report.

use std::hint::black_box;
use std::path::PathBuf;

use caseaudit::calendar::Calendar;
use caseaudit::engine::{AuditDates, Engine};
use caseaudit_sample::{SampleConfig, write_sample};
use chrono::NaiveDate;
use criterion::{Criterion, criterion_group, criterion_main};

fn export() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("export");
    let mut cfg = SampleConfig::new(10_000, 1);
    cfg.target_visits = Some(100_000);
    cfg.messy = false;
    write_sample(&cfg, &path).expect("sample export");
    (dir, path)
}

fn bench_engine(c: &mut Criterion) {
    let (_dir, path) = export();
    let pack = caseaudit::rules::load_pack("middlesbrough").expect("pack");
    let loaded = caseaudit::ingest::load(&path).expect("load");
    let cal = Calendar::new(pack.region, &pack.closures);
    let to = NaiveDate::from_ymd_opt(2026, 10, 31).unwrap();
    let dates = AuditDates {
        from: NaiveDate::from_ymd_opt(2025, 11, 1).unwrap(),
        to,
        as_at: to,
    };
    let mut group = c.benchmark_group("engine_100k_visits");
    group.sample_size(10);
    group.bench_function("read_csv", |b| {
        b.iter(|| black_box(caseaudit::ingest::load(&path).expect("load")))
    });
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        group.bench_function(format!("evaluate_{threads}_threads"), |b| {
            b.iter(|| {
                pool.install(|| {
                    black_box(
                        Engine::new(&pack.rules, &loaded.dataset, &cal, dates, &loaded.issues)
                            .run(),
                    )
                })
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_engine);
criterion_main!(benches);
