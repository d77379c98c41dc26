//! The `caseaudit-sample` binary, and the bundled sample exports it writes.

use std::path::Path;
use std::process::Command;

use caseaudit_sample::{SampleConfig, Shape, write_sample};

fn sample(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_caseaudit-sample"))
        .args(args)
        .output()
        .expect("caseaudit-sample runs")
}

#[test]
fn the_bundled_sample_exports_are_what_the_generator_writes() {
    let exports = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../sample-exports");
    let dir = tempfile::tempdir().unwrap();
    for shape in Shape::ALL {
        let out = dir.path().join(format!("{shape}.xlsx"));
        let mut cfg = SampleConfig::new(300, 1);
        cfg.shape = shape;
        write_sample(&cfg, &out).unwrap();
        let bundled = exports.join(format!("{shape}.xlsx"));
        assert!(
            std::fs::read(&out).unwrap() == std::fs::read(&bundled).unwrap(),
            "{} is not what the generator writes: if the change is meant, rewrite it with \
             `caseaudit-sample --children 300 --seed 1 --shape {shape} --out {}`",
            bundled.display(),
            bundled.display()
        );
    }
}

#[test]
fn the_binary_writes_a_shaped_export_and_says_what_it_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("mo");
    let o = sample(&[
        "--children",
        "20",
        "--seed",
        "4",
        "--shape",
        "mosaic",
        "--clean",
        "--out",
        out.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(o.status.success(), "{err}");
    assert!(
        err.contains("records to 2026-10-31, shaped like a mosaic export): children 20,"),
        "{err}"
    );
    assert!(out.join("CP Visits.csv").is_file());
    assert!(!out.join("visits.csv").exists());
}

#[test]
fn bad_options_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x");
    let o = sample(&["--shape", "eclipse", "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("unknown shape 'eclipse'"));
    let o = sample(&["--as-at", "31/10/2026", "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert!(!out.exists());
}
