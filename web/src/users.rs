//! 用户管理, the admin's page of users (`?users`, its own WebAssembly binary
//! `src/bin/users.rs`, so the simulator's first load carries none of it): every user
//! with their role and state; create, change role, disable or enable, reset a password
//! (the temporary one shown once), end sessions, delete. The server decides every rule
//! (admins only; the last enabled admin stays) and the page says what it answered.

use api::{List, NewUser, PasswordReset, Role, RoleBody, SessionsEnded, UserView};
use serde::de::DeserializeOwned;
use shared::plan::Lang;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::api::{self as client, Failure};
use crate::execution::client::failure_text;

use crate::i18n as t;
use crate::saved::Session;

crate::i18n::texts! {
    TITLE = "用户管理", "Users";
    ADMINS_ONLY = "用户管理仅限管理员。请用管理员账号登录。", "Only admins manage users. Sign in with an admin account.";
    NOT_ADMIN = "您的角色不是管理员，不能管理用户。", "Your role is not admin, so you cannot manage users.";
    ROLE = "角色", "Role";
    STATE = "状态", "State";
    CREATED = "创建时间", "Created";
    ACTIONS = "操作", "Actions";
    ENABLED = "正常", "Enabled";
    DISABLED = "已停用", "Disabled";
    MUST_CHANGE = "待设新密码", "Must set a new password";
    DISABLE = "停用", "Disable";
    ENABLE = "启用", "Enable";
    RESET = "重置密码", "Reset password";
    END_SESSIONS = "结束登录会话", "End sessions";
    DELETE = "删除", "Delete";
    CONFIRM_DELETE = "确定删除该用户？其登录会话将结束、其创建的 API 令牌将作废；审计日志保留其记录。", "Delete this user? Their sessions end and the API tokens they created are revoked; the audit log keeps their entries.";
    NEW_USER = "新建用户", "New user";
    CREATE = "创建", "Create";
    DONE = "已完成", "Done";
    TEMPORARY = "临时密码（仅显示一次，请转交用户；其下次登录时须设置新密码）", "Temporary password (shown once; give it to the user, who must set a new one at their next sign-in)";
    ENDED = "已结束的会话数", "Sessions ended";
}

/// `label：value` or `label: value`.
fn labelled(l: Lang, label: shared::plan::Text, value: &str) -> String {
    crate::execution::words::labelled(l, label, value)
}

/// One call of the users API: its JSON answer read as `T` (`()` reads any).
async fn call<T: DeserializeOwned>(
    method: &str,
    path: &str,
    body: Option<String>,
) -> Result<T, Failure> {
    client::typed(method, path, body, None)
        .await
        .map(|(answer, _)| answer)
}

/// What an action's success says.
#[derive(Clone)]
enum Said {
    /// It is done.
    Done,
    /// A temporary password to hand over.
    Temporary(String),
    /// Sessions ended.
    Ended(u64),
}

/// An admin's action on the user named in it.
#[derive(Clone)]
enum Action {
    Disable(String),
    Enable(String),
    Role(String, Role),
    Reset(String),
    EndSessions(String),
    Delete(String),
}

impl Action {
    async fn run(self) -> Result<Said, Failure> {
        let path = |name: &str, tail: &str| {
            let name: String = js_sys::encode_uri_component(name).into();
            format!("/users/{name}{tail}")
        };
        let role = |role: Role| serde_json::to_string(&RoleBody { role }).ok();
        match self {
            Action::Disable(name) => call::<UserView>("POST", &path(&name, "/disable"), None)
                .await
                .map(|_| Said::Done),
            Action::Enable(name) => call::<UserView>("POST", &path(&name, "/enable"), None)
                .await
                .map(|_| Said::Done),
            Action::Role(name, new) => call::<UserView>("POST", &path(&name, "/role"), role(new))
                .await
                .map(|_| Said::Done),
            Action::Reset(name) => {
                call::<PasswordReset>("POST", &path(&name, "/password-reset"), None)
                    .await
                    .map(|reset| Said::Temporary(reset.password))
            }
            Action::EndSessions(name) => {
                call::<SessionsEnded>("DELETE", &path(&name, "/sessions"), None)
                    .await
                    .map(|ended| Said::Ended(ended.ended))
            }
            Action::Delete(name) => {
                client::exchange("DELETE", &path(&name, ""), None, None).await?;
                Ok(Said::Done)
            }
        }
    }
}

/// A user's row: name, role (a chooser), state, when created, and the actions.
fn row(user: &UserView, l: Lang, act: &Callback<Action>) -> Html {
    let name = user.name.clone();
    let on = |action: fn(String) -> Action| {
        let (act, name) = (act.clone(), name.clone());
        Callback::from(move |_: MouseEvent| act.emit(action(name.clone())))
    };
    let on_role = {
        let (act, name) = (act.clone(), name.clone());
        Callback::from(move |e: Event| {
            let value = e.target_unchecked_into::<HtmlSelectElement>().value();
            if let Ok(role) = value.parse() {
                act.emit(Action::Role(name.clone(), role));
            }
        })
    };
    let on_delete = {
        let act = act.clone();
        let name = name.clone();
        Callback::from(move |_: MouseEvent| {
            let sure = web_sys::window()
                .and_then(|w| w.confirm_with_message(CONFIRM_DELETE.get(l)).ok())
                .unwrap_or(false);
            if sure {
                act.emit(Action::Delete(name.clone()));
            }
        })
    };
    let mut state = vec![if user.disabled { DISABLED } else { ENABLED }.get(l)];
    if user.must_change_password {
        state.push(MUST_CHANGE.get(l));
    }
    html! {
        <tr data-user={user.name.clone()}>
            <td>{ &user.name }</td>
            <td>
                <select class="role" aria-label={labelled(l, ROLE, &user.name)} onchange={on_role}>
                    { for Role::ALL.iter().map(|role| html! {
                        <option value={role.to_string()} selected={*role == user.role}>{ role.name().get(l) }</option>
                    }) }
                </select>
            </td>
            <td class="state">{ state.join(if l == Lang::Zh { "，" } else { ", " }) }</td>
            <td class="small">{ user.created_at.get(..10).unwrap_or(user.created_at.as_str()) }</td>
            <td>
                if user.disabled {
                    <button class="enable" onclick={on(Action::Enable)}>{ ENABLE.get(l) }</button>
                } else {
                    <button class="disable" onclick={on(Action::Disable)}>{ DISABLE.get(l) }</button>
                }
                <button class="reset" onclick={on(Action::Reset)}>{ RESET.get(l) }</button>
                <button class="end-sessions" onclick={on(Action::EndSessions)}>{ END_SESSIONS.get(l) }</button>
                <button class="delete" onclick={on_delete}>{ DELETE.get(l) }</button>
            </td>
        </tr>
    }
}

