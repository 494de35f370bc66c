//! 审核与历史, the review page of one saved scenario (`?review=ID`, its own WebAssembly
//! binary `src/bin/review.rs`, so the simulator's first load carries none of it): its
//! status in the interface's language, its allocation by year and programme, the moves
//! the reader's role may make from that status — 提交审核 for a planner, 批准 / 退回 for
//! an approver, each with a note the page requires — and the revision history (who,
//! when, what changed from the revision before, the note). An approved scenario shows
//! as frozen, with whether it is the allocation `/api/v1/allocations/approved` serves.
//! The server decides every rule; the page says what it answered.

use std::rc::Rc;
use std::sync::Arc;

use api::{
    Allocations, MAX_NOTE_CHARS, RevisionPage, RevisionSummary, Role, ScenarioId, ScenarioRevision,
    Status, StatusBody, StoredScenario,
};
use shared::ids::{ProgrammeId, Year};
use shared::plan::{Lang, Text};
use shared::{Money, Scenario, format};
use web_sys::HtmlTextAreaElement;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::{Failure, typed};
use crate::components::head_row;
use crate::execution::client::failure_text;
use crate::execution::words::{LOADING, labelled};
use crate::i18n as t;
use crate::saved::Session;

crate::i18n::texts! {
    TITLE = "审核与历史", "Review & history";
    NO_SCENARIO = "地址中没有有效的方案编号。请在资金模拟的“已保存方案”中选择一个方案的“审核与历史”。", "The address names no saved scenario. Choose “Review & history” on a scenario under Saved scenarios in the simulator.";
    SIGN_IN_PROMPT = "审核与历史需要登录：方案保存在服务器上。请用您的账号登录。", "Review and history need you to sign in: scenarios are kept on the server. Sign in with your account.";
    FROZEN_STATUS = "已批准 · 已冻结", "Approved · frozen";
    FROZEN_HELP = "已批准的方案不可修改或删除。在资金模拟中打开它并保存修改，修改将另存为新草稿，此方案保持不变。", "An approved scenario cannot be edited or deleted. Open it in the simulator and save an edit: the edit becomes a new draft and this scenario stays as it is.";
    SERVED = "这正是其他系统通过接口取得的已批准资金分配", "This is the approved allocation that API clients receive";
    SERVED_OTHER = "之后又批准了另一方案：接口现在提供的是方案", "Another scenario was approved after it: API clients now receive scenario";
    CREATED_BY = "创建", "Created";
    UPDATED_BY = "最近保存", "Last saved";
    APPROVED_BY = "批准", "Approved";
    ALLOCATION = "资金分配", "Allocation";
    BY_YEAR = "按年度", "By year";
    YEAR = "年度", "Year";
    FOUR_YEARS = "2017–2020 合计", "2017–2020 in all";
    BY_PROGRAMME = "按项目（2017–2020 合计）", "By programme (2017–2020 in all)";
    PROGRAMME = "项目", "Programme";
    ACTIONS = "审核", "Review";
    NOTE_LABEL = "意见（必填，记入修订历史，至多 1,000 字）", "Note (required; kept in the revision history; at most 1,000 characters)";
    NOTE_REQUIRED = "请先填写意见，说明提交、批准、退回或撤回的理由。", "Write a note first, saying why you submit, approve, return or withdraw it.";
    SUBMIT = "提交审核", "Submit for review";
    APPROVE = "批准", "Approve";
    RETURN = "退回", "Return";
    SUBMITTED = "已提交审核", "Submitted for review";
    APPROVED = "已批准", "Approved";
    RETURNED = "已退回为草稿", "Returned to draft";
    WITHDRAW = "撤回", "Withdraw";
    WITHDRAWN = "已撤回为草稿", "Withdrawn to draft";
    AWAITING = "待审批人审核；审核前，规划员可撤回为草稿。", "Awaiting an approver; until then a planner may withdraw it to draft.";
    DRAFT_FOR_PLANNER = "草稿：规划员可提交审核。", "A draft: a planner may submit it for review.";
    STALE = "该方案在您打开后已被他人修改，已载入最新版本：请核对后再操作。", "Someone changed this scenario after you opened it; the latest version is loaded: check it and try again.";
    NOT_NOW = "当前状态不允许此操作（可能已有他人处理），已载入最新状态。", "Its status does not allow this now (someone may have handled it already); the latest status is loaded.";
    FORBIDDEN = "您的角色无权执行此操作。", "Your role may not do this.";
    SESSION_ENDED = "登录已失效，请重新登录；您填写的意见仍保留。", "Your session has ended: sign in again; your note is kept.";
    NOT_FOUND = "未找到该方案（可能已被删除）。", "This scenario was not found (it may have been deleted).";
    HISTORY = "修订历史", "Revision history";
    REVISION = "版本", "Revision";
    WHEN = "时间", "When";
    WHO = "操作人", "Who";
    CHANGES = "变更内容", "What changed";
    NOTE = "意见", "Note";
    CREATED = "新建", "Created";
    RENAMED = "名称改为", "Renamed to";
    OTHER_CHANGED = "其他设置有变（如预算总额、假设、说明或锁定）", "Other settings changed (such as the envelope, assumptions, description or locks)";
    UNCHANGED = "内容未变", "Content unchanged";
    UNKNOWN_CONTENT = "该版本内容未能载入", "This revision's content could not be read";
    TOKEN = "令牌", "token";
}

