//! The published OpenAPI description, and checks of responses and request bodies
//! against the schemas it gives.

use api::Role;
use reqwest::{Method, Response, StatusCode};
use serde_json::Value;

use crate::helpers::TestApp;

/// The published description, and the number of responses checked against it.
pub struct Contract {
    spec: Value,
    pub checked: usize,
}

impl Contract {
    pub async fn fetch(app: &TestApp) -> Contract {
        let response = app.get("/openapi.json", None).await;
        assert_eq!(response.status(), StatusCode::OK);
        Contract {
            spec: response.json().await.unwrap(),
            checked: 0,
        }
    }

    /// A validator for `schema`, with the description's components beside it so that
    /// `#/components/schemas/...` references resolve.
    fn validator(&self, schema: &Value) -> jsonschema::Validator {
        let mut root = schema.clone();
        root["components"] = self.spec["components"].clone();
        jsonschema::draft202012::new(&root)
            .unwrap_or_else(|error| panic!("not a valid JSON Schema: {error}\n{schema}"))
    }

    pub fn errors(&self, schema: &Value, instance: &Value) -> Vec<String> {
        self.validator(schema)
            .iter_errors(instance)
            .map(|error| format!("{} at {}", error, error.instance_path()))
            .collect()
    }

    pub fn operation(&self, template: &str, method: &Method) -> &Value {
        let operation = &self.spec["paths"][template][method.as_str().to_ascii_lowercase()];
        assert!(
            operation.is_object(),
            "the description has no {method} {template}"
        );
        operation
    }

    /// Checks a response against the description of `METHOD template` and returns its
    /// JSON body.
    pub async fn response(&mut self, template: &str, method: Method, response: Response) -> Value {
        let status = response.status().as_u16().to_string();
        let media = response
            .headers()
            .get("content-type")
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split(';').next())
            .unwrap_or_default()
            .to_owned();
        let body: Value = response.json().await.unwrap();
        let operation = self.operation(template, &method);
        let described = &operation["responses"][&status];
        assert!(
            described.is_object(),
            "{method} {template} answered {status}, which the description does not list"
        );
        let schema = &described["content"][&media]["schema"];
        assert!(
            schema.is_object(),
            "{method} {template} {status}: the description has no {media} body"
        );
        let errors = self.errors(schema, &body);
        assert!(
            errors.is_empty(),
            "{method} {template} {status} does not match its schema:\n{}\n{body:#}",
            errors.join("\n")
        );
        self.checked += 1;
        body
    }

    /// Checks a response without a body against the description: its status is listed
    /// there, with no content.
    pub async fn empty(&mut self, template: &str, method: Method, response: Response) {
        let status = response.status().as_u16().to_string();
        let text = response.text().await.unwrap();
        assert!(
            text.is_empty(),
            "{method} {template} {status} has a body: {text}"
        );
        let described = &self.operation(template, &method)["responses"][&status];
        assert!(
            described.is_object(),
            "{method} {template} answered {status}, which the description does not list"
        );
        assert!(
            described["content"].is_null(),
            "{method} {template} {status}"
        );
        self.checked += 1;
    }

    /// The errors of `body` against the request body `METHOD template` documents.
    fn request_errors(&self, template: &str, method: Method, body: &Value) -> Vec<String> {
        let schema = &self.operation(template, &method)["requestBody"]["content"]["application/json"]
            ["schema"];
        assert!(
            schema.is_object(),
            "{method} {template} documents no JSON body"
        );
        self.errors(schema, body)
    }

    /// Asserts that the request body `POST template` documents accepts `body`.
    pub fn accepts(&self, template: &str, body: &Value) {
        assert_eq!(
            self.request_errors(template, Method::POST, body),
            Vec::<String>::new(),
            "{template}"
        );
    }

    /// Asserts that the request body `POST template` documents refuses `body`.
    pub fn refuses(&self, template: &str, body: &Value, what: &str) {
        assert!(
            !self.request_errors(template, Method::POST, body).is_empty(),
            "the documented body of {template} accepts {what}"
        );
    }

    /// Asserts that `body`, valid, stops matching the `200` JSON schema of
    /// `METHOD template` once the value at each pointer is replaced: the check is not
    /// vacuous.
    pub fn breaks(&self, template: &str, method: &Method, body: &Value, wrongs: &[(&str, Value)]) {
        let described = &self.operation(template, method)["responses"]["200"]["content"]["application/json"]
            ["schema"];
        for (pointer, wrong) in wrongs {
            let mut broken = body.clone();
            *broken.pointer_mut(pointer).unwrap() = wrong.clone();
            assert!(
                !self.errors(described, &broken).is_empty(),
                "{template}: {pointer} broken still validates"
            );
        }
    }

    /// Checks the answer to `GET path` as `role` against `template`; its body.
    pub async fn get(
        &mut self,
        app: &TestApp,
        template: &str,
        path: &str,
        role: Option<Role>,
    ) -> Value {
        self.response(template, Method::GET, app.get(path, role).await)
            .await
    }

    /// Checks the answer to `POST path` as `role` against `template`; its body.
    pub async fn post(
        &mut self,
        app: &TestApp,
        template: &str,
        path: &str,
        role: Option<Role>,
        body: &Value,
    ) -> Value {
        self.response(template, Method::POST, app.post(path, role, body).await)
            .await
    }
}
