//! Per-data-centre sign-in settings — the client id registered in Zoho's API console and the
//! accounts origin — remembered in localStorage. Neither is a secret; no token is ever stored.

use std::collections::BTreeMap;

use bulkwatch_core::endpoint::{ApiOrigin, DataCenter};
use bulkwatch_core::oauth;
use serde::{Deserialize, Serialize};

use crate::env::Store;

/// localStorage key of the settings.
pub const KEY: &str = "bulkwatch.signin.clients";

/// The settings key of a data centre, or `custom` (the simulator, a sandbox on another origin).
pub fn dc_key(dc: Option<DataCenter>) -> &'static str {
    dc.map_or("custom", DataCenter::code)
}

/// One data centre's settings.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ClientSetting {
    pub client_id: String,
    pub accounts: String,
}

/// The default accounts origin of a choice: Zoho's per data centre; for a custom origin the
/// page's own origin when it is loopback (the simulator serves both), else empty.
pub fn default_accounts(dc: Option<DataCenter>, page_origin: Option<&str>) -> String {
    match dc {
        Some(dc) => oauth::accounts_origin(dc).origin_string(),
        None => page_origin
            .and_then(|p| ApiOrigin::parse(p).ok())
            .filter(ApiOrigin::is_loopback)
            .map(|o| o.origin_string())
            .unwrap_or_default(),
    }
}

/// The remembered setting for `dc`, with the default accounts origin filled in.
pub fn load(store: &dyn Store, dc: Option<DataCenter>, page_origin: Option<&str>) -> ClientSetting {
    let mut all: BTreeMap<String, ClientSetting> = store
        .get(KEY)
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default();
    let mut s = all.remove(dc_key(dc)).unwrap_or_default();
    if s.accounts.trim().is_empty() {
        s.accounts = default_accounts(dc, page_origin);
    }
    s
}

/// Remembers `setting` for `dc`.
pub fn save(store: &dyn Store, dc: Option<DataCenter>, setting: &ClientSetting) {
    let mut all: BTreeMap<String, ClientSetting> = store
        .get(KEY)
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or_default();
    all.insert(dc_key(dc).to_string(), setting.clone());
    if let Ok(json) = serde_json::to_string(&all) {
        store.set(KEY, &json);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::env::MemoryStore;

    #[test]
    fn per_dc_settings_round_trip_with_defaults() {
        let store = MemoryStore::default();
        let eu = load(&store, Some(DataCenter::Eu), None);
        assert_eq!(eu.accounts, "https://accounts.zoho.eu");
        assert!(eu.client_id.is_empty());
        let custom = load(&store, None, Some("http://127.0.0.1:9000"));
        assert_eq!(custom.accounts, "http://127.0.0.1:9000");
        assert_eq!(
            load(&store, None, Some("https://portal.example")).accounts,
            ""
        );
        save(
            &store,
            Some(DataCenter::Eu),
            &ClientSetting {
                client_id: "1000.EU".into(),
                accounts: String::new(),
            },
        );
        assert_eq!(
            load(&store, Some(DataCenter::Eu), None).client_id,
            "1000.EU"
        );
        assert_eq!(load(&store, Some(DataCenter::Us), None).client_id, "");
        store.set(KEY, "{broken");
        assert_eq!(load(&store, Some(DataCenter::Eu), None).client_id, "");
    }
}
