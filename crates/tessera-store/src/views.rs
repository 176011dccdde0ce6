//! Saved views: a named set of ticket filters, a sort and the list's columns, kept
//! per agent or shared with everyone.

use jiff::Timestamp;
use serde_json::Value;

#[derive(Debug, Clone, PartialEq)]
pub struct SavedView {
    pub id: i64,
    /// The agent who owns it; `None` for a view shared with everyone.
    pub owner_id: Option<i64>,
    pub name: String,
    /// A JSON object whose shape the web layer defines; stored verbatim.
    pub filters: Value,
    pub sort: String,
    pub columns: Vec<String>,
    /// Lists show views by position, then id.
    pub position: i32,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone)]
pub struct NewSavedView {
    pub owner_id: Option<i64>,
    pub name: String,
    pub filters: Value,
    pub sort: String,
    pub columns: Vec<String>,
    pub position: i32,
    pub created_at: Timestamp,
}