/// The page's root.
#[component]
pub fn UsersPage() -> Html {
    let (l, lang_button) = crate::components::use_lang();
    let users = use_state(|| None::<Vec<UserView>>);
    // What the last action answered.
    let message = crate::components::use_message(l);
    let (new_name, new_role, new_password) = (use_node_ref(), use_node_ref(), use_node_ref());

    let reload = {
        let (users, message) = (users.clone(), message.clone());
        Callback::from(move |_: ()| {
            let (users, message) = (users.clone(), message.clone());
            spawn_local(async move {
                match call::<List<UserView>>("GET", "/users", None).await {
                    Ok(list) => users.set(Some(list.items)),
                    Err(failure) => message.set(Some((false, failure_text(&failure, l)))),
                }
            });
        })
    };
    let (session, instead) =
        crate::saved::use_page_sign_in(l, ADMINS_ONLY, &message, reload.clone());
    let act = {
        let (message, reload) = (message.clone(), reload.clone());
        Callback::from(move |action: Action| {
            let (message, reload) = (message.clone(), reload.clone());
            spawn_local(async move {
                let said = match action.run().await {
                    Ok(Said::Done) => (true, DONE.get(l).to_owned()),
                    Ok(Said::Temporary(password)) => (true, labelled(l, TEMPORARY, &password)),
                    Ok(Said::Ended(count)) => (true, labelled(l, ENDED, &count.to_string())),
                    Err(failure) => (false, failure_text(&failure, l)),
                };
                message.set(Some(said));
                reload.emit(());
            });
        })
    };
    let create = {
        let (message, reload) = (message.clone(), reload.clone());
        let fields = (new_name.clone(), new_role.clone(), new_password.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            let input = |field: &NodeRef| {
                field
                    .cast::<HtmlInputElement>()
                    .map(|i| i.value())
                    .unwrap_or_default()
            };
            let role = fields
                .1
                .cast::<HtmlSelectElement>()
                .and_then(|s| s.value().parse().ok())
                .unwrap_or(Role::Viewer);
            let body = NewUser {
                name: input(&fields.0),
                role,
                password: input(&fields.2),
            };
            let (message, reload) = (message.clone(), reload.clone());
            spawn_local(async move {
                let body = serde_json::to_string(&body).ok();
                let said = match call::<api::CreatedUser>("POST", "/users", body).await {
                    Ok(_) => (true, DONE.get(l).to_owned()),
                    Err(failure) => (false, failure_text(&failure, l)),
                };
                message.set(Some(said));
                reload.emit(());
            });
        })
    };

    let body = match (instead, &*session) {
        (Some(instead), _) => instead,
        (None, Session::SignedIn(me)) if me.role != Some(Role::Admin) => {
            html! { <p class="banner" id="not-admin">{ NOT_ADMIN.get(l) }</p> }
        }
        (None, _) => html! {
            <>
                <section class="panel" id="users-panel" aria-label={TITLE.get(l)}>
                    <table class="users" id="users">
                        { crate::components::head_row(&[t::USER_NAME.get(l), ROLE.get(l), STATE.get(l), CREATED.get(l), ACTIONS.get(l)]) }
                        <tbody>
                            { for users.iter().flatten().map(|user| row(user, l, &act)) }
                        </tbody>
                    </table>
                </section>
                <form class="panel" id="new-user" onsubmit={create} aria-label={NEW_USER.get(l)}>
                    <h2>{ NEW_USER.get(l) }</h2>
                    <input ref={new_name} id="new-user-name" type="text" required=true maxlength="64" autocomplete="off" aria-label={t::USER_NAME.get(l)} placeholder={t::USER_NAME.get(l)} />
                    <select ref={new_role} id="new-user-role" aria-label={ROLE.get(l)}>
                        // A new account starts with the least it may do: a viewer, unless the
                        // admin chooses more (the first option, administrator, was the default).
                        { for Role::ALL.iter().map(|role| html! { <option value={role.to_string()} selected={*role == Role::Viewer}>{ role.name().get(l) }</option> }) }
                    </select>
                    <input ref={new_password} id="new-user-password" type="password" required=true minlength="10" autocomplete="new-password" aria-label={t::PASSWORD.get(l)} placeholder={t::PASSWORD.get(l)} />
                    <button type="submit" id="create-user">{ CREATE.get(l) }</button>
                </form>
            </>
        },
    };
    crate::components::own_page(
        l,
        "users-admin",
        TITLE,
        lang_button,
        ("users-message", (*message).as_ref()),
        body,
    )
}
