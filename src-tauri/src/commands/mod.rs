//! IPC commands, one file per area of the window; each is a traced one-line adapter over an engine use case.

pub mod account;
pub mod app;
pub mod backups;
pub mod care;
pub mod courses;
pub mod earnings;
pub mod files;
pub mod groups;
pub mod materials;
pub mod media;
pub mod packs;
pub mod posting;
pub mod settings;
pub mod start;
pub mod sync;
pub mod team;

use tuanzhang::error::AppError;
use tuanzhang::model::BizDay;

type Reply<T> = Result<T, AppError>;

include!("list.rs");
pub(crate) use app_commands;

/// The names of every command, in the order `list.rs` gives them.
macro_rules! command_names {
    ($($area:ident::$name:ident),* $(,)?) => { &[$(stringify!($name)),*] };
}

pub const COMMAND_NAMES: &[&str] = app_commands!(command_names);

/// The first day of the last `days` days (1–366) ending `today`.
fn first_of_last(days: u16, today: BizDay) -> BizDay {
    today.add_days(1 - i64::from(days.clamp(1, 366)))
}
