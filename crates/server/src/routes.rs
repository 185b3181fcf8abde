//! The API's endpoints, one module per resource. Each module's `routes` lists its paths;
//! every handler takes a [`crate::auth::Caller`] (except signing in), checks the caller's
//! permission first, and scopes every query to the caller's tenant.

pub(crate) mod audit;
pub(crate) mod dataset;
pub(crate) mod dsr;
pub(crate) mod exports;
pub(crate) mod lists;
pub(crate) mod prf;
pub(crate) mod rules;
pub(crate) mod searches;
pub(crate) mod session;
pub(crate) mod suppression;
pub(crate) mod users;
