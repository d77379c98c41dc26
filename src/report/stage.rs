//! Writing outputs whole or not at all.
//!
//! Every format writes into a staging folder inside `--out`
//! (`.caseaudit-staging-<pid>-<n>`, mode 0700, its files 0600). Only when all have
//! written is the whole set swapped in: the previous run's files (those its manifest,
//! `.caseaudit-manifest`, lists, and any file of the new set already there) are first moved
//! aside into the staging folder, then the new ones moved in, then the old ones deleted.
//! If any move fails, every move is undone: `--out` holds the previous run's files, as
//! they were, never a mix of two runs. A folder standing where an output goes stops the
//! run before anything moves.
//!
//! A staging folder is registered while it exists: on SIGINT or SIGTERM the command line
//! calls [`remove_staging`], which waits for a swap in progress to finish (or be undone)
//! and removes it. A staging folder left by a process that no longer runs (killed, power
//! lost) is removed by the next run into the same folder; if it was left part-way through
//! a swap, the previous run's files are put back first.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::{OutputFormat, Report, Timings, WriteError};

/// The prefix of staging folders.
pub const STAGING_PREFIX: &str = ".caseaudit-staging-";
/// The file listing the outputs of the last run written into a folder.
pub const MANIFEST: &str = ".caseaudit-manifest";
/// In a staging folder: the names being swapped in (written before the first move).
const JOURNAL: &str = ".swap";
/// In a staging folder: written once the swap is complete (nothing to undo).
const DONE: &str = ".done";
/// In a staging folder: the previous run's files, moved aside.
const PREVIOUS: &str = ".previous";
/// Folders of outputs caseaudit owns and swaps as one entry (the supervision packs).
const FOLDERS: [&str; 1] = ["packs"];

/// The outputs a run before manifests may have left.
const USUAL_OUTPUTS: [&str; 7] = [
    "exceptions.csv",
    "pending.csv",
    "kpis.csv",
    "data_quality.csv",
    "summary.json",
    "report.html",
    "report.xlsx",
];

/// Staging folders of this process that exist now.
static ACTIVE: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());
/// Held while a set is swapped in, so that a signal waits for the swap to end.
static SWAP: Mutex<()> = Mutex::new(());

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}

/// Removes every staging folder of this process (on SIGINT or SIGTERM), after any swap in
/// progress has finished or been undone. The lock on swaps is kept (the process is about
/// to exit): no swap starts afterwards.
pub fn remove_staging() {
    let guard = lock(&SWAP);
    let dirs: Vec<PathBuf> = lock(&ACTIVE).drain(..).collect();
    for d in dirs {
        let _ = std::fs::remove_dir_all(&d);
    }
    std::mem::forget(guard);
}

/// A staging folder: registered while it exists, removed when dropped.
struct Stage {
    path: PathBuf,
}

impl Stage {
    fn new(out: &Path) -> Result<Stage, WriteError> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        for n in 0..100u32 {
            let path = out.join(format!(
                "{STAGING_PREFIX}{}-{}",
                std::process::id(),
                nanos.wrapping_add(n)
            ));
            match private_dir(&path, false) {
                Ok(()) => {
                    lock(&ACTIVE).push(path.clone());
                    return Ok(Stage { path });
                }
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(WriteError::io(&path)(e)),
            }
        }
        Err(WriteError::io(out)(std::io::Error::other(
            "cannot make a staging folder",
        )))
    }
}

impl Drop for Stage {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
        lock(&ACTIVE).retain(|p| p != &self.path);
    }
}

/// Makes a folder readable by its owner only (0700 on Unix); `recursive` makes its parents
/// too (also 0700).
fn private_dir(path: &Path, recursive: bool) -> std::io::Result<()> {
    let mut b = std::fs::DirBuilder::new();
    b.recursive(recursive);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
    b.create(path)
}

