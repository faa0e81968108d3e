//! Scalars as the platform actually types them: live answers send numbers,
//! the published documentation's examples send the same fields as strings
//! (`"validCode":"16"`, `"hasMore":"true"`). Both are read; anything else
//! is an error naming what was found.

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use std::fmt;

/// An integer sent as a JSON number or as decimal text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FlexInt(pub i64);

/// A boolean sent as `true`, `"true"`, `1` or `"1"` (and their opposites).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FlexBool(pub bool);

/// Text sent as a JSON string or as a number (`"subUnionId":331967`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FlexText(pub String);

impl<'de> Deserialize<'de> for FlexInt {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct IntVisitor;
        impl Visitor<'_> for IntVisitor {
            type Value = FlexInt;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an integer, as a number or as text")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<FlexInt, E> {
                Ok(FlexInt(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<FlexInt, E> {
                i64::try_from(v).map(FlexInt).map_err(|_| E::custom(format!("{v} is out of range")))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<FlexInt, E> {
                // `16.0` is sixteen; `16.5` is not an integer.
                if v.fract() == 0.0 && v.abs() < 9.0e15 {
                    Ok(FlexInt(v as i64))
                } else {
                    Err(E::custom(format!("{v} is not an integer")))
                }
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<FlexInt, E> {
                let text = v.trim();
                let text = text.strip_suffix(".0").unwrap_or(text);
                if text.is_empty() {
                    return Ok(FlexInt(0));
                }
                text.parse().map(FlexInt).map_err(|_| E::custom(format!("{v:?} is not an integer")))
            }
            fn visit_unit<E: de::Error>(self) -> Result<FlexInt, E> {
                Ok(FlexInt(0))
            }
        }
        deserializer.deserialize_any(IntVisitor)
    }
}

impl<'de> Deserialize<'de> for FlexBool {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct BoolVisitor;
        impl Visitor<'_> for BoolVisitor {
            type Value = FlexBool;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("true or false, as a boolean, a number or text")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<FlexBool, E> {
                Ok(FlexBool(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<FlexBool, E> {
                Ok(FlexBool(v != 0))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<FlexBool, E> {
                Ok(FlexBool(v != 0))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<FlexBool, E> {
                match v.trim() {
                    "true" | "1" => Ok(FlexBool(true)),
                    "false" | "0" | "" => Ok(FlexBool(false)),
                    other => Err(E::custom(format!("{other:?} is not true or false"))),
                }
            }
            fn visit_unit<E: de::Error>(self) -> Result<FlexBool, E> {
                Ok(FlexBool(false))
            }
        }
        deserializer.deserialize_any(BoolVisitor)
    }
}

impl<'de> Deserialize<'de> for FlexText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl Visitor<'_> for TextVisitor {
            type Value = FlexText;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("text or a number")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<FlexText, E> {
                Ok(FlexText(v.to_owned()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<FlexText, E> {
                Ok(FlexText(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<FlexText, E> {
                Ok(FlexText(v.to_string()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<FlexText, E> {
                Ok(FlexText::default())
            }
        }
        deserializer.deserialize_any(TextVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct Probe {
        n: FlexInt,
        b: FlexBool,
        t: FlexText,
    }

    fn probe(json: &str) -> Result<Probe, serde_json::Error> {
        serde_json::from_str(json)
    }

    #[test]
    fn numbers_and_text_read_alike() {
        let live = probe(r#"{"n":16,"b":true,"t":331967}"#).unwrap();
        let documented = probe(r#"{"n":"16","b":"true","t":"331967"}"#).unwrap();
        assert_eq!((live.n, live.b, live.t.0.as_str()), (FlexInt(16), FlexBool(true), "331967"));
        assert_eq!((documented.n, documented.b, documented.t.0.as_str()), (FlexInt(16), FlexBool(true), "331967"));
        assert_eq!(probe(r#"{"n":"415900297816660001","b":0,"t":""}"#).unwrap().n, FlexInt(415_900_297_816_660_001));
    }

    #[test]
    fn what_is_not_an_integer_says_so() {
        for bad in [r#""16.5""#, "16.5", r#""abc""#, "18446744073709551615", "[1]"] {
            let json = format!(r#"{{"n":{bad},"b":true,"t":""}}"#);
            assert!(probe(&json).is_err(), "{bad} was accepted");
        }
    }
}
