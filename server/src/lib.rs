//! The native side of Bulkwatch, as a library so tests drive each router without a port:
//! [`inspect`] (what Bulkwatch understands of a pasted response), [`sim`] (a faithful simulator
//! of Zoho's Bulk Write API, also serving the demo) and [`proxy`] (the hardened CORS proxy).

pub mod inspect;
pub mod proxy;
pub mod sim;
