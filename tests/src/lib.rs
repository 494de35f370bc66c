//! Integration tests of the planner server; the tests themselves are in `tests/api/`.
