//! Sign-in and saved scenarios through the API. A failed save says so plainly and keeps
//! the scenario as a local draft, offered back on the next visit.

use shared::Scenario;
use web_sys::HtmlInputElement;
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::{self, Me, ScenarioId, ScenarioSummary, Status};
use crate::browser;
use crate::i18n as t;
use crate::state::Action;

/// The server copy the page is editing, if any.
#[derive(Debug, Clone, PartialEq)]
pub struct ServerCopy {
    /// Server id.
    pub id: ScenarioId,
    /// Its `ETag`, for `If-Match`.
    pub etag: String,
    /// Where it is in the workflow.
    pub status: Status,
}

/// Properties of the panel.
#[derive(Properties, PartialEq)]
pub struct SavedProps {
    /// The scenario on screen.
    pub scenario: Scenario,
    /// The server copy being edited.
    pub copy: UseStateHandle<Option<ServerCopy>>,
}

/// Who is signed in, as the page knows it.
#[derive(Debug, Clone, PartialEq)]
pub enum Session {
    /// Not asked yet.
    Unknown,
    /// The server cannot be reached.
    Unreachable,
    /// Nobody.
    SignedOut,
    /// Someone, with a role.
    SignedIn(Me),
}

/// The session, asked of the server once when the component mounts, and the sign-in
/// form's submit callback: `signed_in` runs whenever the page becomes signed in,
/// `failed` takes a failed sign-in's sentence.
#[hook]
pub fn use_session(
    name_ref: &NodeRef,
    password_ref: &NodeRef,
    signed_in: Callback<()>,
    failed: Callback<String>,
) -> (UseStateHandle<Session>, Callback<SubmitEvent>, bool) {
    let session = use_state(|| Session::Unknown);
    {
        let (session, signed_in) = (session.clone(), signed_in.clone());
        use_effect_with((), move |_| {
            spawn_local(async move {
                match api::me().await {
                    Ok(me) => {
                        session.set(Session::SignedIn(me));
                        signed_in.emit(());
                    }
                    Err(api::Failure { status: None, .. }) => session.set(Session::Unreachable),
                    Err(_) => session.set(Session::SignedOut),
                }
            });
            || ()
        });
    }
    // After a sign-in answered "an admin reset this password": the name and the
    // temporary password, while the password field asks for the new one.
    let renewing = use_state(|| None::<(String, String)>);
    // The form that had the focus is gone once signed in: the focus moves to 退出 (the
    // simulator's panel) or to the page's main content, once they are drawn.
    let signed_in_here = use_state(|| false);
    {
        let signed_in_here = signed_in_here.clone();
        use_effect_with(*signed_in_here, move |moved| {
            if *moved {
                browser::focus_first(&["sign-out", "main"]);
                signed_in_here.set(false);
            }
            || ()
        });
    }
    let submit = {
        let (session, renewing, moved) =
            (session.clone(), renewing.clone(), signed_in_here.clone());
        let (name_ref, password_ref) = (name_ref.clone(), password_ref.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let field = |field: &NodeRef| field.cast::<HtmlInputElement>();
            let value = |f: &NodeRef| field(f).map(|i| i.value()).unwrap_or_default();
            let (name, password) = (value(&name_ref), value(&password_ref));
            let (session, signed_in, failed) = (session.clone(), signed_in.clone(), failed.clone());
            let (renewing, password_field, moved) =
                (renewing.clone(), field(&password_ref), moved.clone());
            spawn_local(async move {
                let answer = match &*renewing {
                    Some((name, temporary)) => api::change_password(name, temporary, &password)
                        .await
                        .map(Some),
                    None => api::sign_in(&name, &password).await,
                };
                match answer {
                    Ok(Some(me)) => {
                        renewing.set(None);
                        session.set(Session::SignedIn(me));
                        moved.set(true);
                        signed_in.emit(());
                    }
                    Ok(None) => {
                        let l = browser::saved_lang()
                            .and_then(|l| shared::Lang::parse(&l))
                            .unwrap_or_default();
                        if let Some(input) = password_field {
                            input.set_value("");
                            let _ = input.focus();
                        }
                        renewing.set(Some((name, password)));
                        failed.emit(t::PASSWORD_WAS_RESET.get(l).to_owned());
                    }
                    Err(error) => failed.emit(error),
                }
            });
        })
    };
    let asks_new_password = renewing.is_some();
    (session, submit, asks_new_password)
}

