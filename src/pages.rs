//! One module per page of the app.

pub mod list;
pub mod login;
