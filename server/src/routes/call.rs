//! [`Call`], what a handler of a protected resource starts from: the application, the
//! caller, the request (for its conditional headers) and, where the route has them, its
//! path and its query, extracted together.

use std::future::Future;
use std::pin::Pin;

use actix_web::{FromRequest, HttpRequest, dev::Payload, web};

use crate::auth::{Caller, Role};
use crate::error::ApiError;
use crate::startup::AppState;

/// The application, who calls it, the request they sent, the route's path `P` (`()` for
/// a route without parameters) and its query `Q` (`web::Query<…>`; `()` for a route
/// that reads none). Extracted where a handler would otherwise take
/// `web::Data<AppState>`, [`Caller`], `web::Path<…>` and `web::Query<…>` one after the
/// other, and in that order, so a request's first failure is the one it always was.
/// The role is checked by the handler ([`Call::require`]) after every extractor has
/// run, as it was.
pub struct Call<P = (), Q = ()> {
    /// The application.
    pub state: web::Data<AppState>,
    /// Who calls.
    pub caller: Caller,
    /// The request: its `If-Match`, `If-None-Match` and `Accept` headers.
    pub request: HttpRequest,
    /// The route's path parameters, not yet checked.
    pub path: P,
    /// The route's query, read into its type but not yet checked.
    pub query: Q,
}

/// A call to a route with one path parameter, `{id}`.
pub type ById<Q = ()> = Call<web::Path<String>, Q>;

/// A call to a route with one path parameter, `{year}` (checked by the handler).
pub type ByYear<Q = ()> = Call<web::Path<String>, Q>;

/// A call to a route with two path parameters.
pub type ByPair<Q = ()> = Call<web::Path<(String, String)>, Q>;

impl<P, Q> Call<P, Q> {
    /// The caller's actor name if their role is at least `needed` (401, 403 otherwise).
    pub fn require(&self, needed: Role) -> Result<String, ApiError> {
        self.caller.require(needed)
    }

    /// [`Call::require`], and the caller's role with the actor name.
    pub fn authorise(&self, needed: Role) -> Result<(String, Role), ApiError> {
        self.caller.authorise(needed)
    }
}

impl<P: FromRequest + 'static, Q: FromRequest + 'static> FromRequest for Call<P, Q> {
    type Error = actix_web::Error;
    type Future = Pin<Box<dyn Future<Output = Result<Call<P, Q>, actix_web::Error>>>>;

    fn from_request(request: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let state = request.app_data::<web::Data<AppState>>().cloned();
        let caller = Caller::from_request(request, payload);
        let path = P::from_request(request, payload);
        let query = Q::from_request(request, payload);
        let request = request.clone();
        Box::pin(async move {
            let state = state.ok_or_else(|| ApiError::internal("application state missing"))?;
            let caller = caller.await?;
            let path = path.await.map_err(Into::into)?;
            let query = query.await.map_err(Into::into)?;
            Ok(Call {
                state,
                caller,
                request,
                path,
                query,
            })
        })
    }
}
