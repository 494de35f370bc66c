//! The execution view's calls of the API: each year's plan and actuals, saving and
//! importing actuals with `If-Match`, and the re-plan. The bodies are the model
//! crate's (`YearActuals`, `Scenario`); every failure keeps its HTTP status so the
//! page can say in the reader's language what went wrong.

use serde_json::Value;
use shared::execution::YearActuals;
use shared::ids::{PROGRAMME_COUNT, ProgrammeId, Year};
use shared::plan::Lang;
use shared::{Money, Objective, Scenario};

use super::words as w;
use crate::api::{self, Failure, ScenarioId};

/// The year plan an approver adopted: the scenario and the year's frozen amounts.
#[derive(Debug, Clone, PartialEq)]
pub struct YearPlan {
    /// The scenario adopted.
    pub scenario: ScenarioId,
    /// The year's amounts, per programme.
    pub amounts: [Money; PROGRAMME_COUNT],
}

/// One year as the view knows it: its plan, if adopted, and its actuals with their
/// `ETag`, if any.
#[derive(Debug, Clone, PartialEq)]
pub struct YearState {
    /// The year.
    pub year: Year,
    /// The adopted year plan.
    pub plan: Option<YearPlan>,
    /// The actuals and the `ETag` to save over them with.
    pub actuals: Option<(YearActuals, String)>,
}

/// The sentence of a failure in `lang`: what it means, then what the server said; for
/// refused data that the server listed problem by problem, the problems (an import
/// asks for them in `lang`).
pub fn failure_text(failure: &Failure, lang: Lang) -> String {
    if matches!(failure.status, Some(400 | 422)) && !failure.problems.is_empty() {
        let separator = match lang {
            Lang::Zh => "；",
            Lang::En => "; ",
        };
        return w::labelled(lang, w::INVALID, &failure.problems.join(separator));
    }
    let meaning = match failure.status {
        None => w::NO_SERVER,
        Some(401) => w::NOT_SIGNED_IN,
        Some(403) => w::FORBIDDEN,
        Some(404) => w::NOT_FOUND,
        Some(409) => w::REFUSED,
        Some(412) => return w::CONFLICT.get(lang).to_owned(),
        Some(422) | Some(400) => w::INVALID,
        Some(_) => w::FAILED,
    };
    w::with_detail(lang, meaning, &failure.detail)
}

/// Reads the actuals body: the fields of the contract, whatever else the server adds
/// beside them (its revision, who wrote it).
fn actuals_of(value: &Value) -> Result<YearActuals, Failure> {
    let mut body = serde_json::Map::new();
    if let Some(object) = value.as_object() {
        for key in ["status", "source", "note", "programmes"] {
            if let Some(field) = object.get(key) {
                body.insert(key.to_owned(), field.clone());
            }
        }
    }
    YearActuals::from_value(&Value::Object(body)).map_err(|error| Failure {
        status: None,
        detail: error.to_string(),
        ..Failure::default()
    })
}

/// Reads a year plan: `scenario` and the year's amounts per programme, given either as
/// `{programme: CNY}` or as a list of `{programme, amount}`.
fn plan_of(value: &Value) -> Option<YearPlan> {
    let scenario: ScenarioId = serde_json::from_value(value.get("scenario")?.clone()).ok()?;
    let amounts_field = value.get("allocations").or_else(|| value.get("amounts"))?;
    let mut amounts = [Money::ZERO; PROGRAMME_COUNT];
    let amount = |field: &Value| -> Option<Money> {
        match field {
            Value::String(text) => Money::parse(text).ok(),
            Value::Number(number) => Money::parse(&number.to_string()).ok(),
            _ => None,
        }
    };
    match amounts_field {
        Value::Object(map) => {
            for (id, field) in map {
                amounts[ProgrammeId::parse(id)?.index()] = amount(field)?;
            }
        }
        Value::Array(items) => {
            for item in items {
                let id = ProgrammeId::parse(item.get("programme")?.as_str()?)?;
                amounts[id.index()] = amount(item.get("amount")?)?;
            }
        }
        _ => return None,
    }
    Some(YearPlan { scenario, amounts })
}

/// One year's plan and actuals; a 404 is "none".
pub async fn year(year: Year) -> Result<YearState, Failure> {
    let missing = |result: Result<(web_sys::Response, Value), Failure>| match result {
        Ok(found) => Ok(Some(found)),
        Err(Failure {
            status: Some(404), ..
        }) => Ok(None),
        Err(failure) => Err(failure),
    };
    let actuals = missing(api::exchange("GET", &format!("/actuals/{year}"), None, None).await)?
        .map(|(response, value)| actuals_of(&value).map(|a| (a, api::etag_of(&response))))
        .transpose()?;
    let plan = missing(api::exchange("GET", &format!("/years/{year}/plan"), None, None).await)?
        .and_then(|(_, value)| plan_of(&value));
    Ok(YearState {
        year,
        plan,
        actuals,
    })
}

