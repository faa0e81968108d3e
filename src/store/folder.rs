//! The data folder the app and the CLI share, and the two stores in it: hers at its root, the demo's in
//! `demo/`, never mixed. Which one the window opens is her explicit choice, kept beside them.

use std::path::{Path, PathBuf};

/// The app's identifier (`tauri.conf.json`): the OS data folder is named for it, for the CLI too.
pub const APP_IDENTIFIER: &str = "com.tuanzhang.console";

const DEMO_DIR: &str = "demo";
const CHOICE_FILE: &str = "open-store.txt";

/// Which of the two stores is meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export)]
pub enum StoreKind {
    /// Her own account's data (我的数据).
    Mine,
    /// The demo's generated data (演示数据).
    Demo,
}

impl StoreKind {
    fn word(self) -> &'static str {
        match self {
            StoreKind::Mine => "mine",
            StoreKind::Demo => "demo",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DataFolder {
    root: PathBuf,
}

impl DataFolder {
    /// `explicit` (`--data-dir`), else `TUANZHANG_DATA_DIR`, else the OS app-data folder.
    pub fn resolve(explicit: Option<&Path>) -> DataFolder {
        let root = match explicit {
            Some(dir) => dir.to_path_buf(),
            None => match std::env::var_os("TUANZHANG_DATA_DIR").filter(|d| !d.is_empty()) {
                Some(dir) => PathBuf::from(dir),
                None => os_data_home().join(APP_IDENTIFIER),
            },
        };
        DataFolder { root }
    }

    pub fn at(root: &Path) -> DataFolder {
        DataFolder { root: root.to_path_buf() }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The folder the store of `kind` lives in.
    pub fn store_dir(&self, kind: StoreKind) -> PathBuf {
        match kind {
            StoreKind::Mine => self.root.clone(),
            StoreKind::Demo => self.root.join(DEMO_DIR),
        }
    }

    /// The store she last chose to open, if she ever chose.
    pub fn chosen(&self) -> Option<StoreKind> {
        match std::fs::read_to_string(self.root.join(CHOICE_FILE)).ok()?.trim() {
            "mine" => Some(StoreKind::Mine),
            "demo" => Some(StoreKind::Demo),
            _ => None,
        }
    }

    pub fn choose(&self, kind: StoreKind) -> std::io::Result<()> {
        std::fs::create_dir_all(&self.root)?;
        crate::store::atomic::write(
            &self.root.join(CHOICE_FILE),
            kind.word().as_bytes(),
            crate::store::atomic::Existing::Replace,
        )
    }
}

fn os_data_home() -> PathBuf {
    let env_dir = |name: &str| std::env::var_os(name).filter(|d| !d.is_empty()).map(PathBuf::from);
    if cfg!(windows) {
        return env_dir("APPDATA").unwrap_or_else(|| PathBuf::from("."));
    }
    let home = env_dir("HOME").unwrap_or_else(|| PathBuf::from("."));
    if cfg!(target_os = "macos") {
        return home.join("Library/Application Support");
    }
    env_dir("XDG_DATA_HOME").unwrap_or_else(|| home.join(".local/share"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_demo_lives_apart_and_her_choice_is_remembered() {
        let dir = tempfile::tempdir().unwrap();
        let folder = DataFolder::at(dir.path());
        assert_eq!(folder.store_dir(StoreKind::Mine), dir.path());
        assert_eq!(folder.store_dir(StoreKind::Demo), dir.path().join("demo"));
        assert_eq!(folder.chosen(), None);
        folder.choose(StoreKind::Demo).unwrap();
        assert_eq!(folder.chosen(), Some(StoreKind::Demo));
        folder.choose(StoreKind::Mine).unwrap();
        assert_eq!(folder.chosen(), Some(StoreKind::Mine));
    }

    #[test]
    fn the_default_folder_is_named_for_the_app() {
        assert!(
            DataFolder::resolve(None).root().ends_with(APP_IDENTIFIER)
                || std::env::var_os("TUANZHANG_DATA_DIR").is_some()
        );
        assert_eq!(DataFolder::resolve(Some(Path::new("/x"))).root(), Path::new("/x"));
    }
}