/// Makes every file under `dir` 0600 and every folder 0700 (Unix).
fn restrict(dir: &Path) -> std::io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for entry in std::fs::read_dir(dir)? {
            let entry = entry?;
            let ft = entry.file_type()?;
            if ft.is_dir() {
                std::fs::set_permissions(entry.path(), std::fs::Permissions::from_mode(0o700))?;
                restrict(&entry.path())?;
            } else if ft.is_file() {
                std::fs::set_permissions(entry.path(), std::fs::Permissions::from_mode(0o600))?;
            }
        }
    }
    #[cfg(not(unix))]
    let _ = dir;
    Ok(())
}

/// A plain file name (no folder part), as the manifest may hold.
fn plain(name: &str) -> bool {
    !name.is_empty()
        && name != "."
        && name != ".."
        && !name.contains(['/', '\\'])
        && !name.starts_with(STAGING_PREFIX)
}

/// The names the manifest of `out` lists (the usual outputs when there is none).
fn previous_set(out: &Path) -> BTreeSet<String> {
    match std::fs::read_to_string(out.join(MANIFEST)) {
        Ok(text) => text
            .lines()
            .map(str::trim)
            .filter(|n| plain(n))
            .map(String::from)
            .collect(),
        Err(_) => USUAL_OUTPUTS.iter().map(|s| s.to_string()).collect(),
    }
}

/// Writes `report` in every format into `out`; returns the files written.
pub fn write_all(
    report: &Report,
    formats: &[OutputFormat],
    timings: &Timings,
    out: &Path,
) -> Result<Vec<String>, WriteError> {
    if !out.is_dir() {
        private_dir(out, true).map_err(WriteError::io(out))?;
    }
    remove_stale(out);
    let stage = Stage::new(out)?;
    let mut files = Vec::new();
    for f in formats {
        files.extend(f.format().write(report, timings, &stage.path)?);
    }
    // The set swapped in: each top-level name once (a pack folder as one entry); the
    // manifest lists it, so the next run can remove what this one wrote.
    let mut set: Vec<String> = Vec::new();
    for f in &files {
        let top = f.split('/').next().unwrap_or(f).to_string();
        if !set.contains(&top) {
            set.push(top);
        }
    }
    let manifest: String = set.iter().map(|f| format!("{f}\n")).collect();
    let at = stage.path.join(MANIFEST);
    std::fs::write(&at, manifest).map_err(WriteError::io(&at))?;
    restrict(&stage.path).map_err(WriteError::io(&stage.path))?;
    set.push(MANIFEST.to_string());
    swap(out, &stage.path, &set)?;
    drop(stage);
    Ok(files)
}

/// Moves the staged `names` into `out` as one set (see the module's documentation).
fn swap(out: &Path, stage: &Path, names: &[String]) -> Result<(), WriteError> {
    let _guard = lock(&SWAP);
    let mut old = previous_set(out);
    old.insert(MANIFEST.to_string());
    old.extend(names.iter().cloned());
    // Nothing moves while something that is not a file stands where one goes.
    for name in &old {
        let dest = out.join(name);
        if let Ok(meta) = std::fs::symlink_metadata(&dest)
            && meta.is_dir()
            && !FOLDERS.contains(&name.as_str())
        {
            return Err(WriteError::io(&dest)(std::io::Error::other(
                "a folder stands where this output goes: move or rename it, then run again (the previous outputs are untouched)",
            )));
        }
    }
    let journal = stage.join(JOURNAL);
    std::fs::write(&journal, names.join("\n")).map_err(WriteError::io(&journal))?;
    let previous = stage.join(PREVIOUS);
    private_dir(&previous, false).map_err(WriteError::io(&previous))?;
    let mut moved_out: Vec<&String> = Vec::new();
    let mut moved_in: Vec<&String> = Vec::new();
    let result = (|| {
        for name in &old {
            let dest = out.join(name);
            if std::fs::symlink_metadata(&dest).is_ok() {
                fail_point()?;
                std::fs::rename(&dest, previous.join(name)).map_err(WriteError::io(&dest))?;
                moved_out.push(name);
            }
        }
        for name in names {
            let dest = out.join(name);
            fail_point()?;
            std::fs::rename(stage.join(name), &dest).map_err(WriteError::io(&dest))?;
            moved_in.push(name);
        }
        Ok(())
    })();
    match result {
        Ok(()) => {
            let _ = std::fs::write(stage.join(DONE), "");
            Ok(())
        }
        Err(e) => {
            for name in moved_in.iter().rev() {
                let _ = std::fs::rename(out.join(name), stage.join(name));
            }
            for name in moved_out.iter().rev() {
                let _ = std::fs::rename(previous.join(name), out.join(name));
            }
            Err(e)
        }
    }
}