/// Every year's plan and actuals, 2017 to 2020.
pub async fn years() -> Result<Vec<YearState>, Failure> {
    let mut states = Vec::new();
    for y in Year::ALL {
        states.push(year(y).await?);
    }
    Ok(states)
}

/// Saves a year's actuals over the revision `etag` (none: the first write).
pub async fn put_actuals(
    year: Year,
    actuals: &YearActuals,
    etag: Option<&str>,
) -> Result<(), Failure> {
    let body = serde_json::to_string(actuals).map_err(|error| Failure {
        status: None,
        detail: error.to_string(),
        ..Failure::default()
    })?;
    let body = (wasm_bindgen::JsValue::from_str(&body), "application/json");
    api::exchange("PUT", &format!("/actuals/{year}"), Some(body), etag)
        .await
        .map(|_| ())
}

/// Imports a CSV or XLSX file as the year's actuals, over the revision `etag`.
pub async fn import(
    year: Year,
    file: web_sys::File,
    (status, source): (&str, &str),
    etag: Option<&str>,
    lang: Lang,
) -> Result<(), Failure> {
    let name = file.name().to_lowercase();
    let content_type = if name.ends_with(".xlsx") {
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    } else {
        "text/csv"
    };
    let query = format!(
        "status={}&source={}&lang={}",
        String::from(js_sys::encode_uri_component(status)),
        String::from(js_sys::encode_uri_component(source)),
        if lang == Lang::Zh { "zh" } else { "en" }
    );
    api::exchange(
        "POST",
        &format!("/actuals/{year}/import?{query}"),
        Some((file.into(), content_type)),
        etag,
    )
    .await
    .map(|_| ())
}

/// Where a year's actuals download as CSV or XLSX.
pub fn download_href(year: Year, extension: &str) -> String {
    format!("/api/v1/actuals/{year}.{extension}")
}

/// The re-plan of a stored scenario from `through` on, keeping every target or none:
/// the proposed scenario (not stored; the page accepts it as a new draft).
pub async fn replan(
    id: ScenarioId,
    through: Year,
    objective: Objective,
    carry_over: &str,
    keep_targets: bool,
) -> Result<Scenario, Failure> {
    let mut body = serde_json::json!({
        "through": through,
        "objective": objective,
        "carry_over": carry_over,
    });
    if keep_targets {
        body["keep_targets"] = Value::from("all");
    }
    let body = body.to_string();
    let body = (wasm_bindgen::JsValue::from_str(&body), "application/json");
    let (_, value) =
        api::exchange("POST", &format!("/scenarios/{id}/replan"), Some(body), None).await?;
    let scenario = value.get("scenario").cloned().unwrap_or(Value::Null);
    serde_json::from_value(scenario).map_err(|error| Failure {
        status: None,
        detail: format!("the re-planned scenario does not parse: {error}"),
        ..Failure::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn actuals_are_read_past_the_fields_the_server_adds() {
        let value = serde_json::json!({
            "year": 2017, "revision": 3, "status": "provisional", "source": "s", "note": "",
            "programmes": {"equipment_upgrade": {"spent": "100", "outcomes": {"enterprises": 5}}}
        });
        let actuals = actuals_of(&value).map_err(|f| f.detail);
        assert_eq!(
            actuals.map(|a| a.programmes.len()),
            Ok(1),
            "the contract's fields are read, the others ignored"
        );
    }

    #[test]
    fn a_year_plan_reads_its_scenario_and_amounts_in_either_shape() {
        let object =
            serde_json::json!({"scenario": 7, "allocations": {"equipment_upgrade": "5000"}});
        let list = serde_json::json!({"scenario": 7, "amounts": [{"programme": "equipment_upgrade", "amount": "5000"}]});
        for value in [object, list] {
            let plan = plan_of(&value);
            assert_eq!(
                plan.map(|p| p.amounts[ProgrammeId::EquipmentUpgrade.index()]),
                Some(Money::yuan(5000))
            );
        }
    }

    #[test]
    fn a_conflict_is_explained_in_the_chosen_language() {
        let failure = Failure {
            status: Some(412),
            detail: "precondition failed".to_owned(),
            ..Failure::default()
        };
        assert!(failure_text(&failure, Lang::Zh).starts_with("保存冲突"));
        assert!(failure_text(&failure, Lang::En).starts_with("Save conflict"));
        let invalid = Failure {
            status: Some(422),
            detail: "programmes.x: unknown".to_owned(),
            ..Failure::default()
        };
        assert!(failure_text(&invalid, Lang::Zh).contains("programmes.x"));
        // Problems listed by the server (in the language the call asked for) are what
        // a refused import says, after what it means.
        let import = Failure {
            status: Some(422),
            detail: "文件未导入：有 2 处问题，逐行列出 (422): …".to_owned(),
            problems: vec!["第 3 行：甲".to_owned(), "第 5 行：乙".to_owned()],
        };
        assert_eq!(
            failure_text(&import, Lang::Zh),
            "数据有误：第 3 行：甲；第 5 行：乙"
        );
    }
}
