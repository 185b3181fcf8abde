//! The origins allowed to frame an organisation's embed views (its CRM, say).
//!
//! - `GET /api/embed-origins` (Administrators): `{org, origins}`; `org` is what embed URLs
//!   name in `org=` so that the list applies from their first, cookieless load;
//! - `PUT /api/embed-origins` `{origins}` (Administrators): replaces the list. Each entry is
//!   an origin, `https://host[:port]`, where the host may start with `*.` for every
//!   subdomain (`https://*.lightning.force.com`); plain `http` only for loopback hosts.
//!
//! The list becomes the `frame-ancestors` of embed documents that name the organisation
//! (`security`); every other response may be framed by this origin only.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use serde::{Deserialize, Serialize};

use crate::auth::Caller;
use crate::extract::ApiJson;
use crate::roles::Permission;
use crate::{AppError, AppState};

/// Most origins an organisation lists.
pub(crate) const MAX_ORIGINS: usize = 20;

pub(crate) fn routes() -> Router<AppState> {
    Router::new().route("/embed-origins", get(index).put(replace))
}

#[derive(Serialize)]
struct Origins {
    org: i64,
    origins: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Replace {
    origins: Vec<String>,
}

async fn index(State(state): State<AppState>, caller: Caller) -> Result<Json<Origins>, AppError> {
    caller.require(Permission::Administer)?;
    let origins = state.store.embed_origins(caller.tenant_id()).await?;
    Ok(Json(Origins {
        org: caller.tenant_id(),
        origins,
    }))
}

async fn replace(
    State(state): State<AppState>,
    caller: Caller,
    ApiJson(body): ApiJson<Replace>,
) -> Result<Json<Origins>, AppError> {
    caller.require(Permission::Administer)?;
    if body.origins.len() > MAX_ORIGINS {
        return Err(AppError::bad_request(
            "too_many_origins",
            format!("at most {MAX_ORIGINS} origins"),
        ));
    }
    let mut origins = Vec::with_capacity(body.origins.len());
    for origin in &body.origins {
        let origin = checked_origin(origin).map_err(|reason| {
            AppError::bad_request("invalid_origin", format!("`{origin}`: {reason}"))
        })?;
        if !origins.contains(&origin) {
            origins.push(origin);
        }
    }
    let origins = state
        .store
        .set_embed_origins(caller.tenant_id(), caller.user.id, origins)
        .await?;
    Ok(Json(Origins {
        org: caller.tenant_id(),
        origins,
    }))
}

/// `origin` in the form a `frame-ancestors` source takes (lower case, no trailing slash),
/// or why it is not an origin.
pub(crate) fn checked_origin(origin: &str) -> Result<String, &'static str> {
    let origin = origin.trim().trim_end_matches('/').to_ascii_lowercase();
    let (scheme, rest) = origin
        .split_once("://")
        .ok_or("an origin starts with https://")?;
    let (host, port) = match rest.rsplit_once(':') {
        Some((host, port)) => (host, Some(port)),
        None => (rest, None),
    };
    if let Some(port) = port
        && port.parse::<u16>().map_or(true, |port| port == 0)
    {
        return Err("the port is a number from 1 to 65535");
    }
    let bare = host.strip_prefix("*.").unwrap_or(host);
    let label_ok = |label: &str| {
        !label.is_empty()
            && label.len() <= 63
            && !label.starts_with('-')
            && !label.ends_with('-')
            && label
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    if bare.is_empty() || bare.len() > 253 || !bare.split('.').all(label_ok) {
        return Err("the host is a domain name or an IPv4 address, with no path");
    }
    match scheme {
        "https" => Ok(origin),
        "http" if matches!(host, "localhost" | "127.0.0.1") => Ok(origin),
        "http" => Err("only loopback hosts (localhost, 127.0.0.1) may use http"),
        _ => Err("the scheme is https"),
    }
}

#[cfg(test)]
mod tests {
    use super::checked_origin;

    #[test]
    fn origins_are_normalised_or_refused() {
        assert_eq!(
            checked_origin(" HTTPS://Acme.my.Salesforce.com/ ").as_deref(),
            Ok("https://acme.my.salesforce.com")
        );
        assert_eq!(
            checked_origin("https://*.hubspot.com").as_deref(),
            Ok("https://*.hubspot.com")
        );
        assert_eq!(
            checked_origin("http://localhost:8080").as_deref(),
            Ok("http://localhost:8080")
        );
        for bad in [
            "acme.com",
            "http://acme.com",
            "https://acme.com/path",
            "https://acme.com:0",
            "https://acme.com:99999",
            "https://ac me.com",
            "https://acme.com; script-src *",
            "https://*",
            "javascript://x",
            "https://-acme.com",
        ] {
            assert!(checked_origin(bad).is_err(), "{bad}");
        }
    }
}
