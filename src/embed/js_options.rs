//! Reads `mount()`'s and `update()`'s options object (`{ jobId, dc, apiDomain, apiVersion, proxy,
//! extraHosts, rows, token, poll, readOnly, compact }`) into a [`Patch`]: a key that is absent is kept, `null` or
//! `undefined` clears it. A value of the wrong type is a programming error of the host and is
//! thrown back as a `TypeError` naming the key (never echoing the value: it may be the token).

use js_sys::Reflect;
use wasm_bindgen::{JsCast, JsValue};

use crate::options::{Field, Patch, PollMode};
use crate::token::Token;

fn type_error(key: &str, expected: &str) -> JsValue {
    js_sys::TypeError::new(&format!("Bulkwatch: option \"{key}\" must be {expected}")).into()
}

/// The raw value of `key`, or `None` when the object does not have it.
fn read(obj: &JsValue, key: &str) -> Result<Option<JsValue>, JsValue> {
    if !Reflect::has(obj, &JsValue::from_str(key)).unwrap_or(false) {
        return Ok(None);
    }
    Reflect::get(obj, &JsValue::from_str(key)).map(Some)
}

fn text(obj: &JsValue, key: &str) -> Result<Field<String>, JsValue> {
    Ok(match read(obj, key)? {
        None => Field::Keep,
        Some(v) if v.is_null() || v.is_undefined() => Field::Clear,
        Some(v) => match v.as_string() {
            Some(s) => Field::Set(s),
            None => return Err(type_error(key, "a string or null")),
        },
    })
}

/// A string, or an array of strings (joined with spaces), or null.
fn text_or_list(obj: &JsValue, key: &str) -> Result<Field<String>, JsValue> {
    let expected = "a string, an array of strings or null";
    Ok(match read(obj, key)? {
        None => Field::Keep,
        Some(v) if v.is_null() || v.is_undefined() => Field::Clear,
        Some(v) if js_sys::Array::is_array(&v) => {
            let mut out = Vec::new();
            for item in js_sys::Array::from(&v).iter() {
                out.push(item.as_string().ok_or_else(|| type_error(key, expected))?);
            }
            Field::Set(out.join(" "))
        }
        Some(v) => match v.as_string() {
            Some(s) => Field::Set(s),
            None => return Err(type_error(key, expected)),
        },
    })
}

fn flag(obj: &JsValue, key: &str) -> Result<Field<bool>, JsValue> {
    Ok(match read(obj, key)? {
        None => Field::Keep,
        Some(v) if v.is_null() || v.is_undefined() => Field::Clear,
        Some(v) => match v.as_bool() {
            Some(b) => Field::Set(b),
            None => return Err(type_error(key, "true, false or null")),
        },
    })
}

/// A row count: a number (as its digits; a fraction or a negative number is kept as written, so
/// the widget names it as unusable), a string, or null.
fn count(obj: &JsValue, key: &str) -> Result<Field<String>, JsValue> {
    Ok(match read(obj, key)? {
        None => Field::Keep,
        Some(v) if v.is_null() || v.is_undefined() => Field::Clear,
        Some(v) => match (v.as_f64(), v.as_string()) {
            // Rust writes 10000.0 as "10000" and 1.5 as "1.5": whole numbers arrive as digits.
            (Some(n), _) => Field::Set(format!("{n}")),
            (None, Some(s)) => Field::Set(s),
            (None, None) => return Err(type_error(key, "a number, a string of digits or null")),
        },
    })
}

/// Reads an options object. `undefined` or `null` as a whole is an empty patch.
pub fn read_patch(options: &JsValue) -> Result<Patch, JsValue> {
    if options.is_undefined() || options.is_null() {
        return Ok(Patch::default());
    }
    if !options.is_object() || options.is_instance_of::<js_sys::Function>() {
        return Err(js_sys::TypeError::new("Bulkwatch: options must be an object").into());
    }
    let token = match text(options, "token")? {
        Field::Keep => Field::Keep,
        Field::Clear => Field::Clear,
        // A blank or unusable token is no token.
        Field::Set(raw) => Token::new(&raw).map_or(Field::Clear, Field::Set),
    };
    let poll = match text(options, "poll")? {
        Field::Keep => Field::Keep,
        Field::Clear => Field::Clear,
        Field::Set(raw) => Field::Set(PollMode::parse(&raw)),
    };
    Ok(Patch {
        job_id: text(options, "jobId")?,
        dc: text(options, "dc")?,
        api_domain: text(options, "apiDomain")?,
        api_version: text(options, "apiVersion")?,
        proxy: text(options, "proxy")?,
        extra_hosts: text_or_list(options, "extraHosts")?,
        rows: count(options, "rows")?,
        token,
        poll,
        read_only: flag(options, "readOnly")?,
        compact: flag(options, "compact")?,
    })
}
