//! Lists read from outside (packs, drafts) are read no further than they may hold.

use serde::de::{self, Deserialize, Deserializer, SeqAccess, Visitor};
use std::cell::Cell;
use std::fmt;
use std::marker::PhantomData;

/// A list read item by item and refused as soon as it holds more than
/// `MAX`: an array of ten million items costs `MAX + 1` of them, never
/// ten million, whatever its entry's size says.
pub fn at_most<'de, D: Deserializer<'de>, T: Deserialize<'de>, const MAX: usize>(
    deserializer: D,
) -> Result<Vec<T>, D::Error> {
    deserializer.deserialize_seq(AtMost::new(MAX, &Cell::new(false)))
}

/// The visitor of [`at_most`]; `over` tells its caller that it was the cap
/// that refused the list, not its syntax.
pub struct AtMost<'a, T> {
    max: usize,
    over: &'a Cell<bool>,
    items: PhantomData<T>,
}

impl<'a, T> AtMost<'a, T> {
    pub fn new(max: usize, over: &'a Cell<bool>) -> AtMost<'a, T> {
        AtMost { max, over, items: PhantomData }
    }
}

impl<'de, T: Deserialize<'de>> Visitor<'de> for AtMost<'_, T> {
    type Value = Vec<T>;

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        write!(formatter, "a list of at most {} items", self.max)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element()? {
            if items.len() == self.max {
                self.over.set(true);
                return Err(de::Error::invalid_length(self.max + 1, &self));
            }
            items.push(item);
        }
        Ok(items)
    }
}