#[cfg(test)]
thread_local! {
    /// In tests: the number of moves of this thread's next swap before one fails.
    static FAIL_AFTER: std::cell::Cell<usize> = const { std::cell::Cell::new(usize::MAX) };
}

/// In tests: fails the n-th move of a swap (to check that every move is undone).
#[cfg(test)]
fn fail_point() -> Result<(), WriteError> {
    let left = FAIL_AFTER.get();
    if left == 0 {
        FAIL_AFTER.set(usize::MAX);
        return Err(WriteError::io(Path::new("(test)"))(std::io::Error::other(
            "a move failed (test)",
        )));
    }
    if left != usize::MAX {
        FAIL_AFTER.set(left - 1);
    }
    Ok(())
}

#[cfg(not(test))]
#[inline]
fn fail_point() -> Result<(), WriteError> {
    Ok(())
}

/// Whether the process that made a staging folder still runs.
fn alive(name: &str) -> bool {
    let Some(pid) = name
        .strip_prefix(STAGING_PREFIX)
        .and_then(|rest| rest.split('-').next())
        .and_then(|p| p.parse::<u32>().ok())
    else {
        return false;
    };
    if pid == std::process::id() {
        return true;
    }
    if cfg!(target_os = "linux") {
        Path::new(&format!("/proc/{pid}")).exists()
    } else {
        false
    }
}

/// Removes the staging folders of processes that no longer run, first undoing a swap one
/// of them left half done.
fn remove_stale(out: &Path) {
    let Ok(entries) = std::fs::read_dir(out) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        if !name.starts_with(STAGING_PREFIX) || alive(&name) {
            continue;
        }
        let stage = entry.path();
        if stage.join(JOURNAL).is_file() && !stage.join(DONE).exists() {
            undo(out, &stage);
        }
        let _ = std::fs::remove_dir_all(&stage);
    }
}

