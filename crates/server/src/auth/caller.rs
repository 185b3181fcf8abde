//! The `Caller` extractor: the signed-in user of a request, checked for expiry and, on
//! state-changing requests, for the CSRF token.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use subtle::ConstantTimeEq as _;

use super::{CSRF_HEADER, CookieKind, session_token, token_hash};
use crate::roles::{self, Permission};
use crate::store::now;
use crate::store::tenants::Tenant;
use crate::store::users::User;
use crate::{AppError, AppState};

/// The signed-in user making a request.
#[derive(Clone, Debug)]
pub(crate) struct Caller {
    /// The user, with the role they have now.
    pub(crate) user: User,
    /// Their tenant: every query a handler makes is scoped to it.
    pub(crate) tenant: Tenant,
    /// The session's CSRF token (sent back by `GET /api/session`).
    pub(crate) csrf_token: String,
    /// The session's token hash (to end it).
    pub(crate) token_hash: Vec<u8>,
    /// The cookie that carried the session (to clear it at sign-out).
    pub(crate) cookie: CookieKind,
}

impl Caller {
    /// `Err(Forbidden)` unless the caller's role may do `permission`.
    pub(crate) fn require(&self, permission: Permission) -> Result<(), AppError> {
        if roles::may(self.user.role, permission) {
            Ok(())
        } else {
            Err(AppError::Forbidden)
        }
    }

    /// The caller's tenant id.
    pub(crate) fn tenant_id(&self) -> i64 {
        self.tenant.id
    }
}

/// Activity is written back at most this often, so reads do not each cost a write.
const TOUCH_EVERY_SECS: i64 = 30;

impl FromRequestParts<AppState> for Caller {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        let (token, cookie) = session_token(&parts.headers).ok_or(AppError::Unauthenticated)?;
        let hash = token_hash(token);
        let record = state
            .store
            .session(hash.clone())
            .await?
            .ok_or(AppError::Unauthenticated)?;
        let limits = &state.config.limits;
        let at = now();
        let idle = at - record.last_seen_at;
        let age = at - record.created_at;
        if record.user.disabled {
            state.store.end_session(hash).await?;
            return Err(AppError::Unauthenticated);
        }
        if idle > secs(limits.session_idle) || age > secs(limits.session_absolute) {
            state.store.end_session(hash).await?;
            return Err(AppError::SessionExpired);
        }
        if !parts.method.is_safe() {
            let sent = parts
                .headers
                .get(CSRF_HEADER)
                .map(axum::http::HeaderValue::as_bytes)
                .unwrap_or_default();
            if !bool::from(sent.ct_eq(record.csrf_token.as_bytes())) {
                return Err(AppError::Csrf);
            }
        }
        if idle >= TOUCH_EVERY_SECS {
            state.store.touch_session(hash.clone()).await?;
        }
        Ok(Caller {
            user: record.user,
            tenant: record.tenant,
            csrf_token: record.csrf_token,
            token_hash: hash,
            cookie,
        })
    }
}

fn secs(duration: std::time::Duration) -> i64 {
    i64::try_from(duration.as_secs()).unwrap_or(i64::MAX)
}
