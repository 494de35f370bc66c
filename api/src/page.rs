//! Lists, a page at a time.

use serde::{Deserialize, Serialize};

/// One page of a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    /// The items on this page (the list's order is stated by its operation).
    pub items: Vec<T>,
    /// The 1-based page.
    pub page: u64,
    /// Items a page.
    pub per_page: u64,
    /// How many match in all.
    pub total: u64,
}

/// A whole list: every item, one page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct List<T> {
    /// Every item, by id.
    pub items: Vec<T>,
}

/// `?page=&per_page=` of a list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Paging {
    /// 1-based page; default 1.
    pub page: Option<u64>,
    /// Items per page, 1 to 100; default 20.
    pub per_page: Option<u64>,
}
