//! The body deadline: every request's body must arrive whole within
//! [`BODY_SECONDS`], or the request is answered 408 and its connection closed, so a
//! stalled or trickling client cannot hold a connection (and a file descriptor) for
//! ever. The body is read here, up to one byte past [`MAX_BODY_BYTES`] (the extractors
//! then refuse an oversized one with 413 as before), and handed on whole.

use std::future::{Ready, ready};
use std::rc::Rc;
use std::time::Duration;

use actix_web::HttpMessage as _;
use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Payload, Service, ServiceRequest, ServiceResponse, Transform, forward_ready};
use actix_web::http::header::{self, HeaderValue};
use actix_web::web::BytesMut;
use futures_util::StreamExt as _;
use futures_util::future::LocalBoxFuture;

use crate::error::ApiError;
use crate::startup::MAX_BODY_BYTES;

/// Seconds a client has to send a request's whole body, from when its headers arrived.
pub const BODY_SECONDS: u64 = 10;

/// The middleware; see the module.
#[derive(Debug, Clone, Copy)]
pub struct BodyDeadline {
    /// How long a body may take.
    pub within: Duration,
}

impl Default for BodyDeadline {
    fn default() -> BodyDeadline {
        BodyDeadline {
            within: Duration::from_secs(BODY_SECONDS),
        }
    }
}

impl<S, B> Transform<S, ServiceRequest> for BodyDeadline
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error> + 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<BoxBody>;
    type Error = actix_web::Error;
    type Transform = BodyDeadlineService<S>;
    type InitError = ();
    type Future = Ready<Result<BodyDeadlineService<S>, ()>>;

    fn new_transform(&self, service: S) -> Self::Future {
        ready(Ok(BodyDeadlineService {
            service: Rc::new(service),
            within: self.within,
        }))
    }
}

/// [`BodyDeadline`] around a service.
pub struct BodyDeadlineService<S> {
    service: Rc<S>,
    within: Duration,
}

impl<S, B> Service<ServiceRequest> for BodyDeadlineService<S>
where
    S: Service<ServiceRequest, Response = ServiceResponse<B>, Error = actix_web::Error> + 'static,
    B: MessageBody + 'static,
{
    type Response = ServiceResponse<BoxBody>;
    type Error = actix_web::Error;
    type Future = LocalBoxFuture<'static, Result<Self::Response, Self::Error>>;

    forward_ready!(service);

    fn call(&self, mut request: ServiceRequest) -> Self::Future {
        let service = Rc::clone(&self.service);
        let within = self.within;
        Box::pin(async move {
            let mut payload = request.take_payload();
            let mut body = BytesMut::new();
            let read = async {
                while let Some(chunk) = payload.next().await {
                    let chunk: actix_web::web::Bytes = chunk?;
                    body.extend_from_slice(&chunk);
                    if body.len() > MAX_BODY_BYTES {
                        break;
                    }
                }
                Ok::<(), actix_web::error::PayloadError>(())
            };
            let refusal = match actix_web::rt::time::timeout(within, read).await {
                Ok(Ok(())) => None,
                Ok(Err(error)) => Some(ApiError::BadRequest(format!(
                    "the request body could not be read: {error}"
                ))),
                Err(_) => Some(ApiError::RequestTimeout(format!(
                    "the request body did not arrive within {} s; send it whole and promptly",
                    within.as_secs()
                ))),
            };
            if let Some(refusal) = refusal {
                let mut response = request.error_response(refusal);
                // What is left of the body is not read: the connection cannot be reused.
                response
                    .headers_mut()
                    .insert(header::CONNECTION, HeaderValue::from_static("close"));
                return Ok(response);
            }
            request.set_payload(Payload::from(body.freeze()));
            service
                .call(request)
                .await
                .map(ServiceResponse::map_into_boxed_body)
        })
    }
}
