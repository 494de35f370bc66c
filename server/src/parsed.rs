//! [`ParsedScenarios`]: stored scenario bodies, parsed once.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use api::ScenarioId;
use shared::Scenario;

use crate::error::ApiError;

/// How many parsed scenarios are kept before the cache starts again.
pub const PARSED_CACHE_MAX: usize = 1_000;

/// Parsed stored scenarios by id, each with the exact text it was parsed from.
///
/// A stored body is untrusted too, so it is parsed (and the model calibrated) before
/// use, which costs more than reading the row; the parsed scenario is kept. An entry
/// is used only for the very text it was parsed from, so it can never be stale. One
/// per server, in its [`AppState`](crate::startup::AppState).
#[derive(Debug, Default)]
pub struct ParsedScenarios {
    entries: Mutex<HashMap<ScenarioId, (String, Arc<Scenario>)>>,
}

impl ParsedScenarios {
    /// Scenario `id` parsed from `body`; a body that no longer parses is a server
    /// fault (500).
    pub fn get(&self, body: &str, id: ScenarioId) -> Result<Arc<Scenario>, ApiError> {
        if let Ok(entries) = self.entries.lock()
            && let Some((text, scenario)) = entries.get(&id)
            && text == body
        {
            return Ok(Arc::clone(scenario));
        }
        let scenario = Arc::new(Scenario::from_json(body).map_err(|error| {
            ApiError::internal(format!("stored scenario {id} does not parse: {error}"))
        })?);
        if let Ok(mut entries) = self.entries.lock() {
            if entries.len() >= PARSED_CACHE_MAX {
                entries.clear();
            }
            entries.insert(id, (body.to_owned(), Arc::clone(&scenario)));
        }
        Ok(scenario)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(name: &str) -> String {
        let mut draft = Scenario::baseline().to_draft();
        draft.name = name.to_owned();
        serde_json::to_string(&Scenario::new(draft).unwrap()).unwrap()
    }

    #[test]
    fn a_body_is_parsed_once_and_a_changed_body_again() {
        let cache = ParsedScenarios::default();
        let first = body("first");
        let a = cache.get(&first, ScenarioId(1)).unwrap();
        let again = cache.get(&first, ScenarioId(1)).unwrap();
        assert!(Arc::ptr_eq(&a, &again), "the same text is not parsed twice");
        let changed = cache.get(&body("second"), ScenarioId(1)).unwrap();
        assert_eq!(changed.name(), "second");
        assert!(cache.get("{", ScenarioId(2)).is_err());
    }
}
