//! Backend-for-frontend mode: designed, not built yet. The design (refresh token held by the
//! proxy, an `__Host-` HttpOnly Secure SameSite=Strict session cookie in the browser, a CSRF
//! check, refresh against the data centre's accounts host) is in `deploy/PROXY.md`, section
//! "Backend-for-frontend mode". Nothing in this module is compiled into the running proxy.