/// Sign-in for a page of its own beside the simulator (the review page, the users
/// page): [`use_sign_in_gate`], a failed sign-in said in `message`.
#[hook]
pub fn use_page_sign_in(
    l: shared::plan::Lang,
    prompt: shared::plan::Text,
    message: &UseStateHandle<Option<(bool, String)>>,
    signed_in: Callback<()>,
) -> (UseStateHandle<Session>, Option<Html>) {
    let failed = {
        let message = message.clone();
        Callback::from(move |error: String| message.set(Some((false, error))))
    };
    use_sign_in_gate(l, prompt, failed, signed_in)
}

/// Sign-in for a view of its own beside the simulator (the review page, the users
/// page, the execution view): the session, and until someone is signed in what the
/// view shows instead — loading, the server unreachable, or `prompt` over the sign-in
/// form. `signed_in` runs whenever the view becomes signed in; `failed` gets why a
/// sign-in failed.
#[hook]
pub fn use_sign_in_gate(
    l: shared::plan::Lang,
    prompt: shared::plan::Text,
    failed: Callback<String>,
    signed_in: Callback<()>,
) -> (UseStateHandle<Session>, Option<Html>) {
    let (name_ref, password_ref) = (use_node_ref(), use_node_ref());
    let (session, sign_in, asks_new_password) =
        use_session(&name_ref, &password_ref, signed_in, failed);
    use crate::execution::words::{LOADING, UNREACHABLE};
    let instead = match &*session {
        Session::Unknown => Some(html! { <p class="hint">{ LOADING.get(l) }</p> }),
        Session::Unreachable => {
            Some(html! { <p class="banner" id="server-state">{ UNREACHABLE.get(l) }</p> })
        }
        Session::SignedOut => Some(html! {
            <section class="panel sign-in-prompt" id="sign-in-prompt" aria-label={t::SIGN_IN.get(l)}>
                <p>{ prompt.get(l) }</p>
                { sign_in_form(l, &name_ref, &password_ref, sign_in, asks_new_password) }
            </section>
        }),
        Session::SignedIn(_) => None,
    };
    (session, instead)
}

/// The sign-in form: name, password (the new one, after an admin reset it), the
/// button; `onsubmit` reads the two fields.
pub fn sign_in_form(
    l: shared::plan::Lang,
    name_ref: &NodeRef,
    password_ref: &NodeRef,
    onsubmit: Callback<SubmitEvent>,
    asks_new_password: bool,
) -> Html {
    let (password, autocomplete) = if asks_new_password {
        (t::NEW_PASSWORD.get(l), "new-password")
    } else {
        (t::PASSWORD.get(l), "current-password")
    };
    html! {
        <form class="sign-in" id="sign-in" {onsubmit}>
            <input ref={name_ref} id="user-name" type="text" autocomplete="username" aria-label={t::USER_NAME.get(l)} placeholder={t::USER_NAME.get(l)} />
            <input ref={password_ref} id="password" type="password" {autocomplete} aria-label={password} placeholder={password} />
            <button type="submit" id="sign-in-button">{ t::SIGN_IN.get(l) }</button>
        </form>
    }
}

