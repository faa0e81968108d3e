//! SQL fragments and row shapes more than one query needs, each named once.
//! The fragments are macros so that queries can `concat!` them into one
//! `&'static str`.

/// The latest member count entered for the group aliased `g`, or NULL.
macro_rules! latest_members_sql {
    () => {
        "(SELECT members FROM group_member_counts m WHERE m.group_id = g.id ORDER BY day DESC LIMIT 1)"
    };
}

pub(crate) use latest_members_sql;

/// A row and its name, as `SELECT id, name FROM groups` (or `partners`)
/// reads it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct IdName {
    pub id: i64,
    pub name: String,
}
