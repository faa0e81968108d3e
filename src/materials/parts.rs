//! What follows a material's body when it is posted: more text blocks,
//! pictures in order (at most nine, as a WeChat post takes), the product
//! link, and a poster with a slot where a QR code of her link is drawn.

use crate::media::MediaHash;
use crate::model::{FormError, Message};
use serde::{Deserialize, Serialize};

/// The body and every text part together. Long enough for a course lesson;
/// WeChat itself takes 2,000 characters a message.
pub const MAX_BODY_CHARS: usize = 20_000;
pub const MAX_PARTS: usize = 20;
/// A WeChat post or 朋友圈 takes nine pictures.
pub const MAX_IMAGES: usize = 9;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[ts(export)]
pub enum Part {
    Text {
        text: String,
    },
    Image {
        #[ts(type = "string")]
        image: MediaHash,
    },
    /// Her tracking link for the material's product, on a line of its own.
    Link,
    /// A picture with a square slot for the QR code of her link.
    Poster {
        #[ts(type = "string")]
        image: MediaHash,
        qr: QrSlot,
    },
}

/// Where the QR code goes, in thousandths of the picture's width (`x`,
/// `size`) and height (`y`), so it fits any size the picture is drawn at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct QrSlot {
    pub x: u16,
    pub y: u16,
    pub size: u16,
}

impl QrSlot {
    /// Bottom right, a quarter of the width: where posters usually have it.
    pub const DEFAULT: QrSlot = QrSlot { x: 700, y: 760, size: 250 };

    /// Summed wide: `x + size` in u16 wraps past 65,535 and would let a
    /// slot far off the picture through.
    fn fits(self) -> bool {
        (50..=1000).contains(&self.size) && u32::from(self.x) + u32::from(self.size) <= 1000 && self.y < 1000
    }
}

/// A material's parts, stored as a JSON array.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export)]
pub struct Parts(pub Vec<Part>);

/// A pack's parts, refused at `MAX_PARTS + 1` while they are read: the
/// check below would refuse more anyway, after holding them all.
pub(crate) fn at_most_parts<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Parts, D::Error> {
    crate::model::at_most::<D, Part, MAX_PARTS>(deserializer).map(Parts)
}

impl TryFrom<String> for Parts {
    type Error = serde_json::Error;
    fn try_from(text: String) -> Result<Self, Self::Error> {
        serde_json::from_str(&text)
    }
}

impl Parts {
    pub fn to_json(&self) -> String {
        // A list of plain enums always serialises.
        serde_json::to_string(&self.0).unwrap_or_else(|_| "[]".to_owned())
    }

    /// Every picture the parts show, in order, posters included.
    pub fn images(&self) -> impl Iterator<Item = &MediaHash> {
        self.0.iter().filter_map(|p| match p {
            Part::Image { image } | Part::Poster { image, .. } => Some(image),
            Part::Text { .. } | Part::Link => None,
        })
    }

    pub fn texts(&self) -> impl Iterator<Item = &str> {
        self.0.iter().filter_map(|p| match p {
            Part::Text { text } => Some(text.as_str()),
            _ => None,
        })
    }

    /// At most 20 parts, 9 pictures, one link and one poster, text blocks
    /// not blank, checked like the body (`body_chars` already used).
    pub fn check(&self, body_chars: usize) -> Result<(), FormError> {
        let refused = |message: Message| FormError::invalid("parts", message);
        let count = |wanted: fn(&Part) -> bool| self.0.iter().filter(|p| wanted(p)).count();
        if self.0.len() > MAX_PARTS {
            return Err(refused(Message::new("materials.tooManyParts").with("max", MAX_PARTS)));
        }
        if count(|p| matches!(p, Part::Image { .. })) > MAX_IMAGES {
            return Err(refused(Message::new("materials.tooManyImages").with("max", MAX_IMAGES)));
        }
        if count(|p| matches!(p, Part::Link)) > 1 || count(|p| matches!(p, Part::Poster { .. })) > 1 {
            return Err(refused(Message::new("materials.oneLinkOnePoster")));
        }
        // Every text measured before any is scanned for variables.
        let chars = self.texts().fold(body_chars, |sum, text| sum.saturating_add(text.chars().count()));
        if chars > MAX_BODY_CHARS {
            return Err(refused(Message::new("materials.bodyLength").with("max", MAX_BODY_CHARS)));
        }
        for part in &self.0 {
            match part {
                Part::Text { text } if text.trim().is_empty() => {
                    return Err(refused(Message::new("materials.blankPart")))
                }
                Part::Text { text } => super::variables::check(text).map_err(|e| e.at("parts"))?,
                Part::Poster { qr, .. } if !qr.fits() => return Err(refused(Message::new("materials.qrSlot"))),
                _ => {}
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn poster(qr: QrSlot) -> Parts {
        Parts(vec![Part::Poster { image: MediaHash::of(b"poster"), qr }])
    }

    #[test]
    fn a_qr_slot_past_the_edge_is_refused_however_far_past() {
        assert!(poster(QrSlot::DEFAULT).check(0).is_ok());
        for qr in [
            QrSlot { x: 800, y: 0, size: 250 },
            QrSlot { x: 65_000, y: 0, size: 1000 },
            QrSlot { x: u16::MAX, y: 0, size: 50 },
        ] {
            assert!(matches!(poster(qr).check(0), Err(FormError::Invalid { field: "parts", .. })), "{qr:?}");
        }
    }

    #[test]
    fn texts_past_the_length_cap_are_refused_before_they_are_scanned() {
        // An unknown variable in a text too long to keep: the length is what is named.
        let long = format!("{{群主}}{}", "字".repeat(MAX_BODY_CHARS));
        let FormError::Invalid { message, .. } = Parts(vec![Part::Text { text: long }]).check(0).expect_err("too long")
        else {
            panic!("not a field refusal")
        };
        assert_eq!(message.key, "materials.bodyLength");
    }
}
