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
    for shape in Shape::ALL.into_iter().filter(|s| !s.is_national()) {
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

/// Every file of a folder (or the file itself), by name.
fn contents(p: &Path) -> Vec<(String, Vec<u8>)> {
    if p.is_file() {
        return vec![(String::new(), std::fs::read(p).unwrap())];
    }
    let mut v: Vec<(String, Vec<u8>)> = std::fs::read_dir(p)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).unwrap())
        })
        .collect();
    v.sort();
    v
}

#[test]
fn the_bundled_national_samples_are_what_the_generator_writes() {
    let exports = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../sample-exports");
    let dir = tempfile::tempdir().unwrap();
    for (shape, name) in [
        ("903", "ssda903"),
        ("cin", "cin_census.xml"),
        ("ssd", "ssd"),
    ] {
        // With the defaults: 100 children, seed 1, as at 31 March 2026, faults on.
        let out = dir.path().join(name);
        let o = sample(&["--shape", shape, "--out", out.to_str().unwrap()]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(o.status.success(), "{err}");
        assert!(err.contains("records to 2026-03-31"), "{err}");
        let bundled = exports.join(name);
        assert!(
            contents(&out) == contents(&bundled),
            "{} is not what the generator writes: if the change is meant, rewrite it with \
             `caseaudit-sample --shape {shape} --out {} --force`",
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
    // A census is not written over an existing file without --force.
    let xml = dir.path().join("cin_census.xml");
    std::fs::write(&xml, "keep").unwrap();
    let o = sample(&["--shape", "cin", "--out", xml.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&xml).unwrap(), "keep");
    let o = sample(&["--shape", "cin", "--force", "--out", xml.to_str().unwrap()]);
    assert!(o.status.success());
    assert!(std::fs::read_to_string(&xml).unwrap().starts_with("<?xml"));
}
