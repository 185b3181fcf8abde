//! Serving connections with time limits. A client has `Limits::header_read` to send a
//! request's head (which is also the longest a kept-alive connection may wait idle for the
//! next one) and `Limits::body_read` between pieces of a body; past either, the request
//! fails and the connection is closed. Without them a slow or idle connection (slowloris)
//! holds a socket and a task for as long as the client likes.

use std::future::Future;
use std::io;
use std::net::SocketAddr;

use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::TcpListener;
use tower::ServiceExt as _;
use tower_http::timeout::RequestBodyTimeoutLayer;

use crate::{AppState, router};

/// Serves [`router`] on `listener` until `shutdown` completes, then lets in-flight
/// requests finish, and an import under way write all of it (its audit entry included):
/// a clean stop leaves no import half-written.
///
/// # Errors
/// Never in practice: a failed accept (a full file table, say) is logged and the loop goes
/// on rather than stopping the server.
pub async fn serve(
    listener: TcpListener,
    state: AppState,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> io::Result<()> {
    let limits = state.config.limits.clone();
    let imports = std::sync::Arc::clone(&state.imports);
    let app = router(state).layer(RequestBodyTimeoutLayer::new(limits.body_read));
    // HTTP/1.1 only: browsers speak HTTP/2 over TLS, which a proxy in front terminates; and
    // guessing the version first would wait for the first bytes without a limit.
    let mut builder = http1::Builder::new();
    builder
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_read);
    let graceful = GracefulShutdown::new();
    tokio::pin!(shutdown);
    loop {
        let (stream, peer) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(accepted) => accepted,
                Err(error) => {
                    tracing::warn!(%error, "accepting a connection failed");
                    continue;
                }
            },
            () = &mut shutdown => break,
        };
        let app = app.clone();
        // The peer address keys sign-in rate limits; forwarded-for headers are never trusted.
        let service = hyper::service::service_fn(move |mut request: hyper::Request<Incoming>| {
            request
                .extensions_mut()
                .insert(ConnectInfo::<SocketAddr>(peer));
            app.clone().oneshot(request.map(axum::body::Body::new))
        });
        let connection = builder.serve_connection(TokioIo::new(stream), service);
        let connection = graceful.watch(connection);
        tokio::spawn(async move {
            if let Err(error) = connection.await {
                tracing::debug!(%error, "connection closed");
            }
        });
    }
    drop(listener);
    graceful.shutdown().await;
    imports.finish().await;
    Ok(())
}
