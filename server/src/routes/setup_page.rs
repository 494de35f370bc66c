//! The first-start page (`GET /auth/setup`) in the reader's language, styled with the
//! app's own stylesheet, and the script that fills its token, follows the language the
//! app remembers and shows a refused setup in words rather than as JSON.

use actix_web::http::header;
use actix_web::{HttpRequest, HttpResponse};
use shared::Lang;

use crate::words::zh_en;

/// `?lang=zh|en` where given, else the browser's first preferred language (Chinese
/// unless it prefers English).
pub fn language(request: &HttpRequest) -> Lang {
    let query = web_query_lang(request.query_string());
    query.unwrap_or_else(|| {
        let accepted = request
            .headers()
            .get(header::ACCEPT_LANGUAGE)
            .and_then(|value| value.to_str().ok())
            .unwrap_or_default();
        let first = accepted.split([',', ';']).next().unwrap_or_default().trim();
        if first.to_ascii_lowercase().starts_with("en") {
            Lang::En
        } else {
            Lang::Zh
        }
    })
}

fn web_query_lang(query: &str) -> Option<Lang> {
    query
        .split('&')
        .find_map(|pair| pair.strip_prefix("lang="))
        .and_then(Lang::parse)
}

/// The page: a form of token, name and password, and the words the script shows when
/// the server refuses (by status).
pub fn page(lang: Lang, min_password: usize, max_name: usize) -> HttpResponse {
    let t = |zh, en| zh_en(lang, zh, en);
    let (tag, other, other_tag, other_name) = match lang {
        Lang::Zh => ("zh-CN", "en", "en", "English"),
        Lang::En => ("en", "zh", "zh-CN", "中文"),
    };
    let password_label = match lang {
        Lang::Zh => format!("密码（至少 {min_password} 个字符）"),
        Lang::En => format!("Password (at least {min_password} characters)"),
    };
    let invalid = match lang {
        Lang::Zh => format!("名称须为 1–{max_name} 个字符，密码至少 {min_password} 个字符"),
        Lang::En => format!(
            "the name must be 1 to {max_name} characters and the password at least {min_password}"
        ),
    };
    let page = format!(
        r#"<!doctype html>
<html lang="{tag}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<link rel="icon" href="data:,"><link rel="stylesheet" href="/style.css">
<script src="/api/v1/auth/setup.js" defer></script></head>
<body><div class="app setup-page">
<header class="top"><h1>{heading}</h1>
<a id="lang-switch" href="?lang={other}" lang="{other_tag}">{other_name}</a></header>
<main class="panel setup" id="setup">
<p>{intro}</p>
<form id="setup-form" method="post" action="/api/v1/auth/setup"
 data-unauthorized="{unauthorized}" data-invalid="{invalid}" data-limited="{limited}" data-failed="{failed}">
<label for="token">{token}</label><input id="token" name="token" required autocomplete="off">
<label for="setup-name">{name}</label><input id="setup-name" name="name" required maxlength="{max_name}" autocomplete="username">
<label for="setup-password">{password_label}</label><input id="setup-password" name="password" type="password" required minlength="{min_password}" autocomplete="new-password">
<p id="setup-error" class="notice refused" role="alert" hidden></p>
<button type="submit" class="primary" id="setup-submit">{submit}</button>
</form></main></div></body></html>"#,
        title = t(
            "资金模拟：创建首个管理员",
            "Budget simulator: first administrator"
        ),
        heading = t("创建首个管理员", "Create the first administrator"),
        intro = t(
            "服务首次启动时打印的一次性链接会自动填入令牌。管理员创建后即登录并进入模拟器。",
            "The one-time link the server printed at its first start fills in the token. Once created, the administrator is signed in and taken to the simulator.",
        ),
        token = t(
            "一次性令牌（由链接自动填入）",
            "One-time token (filled in from the link)"
        ),
        name = t("名称", "Name"),
        submit = t("创建并登录", "Create and sign in"),
        unauthorized = t(
            "链接无效、已用过或已过期，或已有管理员；请在没有管理员时重新启动服务以获取新链接，或在服务器的命令行创建用户",
            "the link is unknown, used or expired, or an admin exists already; restart the server with no admin for a new link, or use planner user create",
        ),
        limited = t(
            "尝试次数过多，请稍后再试",
            "too many attempts; try again in a minute"
        ),
        failed = t(
            "创建失败，请重试",
            "the administrator could not be created; try again"
        ),
    );
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/html; charset=utf-8"))
        .insert_header((header::VARY, "Accept-Language"))
        .body(page)
}

/// Copies `#token=` from the link into the form; follows the language the app
/// remembers; sends the form as JSON and shows a refusal in the page's words.
pub const SCRIPT: &str = r#"(() => {
const remembered = localStorage.getItem('sme-planner.lang');
const shown = document.documentElement.lang.startsWith('zh') ? 'zh' : 'en';
if (remembered && remembered !== shown && !new URLSearchParams(location.search).has('lang')) {
  location.replace('?lang=' + remembered + location.hash);
  return;
}
const field = document.getElementById('token');
const token = new URLSearchParams(location.hash.slice(1)).get('token');
if (token) { field.value = token; history.replaceState(null, '', location.pathname + location.search); }
document.getElementById('lang-switch').addEventListener('click', (event) => {
  event.preventDefault();
  localStorage.setItem('sme-planner.lang', shown === 'zh' ? 'en' : 'zh');
  const fragment = field.value ? '#token=' + encodeURIComponent(field.value) : '';
  location.replace(event.currentTarget.getAttribute('href') + fragment);
});
const form = document.getElementById('setup-form');
form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const error = document.getElementById('setup-error');
  error.hidden = true;
  let status = 0;
  try {
    const response = await fetch(form.action, { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(Object.fromEntries(new FormData(form))) });
    status = response.status;
  } catch (_) { status = 0; }
  if (status >= 200 && status < 300) { location.assign('/'); return; }
  error.textContent = form.dataset[{ 400: 'invalid', 401: 'unauthorized', 422: 'invalid', 429: 'limited' }[status] ?? 'failed'];
  error.hidden = false;
});
})();
"#;
