//! SQL fragments more than one query needs, each named once. They are
//! macros so that queries can `concat!` them into one `&'static str`.

/// `ValidCode::is_valid` as a condition on a `valid_code` column: rows that
/// earn (or will earn) commission.
macro_rules! valid_code_sql {
    () => {
        "valid_code IN (16, 17, 18, 24)"
    };
}

/// The latest member count entered for the group aliased `g`, or NULL.
macro_rules! latest_members_sql {
    () => {
        "(SELECT members FROM group_member_counts m WHERE m.group_id = g.id ORDER BY day DESC LIMIT 1)"
    };
}

pub(crate) use {latest_members_sql, valid_code_sql};
