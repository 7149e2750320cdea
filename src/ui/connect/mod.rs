//! The connect view: where a person says which job to watch, where, and with which token.

pub mod folded;
pub mod line;
pub mod panel;
pub mod state;
