//! What the crate's unit tests share.

/// Asserts that `text` says every one of `parts`, naming all that it leaves out.
#[track_caller]
pub(crate) fn assert_says(text: &str, parts: &[&str]) {
    let missing: Vec<&str> = parts
        .iter()
        .copied()
        .filter(|part| !text.contains(part))
        .collect();
    assert!(missing.is_empty(), "{missing:?} not in:\n{text}");
}
