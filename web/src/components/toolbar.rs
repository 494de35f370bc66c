//! The toolbar (name, undo/redo, import/export of JSON and the allocations CSV, print,
//! share, present) and the offer of a kept draft.

use shared::Scenario;
use shared::plan::Words;
use web_sys::HtmlInputElement;
use yew::prelude::*;

use super::{Env, WorkspaceProps, on_input, use_env};
use crate::browser;
use crate::i18n as t;
use crate::state::{Action, Notice, scenario_problems};

/// Offers back the draft kept from the last visit.
pub fn draft_offer(env: &Env, draft: &Scenario, offer: &UseStateHandle<Option<Scenario>>) -> Html {
    let restore = {
        let (draft, dispatch, offer) = (draft.clone(), env.dispatch.clone(), offer.clone());
        Callback::from(move |_| {
            dispatch.emit(Action::Load(
                Box::new(draft.clone()),
                draft.name().to_owned(),
            ));
            offer.set(None);
        })
    };
    let discard = {
        let offer = offer.clone();
        Callback::from(move |_| {
            browser::clear_draft();
            offer.set(None);
        })
    };
    html! {
        <div class="banner" role="alert" id="draft-offer">
            <span>{ format!("{}: {}", env.tr(t::DRAFT_FOUND), draft.name_in(env.lang)) }</span>
            <button id="restore-draft" onclick={restore}>{ env.tr(t::RESTORE_DRAFT) }</button>
            <button onclick={discard}>{ env.tr(t::DISCARD_DRAFT) }</button>
        </div>
    }
}

