//! One module per page of the app.

pub mod account;
pub mod list;
pub mod lists;
pub mod login;