/// A move of the workflow the page offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    /// Draft → proposed (a planner).
    Submit,
    /// Proposed → approved (an approver).
    Approve,
    /// Proposed → draft (an approver), which the server requires a note for.
    Return,
    /// Proposed → draft (the planner taking a submission back before it is decided).
    Withdraw,
}

impl Move {
    /// The status the move asks for.
    pub fn to(self) -> Status {
        match self {
            Move::Submit => Status::Proposed,
            Move::Approve => Status::Approved,
            Move::Return | Move::Withdraw => Status::Draft,
        }
    }

    fn label(self) -> Text {
        match self {
            Move::Submit => SUBMIT,
            Move::Approve => APPROVE,
            Move::Return => RETURN,
            Move::Withdraw => WITHDRAW,
        }
    }

    fn done(self) -> Text {
        match self {
            Move::Submit => SUBMITTED,
            Move::Approve => APPROVED,
            Move::Return => RETURNED,
            Move::Withdraw => WITHDRAWN,
        }
    }

    fn id(self) -> &'static str {
        match self {
            Move::Submit => "submit-review",
            Move::Approve => "approve",
            Move::Return => "return",
            Move::Withdraw => "withdraw",
        }
    }
}

/// The moves a reader with `role` may make on a scenario in `status`, as the server's
/// workflow allows them (each role includes the ones below it).
pub fn moves(status: Status, role: Option<Role>) -> Vec<Move> {
    let at_least = |needed: Role| role.is_some_and(|role| role >= needed);
    match status {
        Status::Draft if at_least(Role::Planner) => vec![Move::Submit],
        Status::Proposed if at_least(Role::Approver) => vec![Move::Approve, Move::Return],
        Status::Proposed if at_least(Role::Planner) => vec![Move::Withdraw],
        _ => Vec::new(),
    }
}

/// What one revision changed from the one before it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// The first revision.
    Created,
    /// The status moved.
    Status(Status, Status),
    /// The name changed to this.
    Renamed(String),
    /// The money of this many programmes changed (in any year).
    Money(usize),
    /// The envelope, the assumptions or the description changed.
    Other,
    /// Saved again as it was.
    Unchanged,
    /// A revision's content could not be read, so its changes are unknown.
    Unknown,
}