/// Name, undo/redo, reset, import/export, share and present.
#[component]
pub fn Toolbar(props: &WorkspaceProps) -> Html {
    let env = use_env();
    let ws = &props.workspace;
    let scenario = ws.current.scenario.clone();
    let rename = {
        let dispatch = env.dispatch.clone();
        on_input(move |value| dispatch.emit(Action::Rename(value)))
    };
    // A download of the scenario as one file: its name's stem, the suffix, the type and
    // the text written from the scenario at the moment of the click.
    let export = |suffix: &'static str, mime: &'static str, write: fn(&Scenario) -> String| {
        let scenario = scenario.clone();
        Callback::from(move |_| {
            let name = format!("{}{suffix}", file_stem(scenario.name()));
            browser::download(&name, mime, &write(&scenario))
        })
    };
    let export_json = export(".json", "application/json", Scenario::to_json_pretty);
    let export_csv = export(
        "-allocations.csv",
        "text/csv;charset=utf-8",
        api::allocations_csv,
    );
    let export_xlsx = {
        let (scenario, dispatch, lang) = (scenario.clone(), env.dispatch.clone(), env.lang);
        Callback::from(move |_| {
            let (scenario, dispatch) = (scenario.clone(), dispatch.clone());
            let code = if lang == shared::Lang::Zh { "zh" } else { "en" };
            yew::platform::spawn_local(async move {
                match crate::api::workbook(&scenario, code).await {
                    Ok(blob) => browser::download_blob(
                        &format!("{}-{code}.xlsx", file_stem(scenario.name())),
                        &blob,
                    ),
                    Err(error) => dispatch.emit(Action::Notify(Notice::refused(
                        format!("Excel 文件未能生成：{error}"),
                        format!("the Excel file was not made: {error}"),
                    ))),
                }
            });
        })
    };
    let import = {
        let dispatch = env.dispatch.clone();
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            let dispatch = dispatch.clone();
            browser::read_file(&input, move |text| match Scenario::from_json(&text) {
                Ok(scenario) => {
                    let name = scenario.name().to_owned();
                    dispatch.emit(Action::Load(Box::new(scenario), name));
                }
                Err(error) => {
                    dispatch.emit(Action::Notify(Notice::Refused(scenario_problems(&error))))
                }
            });
        })
    };
    let import_csv = {
        let (dispatch, scenario) = (env.dispatch.clone(), scenario.clone());
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<HtmlInputElement>();
            let file = input
                .files()
                .and_then(|files| files.get(0))
                .map(|file| file.name())
                .unwrap_or_default();
            let (dispatch, scenario) = (dispatch.clone(), scenario.clone());
            browser::read_file(&input, move |text| {
                dispatch.emit(match imported_allocations(&scenario, &text) {
                    Ok(imported) => Action::Load(Box::new(imported), file),
                    Err(words) => Action::Notify(Notice::Refused(words)),
                })
            });
        })
    };
    let print = Callback::from(|_| {
        if let Some(window) = web_sys::window() {
            let _ = window.print();
        }
    });
    let shared_note = use_state(|| false);
    let share = {
        let scenario = scenario.clone();
        let note = shared_note.clone();
        Callback::from(move |_| {
            let fragment = browser::share_fragment(&scenario);
            if let Some(link) = browser::set_location_hash(&fragment) {
                browser::copy_to_clipboard(&link);
            }
            note.set(true);
        })
    };
    html! {
        <div class="toolbar">
            <label class="name">
                <span>{ env.tr(t::SCENARIO_NAME) }</span>
                <input id="scenario-name" type="text" value={scenario.name_in(env.lang).to_owned()} onchange={rename} maxlength="200" />
            </label>
            <button id="undo" onclick={env.on_click(Action::Undo)} disabled={!ws.can_undo()} title="Ctrl+Z">{ env.tr(t::UNDO) }</button>
            <button id="redo" onclick={env.on_click(Action::Redo)} disabled={!ws.can_redo()} title="Ctrl+Shift+Z">{ env.tr(t::REDO) }</button>
            <button id="reset" onclick={env.on_click(Action::Reset)}>{ env.tr(t::RESET) }</button>
            <button id="export-json" onclick={export_json}>{ env.tr(t::EXPORT_JSON) }</button>
            <label class="file-button">
                { env.tr(t::IMPORT_JSON) }
                <input id="import-json" type="file" accept="application/json,.json" onchange={import} />
            </label>
            <label class="file-button">
                { env.tr(t::IMPORT_CSV) }
                <input id="import-csv" type="file" accept="text/csv,.csv" onchange={import_csv} />
            </label>
            <button id="export-csv" onclick={export_csv}>{ env.tr(t::EXPORT_CSV) }</button>
            <button id="export-xlsx" onclick={export_xlsx}>{ env.tr(t::EXPORT_XLSX) }</button>
            <button id="print" onclick={print}>{ env.tr(t::PRINT) }</button>
            <button id="share" onclick={share}>{ env.tr(t::SHARE) }</button>
            <a class="button" id="present" href={crate::present::link(&scenario, None)} target="_blank" rel="noopener">{ env.tr(t::PRESENT) }</a>
            if *shared_note { <span class="hint" role="status">{ env.tr(t::SHARE_DONE) }</span> }
        </div>
    }
}

/// The scenario with the allocations of an allocations CSV (the layout the page's
/// download and the API's `text/csv` write), or what is wrong with the file in both
/// languages, each mistake named by its line.
fn imported_allocations(scenario: &Scenario, text: &str) -> Result<Scenario, Words> {
    const SHOWN: usize = 3;
    let errors = match api::allocations_from_csv(text) {
        Ok(allocations) => {
            return scenario
                .with_allocations(allocations)
                .map_err(|error| scenario_problems(&error));
        }
        Err(errors) => errors,
    };
    let listed = |sentence: &dyn Fn(&api::AllocationsCsvError) -> String, separator: &str| {
        errors
            .iter()
            .take(SHOWN)
            .map(sentence)
            .collect::<Vec<_>>()
            .join(separator)
    };
    let more = errors.len().saturating_sub(SHOWN);
    let zh = listed(&|error| error.zh(), "；");
    let en = listed(&|error| error.to_string(), "; ");
    let (zh_more, en_more) = if more > 0 {
        (format!("；另有 {more} 处"), format!("; and {more} more"))
    } else {
        (String::new(), String::new())
    };
    Err(Words::new(
        format!("{}：{zh}{zh_more}", t::CSV_NOT_IMPORTED.zh),
        format!("{}: {en}{en_more}", t::CSV_NOT_IMPORTED.en),
    ))
}

fn file_stem(name: &str) -> String {
    let stem: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    if stem.is_empty() {
        "scenario".to_owned()
    } else {
        stem
    }
}
