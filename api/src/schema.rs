//! Schemas written by hand (feature `openapi`): bodies whose JSON merges the scenario
//! file format with other fields, and fields whose shape serde does not state.

use shared::Scenario;
use shared::optimise::keepable_keys;
use utoipa::openapi::RefOr;
use utoipa::openapi::schema::{
    AdditionalProperties, ArrayBuilder, ObjectBuilder, OneOfBuilder, Schema, Type,
};
use utoipa::{PartialSchema, ToSchema};

use shared::execution::YearActuals;

use crate::StoredScenario;
use crate::{ActualsMeta, ScenarioMeta, StoredActuals};

/// Whether a part's required fields stay required in a [`merged_object`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Needed {
    /// As the part declares them.
    AsDeclared,
    /// None: every field of the part may be left out.
    Optional,
}

/// One closed object with the properties of every part (each an inline object schema),
/// for bodies that flatten several types into one where one of them admits no unknown
/// field.
pub fn merged_object(description: &str, parts: &[(RefOr<Schema>, Needed)]) -> RefOr<Schema> {
    let mut object = ObjectBuilder::new()
        .schema_type(Type::Object)
        .description(Some(description))
        .additional_properties(Some(AdditionalProperties::<Schema>::FreeForm(false)));
    for (part, needed) in parts {
        if let RefOr::T(Schema::Object(part)) = part {
            for (name, property) in &part.properties {
                object = object.property(name, property.clone());
            }
            if *needed == Needed::AsDeclared {
                for name in &part.required {
                    object = object.required(name);
                }
            }
        }
    }
    object.into()
}

/// The file format's fields and the read-only ones as one closed object (an `allOf` of
/// the two would accept nothing: the file format admits no unknown field). `meta`
/// says whether the read-only fields are required (a stored scenario) or may be left
/// out (a request body, where they are ignored).
fn scenario_with_meta(description: &str, meta: Needed) -> RefOr<Schema> {
    merged_object(
        description,
        &[
            (Scenario::schema(), Needed::AsDeclared),
            (ScenarioMeta::schema(), meta),
        ],
    )
}

/// The schema of a body merged from parts: `$schema` the merged object, `$part` the
/// types whose schemas it refers to.
macro_rules! merged_schema {
    ($name:ty, $schema:expr, [$($part:ty),+]) => {
        impl PartialSchema for $name {
            fn schema() -> RefOr<Schema> {
                $schema
            }
        }

        impl ToSchema for $name {
            fn schemas(schemas: &mut Vec<(String, RefOr<Schema>)>) {
                $(<$part as ToSchema>::schemas(schemas);)+
            }
        }
    };
}

/// The schema of a body that is the file format plus the read-only fields.
macro_rules! scenario_with_meta {
    ($name:ty, $meta:expr, $description:literal) => {
        merged_schema!(
            $name,
            scenario_with_meta($description, $meta),
            [Scenario, ScenarioMeta]
        );
    };
}

scenario_with_meta!(
    StoredScenario,
    Needed::AsDeclared,
    "A stored scenario: the scenario file format plus its id, status, revision and authorship."
);

/// A scenario as a request body: the file format, and optionally the read-only fields
/// of a stored scenario, which are ignored.
pub struct ScenarioInput;

scenario_with_meta!(
    ScenarioInput,
    Needed::Optional,
    "A scenario in the file format. The read-only fields of a stored scenario may be sent \
     too and are ignored, so a body read with GET can be edited and sent back."
);

/// `min` and `max` of `POST /optimize`: CNY a year by programme id.
pub struct ProgrammeBounds;

impl PartialSchema for ProgrammeBounds {
    fn schema() -> RefOr<Schema> {
        shared::openapi::amounts_by_programme(
            "CNY a year by programme id, for any of the sixteen programmes: whole yuan, \
             as a decimal string or an integer.",
        )
        .into()
    }
}

impl ToSchema for ProgrammeBounds {}

/// `keep_targets` of `POST /optimize`: indicator keys, or `"all"`.
pub struct KeepTargets;

impl PartialSchema for KeepTargets {
    fn schema() -> RefOr<Schema> {
        let keys = keepable_keys();
        OneOfBuilder::new()
            .item(
                ArrayBuilder::new().items(
                    ObjectBuilder::new()
                        .schema_type(Type::String)
                        .enum_values(Some(keys.iter().map(String::as_str))),
                ),
            )
            .item(
                ObjectBuilder::new()
                    .schema_type(Type::String)
                    .enum_values(Some(["all"])),
            )
            .description(Some(
                "Indicator keys (`programme.indicator`) whose targets or reference values \
                 the proposal must keep, or \"all\".",
            ))
            .into()
    }
}

impl ToSchema for KeepTargets {}

/// A year's actuals and their read-only fields as one closed object; in a request
/// (`input`) only `status` is required and the read-only fields are ignored.
fn actuals_with_meta(description: &str, input: bool) -> RefOr<Schema> {
    let needed = if input {
        Needed::Optional
    } else {
        Needed::AsDeclared
    };
    let mut merged = merged_object(
        description,
        &[
            (YearActuals::schema(), needed),
            (ActualsMeta::schema(), needed),
        ],
    );
    if let RefOr::T(Schema::Object(object)) = &mut merged
        && input
    {
        object.required.push("status".to_owned());
    }
    merged
}

merged_schema!(
    StoredActuals,
    actuals_with_meta(
        "A year's stored actuals: status, source, note and programmes, with the year, revision and authorship.",
        false
    ),
    [YearActuals, ActualsMeta]
);

/// A year's actuals as a request body: `status` required, `source`, `note` and
/// `programmes` optional, and the read-only fields of a `GET` ignored.
pub struct ActualsInput;

merged_schema!(
    ActualsInput,
    actuals_with_meta(
        "A year's actuals. Programmes may be omitted for a partial year; the read-only fields of a GET may be sent too and are ignored.",
        true
    ),
    [YearActuals, ActualsMeta]
);

/// A string of `min` to `max` characters.
fn text_of_length(min: usize, max: usize) -> ObjectBuilder {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .min_length(Some(min))
        .max_length(Some(max))
}

/// A sign-in name (`name` of a new user, a new token or the first admin): 1 to 64
/// characters, no spaces or control characters, as the server checks it.
pub struct UserName;

impl PartialSchema for UserName {
    fn schema() -> RefOr<Schema> {
        text_of_length(1, 64)
            .pattern(Some(r"^[^\s\x00-\x1f\x7f-\x9f]+$"))
            .description(Some(
                "A sign-in name: 1 to 64 characters, no spaces or control characters.",
            ))
            .into()
    }
}

impl ToSchema for UserName {}

/// A new password (of a new user, the first admin, or a user's change): 10 to 1,024
/// characters, as the server checks it.
pub struct NewPassword;

impl PartialSchema for NewPassword {
    fn schema() -> RefOr<Schema> {
        text_of_length(10, 1024)
            .description(Some("A new password: 10 to 1,024 characters."))
            .into()
    }
}

impl ToSchema for NewPassword {}