/// Puts back the previous run's files a half-done swap moved aside, and takes out the
/// new files it had moved in.
fn undo(out: &Path, stage: &Path) {
    let previous = stage.join(PREVIOUS);
    let names = std::fs::read_to_string(stage.join(JOURNAL)).unwrap_or_default();
    for name in names.lines().filter(|n| plain(n)) {
        if !stage.join(name).exists() && !previous.join(name).exists() {
            // Moved in, and nothing of that name before: not the previous run's.
            let _ = std::fs::remove_file(out.join(name));
        }
    }
    if let Ok(entries) = std::fs::read_dir(&previous) {
        for e in entries.flatten() {
            let _ = std::fs::rename(e.path(), out.join(e.file_name()));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn staging_left(out: &Path) -> Vec<String> {
        std::fs::read_dir(out)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().to_string())
            .filter(|n| n.starts_with(STAGING_PREFIX))
            .collect()
    }

    fn set(out: &Path, stage: &Path, files: &[(&str, &str)]) -> Result<(), WriteError> {
        for (n, text) in files {
            std::fs::write(stage.join(n), text).unwrap();
        }
        let names: Vec<String> = files.iter().map(|(n, _)| n.to_string()).collect();
        std::fs::write(stage.join(MANIFEST), names.join("\n")).unwrap();
        let mut all = names.clone();
        all.push(MANIFEST.into());
        swap(out, stage, &all)
    }

    #[test]
    fn a_failed_move_undoes_the_whole_swap() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        {
            let s = Stage::new(out).unwrap();
            set(out, &s.path, &[("a.csv", "old a"), ("b.csv", "old b")]).unwrap();
        }
        for fail_at in 0..6 {
            let s = Stage::new(out).unwrap();
            FAIL_AFTER.set(fail_at);
            let r = set(out, &s.path, &[("a.csv", "new a"), ("c.csv", "new c")]);
            assert!(r.is_err(), "move {fail_at} fails");
            drop(s);
            assert_eq!(std::fs::read_to_string(out.join("a.csv")).unwrap(), "old a");
            assert_eq!(std::fs::read_to_string(out.join("b.csv")).unwrap(), "old b");
            assert!(!out.join("c.csv").exists(), "no file of the failed run");
            assert!(staging_left(out).is_empty());
        }
        FAIL_AFTER.set(usize::MAX);
        let s = Stage::new(out).unwrap();
        set(out, &s.path, &[("a.csv", "new a"), ("c.csv", "new c")]).unwrap();
        drop(s);
        assert_eq!(std::fs::read_to_string(out.join("a.csv")).unwrap(), "new a");
        assert!(!out.join("b.csv").exists(), "the old run's other files go");
        assert!(out.join("c.csv").exists());
    }

    #[test]
    fn a_folder_in_the_way_stops_before_anything_moves() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        {
            let s = Stage::new(out).unwrap();
            set(out, &s.path, &[("a.csv", "old a")]).unwrap();
        }
        std::fs::create_dir(out.join("b.csv")).unwrap();
        let s = Stage::new(out).unwrap();
        let err = set(out, &s.path, &[("a.csv", "new a"), ("b.csv", "new b")]).unwrap_err();
        assert!(err.to_string().contains("a folder stands"), "{err}");
        drop(s);
        assert_eq!(std::fs::read_to_string(out.join("a.csv")).unwrap(), "old a");
    }

    #[test]
    fn a_stale_half_swapped_stage_is_undone_and_removed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        std::fs::write(out.join("a.csv"), "new a").unwrap();
        std::fs::write(out.join("c.csv"), "new c").unwrap();
        // A dead process (pid 0 is never a process's) stopped after moving a.csv and c.csv in.
        let stage = out.join(format!("{STAGING_PREFIX}0-1"));
        std::fs::create_dir_all(stage.join(PREVIOUS)).unwrap();
        std::fs::write(stage.join(PREVIOUS).join("a.csv"), "old a").unwrap();
        std::fs::write(stage.join(PREVIOUS).join("b.csv"), "old b").unwrap();
        std::fs::write(stage.join("d.csv"), "new d").unwrap();
        std::fs::write(stage.join(JOURNAL), "a.csv\nc.csv\nd.csv").unwrap();
        remove_stale(out);
        assert_eq!(std::fs::read_to_string(out.join("a.csv")).unwrap(), "old a");
        assert_eq!(std::fs::read_to_string(out.join("b.csv")).unwrap(), "old b");
        assert!(!out.join("c.csv").exists());
        assert!(!out.join("d.csv").exists());
        assert!(staging_left(out).is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn outputs_are_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("new/out");
        let (_d, report) = crate::report::testutil::tiny_report();
        let timings = crate::report::Timings::default();
        write_all(&report, &crate::report::FORMATS, &timings, &out).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&out), 0o700);
        for e in std::fs::read_dir(&out).unwrap().flatten() {
            assert_eq!(mode(&e.path()), 0o600, "{}", e.path().display());
        }
        assert!(staging_left(&out).is_empty());
    }
}
