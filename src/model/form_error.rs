//! The refusal every form shares, and SQLite's constraint errors recognised by kind.

use crate::model::Message;

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