/// The panel.
#[component]
pub fn Saved(props: &SavedProps) -> Html {
    let env = crate::components::use_env();
    let l = env.lang;
    let items = use_state(Vec::<ScenarioSummary>::new);
    let message = use_state(|| None::<(bool, String)>);
    let filter = use_state(String::new);
    let name_ref = use_node_ref();
    let password_ref = use_node_ref();

    let refresh = {
        let (items, message, filter) = (items.clone(), message.clone(), filter.clone());
        Callback::from(move |_: ()| {
            let (items, message, filter) = (items.clone(), message.clone(), (*filter).clone());
            spawn_local(async move {
                match api::list(&filter).await {
                    Ok(list) => items.set(list),
                    Err(error) => message.set(Some((false, error))),
                }
            });
        })
    };
    let signed_in = {
        let (message, refresh) = (message.clone(), refresh.clone());
        Callback::from(move |_: ()| {
            message.set(None);
            refresh.emit(());
        })
    };
    let failed = {
        let message = message.clone();
        Callback::from(move |error: String| message.set(Some((false, error))))
    };
    let (session, sign_in, asks_new_password) =
        use_session(&name_ref, &password_ref, signed_in, failed);
    let sign_out = {
        let session = session.clone();
        Callback::from(move |_| {
            let session = session.clone();
            spawn_local(async move {
                let _ = api::sign_out().await;
                session.set(Session::SignedOut);
            });
        })
    };
    let save = |as_new: bool| {
        let (scenario, copy, message, refresh, session) = (
            props.scenario.clone(),
            props.copy.clone(),
            message.clone(),
            refresh.clone(),
            session.clone(),
        );
        Callback::from(move |_| {
            let (scenario, copy, message, refresh, session) = (
                scenario.clone(),
                copy.clone(),
                message.clone(),
                refresh.clone(),
                session.clone(),
            );
            spawn_local(async move {
                let editing = (*copy).clone().filter(|_| !as_new);
                let result = match &editing {
                    Some(existing) => api::update(existing.id, &existing.etag, &scenario).await,
                    None => api::create(&scenario).await,
                };
                match result {
                    Ok((stored, etag)) => {
                        let id = stored.meta.id;
                        copy.set(Some(ServerCopy {
                            id,
                            etag,
                            status: stored.meta.status,
                        }));
                        browser::clear_draft();
                        // An approved scenario stays as it is: the edit became a new draft.
                        let said = match editing {
                            Some(approved) if approved.id != id => format!(
                                "{} #{} {} #{id}",
                                t::FROZEN_KEPT.get(l),
                                approved.id,
                                t::FORKED_AS.get(l)
                            ),
                            _ => format!("{} #{id}", t::SAVED_OK.get(l)),
                        };
                        message.set(Some((true, said)));
                        refresh.emit(());
                    }
                    Err(failure) => {
                        let kept = browser::save_draft(&scenario);
                        let tail = if kept {
                            format!("; {}", t::KEPT_AS_DRAFT.get(l))
                        } else {
                            String::new()
                        };
                        // The session ended while editing: sign in again, then save again.
                        let error = if failure.status == Some(401) {
                            session.set(Session::SignedOut);
                            t::SESSION_ENDED.get(l).to_owned()
                        } else {
                            failure.sentence()
                        };
                        message.set(Some((
                            false,
                            format!("{}: {error}{tail}", t::SAVE_FAILED.get(l)),
                        )));
                    }
                }
            });
        })
    };
    let open_item = |id: ScenarioId| {
        let (dispatch, copy, message) = (env.dispatch.clone(), props.copy.clone(), message.clone());
        Callback::from(move |_| {
            let (dispatch, copy, message) = (dispatch.clone(), copy.clone(), message.clone());
            spawn_local(async move {
                match api::load(id).await {
                    Ok((stored, etag)) => {
                        let name = stored.scenario.name_in(l).to_owned();
                        copy.set(Some(ServerCopy {
                            id: stored.meta.id,
                            etag,
                            status: stored.meta.status,
                        }));
                        dispatch.emit(Action::Load(
                            Box::new((*stored.scenario).clone()),
                            format!("#{id} {name}"),
                        ));
                    }
                    Err(error) => message.set(Some((false, error))),
                }
            });
        })
    };
    let clone_item = |id: ScenarioId| {
        let (message, refresh) = (message.clone(), refresh.clone());
        Callback::from(move |_| {
            let (message, refresh) = (message.clone(), refresh.clone());
            spawn_local(async move {
                match api::clone(id).await {
                    Ok((stored, _)) => {
                        message.set(Some((
                            true,
                            format!("#{} {}", stored.meta.id, stored.scenario.name_in(l)),
                        )));
                        refresh.emit(());
                    }
                    Err(error) => message.set(Some((false, error))),
                }
            });
        })
    };
    let delete_item = |id: ScenarioId| {
        let (message, refresh, copy) = (message.clone(), refresh.clone(), props.copy.clone());
        Callback::from(move |_| {
            let (message, refresh, copy) = (message.clone(), refresh.clone(), copy.clone());
            spawn_local(async move {
                match api::delete(id).await {
                    Ok(()) => {
                        if copy.as_ref().is_some_and(|c| c.id == id) {
                            copy.set(None);
                        }
                        refresh.emit(());
                    }
                    Err(error) => message.set(Some((false, error))),
                }
            });
        })
    };
    let on_filter = {
        let (filter, refresh) = (filter.clone(), refresh.clone());
        Callback::from(move |e: Event| {
            filter.set(e.target_unchecked_into::<HtmlInputElement>().value());
            refresh.emit(());
        })
    };
    let feedback = (*message).clone().map(|(ok, text)| {
        html! { <p class={if ok { "hint" } else { "error" }} id="save-message" role="status">{ text }</p> }
    });
    let body = match &*session {
        Session::Unknown => html! {},
        Session::Unreachable => html! {
            <>
                <p class="small" id="server-state">{ t::SERVER_UNREACHABLE.get(l) }</p>
                <button id="save" onclick={save(false)}>{ t::SAVE.get(l) }</button>
            </>
        },
        Session::SignedOut => sign_in_form(l, &name_ref, &password_ref, sign_in, asks_new_password),
        Session::SignedIn(me) => html! {
            <>
                <p class="small">{ format!("{} {} ({})", t::SIGNED_IN_AS.get(l), me.actor.strip_prefix("user:").unwrap_or(&me.actor), me.role.map_or("", |role| role.name().get(l))) }
                    <button id="sign-out" onclick={sign_out}>{ t::SIGN_OUT.get(l) }</button>
                    if me.role == Some(api::Role::Admin) {
                        <a class="button" id="users-link" href="?users">{ t::USERS.get(l) }</a>
                    }</p>
                <button id="save" onclick={save(false)}>{ t::SAVE.get(l) }</button>
                <button id="save-as-new" onclick={save(true)}>{ t::SAVE_AS_NEW.get(l) }</button>
                if let Some(copy) = &*props.copy {
                    <span class="small" id="copy-status">{ format!(" #{} · {} {}", copy.id, t::STATUS.get(l), copy.status.name().get(l)) }</span>
                    if copy.status == Status::Approved {
                        <p class="banner" id="frozen">{ t::FROZEN.get(l) }</p>
                    }
                    <a class="button" id="briefing" download=""
                        href={format!("/api/v1/scenarios/{}/briefing.pdf?lang={}", copy.id, if l == shared::Lang::Zh { "zh" } else { "en" })}
                        title={t::BRIEFING_SAVED.get(l)}>{ t::BRIEFING.get(l) }</a>
                }
                <input id="scenario-filter" type="search" placeholder={t::SEARCH.get(l)} aria-label={t::SEARCH.get(l)} onchange={on_filter} />
                <table class="saved-list" id="saved-list">
                    <tbody>
                        { for items.iter().map(|item| html! {
                            <tr data-id={item.meta.id.to_string()}>
                                <td>{ format!("#{} {}", item.meta.id, shared::scenario::name_in(&item.name, l)) }</td>
                                <td class="small">{ item.meta.status.name().get(l) }</td>
                                <td>
                                    <button class="open" onclick={open_item(item.meta.id)}>{ t::LOAD.get(l) }</button>
                                    <button class="clone" onclick={clone_item(item.meta.id)}>{ t::CLONE.get(l) }</button>
                                    <button class="delete" onclick={delete_item(item.meta.id)}>{ t::DELETE.get(l) }</button>
                                    <a class="button review" href={format!("?review={}", item.meta.id)}>{ t::REVIEW.get(l) }</a>
                                </td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </>
        },
    };
    html! {
        <section class="panel saved" id="saved" aria-label={t::SAVED.get(l)}>
            <h2>{ t::SAVED.get(l) }</h2>
            { body }
            { for feedback }
        </section>
    }
}
