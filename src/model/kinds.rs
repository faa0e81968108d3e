//! Closed sets of words the business uses, as enums so a typo cannot reach
//! the store.

use serde::{Deserialize, Serialize};
use std::str::FromStr;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown {what}: {value:?} (expected one of {expected})")]
pub struct UnknownWord {
    pub what: &'static str,
    pub value: String,
    pub expected: &'static str,
}

macro_rules! word_enum {
    ($name:ident, $what:literal, { $($variant:ident = $text:literal),+ $(,)? }) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
        #[serde(rename_all = "snake_case")]
        #[ts(export)]
        pub enum $name { $($variant),+ }

        impl $name {
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        // Stored as its word; a word the code does not know is a decode
        // error naming the column's vocabulary, never a silent default.
        impl sqlx::Type<sqlx::Sqlite> for $name {
            fn type_info() -> sqlx::sqlite::SqliteTypeInfo {
                <&str as sqlx::Type<sqlx::Sqlite>>::type_info()
            }

            fn compatible(ty: &sqlx::sqlite::SqliteTypeInfo) -> bool {
                <&str as sqlx::Type<sqlx::Sqlite>>::compatible(ty)
            }
        }

        impl<'q> sqlx::Encode<'q, sqlx::Sqlite> for $name {
            fn encode_by_ref(
                &self,
                buf: &mut <sqlx::Sqlite as sqlx::Database>::ArgumentBuffer,
            ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
                <&str as sqlx::Encode<'q, sqlx::Sqlite>>::encode(self.as_str(), buf)
            }
        }

        impl<'r> sqlx::Decode<'r, sqlx::Sqlite> for $name {
            fn decode(value: sqlx::sqlite::SqliteValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
                let text = <&str as sqlx::Decode<'r, sqlx::Sqlite>>::decode(value)?;
                Ok(text.parse::<$name>()?)
            }
        }

        impl FromStr for $name {
            type Err = UnknownWord;
            fn from_str(s: &str) -> Result<Self, UnknownWord> {
                match s { $($text => Ok($name::$variant),)+ _ => Err(UnknownWord {
                    what: $what,
                    value: s.to_owned(),
                    expected: concat!($($text, " "),+),
                }) }
            }
        }
    };
}

word_enum!(GroupKind, "group kind", {
    Sales = "sales",
    Training = "training",
    Deals = "deals",
    Other = "other",
});

word_enum!(PartnerRole, "partner role", {
    Leader = "leader",
    Shopkeeper = "shopkeeper",
    Maker = "maker",
    Pusher = "pusher",
    Member = "member",
});

word_enum!(CareKind, "care kind", {
    Call = "call",
    Chat = "chat",
    Training = "training",
    Reward = "reward",
    Penalty = "penalty",
});

word_enum!(RuleKind, "rule kind", {
    Reward = "reward",
    Penalty = "penalty",
});

word_enum!(OnboardingStep, "onboarding step", {
    JoinedGroup = "joined_group",
    MentorAssigned = "mentor_assigned",
    FirstTraining = "first_training",
    FirstShare = "first_share",
    FirstOrder = "first_order",
});

word_enum!(AssignedBy, "course assignment", {
    One = "one",
    Tag = "tag",
    Newcomer = "newcomer",
});

word_enum!(MarkedBy, "lesson mark", {
    Partner = "partner",
    Trainer = "trainer",
});

word_enum!(CheckItem, "checklist item", {
    MorningGreeting = "morning_greeting",
    NoonPost = "noon_post",
    EveningPost = "evening_post",
    Training = "training",
    RedPacket = "red_packet",
    OrderShowcase = "order_showcase",
});

word_enum!(MaterialKind, "material kind", {
    Script = "script",
    DailyKit = "daily_kit",
    Poster = "poster",
    Course = "course",
    Campaign = "campaign",
    ProductIntro = "product_intro",
    Brand = "brand",
    IncomeModel = "income_model",
    Fission = "fission",
});

word_enum!(PlanCadence, "plan cadence", {
    Daily = "daily",
    Weekdays = "weekdays",
    Once = "once",
});

word_enum!(PlanStart, "plan start", {
    On = "on",
    GroupCreated = "group_created",
    Campaign = "campaign",
});

word_enum!(PlanEnds, "plan end", {
    Never = "never",
    Until = "until",
    Times = "times",
});

word_enum!(PostStatus, "post status", {
    Due = "due",
    Later = "later",
    Posted = "posted",
    Skipped = "skipped",
});

word_enum!(AudienceBy, "plan audience", {
    Groups = "groups",
    Kind = "kind",
    Tag = "tag",
});

word_enum!(PayMethod, "payment method", {
    Wechat = "wechat",
    Alipay = "alipay",
    Bank = "bank",
    Cash = "cash",
    Other = "other",
});

word_enum!(LedgerKind, "ledger line kind", {
    Commission = "commission",
    Override = "override",
    Reversal = "reversal",
    Adjustment = "adjustment",
});

word_enum!(PayoutActor, "who changed the payouts", {
    Window = "window",
    Cli = "cli",
    Demo = "demo",
});
