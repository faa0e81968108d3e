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
pub mod payouts;
pub mod posting;
pub mod settings;
pub mod start;
pub mod sync;
pub mod team;

use serde::de::DeserializeOwned;
use tauri::ipc::{InvokeBody, Request};
use tuanzhang::error::{AppError, ErrorCode};
use tuanzhang::model::{BizDay, Message};

type Reply<T> = Result<T, AppError>;

/// What the shell itself refuses or fails at. The engine's errors cross with
/// `?` through their rooms' `From<…> for AppError`; the shell's own cross
/// through the one `From` below, so no command builds an IPC error inline.
#[derive(Debug)]
pub(crate) enum ShellError {
    /// The window sent something the shell cannot take: a missing header, a
    /// body that is not raw bytes, a value that names nothing known.
    Refused(Message),
    NotFound(&'static str),
    /// The system failed under her: a folder not made, a file not written.
    Failed(Message),
}

impl ShellError {
    fn header_missing(name: &str) -> ShellError {
        ShellError::Refused(Message::new("files.header.missing").with("name", name))
    }

    fn unknown(value: &str) -> ShellError {
        ShellError::Refused(Message::new("files.kind.unknown").with("value", value))
    }
}

impl From<ShellError> for AppError {
    fn from(error: ShellError) -> AppError {
        match error {
            ShellError::Refused(message) => AppError::new(ErrorCode::Validation, message),
            ShellError::NotFound(key) => AppError::new(ErrorCode::NotFound, Message::new(key)),
            ShellError::Failed(message) => AppError::new(ErrorCode::Internal, message),
        }
    }
}

/// The bytes an upload (a table, a pack, a picture) sent as its raw body,
/// refused unread when `check_size`, the engine's cap for that upload,
/// refuses their length.
pub(crate) fn uploaded<'a, E: Into<AppError>>(
    request: &'a Request<'_>,
    check_size: impl FnOnce(usize) -> Result<(), E>,
) -> Reply<&'a [u8]> {
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(ShellError::Refused(Message::new("files.body.notRaw")).into());
    };
    check_size(bytes.len()).map_err(Into::into)?;
    Ok(bytes)
}

/// An upload's header, as sent.
pub(crate) fn header<'a>(request: &'a Request<'_>, name: &str) -> Reply<&'a str> {
    Ok(request.headers().get(name).and_then(|v| v.to_str().ok()).ok_or_else(|| ShellError::header_missing(name))?)
}

/// An upload's header naming one of `T`'s values (an import's kind, a pack's choice).
pub(crate) fn header_choice<T: DeserializeOwned>(request: &Request<'_>, name: &str) -> Reply<T> {
    let text = header(request, name)?;
    Ok(serde_json::from_value(serde_json::Value::String(text.to_owned())).map_err(|_| ShellError::unknown(text))?)
}

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
