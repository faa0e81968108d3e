//! Every file the app writes goes through here: staged under a unique
//! private name in the same folder, flushed, then renamed into place. A
//! crash or a full disk never leaves half a file under the final name; the
//! stage is removed on any error; the rename never follows a symlink at the
//! target; and a file the app did not make is never replaced unless asked.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What to do when the target is already there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Existing {
    /// Fail with `AlreadyExists` (a dangling symlink counts as there).
    Keep,
    /// Replace it: only for files that are the app's own.
    Replace,
}

/// A file being written: commit it, or drop it and nothing is left.
pub struct Staged {
    temp: tempfile::NamedTempFile,
    target: PathBuf,
    existing: Existing,
}

impl Staged {
    /// Creates the stage (0600 on Unix) beside `target`.
    pub fn new(target: &Path, existing: Existing) -> std::io::Result<Staged> {
        let folder = folder_of(target);
        let temp = tempfile::Builder::new().prefix(".tuanzhang-").suffix(".partial").tempfile_in(folder)?;
        Ok(Staged { temp, target: target.to_path_buf(), existing })
    }

    /// Where the stage is, for writers that open it by name (`VACUUM INTO`).
    pub fn path(&self) -> &Path {
        self.temp.path()
    }

    pub fn file(&mut self) -> &mut File {
        self.temp.as_file_mut()
    }

    /// A second handle on the stage, for a writer on another thread; the
    /// stage itself stays here, to be committed or dropped.
    pub fn as_file_clone(&self) -> std::io::Result<File> {
        self.temp.as_file().try_clone()
    }

    /// Flushes the stage, renames it into place and syncs the folder, so
    /// the new name survives a power cut.
    pub fn commit(self) -> std::io::Result<()> {
        self.temp.as_file().sync_all()?;
        let folder = folder_of(&self.target).to_path_buf();
        match self.existing {
            Existing::Keep => self.temp.persist_noclobber(&self.target),
            Existing::Replace => self.temp.persist(&self.target),
        }
        .map_err(|failed| failed.error)?;
        sync_folder(&folder)
    }
}

/// `bytes` to `target`, staged and renamed.
pub fn write(target: &Path, bytes: &[u8], existing: Existing) -> std::io::Result<()> {
    let mut staged = Staged::new(target, existing)?;
    staged.file().write_all(bytes)?;
    staged.commit()
}

fn folder_of(target: &Path) -> &Path {
    match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent,
        _ => Path::new("."),
    }
}

#[cfg(unix)]
fn sync_folder(folder: &Path) -> std::io::Result<()> {
    File::open(folder)?.sync_all()
}

/// Windows commits a rename's directory entry with the rename itself.
#[cfg(not(unix))]
fn sync_folder(_folder: &Path) -> std::io::Result<()> {
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leftovers(dir: &Path) -> Vec<String> {
        std::fs::read_dir(dir)
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".partial"))
            .collect()
    }

    #[test]
    fn a_file_is_written_whole_and_an_existing_one_is_kept_unless_asked() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("团队.csv");
        write(&target, b"first", Existing::Keep).unwrap();
        let error = write(&target, b"second", Existing::Keep).unwrap_err();
        assert_eq!(error.kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(std::fs::read(&target).unwrap(), b"first", "hers stays as it was");
        write(&target, b"third", Existing::Replace).unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"third");
        assert!(leftovers(dir.path()).is_empty(), "no stage is left behind");
    }

    #[test]
    fn a_dropped_stage_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("export.zip");
        {
            let mut staged = Staged::new(&target, Existing::Keep).unwrap();
            staged.file().write_all(b"half an archive").unwrap();
            // An error here: the stage is dropped, never committed.
        }
        assert!(!target.exists());
        assert!(leftovers(dir.path()).is_empty());
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_at_the_target_is_never_followed() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = dir.path().join("elsewhere.txt");
        std::fs::write(&elsewhere, b"not the app's").unwrap();
        let dangling = dir.path().join("dangling.csv");
        std::os::unix::fs::symlink(dir.path().join("nowhere"), &dangling).unwrap();
        assert_eq!(write(&dangling, b"x", Existing::Keep).unwrap_err().kind(), std::io::ErrorKind::AlreadyExists);
        assert!(!dir.path().join("nowhere").exists(), "the link's target was not created");
        let link = dir.path().join("link.csv");
        std::os::unix::fs::symlink(&elsewhere, &link).unwrap();
        write(&link, b"replaced", Existing::Replace).unwrap();
        assert_eq!(std::fs::read(&elsewhere).unwrap(), b"not the app's", "the file it pointed at is untouched");
        assert!(!std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink(), "the link itself was replaced");
        let mode = std::fs::metadata(&link).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
}
