//! The fuzz targets' regression inputs (`fuzz/regressions/<target>/`: inputs that once
//! crashed, hung or were judged worth keeping) replayed through the same entry points as
//! `cargo fuzz` uses, plus a short run of random inputs per target, so that a fuzz finding
//! stays fixed without nightly Rust.

use libtest_mimic::{Arguments, Trial};
use proptest::test_runner::{Config, TestRunner};

fn main() {
    let args = Arguments::from_args();
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    let mut trials = Vec::new();
    for target in caseaudit::fuzzing::TARGETS {
        let dir = root.join(target);
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .flatten()
            .map(|e| e.path())
            .collect();
        files.sort();
        for f in files {
            let name = format!("{target}/{}", f.file_name().unwrap().to_string_lossy());
            trials.push(Trial::test(name, move || {
                caseaudit::fuzzing::run(target, &std::fs::read(&f).unwrap());
                Ok(())
            }));
        }
        trials.push(Trial::test(format!("{target}/random"), move || {
            let cases = if target.ends_with("ingest") { 24 } else { 256 };
            let mut runner = TestRunner::new(Config {
                cases,
                failure_persistence: None,
                ..Config::default()
            });
            runner
                .run(
                    &proptest::collection::vec(proptest::num::u8::ANY, 0..512),
                    |data| {
                        caseaudit::fuzzing::run(target, &data);
                        Ok(())
                    },
                )
                .map_err(|e| e.to_string().into())
        }));
    }
    libtest_mimic::run(&args, trials).exit();
}
