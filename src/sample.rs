//! The built-in sample: a transport that answers like Zoho for one job, walking through the
//! seed's three sample responses (ADDED → INPROGRESS → COMPLETED) and serving a tiny zip, so the
//! page can show a live job with no server and no token. Enabled by `#sample` in the URL.

use std::cell::Cell;

use crate::net::{HttpRequest, HttpResponse, LocalFuture, NetError, Transport};

/// The sample job's id (the seed's).
pub const SAMPLE_JOB: &str = "111111000000541958";

const ADDED: &str = r#"{"status":"ADDED","resource":[{"status":"INPROGRESS","code":"ADDED","type":"data","module":{"api_name":"Deals","id":"3652397000000002181"},"field_mappings":[{"api_name":"Deal_Name","index":1,"format":null,"find_by":null,"default_value":null},{"api_name":"Stage","index":132,"format":null,"find_by":null,"default_value":null}],"file":{"status":"INPROGRESS"}}],"id":"111111000000541958","created_by":{"id":"111111000000035795","name":"Patricia Boyle"},"operation":"insert","created_time":"2019-01-30T02:21:32-12:00"}"#;
const IN_PROGRESS: &str = r#"{"status":"INPROGRESS","character_encoding":"UTF-8","resource":[{"status":"INPROGRESS","code":"ADDED","type":"data","module":{"api_name":"Deals","id":"3652397000000002181"},"field_mappings":[{"api_name":"Deal_Name","index":1,"format":null,"find_by":null,"default_value":null},{"api_name":"Stage","index":2,"format":null,"find_by":null,"default_value":null}],"file":{"status":"INPROGRESS","name":"Deals.csv","added_count":0,"skipped_count":100,"updated_count":0,"total_count":100}}],"id":"111111000000541958","created_by":{"id":"111111000000035795","name":"Patricia Boyle"},"operation":"insert","created_time":"2019-01-30T02:18:15-12:00"}"#;
const COMPLETED: &str = r#"{"status":"COMPLETED","character_encoding":"UTF-8","resource":[{"status":"COMPLETED","type":"data","code":"SUCCESS","module":{"api_name":"Deals","id":"3652397000000002181"},"field_mappings":[{"api_name":"Deal_Name","index":1,"format":null,"find_by":null,"default_value":null},{"api_name":"Stage","index":2,"format":null,"find_by":null,"default_value":null}],"file":{"status":"COMPLETED","name":"Deals.csv","added_count":0,"skipped_count":100,"updated_count":0,"total_count":100}}],"id":"111111000000541958","result":{"download_url":"/v3/crm/org6196138/bulk-write/111111000000541958/111111000000541958.zip"},"created_by":{"id":"111111000000035795","name":"Patricia Boyle"},"operation":"insert","created_time":"2019-01-30T02:18:15-12:00"}"#;

/// An empty zip archive (just the end-of-central-directory record).
const EMPTY_ZIP: [u8; 22] = [
    0x50, 0x4b, 0x05, 0x06, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
];

/// Answers job-details requests with the seed's samples in order, and downloads with a zip.
#[derive(Debug, Default)]
pub struct SampleTransport {
    polls: Cell<u32>,
}

impl Transport for SampleTransport {
    fn send(
        &self,
        req: HttpRequest,
        _signal: Option<web_sys::AbortSignal>,
    ) -> LocalFuture<Result<HttpResponse, NetError>> {
        let answer = if req.url.ends_with(".zip") {
            HttpResponse {
                status: 200,
                body: EMPTY_ZIP.to_vec(),
                content_disposition: Some(format!("attachment; filename=\"{SAMPLE_JOB}.zip\"")),
                content_type: Some("application/zip".into()),
                retry_after: None,
            }
        } else {
            let n = self.polls.get();
            self.polls.set(n.saturating_add(1));
            let body = match n {
                0 => ADDED,
                1 | 2 => IN_PROGRESS,
                _ => COMPLETED,
            };
            HttpResponse {
                status: 200,
                body: body.as_bytes().to_vec(),
                content_type: Some("application/json".into()),
                ..HttpResponse::default()
            }
        };
        Box::pin(std::future::ready(Ok(answer)))
    }
}