impl Change {
    fn words(&self, l: Lang) -> String {
        match self {
            Change::Created => CREATED.get(l).to_owned(),
            Change::Status(from, to) => labelled(
                l,
                t::STATUS,
                &format!("{} → {}", from.name().get(l), to.name().get(l)),
            ),
            Change::Renamed(name) => match (l, shared::scenario::name_in(name, l)) {
                (Lang::Zh, name) => format!("{}「{name}」", RENAMED.zh),
                (Lang::En, name) => format!("{} “{name}”", RENAMED.en),
            },
            Change::Money(1) if l == Lang::En => "Money of 1 programme changed".to_owned(),
            Change::Money(count) => match l {
                Lang::Zh => format!("{count} 个项目的资金有变"),
                Lang::En => format!("Money of {count} programmes changed"),
            },
            Change::Other => OTHER_CHANGED.get(l).to_owned(),
            Change::Unchanged => UNCHANGED.get(l).to_owned(),
            Change::Unknown => UNKNOWN_CONTENT.get(l).to_owned(),
        }
    }
}

/// What revision `current` changed from `before` (`None` for the first): the status
/// move, the new name, how many programmes' money changed and whether anything else
/// did, comparing the two revisions' content when both could be read.
pub fn changes(
    before: Option<(&RevisionSummary, Option<&Scenario>)>,
    current: (&RevisionSummary, Option<&Scenario>),
) -> Vec<Change> {
    let Some((previous, earlier)) = before else {
        return vec![Change::Created];
    };
    let (summary, now) = current;
    let mut said = Vec::new();
    if previous.status != summary.status {
        said.push(Change::Status(previous.status, summary.status));
    }
    if previous.name != summary.name {
        said.push(Change::Renamed(summary.name.clone()));
    }
    let (Some(earlier), Some(now)) = (earlier, now) else {
        said.push(Change::Unknown);
        return said;
    };
    let moved = ProgrammeId::ALL
        .iter()
        .filter(|id| {
            Year::ALL
                .iter()
                .any(|year| earlier.allocation(*year, **id) != now.allocation(*year, **id))
        })
        .count();
    if moved > 0 {
        said.push(Change::Money(moved));
    }
    // Whatever differs beyond the name and the money: the earlier content with the new
    // name and money, against the new content.
    let (mut aligned, later) = (earlier.to_draft(), now.to_draft());
    aligned.name.clone_from(&later.name);
    aligned.allocations = later.allocations;
    if aligned != later {
        said.push(Change::Other);
    }
    if said.is_empty() {
        said.push(Change::Unchanged);
    }
    said
}

/// An RFC 3339 time as the reader's local `YYYY-MM-DD HH:MM` (as sent when it does
/// not parse).
fn local_time(when: &str) -> String {
    let date = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(when));
    if date.get_time().is_nan() {
        return when.to_owned();
    }
    format!(
        "{:04}-{:02}-{:02} {:02}:{:02}",
        date.get_full_year(),
        date.get_month() + 1,
        date.get_date(),
        date.get_hours(),
        date.get_minutes()
    )
}

/// Who, as the audit names them: a user by their name, an API token as such.
fn who(actor: &str, l: Lang) -> String {
    match actor.split_once(':') {
        Some(("user", name)) => name.to_owned(),
        Some(("token", name)) => format!("{} {name}", TOKEN.get(l)),
        _ => actor.to_owned(),
    }
}

/// A revision and its content, when it could be read.
type Kept = (RevisionSummary, Option<Arc<Scenario>>);

/// Everything the page shows of the scenario.
#[derive(Clone, PartialEq)]
struct Loaded {
    stored: StoredScenario,
    etag: String,
    /// Oldest first.
    revisions: Rc<Vec<Kept>>,
    /// What `/allocations/approved` serves, when this scenario is approved.
    served: Option<Allocations>,
}

