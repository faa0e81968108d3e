//! The errors that reach a person: a message key with parameters (worded by the UI's locale files), the
//! form errors every form shares, and the one IPC error, mapped from every room's error in this file only.

use crate::account::AccountError;
use crate::model::Lang;
use crate::platform::jd::{ErrorClass, JdError};
use crate::sync::service::ServiceError;
use crate::sync::SyncError;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;
use std::sync::OnceLock;

/// Something to tell her, as a key into `ui/src/i18n/*.json` and the values
/// its template names. Rust never words a message itself; the CLI and logs
/// render the same catalogs.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub struct Message {
    pub key: String,
    pub params: BTreeMap<String, String>,
}

impl Message {
    pub fn new(key: &str) -> Message {
        Message { key: key.to_owned(), params: BTreeMap::new() }
    }

    pub fn with(mut self, name: &str, value: impl fmt::Display) -> Message {
        self.params.insert(name.to_owned(), value.to_string());
        self
    }

    /// How a message is kept in a text column.
    pub fn to_json(&self) -> String {
        serde_json::json!({ "key": self.key, "params": self.params }).to_string()
    }

    /// A message kept by `to_json`; text stored before messages had keys
    /// reads as itself.
    pub fn from_json(text: &str) -> Message {
        #[derive(serde::Deserialize)]
        struct Stored {
            key: String,
            params: BTreeMap<String, String>,
        }
        match serde_json::from_str::<Stored>(text) {
            Ok(stored) => Message { key: stored.key, params: stored.params },
            Err(_) => Message::new("text").with("text", text),
        }
    }

    /// Whether the UI's catalog words this key.
    pub fn is_known(&self) -> bool {
        catalog(Lang::Zh).contains_key(&self.key)
    }

    /// The message worded in `lang` from the UI's own catalog.
    pub fn render(&self, lang: Lang) -> String {
        let template = catalog(lang).get(&self.key).or_else(|| catalog(Lang::Zh).get(&self.key));
        let Some(template) = template else {
            return format!("{} {:?}", self.key, self.params);
        };
        fill(template, &self.params)
    }
}

/// English, for the CLI and logs.
impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

fn catalog(lang: Lang) -> &'static BTreeMap<String, String> {
    static ZH: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    static EN: OnceLock<BTreeMap<String, String>> = OnceLock::new();
    let (cell, text) = match lang {
        Lang::Zh => (&ZH, include_str!("../ui/src/i18n/zh-CN.json")),
        Lang::En => (&EN, include_str!("../ui/src/i18n/en.json")),
    };
    // The catalogs are compiled in and checked by a test, so an unreadable
    // one is a build defect; an empty map still renders keys.
    cell.get_or_init(|| serde_json::from_str(text).unwrap_or_default())
}

