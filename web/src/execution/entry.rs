//! Entering a year's actuals: per programme the money spent (万元, or CNY million in
//! English) and each indicator's measured output, the data's source and note; saving
//! with `If-Match`, marking final (approvers), importing a CSV/XLSX file and downloading
//! the year as either.

use std::collections::BTreeMap;

use shared::Money;
use shared::execution::{ActualStatus, ProgrammeActual, YearActuals};
use shared::format;
use shared::ids::{ProgrammeId, Year};
use shared::plan::{self, INDICATORS, Lang};
use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

use super::client;
use super::words as w;
use crate::api::Role;

/// The form's texts, keyed `programme` (spent, 万元) and `programme.indicator`.
type Fields = BTreeMap<String, String>;

fn spent_key(id: ProgrammeId) -> String {
    id.as_str().to_owned()
}

fn outcome_key(slot: usize) -> String {
    format!(
        "{}.{}",
        INDICATORS[slot].programme, INDICATORS[slot].indicator
    )
}

/// An amount as the figure typed for it in `lang`'s unit (万元, CNY million), exact.
fn figure_of(amount: Money, lang: Lang) -> String {
    (amount.as_decimal() / format::money_unit_amount(lang).as_decimal())
        .normalize()
        .to_string()
}

/// The form's texts for saved actuals (empty fields where nothing was reported), the
/// money in `lang`'s unit.
fn fields_of(actuals: Option<&YearActuals>, lang: Lang) -> Fields {
    let mut fields = Fields::new();
    let Some(actuals) = actuals else {
        return fields;
    };
    for (id, actual) in &actuals.programmes {
        fields.insert(spent_key(*id), figure_of(actual.spent, lang));
    }
    for (slot, def) in INDICATORS.iter().enumerate() {
        if let Some(value) = actuals.outcome(def.programme, def.indicator) {
            fields.insert(outcome_key(slot), value.to_string());
        }
    }
    fields
}

/// A typed spending figure in `lang`'s unit as an amount, exact to the fen; `None` for
/// what is not such a non-negative number.
fn spent_of(text: &str, lang: Lang) -> Option<Money> {
    let figure = Money::parse(&text.replace(',', "")).ok()?;
    let yuan = figure
        .as_decimal()
        .checked_mul(format::money_unit_amount(lang).as_decimal())?
        .normalize();
    (!figure.is_negative() && yuan.scale() <= 2).then(|| Money::from_decimal(yuan))
}

/// Reads the form into actuals, or every field that is not a number ≥ 0, named in
/// `lang`. A programme with nothing filled in is not reported; one with outputs but no
/// spending is a mistake.
fn actuals_of(
    fields: &Fields,
    status: ActualStatus,
    source: &str,
    note: &str,
    lang: Lang,
) -> Result<YearActuals, Vec<String>> {
    let mut problems = Vec::new();
    let mut actuals = YearActuals::empty();
    actuals.status = status;
    source.clone_into(&mut actuals.source);
    note.clone_into(&mut actuals.note);
    let text = |key: &str| fields.get(key).map_or("", |t| t.trim());
    let sep = if lang == Lang::Zh { "：" } else { ": " };
    for def in &plan::PROGRAMMES {
        let name = def.short_name.get(lang);
        let mut outcomes = BTreeMap::new();
        for slot in plan::indicators_of(def.id) {
            let value = text(&outcome_key(slot));
            if value.is_empty() {
                continue;
            }
            match value.replace(',', "").parse::<f64>() {
                Ok(number) if number.is_finite() && number >= 0.0 => {
                    outcomes.insert(INDICATORS[slot].indicator, number);
                }
                _ => problems.push(format!(
                    "{name} · {}{sep}“{value}” {}",
                    INDICATORS[slot].name.get(lang),
                    w::BAD_NUMBER.get(lang)
                )),
            }
        }
        let spent_text = text(&spent_key(def.id));
        if spent_text.is_empty() {
            if !outcomes.is_empty() {
                problems.push(format!(
                    "{name} · {}{sep}{}",
                    w::SPENT_ENTRY.get(lang),
                    w::MISSING_SPENT.get(lang)
                ));
            }
            continue;
        }
        match spent_of(spent_text, lang) {
            Some(spent) => {
                actuals
                    .programmes
                    .insert(def.id, ProgrammeActual { spent, outcomes });
            }
            None => problems.push(format!(
                "{name} · {}{sep}“{spent_text}” {}",
                w::SPENT_ENTRY.get(lang),
                w::BAD_NUMBER.get(lang)
            )),
        }
    }
    if problems.is_empty() {
        Ok(actuals)
    } else {
        Err(problems)
    }
}

/// Properties of the form.
#[derive(Properties, PartialEq)]
pub struct EntryProps {
    /// The year entered.
    pub year: Year,
    /// Its saved actuals and their `ETag`.
    pub saved: Option<(YearActuals, String)>,
    /// The signed-in role.
    pub role: Option<Role>,
    /// The language.
    pub lang: Lang,
    /// Called after a save or an import, to read the year again.
    pub on_saved: Callback<()>,
}

