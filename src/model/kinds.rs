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
    Poster = "poster",
    Course = "course",
    DailyKit = "daily_kit",
    Campaign = "campaign",
});