/// `{name}` replaced by its parameter, as the UI's `translate` does.
fn fill(template: &str, params: &BTreeMap<String, String>) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}').map(|close| (&after[..close], close)) {
            Some((name, close)) if params.contains_key(name) => {
                out.push_str(&params[name]);
                rest = &after[close + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Why a form was refused, at the field it is about. Every form (groups,
/// partners, care, materials) refuses with this one type.
#[derive(Debug, thiserror::Error)]
pub enum FormError {
    #[error("{field}: {message}")]
    Invalid { field: &'static str, message: Message },
    #[error("{field}: {message}")]
    Conflict { field: &'static str, message: Message },
    #[error("{0}")]
    NotFound(Message),
    #[error(transparent)]
    Store(#[from] sqlx::Error),
}

impl FormError {
    pub fn invalid(field: &'static str, message: Message) -> FormError {
        FormError::Invalid { field, message }
    }

    pub fn conflict(field: &'static str, message: Message) -> FormError {
        FormError::Conflict { field, message }
    }

    /// The same refusal at another field, for a check two fields share.
    pub fn at(self, field: &'static str) -> FormError {
        match self {
            FormError::Invalid { message, .. } => FormError::Invalid { field, message },
            FormError::Conflict { message, .. } => FormError::Conflict { field, message },
            other => other,
        }
    }

    pub fn not_found(key: &str) -> FormError {
        FormError::NotFound(Message::new(key))
    }
}

/// SQLite's extended result codes for the constraints a form can break
/// (<https://sqlite.org/rescode.html>), so conflicts are recognised by kind
/// and never by message text.
pub fn is_unique_violation(error: &sqlx::Error) -> bool {
    error.as_database_error().is_some_and(|e| e.kind() == sqlx::error::ErrorKind::UniqueViolation)
}

pub fn is_foreign_key_violation(error: &sqlx::Error) -> bool {
    error.as_database_error().is_some_and(|e| e.kind() == sqlx::error::ErrorKind::ForeignKeyViolation)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export)]
pub enum ErrorCode {
    Validation,
    NotFound,
    Conflict,
    Offline,
    Unauthorized,
    Internal,
}

/// The one error that crosses IPC: a code the UI can branch on, a message
/// key and its parameters the UI words, and the form field it is about.
/// Its `Display` (what traces and logs show) names the code, the key and the
/// field only: the parameters can hold a partner's name or a typed contact.
#[derive(Debug, Clone, Serialize, ts_rs::TS, thiserror::Error)]
#[ts(export)]
#[error("{code:?} {key}{}", field.as_deref().map(|f| format!(" at {f}")).unwrap_or_default())]
pub struct AppError {
    pub code: ErrorCode,
    pub key: String,
    pub params: BTreeMap<String, String>,
    pub field: Option<String>,
}

impl AppError {
    pub fn new(code: ErrorCode, message: Message) -> AppError {
        AppError { code, key: message.key, params: message.params, field: None }
    }

    pub fn at_field(code: ErrorCode, field: &str, message: Message) -> AppError {
        AppError { field: Some(field.to_owned()), ..AppError::new(code, message) }
    }

    /// An unexpected failure: the detail goes to the log, she reads that nothing changed.
    pub fn internal(detail: impl fmt::Display) -> AppError {
        tracing::error!(%detail, "internal error");
        AppError::new(ErrorCode::Internal, Message::new("error.unexpected"))
    }

    pub fn message(&self) -> Message {
        Message { key: self.key.clone(), params: self.params.clone() }
    }
}

impl From<crate::materials::packs::PackError> for AppError {
    fn from(error: crate::materials::packs::PackError) -> AppError {
        use crate::materials::packs::PackError;
        let code = match error {
            PackError::Refused(_) => ErrorCode::Validation,
            PackError::Write { .. } | PackError::Store(_) => ErrorCode::Internal,
        };
        AppError::new(code, error.message())
    }
}

impl From<crate::charts::ChartError> for AppError {
    fn from(error: crate::charts::ChartError) -> AppError {
        use crate::charts::ChartError;
        match error {
            ChartError::Refused(error) => error.into(),
            ChartError::Store(error) => error.into(),
            other => {
                tracing::error!(error = %other, "chart failed");
                AppError::new(ErrorCode::Internal, other.message())
            }
        }
    }
}

impl From<FormError> for AppError {
    fn from(error: FormError) -> AppError {
        match error {
            FormError::Invalid { field, message } => AppError::at_field(ErrorCode::Validation, field, message),
            FormError::Conflict { field, message } => AppError::at_field(ErrorCode::Conflict, field, message),
            FormError::NotFound(message) => AppError::new(ErrorCode::NotFound, message),
            FormError::Store(e) => e.into(),
        }
    }
}

impl From<crate::team::MoveError> for AppError {
    fn from(error: crate::team::MoveError) -> AppError {
        use crate::team::MoveError;
        match error {
            MoveError::Cycle => AppError::at_field(ErrorCode::Conflict, "new_parent", Message::new("team.move.cycle")),
            MoveError::NotFound(_) => AppError::new(ErrorCode::NotFound, Message::new("team.partner.notFound")),
            MoveError::Store(e) => e.into(),
        }
    }
}

impl From<crate::groups::positions::PositionError> for AppError {
    fn from(error: crate::groups::positions::PositionError) -> AppError {
        use crate::groups::positions::{PositionError, MAX_NAME_CHARS};
        match error {
            PositionError::BadName => AppError::at_field(
                ErrorCode::Validation,
                "position_name",
                Message::new("groups.position.badName").with("max", MAX_NAME_CHARS),
            ),
            PositionError::Platform(e) => e.into(),
            PositionError::Store(e) => e.into(),
        }
    }
}

impl From<crate::media::MediaError> for AppError {
    fn from(error: crate::media::MediaError) -> AppError {
        use crate::media::MediaError;
        match error {
            MediaError::Store(e) => e.into(),
            MediaError::Io(ref e) => {
                tracing::error!(%e, "a picture could not be read or written");
                AppError::new(ErrorCode::Internal, error.message())
            }
            other => AppError::at_field(ErrorCode::Validation, "parts", other.message()),
        }
    }
}

impl From<crate::materials::posters::PosterError> for AppError {
    fn from(error: crate::materials::posters::PosterError) -> AppError {
        use crate::materials::posters::PosterError;
        match error {
            PosterError::Picture(e) => e.into(),
            other => AppError::new(ErrorCode::Validation, other.message()),
        }
    }
}

impl From<crate::links::LinkError> for AppError {
    fn from(error: crate::links::LinkError) -> AppError {
        use crate::links::LinkError;
        match error {
            LinkError::Platform(e) => e.into(),
            LinkError::Store(e) => e.into(),
            other => AppError::new(ErrorCode::Validation, other.message()),
        }
    }
}

impl From<crate::model::MonthParseError> for AppError {
    fn from(error: crate::model::MonthParseError) -> AppError {
        AppError::new(ErrorCode::Validation, Message::new("error.month").with("text", error))
    }
}

impl From<crate::files::tabular::TableError> for AppError {
    fn from(error: crate::files::tabular::TableError) -> AppError {
        AppError::new(ErrorCode::Validation, error.message())
    }
}

impl From<crate::files::import::ImportError> for AppError {
    fn from(error: crate::files::import::ImportError) -> AppError {
        use crate::files::import::ImportError;
        match error {
            ImportError::Store(e) => e.into(),
            ImportError::Table(e) => e.into(),
            ImportError::Header(message) => AppError::new(ErrorCode::Validation, message),
        }
    }
}

impl From<crate::files::export::ExportError> for AppError {
    fn from(error: crate::files::export::ExportError) -> AppError {
        use crate::files::export::ExportError;
        match error {
            ExportError::Table(e) => e.into(),
            ExportError::Store(e) => e.into(),
        }
    }
}

impl From<crate::files::archive::ArchiveError> for AppError {
    fn from(error: crate::files::archive::ArchiveError) -> AppError {
        use crate::files::archive::ArchiveError;
        match error {
            ArchiveError::Write { path, reason } => AppError::new(
                ErrorCode::Internal,
                Message::new("files.write").with("path", path.display()).with("reason", reason),
            ),
            ArchiveError::Store(e) => AppError::internal(e),
            ArchiveError::Query(e) => AppError::internal(e),
        }
    }
}

impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> AppError {
        tracing::error!(%error, "database error");
        AppError::new(ErrorCode::Internal, Message::new("error.database"))
    }
}

impl From<AccountError> for AppError {
    fn from(error: AccountError) -> AppError {
        match error {
            AccountError::Invalid { field, message } => AppError::at_field(ErrorCode::Validation, field, message),
            AccountError::Missing => AppError::new(ErrorCode::NotFound, Message::new("account.missing")),
            AccountError::SecretMissing(_) => {
                AppError::new(ErrorCode::Unauthorized, Message::new("account.secretMissing"))
            }
            AccountError::Secret(e) => AppError::internal(e),
            AccountError::Store(e) => e.into(),
        }
    }
}

fn platform_code(class: ErrorClass) -> ErrorCode {
    match class {
        ErrorClass::Credentials => ErrorCode::Unauthorized,
        ErrorClass::Offline | ErrorClass::Transient | ErrorClass::RateLimited => ErrorCode::Offline,
        ErrorClass::Rejected => ErrorCode::Validation,
        ErrorClass::WindowTooLarge => ErrorCode::Internal,
    }
}

impl From<JdError> for AppError {
    fn from(error: JdError) -> AppError {
        let class = error.class();
        AppError::new(platform_code(class), Message::new(class.advice_key()).with("detail", error))
    }
}

impl From<SyncError> for AppError {
    fn from(error: SyncError) -> AppError {
        match error {
            SyncError::Platform { source, .. } => source.into(),
            SyncError::Store(e) => e.into(),
            SyncError::Write(e) => AppError::internal(e),
        }
    }
}

impl From<ServiceError> for AppError {
    fn from(error: ServiceError) -> AppError {
        match error {
            ServiceError::Account(e) => e.into(),
            ServiceError::Sync(e) => e.into(),
            ServiceError::Client(e) => e.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_are_worded_from_the_ui_catalogs_in_either_language() {
        let message = Message::new("field.tooLong").with("max", 60);
        assert_eq!(message.render(Lang::En), "at most 60 characters");
        assert_eq!(message.render(Lang::Zh), "最多 60 个字");
        assert_eq!(Message::new("no.such.key").render(Lang::En), "no.such.key {}");
    }

    #[test]
    fn every_key_the_catalogs_hold_is_in_both() {
        let (zh, en) = (catalog(Lang::Zh), catalog(Lang::En));
        assert!(zh.len() > 100, "the Chinese catalog parses");
        let only_one: Vec<&String> =
            zh.keys().filter(|k| !en.contains_key(*k)).chain(en.keys().filter(|k| !zh.contains_key(*k))).collect();
        assert!(only_one.is_empty(), "{only_one:?}");
    }

    #[test]
    fn an_error_in_a_log_names_its_key_and_field_but_none_of_her_data() {
        let error =
            AppError::at_field(ErrorCode::Conflict, "wechat", Message::new("team.contact.taken").with("other", "王芳"));
        assert_eq!(error.to_string(), "Conflict team.contact.taken at wechat");
        let form = crate::account::connect::AccountForm {
            gateway: "https://api.jd.com/routerjson".into(),
            app_key: "key".into(),
            app_secret: "planted-secret".into(),
        };
        assert!(!format!("{form:?}").contains("planted-secret"));
    }

    #[test]
    fn a_template_keeps_braces_it_has_no_value_for() {
        let params = BTreeMap::from([("n".to_owned(), "3".to_owned())]);
        assert_eq!(fill("{n} 个 {unknown} {", &params), "3 个 {unknown} {");
    }
}
