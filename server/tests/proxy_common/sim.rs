//! The simulator as the proxy's upstream, on a real loopback port.

use bulkwatch_server::sim::{Sim, SimConfig};
use std::net::SocketAddr;
use tokio::net::TcpListener;

/// Serves a simulator built from `config` on a loopback port; its links point at itself.
pub async fn start_sim(mut config: SimConfig) -> (Sim, SocketAddr) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind sim");
    let addr = listener.local_addr().expect("addr");
    config.public_origin = format!("http://{addr}");
    let sim = Sim::new(config);
    let router = sim.router();
    tokio::spawn(async move {
        let _ = axum::serve(
            listener,
            router.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await;
    });
    (sim, addr)
}
