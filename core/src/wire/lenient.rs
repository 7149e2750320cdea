//! Tolerant field readers for the wire types: Zoho writes the same field as a string in one
//! version and a number in another, and sends explicit `null` for anything unset. Each reader
//! accepts every spelling seen in the wild and rejects anything else with a message that names
//! what was expected (serde adds the path).

use serde::de::{self, Deserialize, Deserializer, SeqAccess, Unexpected, Visitor};
use std::fmt;

/// Largest integer an `f64` holds exactly; a count written as `1.0` is accepted up to here.
const MAX_EXACT_F64: f64 = 9_007_199_254_740_992.0;

/// An id written as a string (`"111111000000541958"`) or, in v2-era SDKs, a JSON integer.
pub(crate) fn id<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    match opt_id(d)? {
        Some(id) => Ok(id),
        None => Err(de::Error::invalid_type(Unexpected::Unit, &IdVisitor)),
    }
}

/// Like [`id`], but `null` (or an absent field, with `#[serde(default)]`) is `None`.
pub(crate) fn opt_id<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    d.deserialize_any(IdVisitor)
}

struct IdVisitor;

impl<'de> Visitor<'de> for IdVisitor {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an id as a string or a non-negative integer")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Some(v))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        if v < 0 {
            return Err(E::invalid_value(Unexpected::Signed(v), &self));
        }
        Ok(Some(v.to_string()))
    }

    // A float id has lost digits already (ids are 18–19 digits): refuse rather than show a wrong id.
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Err(E::invalid_type(Unexpected::Float(v), &self))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

/// A record count: an integer, a numeric string (`"100"`), an integral float (`100.0`) or `null`.
/// An empty string counts as unset.
pub(crate) fn opt_count<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u64>, D::Error> {
    d.deserialize_any(UintVisitor {
        max: u64::MAX,
        what: "a count as a non-negative integer or a numeric string",
    })
}

/// A column index: like [`opt_count`] but bounded to `u32` (one doc example writes `"index": "3"`).
pub(crate) fn opt_index<'de, D: Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    let v = d.deserialize_any(UintVisitor {
        max: u64::from(u32::MAX),
        what: "a column index as a non-negative integer or a numeric string",
    })?;
    // The visitor already bounded the value; a failed conversion cannot happen, but stay total.
    Ok(v.and_then(|n| u32::try_from(n).ok()))
}

struct UintVisitor {
    max: u64,
    what: &'static str,
}

impl UintVisitor {
    fn bounded<E: de::Error>(&self, v: u64) -> Result<Option<u64>, E> {
        if v > self.max {
            return Err(E::invalid_value(Unexpected::Unsigned(v), self));
        }
        Ok(Some(v))
    }
}

impl<'de> Visitor<'de> for UintVisitor {
    type Value = Option<u64>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.what)
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        self.bounded(v)
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        match u64::try_from(v) {
            Ok(u) => self.bounded(u),
            Err(_) => Err(E::invalid_value(Unexpected::Signed(v), &self)),
        }
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        if v.is_finite() && v >= 0.0 && v.fract() == 0.0 && v <= MAX_EXACT_F64 {
            // Exact: integral and within f64's exact integer range.
            self.bounded(v as u64)
        } else {
            Err(E::invalid_value(Unexpected::Float(v), &self))
        }
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        let t = v.trim();
        if t.is_empty() {
            return Ok(None);
        }
        if !t.bytes().all(|b| b.is_ascii_digit()) {
            return Err(E::invalid_value(Unexpected::Str(v), &self));
        }
        match t.parse::<u64>() {
            Ok(n) => self.bounded(n),
            Err(_) => Err(E::invalid_value(Unexpected::Str(v), &self)),
        }
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}

/// A list that Zoho may send as `null`: read as empty.
pub(crate) fn vec_or_null<'de, D, T>(d: D) -> Result<Vec<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Ok(Option::<Vec<T>>::deserialize(d)?.unwrap_or_default())
}

/// `file_names`: an array of strings, or (tolerated) a single string, or `null`.
pub(crate) fn opt_string_list<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<Vec<String>>, D::Error> {
    d.deserialize_any(StringListVisitor)
}

struct StringListVisitor;

impl<'de> Visitor<'de> for StringListVisitor {
    type Value = Option<Vec<String>>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list of file names or a single file name")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Some(vec![v.to_string()]))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::new();
        while let Some(name) = seq.next_element::<String>()? {
            out.push(name);
        }
        Ok(Some(out))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_any(self)
    }
}