/// The form.
#[component]
pub fn Entry(props: &EntryProps) -> Html {
    let l = props.lang;
    let year = props.year;
    let fields = use_state(|| fields_of(props.saved.as_ref().map(|(a, _)| a), l));
    let source = use_state(String::new);
    let note = use_state(String::new);
    let message = use_state(|| None::<(bool, String)>);
    {
        // A message is written in the language of its moment: a language switch clears
        // it rather than leave the other language on screen.
        let message = message.clone();
        use_effect_with(l, move |_| {
            message.set(None);
            || ()
        });
    }
    {
        // Typed spending follows the language's unit: 4000 (万元) reads 40 (CNY million).
        let fields = fields.clone();
        let shown = use_mut_ref(|| l);
        use_effect_with(l, move |l| {
            let from = std::mem::replace(&mut *shown.borrow_mut(), *l);
            if from != *l {
                let mut next = (*fields).clone();
                for def in &plan::PROGRAMMES {
                    if let Some(text) = next.get_mut(&spent_key(def.id))
                        && let Some(spent) = spent_of(text, from)
                    {
                        *text = figure_of(spent, *l);
                    }
                }
                fields.set(next);
            }
            || ()
        });
    }
    {
        let (fields, source, note) = (fields.clone(), source.clone(), note.clone());
        use_effect_with((year, props.saved.clone()), move |(_, saved)| {
            let actuals = saved.as_ref().map(|(a, _)| a);
            fields.set(fields_of(actuals, l));
            source.set(actuals.map(|a| a.source.clone()).unwrap_or_default());
            note.set(actuals.map(|a| a.note.clone()).unwrap_or_default());
            || ()
        });
    }
    let etag = props.saved.as_ref().map(|(_, tag)| tag.clone());
    let current_status = props
        .saved
        .as_ref()
        .map_or(ActualStatus::Provisional, |(a, _)| a.status);
    let approver = props.role.is_some_and(|role| role >= Role::Approver);
    let save = |status: ActualStatus, done: shared::plan::Text| {
        let (fields, source, note, message) = (
            fields.clone(),
            source.clone(),
            note.clone(),
            message.clone(),
        );
        let (etag, on_saved) = (etag.clone(), props.on_saved.clone());
        Callback::from(move |_: MouseEvent| {
            let actuals = match actuals_of(&fields, status, &source, &note, l) {
                Ok(actuals) => actuals,
                Err(problems) => {
                    message.set(Some((false, problems.join("；"))));
                    return;
                }
            };
            let (message, etag, on_saved) = (message.clone(), etag.clone(), on_saved.clone());
            spawn_local(async move {
                match client::put_actuals(year, &actuals, etag.as_deref()).await {
                    Ok(()) => {
                        message.set(Some((true, format!("{} · {year}", done.get(l)))));
                        on_saved.emit(());
                    }
                    Err(failure) => {
                        message.set(Some((false, client::failure_text(&failure, l))));
                        if failure.status == Some(412) {
                            on_saved.emit(());
                        }
                    }
                }
            });
        })
    };
    let on_import = {
        let (message, etag, on_saved, source) = (
            message.clone(),
            etag.clone(),
            props.on_saved.clone(),
            source.clone(),
        );
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            let Some(file) = input.files().and_then(|files| files.get(0)) else {
                return;
            };
            input.set_value("");
            let (message, etag, on_saved) = (message.clone(), etag.clone(), on_saved.clone());
            let (status, source) = (current_status.as_str(), (*source).clone());
            spawn_local(async move {
                match client::import(year, file, (status, &source), etag.as_deref(), l).await {
                    Ok(()) => {
                        message.set(Some((true, format!("{} · {year}", w::IMPORTED.get(l)))));
                        on_saved.emit(());
                    }
                    Err(failure) => message.set(Some((false, client::failure_text(&failure, l)))),
                }
            });
        })
    };
    let edit = |key: String| {
        let fields = fields.clone();
        Callback::from(move |e: InputEvent| {
            let mut next = (*fields).clone();
            next.insert(
                key.clone(),
                e.target_unchecked_into::<HtmlInputElement>().value(),
            );
            fields.set(next);
        })
    };
    let text_edit = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            state.set(e.target_unchecked_into::<HtmlInputElement>().value())
        })
    };
    let value = |key: &str| fields.get(key).cloned().unwrap_or_default();
    let rows = plan::PROGRAMMES.iter().flat_map(|def| {
        let name = def.short_name.get(l);
        let spent_id = format!("spent-{}", def.id);
        plan::indicators_of(def.id)
            .enumerate()
            .map(move |(i, slot)| (def, name, spent_id.clone(), i, slot))
    });
    html! {
        <section class="panel entry" id="entry" aria-label={w::ENTRY.get(l)}>
            <h2>{ format!("{} · {year}", w::ENTRY.get(l)) }</h2>
            <p class="small">{ w::ENTRY_HELP.get(l) }</p>
            <div class="entry-meta">
                <span class="small">{ w::labelled(l, w::DATA_STATUS, props.saved.as_ref().map_or(w::ACTUALS_NONE.get(l), |(a, _)| a.status.name().get(l))) }</span>
                <label>{ w::SOURCE.get(l) }<input id="actuals-source" type="text" value={(*source).clone()} oninput={text_edit(&source)} /></label>
                <label>{ w::NOTE.get(l) }<input id="actuals-note" type="text" value={(*note).clone()} oninput={text_edit(&note)} /></label>
            </div>
            { crate::components::scroll_table("entry-table", None,
                &[w::PROGRAMME.get(l), w::SPENT_ENTRY.get(l), w::INDICATOR.get(l), w::ACTUAL_OUTPUT.get(l)],
                rows.map(|(def, name, spent_id, i, slot)| {
                    let key = outcome_key(slot);
                    let indicator = &INDICATORS[slot];
                    let label = format!("{name} · {} ({})", indicator.name.get(l), indicator.unit.label().get(l));
                    html! {
                        <tr data-key={key.clone()} class={classes!((i == 0).then_some("first"))}>
                            <td>{ if i == 0 { name } else { "" } }</td>
                            <td>
                                if i == 0 {
                                    <input id={spent_id} class="amount" type="text" inputmode="decimal"
                                        aria-label={format!("{name} · {}", w::SPENT_ENTRY.get(l))}
                                        value={value(&spent_key(def.id))} oninput={edit(spent_key(def.id))} />
                                }
                            </td>
                            <td>{ format!("{} ({})", indicator.name.get(l), indicator.unit.label().get(l)) }</td>
                            <td><input id={format!("outcome-{key}")} class="amount" type="text" inputmode="decimal"
                                aria-label={label} value={value(&key)} oninput={edit(key.clone())} /></td>
                        </tr>
                    }
                })) }
            <div class="actions">
                <button id="save-actuals" class="primary" onclick={save(current_status, w::SAVED)}>{ w::SAVE.get(l) }</button>
                if approver {
                    <button id="mark-final" onclick={save(ActualStatus::Final, w::MARKED_FINAL)}>{ w::MARK_FINAL.get(l) }</button>
                }
                <label class="file-button" for="import-actuals">{ w::IMPORT.get(l) }
                    <input id="import-actuals" type="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" onchange={on_import} />
                </label>
                if props.saved.is_some() {
                    <a class="button" id="download-csv" href={client::download_href(year, "csv")} download={format!("actuals-{year}.csv")}>{ w::DOWNLOAD_CSV.get(l) }</a>
                    <a class="button" id="download-xlsx" href={client::download_href(year, "xlsx")} download={format!("actuals-{year}.xlsx")}>{ w::DOWNLOAD_XLSX.get(l) }</a>
                }
            </div>
            { crate::components::message_line("entry-message", message.as_ref()) }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_form_reads_wan_into_exact_yuan_and_leaves_empty_programmes_unreported() {
        let mut fields = Fields::new();
        fields.insert("equipment_upgrade".to_owned(), "4,500.5".to_owned());
        fields.insert("equipment_upgrade.enterprises".to_owned(), "180".to_owned());
        let actuals = actuals_of(&fields, ActualStatus::Provisional, "s", "", Lang::Zh);
        let actuals = actuals.unwrap_or_else(|_| YearActuals::empty());
        // The English form takes CNY million: the same amount.
        fields.insert("equipment_upgrade".to_owned(), "45.005".to_owned());
        let english = actuals_of(&fields, ActualStatus::Provisional, "s", "", Lang::En);
        assert_eq!(english.ok(), Some(actuals.clone()));
        assert_eq!(actuals.programmes.len(), 1);
        let actual = actuals.programme(ProgrammeId::EquipmentUpgrade);
        assert_eq!(actual.map(|a| a.spent), Some(Money::yuan(45_005_000)));
        assert_eq!(
            actuals.outcome(
                ProgrammeId::EquipmentUpgrade,
                shared::ids::IndicatorId::Enterprises
            ),
            Some(180.0)
        );
        // Read back into the form, the same texts.
        assert_eq!(
            fields_of(Some(&actuals), Lang::Zh)
                .get("equipment_upgrade")
                .map(String::as_str),
            Some("4500.5")
        );
        assert_eq!(
            fields_of(Some(&actuals), Lang::En)
                .get("equipment_upgrade")
                .map(String::as_str),
            Some("45.005")
        );
    }

    #[test]
    fn every_bad_field_is_named_in_the_chosen_language() {
        let mut fields = Fields::new();
        fields.insert("equipment_upgrade".to_owned(), "-3".to_owned());
        fields.insert("tech_enterprise.enterprises".to_owned(), "many".to_owned());
        fields.insert("specialised_products.products".to_owned(), "5".to_owned());
        let problems = actuals_of(&fields, ActualStatus::Provisional, "", "", Lang::Zh)
            .err()
            .unwrap_or_default();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(
            problems
                .iter()
                .any(|p| p.contains("“-3”") && p.contains("不是有效"))
        );
        assert!(problems.iter().any(|p| p.contains("“many”")));
        assert!(problems.iter().any(|p| p.contains(w::MISSING_SPENT.zh)));
    }
}
