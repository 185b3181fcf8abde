//! Content codings (brotli, gzip): which one a request accepts, and compressing responses
//! off the threads that answer requests.
//!
//! Compression is CPU work measured in milliseconds per megabyte. Done while a response is
//! streamed, as a generic compression layer does, it runs on the async worker threads and
//! stalls every other request behind it; so here a body above [`INLINE_BYTES`] is
//! compressed on the blocking pool, and the dataset, the largest body by far, is
//! compressed once per version and kept (`tenant_dataset`). Every body the server sends
//! is complete in memory before it is sent, so nothing is lost by compressing it whole.

use std::io::Write as _;

use axum::body::{Body, Bytes, HttpBody as _};
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse as _, Response};

/// Bodies up to this size are compressed in place: a few hundred microseconds at most.
const INLINE_BYTES: usize = 16 * 1024;

/// Bodies below this size are sent as they are: compression would barely shrink them.
const MIN_BYTES: usize = 512;

/// Bodies above this size are passed through unbuffered (none is this large today; it
/// bounds the memory a single response can hold twice).
const MAX_BUFFERED_BYTES: usize = 256 * 1024 * 1024;

/// Brotli quality. The default (11) costs seconds per megabyte; on a 100,000-account
/// dataset 5 takes about 1 s for 55.8 % of the size, 9 about 3 s for 54.9 %, 11 about
/// 30 s for 53.8 % (BENCHMARKS.md): the dataset is mostly pseudonyms, which do not
/// compress, and every second here is a second the first download after a vault change
/// waits.
const BROTLI_QUALITY: i32 = 5;

/// Brotli window, log2 of bytes (the format's default).
const BROTLI_WINDOW: i32 = 22;

/// gzip level.
const GZIP_LEVEL: u32 = 6;

/// A content coding the server produces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Coding {
    /// `br` (RFC 7932).
    Brotli,
    /// `gzip` (RFC 1952).
    Gzip,
}

impl Coding {
    /// Every coding, in the server's order of preference.
    pub(crate) const ALL: [Coding; 2] = [Coding::Brotli, Coding::Gzip];

    /// The token of `Content-Encoding` and `Accept-Encoding`.
    pub(crate) fn token(self) -> &'static str {
        match self {
            Coding::Brotli => "br",
            Coding::Gzip => "gzip",
        }
    }

    /// The coding to answer a request with: of those it accepts with a non-zero quality
    /// (RFC 9110 §12.5.3, `*` included), the one it rates highest, brotli on a tie. `None`
    /// when it accepts neither, or sends no `Accept-Encoding`.
    pub(crate) fn negotiate(request: &HeaderMap) -> Option<Coding> {
        let mut best: Option<(Coding, u16)> = None;
        for coding in Self::ALL {
            let quality = request
                .get_all(header::ACCEPT_ENCODING)
                .iter()
                .filter_map(|value| value.to_str().ok())
                .flat_map(|value| value.split(','))
                .filter_map(accepted)
                .filter(|(token, _)| token.eq_ignore_ascii_case(coding.token()) || *token == "*")
                // A named coding overrides `*`.
                .max_by_key(|(token, _)| *token != "*")
                .map_or(0, |(_, quality)| quality);
            if quality > 0 && best.is_none_or(|(_, best)| quality > best) {
                best = Some((coding, quality));
            }
        }
        best.map(|(coding, _)| coding)
    }

    /// `bytes` in this coding. Blocking: call it on the blocking pool for anything but
    /// small bodies.
    pub(crate) fn compress(self, bytes: &[u8]) -> std::io::Result<Vec<u8>> {
        match self {
            Coding::Brotli => {
                let params = brotli::enc::BrotliEncoderParams {
                    quality: BROTLI_QUALITY,
                    lgwin: BROTLI_WINDOW,
                    size_hint: bytes.len(),
                    ..Default::default()
                };
                let mut out = Vec::with_capacity(bytes.len() / 2);
                brotli::BrotliCompress(&mut &bytes[..], &mut out, &params)?;
                Ok(out)
            }
            Coding::Gzip => {
                let level = flate2::Compression::new(GZIP_LEVEL);
                let mut encoder = flate2::write::GzEncoder::new(Vec::new(), level);
                encoder.write_all(bytes)?;
                encoder.finish()
            }
        }
    }
}

