//! Chart images and the briefing PDF over HTTP.

use api::Role;
use reqwest::StatusCode;

use crate::helpers::{Backend, TestApp, assert_problem, baseline, header, spawn_app};

/// The body a viewer's GET of `path` answers, after checking it is a 200 of `media`.
async fn viewed(app: &TestApp, path: &str, media: &str) -> Vec<u8> {
    let response = app.get(path, Some(Role::Viewer)).await;
    assert_eq!(response.status(), StatusCode::OK, "{path}");
    assert_eq!(header(&response, "content-type"), media, "{path}");
    response.bytes().await.unwrap().to_vec()
}

async fn every_chart_is_served_as_svg_and_png_in_both_languages(backend: Backend) {
    let app = spawn_app(backend).await;
    let (id, _) = app.create_scenario(&baseline("charts")).await;
    let response = app
        .get(&format!("/scenarios/{id}/charts/attainment.svg"), None)
        .await;
    assert_problem(response, StatusCode::UNAUTHORIZED).await;
    for chart in [
        "attainment",
        "allocation",
        "trajectory",
        "uncertainty",
        "tornado",
    ] {
        for lang in ["zh", "en"] {
            for (query, media) in [
                ("svg?width=800&height=450", "image/svg+xml"),
                ("png?scale=0.5", "image/png"),
            ] {
                let path = format!("/scenarios/{id}/charts/{chart}.{query}&lang={lang}");
                let bytes = viewed(&app, &path, media).await;
                let drawn = if media == "image/png" {
                    bytes.starts_with(b"\x89PNG")
                } else {
                    let text = std::str::from_utf8(&bytes).unwrap();
                    text.starts_with("<svg") && text.contains("<text")
                };
                assert!(drawn, "{chart} {lang} {media}");
            }
        }
    }
    let zh = app
        .get(
            &format!("/scenarios/{id}/charts/attainment.svg"),
            Some(Role::Viewer),
        )
        .await;
    assert!(zh.text().await.unwrap().contains("专精特新"));
    let (other, _) = app.create_scenario(&baseline("other")).await;
    let compared = app
        .get(
            &format!("/scenarios/{id}/charts/allocation.svg?compare={other}"),
            Some(Role::Viewer),
        )
        .await;
    assert_eq!(compared.status(), StatusCode::OK);
    let posted = app
        .post(
            "/charts/tornado.svg?lang=en",
            Some(Role::Viewer),
            &baseline("posted"),
        )
        .await;
    assert_eq!(posted.status(), StatusCode::OK);
    // The tornado names each assumption in plain words.
    assert!(
        posted
            .text()
            .await
            .unwrap()
            .contains("costs higher/lower than assumed")
    );
}

async fn bad_chart_requests_get_clear_errors(backend: Backend) {
    let app = spawn_app(backend).await;
    let (id, _) = app.create_scenario(&baseline("bad")).await;
    for (path, status) in [
        (
            format!("/scenarios/{id}/charts/pie.svg"),
            StatusCode::NOT_FOUND,
        ),
        (
            format!("/scenarios/{id}/charts/attainment.gif"),
            StatusCode::NOT_FOUND,
        ),
        (
            format!("/scenarios/{id}/charts/attainment.svg?width=10"),
            StatusCode::BAD_REQUEST,
        ),
        (
            format!("/scenarios/{id}/charts/attainment.svg?scale=9"),
            StatusCode::BAD_REQUEST,
        ),
        (
            format!("/scenarios/{id}/charts/attainment.svg?lang=fr"),
            StatusCode::BAD_REQUEST,
        ),
        (
            format!("/scenarios/{id}/charts/trajectory.svg?indicator=x.y"),
            StatusCode::BAD_REQUEST,
        ),
        (
            format!("/scenarios/{id}/charts/attainment.svg?colour=red"),
            StatusCode::BAD_REQUEST,
        ),
        (
            format!("/scenarios/{id}/charts/attainment.svg?compare=999999"),
            StatusCode::NOT_FOUND,
        ),
        (
            "/scenarios/999999/charts/attainment.svg".to_owned(),
            StatusCode::NOT_FOUND,
        ),
        (
            "/scenarios/999999/briefing.pdf".to_owned(),
            StatusCode::NOT_FOUND,
        ),
    ] {
        let problem = assert_problem(app.get(&path, Some(Role::Viewer)).await, status).await;
        assert!(!problem.detail.is_empty(), "{path}");
    }
}

async fn the_briefing_is_a_pdf_with_the_scenario_and_a_comparison(backend: Backend) {
    let app = spawn_app(backend).await;
    let (id, _) = app.create_scenario(&baseline("简报测试")).await;
    let (other, _) = app.create_scenario(&baseline("对比")).await;
    let response = app
        .get(&format!("/scenarios/{id}/briefing.pdf"), None)
        .await;
    assert_problem(response, StatusCode::UNAUTHORIZED).await;
    for query in [String::new(), format!("?compare={other}&lang=en")] {
        let path = format!("/scenarios/{id}/briefing.pdf{query}");
        let bytes = viewed(&app, &path, "application/pdf").await;
        assert!(bytes.starts_with(b"%PDF-"));
        assert!(bytes.len() < 5 * 1024 * 1024);
    }
}

/// The text of a PDF, as Debian's `pdftotext` (installed by `cargo xtask test`) reads it.
fn pdf_text(bytes: &[u8]) -> String {
    use std::io::Write as _;
    let mut child = std::process::Command::new("pdftotext")
        .args(["-", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("pdftotext (Debian's poppler-utils)");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(bytes)
        .expect("write the PDF");
    let output = child.wait_with_output().expect("pdftotext ran");
    assert!(output.status.success(), "pdftotext failed");
    String::from_utf8_lossy(&output.stdout).into_owned()
}

async fn the_briefing_carries_the_execution_pages_once_a_year_has_actuals(backend: Backend) {
    let app = spawn_app(backend).await;
    let (id, _) = app.create_scenario(&baseline("执行简报")).await;
    let path = format!("/scenarios/{id}/briefing.pdf");
    let before = pdf_text(&viewed(&app, &path, "application/pdf").await);
    assert!(
        before.contains("执行简报"),
        "the scenario's name is missing"
    );
    assert!(
        !before.contains("执行情况"),
        "execution pages without actuals"
    );
    let actuals = serde_json::json!({
        "status": "provisional", "source": "test", "note": "",
        "programmes": {"equipment_upgrade": {"spent": "40000000",
                                             "outcomes": {"enterprises": 600}}},
    });
    let response = app
        .put("/actuals/2017", Some(Role::Planner), None, &actuals)
        .await;
    assert!(response.status().is_success(), "{}", response.status());
    let zh = pdf_text(&viewed(&app, &path, "application/pdf").await);
    assert!(zh.contains("执行情况：2017年计划、支出与完成"), "{zh}");
    assert!(
        zh.contains("责任单位考核（2017年）"),
        "department page missing"
    );
    let en = pdf_text(&viewed(&app, &format!("{path}?lang=en"), "application/pdf").await);
    assert!(en.contains("Plan execution: planned, spent and achieved in 2017"));
}

crate::on_both_backends!(
    every_chart_is_served_as_svg_and_png_in_both_languages,
    bad_chart_requests_get_clear_errors,
    the_briefing_is_a_pdf_with_the_scenario_and_a_comparison,
    the_briefing_carries_the_execution_pages_once_a_year_has_actuals,
);