async fn load(id: ScenarioId) -> Result<Loaded, Failure> {
    let (stored, etag) =
        typed::<StoredScenario>("GET", &format!("/scenarios/{id}"), None, None).await?;
    let mut summaries = Vec::new();
    for page in 1.. {
        let path = format!("/scenarios/{id}/revisions?per_page=100&page={page}");
        let (listed, _) = typed::<RevisionPage>("GET", &path, None, None).await?;
        let last = listed.items.is_empty();
        summaries.extend(listed.items);
        if last || summaries.len() as u64 >= listed.total {
            break;
        }
    }
    // Every revision's content at once (the requests overlap instead of queueing one
    // round trip behind another).
    let contents = futures::future::join_all(summaries.iter().map(|summary| {
        let path = format!("/scenarios/{id}/revisions/{}", summary.revision);
        async move {
            typed::<ScenarioRevision>("GET", &path, None, None)
                .await
                .ok()
                .map(|(revision, _)| revision.scenario)
        }
    }))
    .await;
    let revisions: Vec<Kept> = summaries.into_iter().zip(contents).collect();
    let served = if stored.meta.status == Status::Approved {
        typed::<Allocations>("GET", "/allocations/approved", None, None)
            .await
            .ok()
            .map(|(allocations, _)| allocations)
    } else {
        None
    };
    Ok(Loaded {
        stored,
        etag,
        revisions: Rc::new(revisions),
        served,
    })
}

/// The scenario's id from the address, `?review=ID`.
fn scenario_id() -> Option<ScenarioId> {
    let query = crate::browser::query();
    query
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| pair.strip_prefix("review="))
        .and_then(|id| id.parse().ok())
}

/// The allocation by year: allocated and envelope, then the four years.
fn year_table(scenario: &Scenario, l: Lang) -> Html {
    let row = |name: String, allocated: Money, envelope: Money, key: String| {
        crate::components::figures_row(
            None,
            Some(key),
            name,
            vec![format::yi(allocated, l), format::yi(envelope, l)],
        )
    };
    let rows = Year::ALL.iter().map(|year| {
        row(
            year.to_string(),
            scenario.year_total(*year),
            scenario.year_envelope(*year),
            year.to_string(),
        )
    });
    let allocated = Year::ALL.iter().map(|y| scenario.year_total(*y)).sum();
    let envelope = Year::ALL.iter().map(|y| scenario.year_envelope(*y)).sum();
    let total = row(
        FOUR_YEARS.get(l).to_owned(),
        allocated,
        envelope,
        "all".to_owned(),
    );
    crate::components::figures_table(
        "allocation-years",
        &[YEAR.get(l), t::ALLOCATED.get(l), t::ENVELOPE.get(l)],
        rows.chain(std::iter::once(total)),
    )
}

/// The allocation by programme, four years together.
fn programme_table(scenario: &Scenario, l: Lang) -> Html {
    crate::components::figures_table(
        "allocation-programmes",
        &[PROGRAMME.get(l), FOUR_YEARS.get(l)],
        ProgrammeId::ALL.iter().map(|id| {
            crate::components::figures_row(
                None,
                Some(id.to_string()),
                shared::plan::programme(*id).name.get(l).to_owned(),
                vec![format::wan(scenario.programme_total(*id), l)],
            )
        }),
    )
}

/// The revision history, newest first.
fn history(revisions: &[Kept], l: Lang) -> Html {
    let cell = |label: Text, class: &'static str, text: String| {
        html! { <td class={class} data-label={label.get(l)}>{ text }</td> }
    };
    let rows = revisions
        .iter()
        .enumerate()
        .rev()
        .map(|(at, (summary, content))| {
            let before = at
                .checked_sub(1)
                .map(|b| (&revisions[b].0, revisions[b].1.as_deref()));
            let said = changes(before, (summary, content.as_deref()))
                .iter()
                .map(|change| change.words(l))
                .collect::<Vec<_>>()
                .join(if l == Lang::Zh { "；" } else { "; " });
            html! {
                <tr data-revision={summary.revision.to_string()}>
                    { cell(REVISION, "rev", summary.revision.to_string()) }
                    { cell(WHEN, "when", local_time(&summary.created_at)) }
                    { cell(WHO, "who", who(&summary.created_by, l)) }
                    { cell(CHANGES, "changes", said) }
                    { cell(NOTE, "note", summary.note.clone().unwrap_or_default()) }
                </tr>
            }
        });
    html! {
        <table id="history" class="history">
            { head_row(&[REVISION.get(l), WHEN.get(l), WHO.get(l), CHANGES.get(l), NOTE.get(l)]) }
            <tbody>{ for rows }</tbody>
        </table>
    }
}