/// One entry of `Accept-Encoding`: its token and its quality in thousandths, or `None`
/// when malformed (ignored, as a client's typo should not cost it compression elsewhere).
fn accepted(entry: &str) -> Option<(&str, u16)> {
    let mut parts = entry.split(';').map(str::trim);
    let token = parts.next().filter(|token| !token.is_empty())?;
    let quality = match parts.find_map(|param| {
        let (name, value) = param.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("q")
            .then_some(value.trim())
    }) {
        Some(value) => quality(value)?,
        None => 1000,
    };
    Some((token, quality))
}

/// A `qvalue` (`0`, `0.5`, `1.000`, …) in thousandths.
fn quality(value: &str) -> Option<u16> {
    let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
    if fraction.len() > 3 || !fraction.bytes().all(|byte| byte.is_ascii_digit()) {
        return None;
    }
    let thousandths = format!("{fraction:0<3}").parse::<u16>().ok()?;
    match whole {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

/// Middleware: compresses a response the client accepts compressed, unless it is already
/// encoded, small, or of a type that does not compress. Large bodies are compressed on the
/// blocking pool.
pub(crate) async fn compress(request: Request, next: Next) -> Response {
    // A HEAD response has no body to compress; its headers describe the GET's.
    let coding = Coding::negotiate(request.headers()).filter(|_| request.method() != Method::HEAD);
    let mut response = next.run(request).await;
    if !is_compressible(&response) {
        return response;
    }
    add_vary(response.headers_mut());
    let Some(coding) = coding else {
        return response;
    };
    let (mut parts, body) = response.into_parts();
    let bytes = match axum::body::to_bytes(body, MAX_BUFFERED_BYTES).await {
        Ok(bytes) => bytes,
        Err(err) => {
            // The handler's body failed while being read: the client gets an error status
            // rather than a truncated body.
            tracing::error!(error = %err, "reading a response body to compress it");
            return crate::AppError::Internal(anyhow::anyhow!("response body: {err}"))
                .into_response();
        }
    };
    match compressed(coding, bytes.clone()).await {
        Ok(encoded) => {
            let headers = &mut parts.headers;
            headers.insert(
                header::CONTENT_ENCODING,
                HeaderValue::from_static(coding.token()),
            );
            headers.insert(header::CONTENT_LENGTH, HeaderValue::from(encoded.len()));
            Response::from_parts(parts, Body::from(encoded))
        }
        Err(err) => {
            tracing::error!(error = %err, "compressing a response; sent as it is");
            Response::from_parts(parts, Body::from(bytes))
        }
    }
}

/// `bytes` in `coding`: in place when small, else on the blocking pool.
async fn compressed(coding: Coding, bytes: Bytes) -> std::io::Result<Vec<u8>> {
    if bytes.len() <= INLINE_BYTES {
        return coding.compress(&bytes);
    }
    tokio::task::spawn_blocking(move || coding.compress(&bytes))
        .await
        .map_err(std::io::Error::other)?
}

/// Whether a response is worth compressing: not encoded yet, not a range, a body of known
/// size between [`MIN_BYTES`] and [`MAX_BUFFERED_BYTES`], and a textual or otherwise
/// compressible type.
fn is_compressible(response: &Response) -> bool {
    let headers = response.headers();
    if headers.contains_key(header::CONTENT_ENCODING) || headers.contains_key(header::CONTENT_RANGE)
    {
        return false;
    }
    // Files from disk stream without an exact size hint but say their length.
    let size = response
        .body()
        .size_hint()
        .exact()
        .or_else(|| {
            headers
                .get(header::CONTENT_LENGTH)
                .and_then(|value| value.to_str().ok())
                .and_then(|value| value.parse().ok())
        })
        .and_then(|size| usize::try_from(size).ok());
    if !size.is_some_and(|size| (MIN_BYTES..=MAX_BUFFERED_BYTES).contains(&size)) {
        return false;
    }
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|value| value.to_str().ok())
        .unwrap_or("");
    let essence = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence.starts_with("text/")
        || matches!(
            essence.as_str(),
            "application/json"
                | "application/javascript"
                | "application/wasm"
                | "image/svg+xml"
                | "application/manifest+json"
        )
}

/// Adds `Accept-Encoding` to `Vary`, keeping what is there.
pub(crate) fn add_vary(headers: &mut HeaderMap) {
    let already = headers
        .get_all(header::VARY)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|name| name.trim().eq_ignore_ascii_case("accept-encoding"));
    if !already {
        headers.append(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn accepting(value: &'static str) -> Option<Coding> {
        let mut headers = HeaderMap::new();
        headers.insert(header::ACCEPT_ENCODING, HeaderValue::from_static(value));
        Coding::negotiate(&headers)
    }

    #[test]
    fn negotiation_follows_the_client_s_qualities() {
        assert_eq!(Coding::negotiate(&HeaderMap::new()), None);
        assert_eq!(accepting("gzip, deflate, br, zstd"), Some(Coding::Brotli));
        assert_eq!(accepting("gzip"), Some(Coding::Gzip));
        assert_eq!(accepting("br;q=0.5, gzip;q=0.8"), Some(Coding::Gzip));
        assert_eq!(accepting("br;q=0, gzip"), Some(Coding::Gzip));
        assert_eq!(accepting("br;q=0, gzip;q=0"), None);
        assert_eq!(accepting("identity"), None);
        assert_eq!(accepting("*"), Some(Coding::Brotli));
        assert_eq!(accepting("*;q=0.2, br;q=0"), Some(Coding::Gzip));
        assert_eq!(accepting("BR"), Some(Coding::Brotli));
        assert_eq!(accepting("br;q=2, gzip;q=0.1"), Some(Coding::Gzip));
        assert_eq!(accepting("br;q=0.abc, gzip"), Some(Coding::Gzip));
        assert_eq!(accepting(""), None);
    }

    #[test]
    fn qualities() {
        assert_eq!(quality("1"), Some(1000));
        assert_eq!(quality("1.000"), Some(1000));
        assert_eq!(quality("0.5"), Some(500));
        assert_eq!(quality("0.05"), Some(50));
        assert_eq!(quality("0"), Some(0));
        assert_eq!(quality("1.5"), None);
        assert_eq!(quality("0.1234"), None);
        assert_eq!(quality("-1"), None);
    }

    #[test]
    fn both_codings_round_trip() {
        let text = "account,segment,score\n".repeat(500);
        for coding in Coding::ALL {
            let encoded = coding.compress(text.as_bytes()).unwrap();
            assert!(encoded.len() < text.len() / 10, "{coding:?}");
            let mut decoded = Vec::new();
            match coding {
                Coding::Brotli => {
                    brotli::BrotliDecompress(&mut &encoded[..], &mut decoded).unwrap();
                }
                Coding::Gzip => {
                    std::io::Read::read_to_end(
                        &mut flate2::read::GzDecoder::new(&encoded[..]),
                        &mut decoded,
                    )
                    .unwrap();
                }
            }
            assert_eq!(decoded, text.as_bytes(), "{coding:?}");
        }
    }

    #[test]
    fn vary_is_added_once() {
        let mut headers = HeaderMap::new();
        headers.insert(header::VARY, HeaderValue::from_static("Cookie"));
        add_vary(&mut headers);
        add_vary(&mut headers);
        let vary: Vec<_> = headers.get_all(header::VARY).iter().collect();
        assert_eq!(vary, ["Cookie", "Accept-Encoding"]);
    }
}
