//! Request extractors whose rejections are the API's JSON errors: axum's own answer in
//! plain text, which a client matching on `error.code` could not read.

use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::StatusCode;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::AppError;

/// A JSON body (`Content-Type: application/json`) of type `T`.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct ApiJson<T>(pub(crate) T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(request: Request, state: &S) -> Result<Self, AppError> {
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => Ok(ApiJson(value)),
            Err(rejection) => Err(json_rejection(&rejection)),
        }
    }
}

fn json_rejection(rejection: &JsonRejection) -> AppError {
    let status = rejection.status();
    match rejection {
        JsonRejection::JsonDataError(_) | JsonRejection::JsonSyntaxError(_) => {
            AppError::bad_request("malformed_json", rejection.body_text())
        }
        _ if status == StatusCode::PAYLOAD_TOO_LARGE => AppError::Rejected {
            status,
            message: "the request body is larger than this endpoint accepts".to_owned(),
        },
        _ => AppError::Rejected {
            status,
            message: rejection.body_text(),
        },
    }
}

/// Path parameters of type `T`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct ApiPath<T>(pub(crate) T);

impl<T, S> FromRequestParts<S> for ApiPath<T>
where
    T: DeserializeOwned + Send,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(value)| ApiPath(value))
            .map_err(|rejection: PathRejection| {
                AppError::bad_request("bad_path", rejection.body_text())
            })
    }
}
