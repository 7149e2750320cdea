//! Zoho's documented error codes for the job-details call, each with a plain title and what to do.
//! The first seven resolutions are Zoho's own text from its "Bulk Write Job Details" page, copied
//! verbatim; the last three are Bulkwatch's words for codes that page leaves out.

use std::fmt;

/// A code from Zoho's error body. Unknown codes are kept as sent.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ZohoCode {
    InvalidUrlPattern,
    OauthScopeMismatch,
    NoPermission,
    InternalError,
    InvalidRequestMethod,
    AuthorizationFailed,
    ResourceNotFound,
    InvalidToken,
    AuthenticationFailure,
    TooManyRequests,
    /// Any other code, exactly as Zoho sent it.
    Other(String),
}

impl ZohoCode {
    /// Every known code, in the order of Zoho's table.
    pub const KNOWN: [ZohoCode; 10] = [
        ZohoCode::InvalidUrlPattern,
        ZohoCode::OauthScopeMismatch,
        ZohoCode::NoPermission,
        ZohoCode::InternalError,
        ZohoCode::InvalidRequestMethod,
        ZohoCode::AuthorizationFailed,
        ZohoCode::ResourceNotFound,
        ZohoCode::InvalidToken,
        ZohoCode::AuthenticationFailure,
        ZohoCode::TooManyRequests,
    ];

    /// What a blank code is kept as: an error body with `"code": ""` still needs a code to be
    /// shown, counted and grouped by.
    pub const BLANK: &'static str = "NO_CODE";

    /// Reads a code (surrounding spaces and letter case ignored); anything else is `Other`, and
    /// a blank one is `Other(BLANK)`.
    pub fn parse(raw: &str) -> ZohoCode {
        let t = raw.trim();
        if t.is_empty() {
            return ZohoCode::Other(ZohoCode::BLANK.to_string());
        }
        ZohoCode::KNOWN
            .into_iter()
            .find(|c| c.as_str().eq_ignore_ascii_case(t))
            .unwrap_or_else(|| ZohoCode::Other(raw.to_string()))
    }

    /// The code as Zoho writes it (`INVALID_TOKEN`); `Other` gives its raw text.
    pub fn as_str(&self) -> &str {
        match self {
            ZohoCode::InvalidUrlPattern => "INVALID_URL_PATTERN",
            ZohoCode::OauthScopeMismatch => "OAUTH_SCOPE_MISMATCH",
            ZohoCode::NoPermission => "NO_PERMISSION",
            ZohoCode::InternalError => "INTERNAL_ERROR",
            ZohoCode::InvalidRequestMethod => "INVALID_REQUEST_METHOD",
            ZohoCode::AuthorizationFailed => "AUTHORIZATION_FAILED",
            ZohoCode::ResourceNotFound => "RESOURCE_NOT_FOUND",
            ZohoCode::InvalidToken => "INVALID_TOKEN",
            ZohoCode::AuthenticationFailure => "AUTHENTICATION_FAILURE",
            ZohoCode::TooManyRequests => "TOO_MANY_REQUESTS",
            ZohoCode::Other(raw) => raw,
        }
    }

    /// The catalogue entry of a known code; `None` for `Other`.
    pub fn entry(&self) -> Option<&'static CatalogueEntry> {
        CATALOGUE.iter().find(|e| e.code == self.as_str())
    }

    /// Codes that mean "this token will not do": stop polling and ask for a new one.
    pub fn needs_token(&self) -> bool {
        matches!(
            self,
            ZohoCode::InvalidToken | ZohoCode::AuthenticationFailure | ZohoCode::OauthScopeMismatch
        )
    }
}

impl fmt::Display for ZohoCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What Bulkwatch tells a person about one Zoho error code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CatalogueEntry {
    /// The code as Zoho writes it.
    pub code: &'static str,
    /// The HTTP status Zoho documents for it.
    pub http_status: u16,
    /// A short plain title.
    pub title: &'static str,
    /// The message an error body carries: Zoho's doc text for the first seven codes; for the
    /// last three, the wording Zoho is known to send (used by the simulator).
    pub zoho_message: &'static str,
    /// What to do about it.
    pub resolution: &'static str,
}

/// Every documented code of the job-details call.
pub static CATALOGUE: [CatalogueEntry; 10] = [
    CatalogueEntry {
        code: "INVALID_URL_PATTERN",
        http_status: 404,
        title: "Wrong request URL",
        zoho_message: "Please check if the URL trying to access is a correct one",
        resolution: "The request URL specified is incorrect. Specify a valid request URL. Refer to request URL section above.",
    },
    CatalogueEntry {
        code: "OAUTH_SCOPE_MISMATCH",
        http_status: 401,
        title: "Token lacks the bulk write scope",
        zoho_message: "Unauthorized",
        resolution: "Client does not have ZohoCRM.bulk.CREATE. Create a new client with valid scope. Refer to scope section above.",
    },
    CatalogueEntry {
        code: "NO_PERMISSION",
        http_status: 403,
        title: "No permission to read bulk write jobs",
        zoho_message: "Permission denied to read",
        resolution: "The user does not have permission to get the details of a bulk write job. Contact your system administrator.",
    },
    CatalogueEntry {
        code: "INTERNAL_ERROR",
        http_status: 500,
        title: "Zoho internal error",
        zoho_message: "Internal Server Error",
        resolution: "Unexpected and unhandled exception in Server. Contact support team.",
    },
    CatalogueEntry {
        code: "INVALID_REQUEST_METHOD",
        http_status: 400,
        title: "Wrong request method",
        zoho_message: "The http request method type is not a valid one",
        resolution: "You have specified an invalid HTTP method to access the API URL. Specify a valid request method. Refer to endpoints section above.",
    },
    CatalogueEntry {
        code: "AUTHORIZATION_FAILED",
        http_status: 400,
        title: "Not allowed to read this job",
        zoho_message: "User does not have sufficient privilege to read.",
        resolution: "The user does not have the permission to get the details of a bulk write job. Contact your system administrator.",
    },
    CatalogueEntry {
        code: "RESOURCE_NOT_FOUND",
        http_status: 404,
        title: "No job with this ID",
        zoho_message: "The requested resource doesn't exist.",
        resolution: "The job ID specified is invalid. Specify a valid job ID.",
    },
    CatalogueEntry {
        code: "INVALID_TOKEN",
        http_status: 401,
        title: "Token invalid or expired",
        zoho_message: "invalid oauth token",
        resolution: "The access token is invalid or has expired (Zoho access tokens live one hour). Get a new token and try again.",
    },
    CatalogueEntry {
        code: "AUTHENTICATION_FAILURE",
        http_status: 401,
        title: "Authentication failed",
        zoho_message: "Authentication failed.",
        resolution: "Zoho could not authenticate the request. Check that the token was issued in this job's data centre, then get a new token and try again.",
    },
    CatalogueEntry {
        code: "TOO_MANY_REQUESTS",
        http_status: 429,
        title: "Too many requests",
        zoho_message: "Too many requests. Please try again later.",
        resolution: "The org's concurrency or API credit limit was reached. Wait before trying again; Bulkwatch backs off and honours Retry-After.",
    },
];
