//! The code systems a Consent uses, and how their codes map to the chain's.

use super::*;

/// HL7 consent actions.
pub const ACTION_SYSTEM: &str = "http://terminology.hl7.org/CodeSystem/consentaction";
/// HL7 v3 ParticipationType (actor roles).
pub const PARTICIPATION_SYSTEM: &str = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
/// HL7 v3 ActCode (sensitivity labels, consent policy codes).
pub const ACTCODE_SYSTEM: &str = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
/// HL7 v3 Confidentiality.
pub const CONFIDENTIALITY_SYSTEM: &str = "http://terminology.hl7.org/CodeSystem/v3-Confidentiality";
/// HL7 v3 ActReason (purposes of use).
pub const ACTREASON_SYSTEM: &str = "http://terminology.hl7.org/CodeSystem/v3-ActReason";
/// FHIR resource types.
pub const RESOURCE_TYPES_SYSTEM: &str = "http://hl7.org/fhir/resource-types";
/// LOINC.
pub const LOINC_SYSTEM: &str = "http://loinc.org";
/// The chain's record categories.
pub const CATEGORY_SYSTEM: &str = "urn:healthchain:record-category";

/// The consent action of a `consentaction` code.
pub fn action_from_code(code: &str) -> Option<ConsentAction> {
	Some(match code {
		"collect" => ConsentAction::Store,
		"access" => ConsentAction::Access,
		"use" => ConsentAction::Use,
		"disclose" => ConsentAction::Disclose,
		"correct" => ConsentAction::Amend,
		_ => return None,
	})
}

/// The `consentaction` code of an action.
pub fn action_code(a: ConsentAction) -> &'static str {
	match a {
		ConsentAction::Store => "collect",
		ConsentAction::Access => "access",
		ConsentAction::Use => "use",
		ConsentAction::Disclose => "disclose",
		ConsentAction::Amend => "correct",
	}
}

fn is_confidentiality(l: SecurityLabel) -> bool {
	matches!(
		l,
		SecurityLabel::U | SecurityLabel::L | SecurityLabel::M | SecurityLabel::N | SecurityLabel::R | SecurityLabel::V
	)
}

/// The system a label's code belongs to.
pub fn label_system(l: SecurityLabel) -> &'static str {
	if is_confidentiality(l) {
		CONFIDENTIALITY_SYSTEM
	} else {
		ACTCODE_SYSTEM
	}
}

/// A label from a Coding (v3 Confidentiality or v3 ActCode, as HL7 spells the code).
pub fn label_from_coding(c: &Value) -> Result<SecurityLabel, String> {
	let code = str_of(c, "code").unwrap_or_default();
	let label = SecurityLabel::ALL
		.iter()
		.find(|l| l.as_str() == code)
		.copied()
		.ok_or_else(|| format!("security label `{code}` is not one the chain enforces"))?;
	match str_of(c, "system") {
		Some(s) if s != label_system(label) => Err(format!("`{code}` belongs to {}, not {s}", label_system(label))),
		_ => Ok(label),
	}
}

/// A label as a Coding.
pub fn label_coding(l: &SecurityLabel) -> Value {
	json!({"system": label_system(*l), "code": l.as_str()})
}

/// A purpose of use from a Coding (v3 ActReason).
pub fn purpose_from_coding(c: &Value) -> Result<PurposeOfUse, String> {
	let code = str_of(c, "code").unwrap_or_default();
	if let Some(s) = str_of(c, "system") {
		if s != ACTREASON_SYSTEM {
			return Err(format!("purpose system `{s}`: expected {ACTREASON_SYSTEM}"));
		}
	}
	PurposeOfUse::ALL
		.iter()
		.find(|p| p.as_str() == code)
		.copied()
		.ok_or_else(|| format!("`{code}` is not a v3 PurposeOfUse code"))
}

/// A purpose of use as a Coding.
pub fn purpose_coding(p: &PurposeOfUse) -> Value {
	json!({"system": ACTREASON_SYSTEM, "code": p.as_str()})
}

/// A FHIR resource type from a Coding of the resource-types system.
pub fn resource_type_from_coding(c: &Value) -> Result<FhirResourceType, String> {
	let code = str_of(c, "code").unwrap_or_default();
	match str_of(c, "system") {
		Some(RESOURCE_TYPES_SYSTEM) | None => FhirResourceType::ALL
			.iter()
			.find(|t| t.as_str() == code)
			.copied()
			.ok_or_else(|| format!("resource type `{code}` is not one the chain anchors")),
		Some(s) => Err(format!("class system `{s}` is not supported; use {RESOURCE_TYPES_SYSTEM}")),
	}
}

/// A resource type as a Coding.
pub fn resource_type_coding(t: &FhirResourceType) -> Value {
	json!({"system": RESOURCE_TYPES_SYSTEM, "code": t.as_str()})
}

/// LOINC document codes and the categories they mean; the first code of a category is its
/// canonical one.
const LOINC: &[(&str, RecordCategory)] = &[
	("57833-6", RecordCategory::Prescription),
	("18748-4", RecordCategory::Imaging),
	("11502-2", RecordCategory::LabResult),
	("11506-3", RecordCategory::ClinicalNote),
	("34133-9", RecordCategory::ClinicalNote),
	("11488-4", RecordCategory::ClinicalNote),
	("18842-5", RecordCategory::DischargeSummary),
	("11369-6", RecordCategory::Immunization),
	("48765-2", RecordCategory::Allergy),
];

/// A record category from a Coding: a LOINC document code of the table, or a code of
/// [`CATEGORY_SYSTEM`].
pub fn category_from_coding(c: &Value) -> Result<RecordCategory, String> {
	let code = str_of(c, "code").unwrap_or_default();
	match str_of(c, "system") {
		Some(LOINC_SYSTEM) => LOINC
			.iter()
			.find(|(l, _)| *l == code)
			.map(|(_, cat)| *cat)
			.ok_or_else(|| format!("LOINC `{code}` maps to no record category")),
		Some(CATEGORY_SYSTEM) => RecordCategory::ALL
			.iter()
			.find(|x| x.as_str() == code)
			.copied()
			.ok_or_else(|| format!("`{code}` is not a record category")),
		Some(s) => Err(format!("code system `{s}` is not supported; use LOINC or {CATEGORY_SYSTEM}")),
		None => Err(format!("code `{code}` has no system")),
	}
}

/// A category as a Coding: its canonical LOINC code, else the chain's own.
pub fn category_coding(cat: RecordCategory) -> Value {
	match LOINC.iter().find(|(_, c)| *c == cat) {
		Some((code, _)) => json!({"system": LOINC_SYSTEM, "code": code}),
		None => json!({"system": CATEGORY_SYSTEM, "code": cat.as_str()}),
	}
}