/// Whether the allocation `/allocations/approved` serves is this scenario's.
fn served_line(loaded: &Loaded, l: Lang) -> Html {
    let link = html! {
        <a id="approved-link" href="/api/v1/allocations/approved"><code>{ "/api/v1/allocations/approved" }</code></a>
    };
    let meta = &loaded.stored.meta;
    match &loaded.served {
        Some(served) if served.scenario_id == meta.id => html! {
            <p class="hint" id="served">{ labelled(l, SERVED, "") }{ link }</p>
        },
        Some(served) => html! {
            <p class="small" id="served">{ format!("{} #{} · ", SERVED_OTHER.get(l), served.scenario_id) }{ link }</p>
        },
        None => html! {},
    }
}

/// The page's root.
#[component]
pub fn ReviewPage() -> Html {
    let (l, lang_button) = crate::components::use_lang();
    let id = use_memo((), |_| scenario_id());
    let loaded = use_state(|| None::<Loaded>);
    // What the last action or load answered.
    let message = crate::components::use_message(l);
    let note = use_state(String::new);
    let note_missing = use_state(|| false);
    let note_ref = use_node_ref();

    let reload = {
        let (loaded, message, id) = (loaded.clone(), message.clone(), *id);
        Callback::from(move |_: ()| {
            let Some(id) = id else { return };
            let (loaded, message) = (loaded.clone(), message.clone());
            spawn_local(async move {
                match load(id).await {
                    Ok(found) => loaded.set(Some(found)),
                    Err(failure) if failure.status == Some(404) => {
                        message.set(Some((false, NOT_FOUND.get(l).to_owned())))
                    }
                    Err(failure) => message.set(Some((false, failure_text(&failure, l)))),
                }
            });
        })
    };
    let (session, instead) =
        crate::saved::use_page_sign_in(l, SIGN_IN_PROMPT, &message, reload.clone());

    let act = {
        let (loaded, message, note, note_missing) = (
            loaded.clone(),
            message.clone(),
            note.clone(),
            note_missing.clone(),
        );
        let (session, reload, note_ref) = (session.clone(), reload.clone(), note_ref.clone());
        Callback::from(move |step: Move| {
            let Some(current) = (*loaded).clone() else {
                return;
            };
            let text = note.trim().to_owned();
            if text.is_empty() {
                note_missing.set(true);
                if let Some(field) = note_ref.cast::<HtmlTextAreaElement>() {
                    let _ = field.focus();
                }
                return;
            }
            note_missing.set(false);
            let body = serde_json::to_string(&StatusBody {
                status: step.to(),
                note: Some(text),
            })
            .ok();
            let (message, note, session, reload) = (
                message.clone(),
                note.clone(),
                session.clone(),
                reload.clone(),
            );
            spawn_local(async move {
                let path = format!("/scenarios/{}/status", current.stored.meta.id);
                let answer =
                    typed::<StoredScenario>("POST", &path, body, Some(&current.etag)).await;
                let refused = |text: Text| Some((false, text.get(l).to_owned()));
                let said = match answer {
                    Ok(_) => {
                        note.set(String::new());
                        Some((true, step.done().get(l).to_owned()))
                    }
                    // Signed out, the page asks for a sign-in, which reloads it; the
                    // note stays for the retry.
                    Err(failure) if failure.status == Some(401) => {
                        session.set(Session::SignedOut);
                        message.set(refused(SESSION_ENDED));
                        return;
                    }
                    Err(failure) => match failure.status {
                        Some(403) => refused(FORBIDDEN),
                        Some(409) => refused(NOT_NOW),
                        Some(412) => refused(STALE),
                        _ => Some((false, failure_text(&failure, l))),
                    },
                };
                message.set(said);
                reload.emit(());
            });
        })
    };
    let on_note = {
        let (note, note_missing) = (note.clone(), note_missing.clone());
        Callback::from(move |e: InputEvent| {
            let text = e.target_unchecked_into::<HtmlTextAreaElement>().value();
            if !text.trim().is_empty() {
                note_missing.set(false);
            }
            note.set(text);
        })
    };

    let body = match (*id, instead, &*session, &*loaded) {
        (None, _, _, _) => html! { <p class="banner" id="no-scenario">{ NO_SCENARIO.get(l) }</p> },
        (_, Some(instead), _, _) => instead,
        (_, None, Session::SignedIn(me), Some(loaded)) => {
            let meta = &loaded.stored.meta;
            let scenario = &loaded.stored.scenario;
            let status = meta.status;
            let offered = moves(status, me.role);
            let status_words = if status == Status::Approved {
                FROZEN_STATUS.get(l)
            } else {
                status.name().get(l)
            };
            let by = |label: Text, actor: &str, when: &str| {
                format!("{} {} · {}", label.get(l), who(actor, l), local_time(when))
            };
            let mut authorship = vec![by(CREATED_BY, &meta.created_by, &meta.created_at)];
            authorship.push(by(UPDATED_BY, &meta.updated_by, &meta.updated_at));
            if let (Some(actor), Some(when)) = (&meta.approved_by, &meta.approved_at) {
                authorship.push(by(APPROVED_BY, actor, when));
            }
            let description = scenario.description_in(l);
            html! {
                <>
                    <section class="panel" id="review-summary" aria-labelledby="scenario-name">
                        <h2 id="scenario-name">{ format!("#{} {}", meta.id, scenario.name_in(l)) }</h2>
                        if !description.is_empty() {
                            <p id="scenario-description">{ description }</p>
                        }
                        <p id="review-status" class={classes!("status-line", (status == Status::Approved).then_some("frozen"))} data-status={status.as_str()}>
                            { labelled(l, t::STATUS, "") }
                            <strong>{ status_words }</strong>
                            { format!(" · {} {}", REVISION.get(l), meta.revision) }
                        </p>
                        <p class="small">{ authorship.join(if l == Lang::Zh { "；" } else { "; " }) }</p>
                        if status == Status::Approved {
                            <p class="banner" id="frozen">{ FROZEN_HELP.get(l) }</p>
                            { served_line(loaded, l) }
                        }
                    </section>
                    if status != Status::Approved {
                    <section class="panel" id="review-actions" aria-labelledby="actions-heading">
                        <h2 id="actions-heading">{ ACTIONS.get(l) }</h2>
                        if status == Status::Proposed && !offered.contains(&Move::Approve) {
                            <p class="small" id="awaiting">{ AWAITING.get(l) }</p>
                        }
                        if offered.is_empty() {
                            if status == Status::Draft {
                                <p class="small" id="no-actions">{ DRAFT_FOR_PLANNER.get(l) }</p>
                            }
                        } else {
                            <label for="review-note">{ NOTE_LABEL.get(l) }</label>
                            <textarea ref={note_ref.clone()} id="review-note" rows="3" maxlength={MAX_NOTE_CHARS.to_string()} required=true
                                aria-invalid={(*note_missing).to_string()}
                                aria-describedby={(*note_missing).then_some("note-error")}
                                value={(*note).clone()} oninput={on_note.clone()} />
                            if *note_missing {
                                <p class="error" id="note-error" role="alert">{ NOTE_REQUIRED.get(l) }</p>
                            }
                            <div class="actions">
                                { for offered.iter().map(|step| {
                                    let (act, step) = (act.clone(), *step);
                                    html! {
                                        <button id={step.id()} class={classes!((step != Move::Return).then_some("primary"))}
                                            onclick={Callback::from(move |_| act.emit(step))}>{ step.label().get(l) }</button>
                                    }
                                }) }
                            </div>
                        }
                    </section>
                    }
                    <section class="panel" id="review-allocation" aria-labelledby="allocation-heading">
                        <h2 id="allocation-heading">{ ALLOCATION.get(l) }</h2>
                        <h3>{ BY_YEAR.get(l) }</h3>
                        { year_table(scenario, l) }
                        <h3>{ BY_PROGRAMME.get(l) }</h3>
                        { programme_table(scenario, l) }
                    </section>
                    <section class="panel" id="review-history" aria-labelledby="history-heading">
                        <h2 id="history-heading">{ HISTORY.get(l) }</h2>
                        { history(&loaded.revisions, l) }
                    </section>
                </>
            }
        }
        _ => html! { <p class="hint">{ LOADING.get(l) }</p> },
    };
    crate::components::own_page(
        l,
        "review",
        TITLE,
        lang_button,
        ("review-message", (*message).as_ref()),
        body,
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use api::Revision;

    fn summary(revision: i32, status: Status, name: &str) -> RevisionSummary {
        RevisionSummary {
            revision: Revision(revision),
            name: name.to_owned(),
            status,
            created_by: "user:a".to_owned(),
            created_at: "2026-12-07T03:00:00Z".to_owned(),
            note: None,
        }
    }

    #[test]
    fn each_role_is_offered_the_moves_the_workflow_allows_from_each_status() {
        use Move::{Approve, Return, Submit, Withdraw};
        let cases = [
            (Status::Draft, None, vec![]),
            (Status::Draft, Some(Role::Viewer), vec![]),
            (Status::Draft, Some(Role::Planner), vec![Submit]),
            (Status::Draft, Some(Role::Approver), vec![Submit]),
            (Status::Proposed, Some(Role::Viewer), vec![]),
            (Status::Proposed, Some(Role::Planner), vec![Withdraw]),
            (
                Status::Proposed,
                Some(Role::Approver),
                vec![Approve, Return],
            ),
            (Status::Proposed, Some(Role::Admin), vec![Approve, Return]),
            (Status::Approved, Some(Role::Admin), vec![]),
        ];
        for (status, role, expected) in cases {
            assert_eq!(moves(status, role), expected, "{status} {role:?}");
        }
        assert_eq!(Return.to(), Status::Draft);
        assert_eq!(Withdraw.to(), Status::Draft);
    }

    #[test]
    fn a_revision_says_what_it_changed_from_the_one_before() {
        let base = Scenario::baseline();
        let first = summary(1, Status::Draft, base.name());
        assert_eq!(changes(None, (&first, Some(&base))), vec![Change::Created]);

        // A status move keeps the content.
        let proposed = summary(2, Status::Proposed, base.name());
        assert_eq!(
            changes(Some((&first, Some(&base))), (&proposed, Some(&base))),
            vec![Change::Status(Status::Draft, Status::Proposed)]
        );

        // Money moved between two programmes, and a new name.
        let mut draft = base.to_draft();
        draft.name = "more patents".to_owned();
        let (from, to) = (ProgrammeId::ALL[0], ProgrammeId::ALL[1]);
        let amount = Money::yuan(1_000_000);
        for year in &mut draft.allocations {
            year[from.index()] = year[from.index()] - amount;
            year[to.index()] = year[to.index()] + amount;
        }
        let edited = Scenario::new(draft).unwrap();
        let saved = summary(3, Status::Draft, "more patents");
        assert_eq!(
            changes(Some((&proposed, Some(&base))), (&saved, Some(&edited))),
            vec![
                Change::Status(Status::Proposed, Status::Draft),
                Change::Renamed("more patents".to_owned()),
                Change::Money(2)
            ]
        );

        // Only the envelope changed.
        let mut draft = base.to_draft();
        draft.envelope = Some(Money::yuan(250_000_000));
        let envelope = Scenario::new(draft).unwrap();
        let again = summary(2, Status::Draft, base.name());
        assert_eq!(
            changes(Some((&first, Some(&base))), (&again, Some(&envelope))),
            vec![Change::Other]
        );
        assert_eq!(
            changes(Some((&first, Some(&base))), (&again, Some(&base))),
            vec![Change::Unchanged]
        );
        assert_eq!(
            changes(Some((&first, None)), (&proposed, Some(&base))),
            vec![
                Change::Status(Status::Draft, Status::Proposed),
                Change::Unknown
            ]
        );
        assert_eq!(
            Change::Money(1).words(Lang::En),
            "Money of 1 programme changed"
        );
        assert_eq!(Change::Money(3).words(Lang::Zh), "3 个项目的资金有变");
    }
}
