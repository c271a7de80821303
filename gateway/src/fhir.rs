//! The FHIR R4 side of the gateway, as IHE MHD defines it: reading an ITI-65 *Provide Document
//! Bundle*, answering with its transaction-response, writing the `DocumentReference`s ITI-67 finds,
//! the `OperationOutcome` of every refusal, and the server's `CapabilityStatement`.
//!
//! The chain's codes travel as FHIR codings with Healthchain's systems ([`CATEGORY_SYSTEM`],
//! [`ANCHOR_SYSTEM`], [`PATIENT_SYSTEM`]); a patient is `Patient/<SS58 account>` (or
//! `Patient/0x<pseudonym>`).

use crate::{chain::Anchor, store::Document};
use base64::{engine::general_purpose::STANDARD as B64, Engine};
pub use healthchain_fhir_consent::CATEGORY_SYSTEM;
use healthchain_fhir_consent::{format_date_time, label_system};
use healthchain_primitives::AccessDecision;
use serde_json::{json, Value};

/// The identifier system of an anchor id (`DocumentReference.identifier`).
pub const ANCHOR_SYSTEM: &str = "urn:healthchain:anchor";
/// The identifier system of a patient's account (`Patient.identifier`, `subject.identifier`).
pub const PATIENT_SYSTEM: &str = "urn:healthchain:patient";
/// The code system of the chain's access decisions (`OperationOutcome.issue.details`).
pub const DECISION_SYSTEM: &str = "urn:healthchain:access-decision";
/// The MHD profiles this gateway implements.
pub const MHD_COMPREHENSIVE: &str =
	"https://profiles.ihe.net/ITI/MHD/StructureDefinition/IHE.MHD.Comprehensive.ProvideBundle";

/// A FHIR `OperationOutcome` with one issue.
pub fn outcome(severity: &str, code: &str, diagnostics: &str, details: Option<Value>) -> Value {
	let mut issue = json!({ "severity": severity, "code": code, "diagnostics": diagnostics });
	if let (Some(d), Some(obj)) = (details, issue.as_object_mut()) {
		obj.insert("details".into(), d);
	}
	json!({ "resourceType": "OperationOutcome", "issue": [issue] })
}

/// The coding of an access decision, for an `OperationOutcome`'s `details`.
pub fn decision_details(decision: &AccessDecision) -> Value {
	json!({ "coding": [{ "system": DECISION_SYSTEM, "code": decision_code(decision) }], "text": explain(decision) })
}

/// The decision's variant name, as the chain and `health_checkAccess` spell it.
pub fn decision_code(decision: &AccessDecision) -> String {
	let debug = format!("{decision:?}");
	debug.split([' ', '(', '{']).next().unwrap_or_default().to_owned()
}

/// What a refusal means to the requester, and what they can do.
pub fn explain(decision: &AccessDecision) -> String {
	match decision {
		AccessDecision::Permit { consent, provision } => {
			format!("permitted by consent {consent} (provision {provision})")
		},
		AccessDecision::PermitBreakGlass { episode } => format!("permitted by break-glass episode {episode}"),
		AccessDecision::PermitBreakGlassOverridingDeny { episode, consent, .. } => {
			format!("permitted by break-glass episode {episode}, overriding the patient's refusal in consent {consent}")
		},
		AccessDecision::Deny { consent, provision } => {
			format!("the patient's consent {consent} refuses it (provision {provision})")
		},
		AccessDecision::DenyNoConsent => "no consent of the patient covers this requester, purpose and record".into(),
		AccessDecision::DenySensitiveLabel(label) => {
			format!("the record is labelled {} and no permitting consent names that label explicitly", label.as_str())
		},
		AccessDecision::DenyUnknownPatient => "the record's subject is not an active patient".into(),
		AccessDecision::DenyRequesterNotMember => "the requester is not a member of an active organisation".into(),
		AccessDecision::DenyInvalidQuery => "the chain could not evaluate this query".into(),
		AccessDecision::DenyRoleNotPermitted => {
			"the requester's role does not handle this category of record for this purpose".into()
		},
		AccessDecision::DenyNotCompliant(why) => {
			format!("the requester's organisation is not compliant for this category ({why:?})")
		},
		AccessDecision::DenyUnknownRecord => "the record is not anchored, or not about this patient".into(),
		AccessDecision::DenyEmergencyOverrideRefused { episode, consent, .. } => format!(
			"break-glass episode {episode} is open, but the patient's consent {consent} refuses emergency override"
		),
	}
}

/// How to ask the patient for what was refused: the chain's `Consent::request_access` call.
pub fn how_to_ask(patient: &str, category: &str, purpose: &str) -> String {
	format!(
		"Ask the patient on chain: Consent::request_access(patient: {patient}, scope: {{ actions: ['Access'], \
		 categories: ['{category}'], purposes: ['{purpose}'] }}, justification, grant_duration), signed with your \
		 member key. The patient is notified by the AccessRequested event; once they approve \
		 (Consent::respond_to_request), repeat this request."
	)
}

/// One document of an ITI-65 bundle.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Submitted {
	/// Index of the `DocumentReference` entry in the bundle.
	pub doc_ref_entry: usize,
	/// Index of the `Binary` entry, if the bytes came in one (not inline).
	pub binary_entry: Option<usize>,
	/// The subject it declares (SS58 account or 0x pseudonym).
	pub subject: String,
	/// The anchor it names, if it names one (`identifier` with [`ANCHOR_SYSTEM`]).
	pub anchor: Option<u64>,
	/// The document's media type.
	pub content_type: String,
	/// The document's bytes.
	pub bytes: Vec<u8>,
}

/// Why a bundle is refused (as `OperationOutcome` code `invalid`/`structure`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadBundle(pub String);

fn bad(why: impl Into<String>) -> BadBundle {
	BadBundle(why.into())
}

/// Reads an ITI-65 Provide Document Bundle: a `transaction` Bundle with a SubmissionSet `List`,
/// `DocumentReference`s and (optionally) the `Binary` resources their attachments point to.
pub fn read_provide_bundle(bundle: &Value) -> Result<Vec<Submitted>, BadBundle> {
	if bundle.get("resourceType").and_then(Value::as_str) != Some("Bundle") {
		return Err(bad("the body is not a FHIR Bundle"));
	}
	if bundle.get("type").and_then(Value::as_str) != Some("transaction") {
		return Err(bad("an ITI-65 Provide Document Bundle has type `transaction`"));
	}
	let entries = bundle
		.get("entry")
		.and_then(Value::as_array)
		.ok_or_else(|| bad("the Bundle has no entries"))?;
	let resource = |e: &Value| e.get("resource").cloned().unwrap_or(Value::Null);
	let kind = |e: &Value| resource(e).get("resourceType").and_then(Value::as_str).map(str::to_owned);
	// MHD 4 carries the SubmissionSet as a `List`; MHD 3 (still sent by many systems) as a
	// `DocumentManifest`.
	if !entries
		.iter()
		.any(|e| matches!(kind(e).as_deref(), Some("List" | "DocumentManifest")))
	{
		return Err(bad("the Bundle has no SubmissionSet (a List, or an MHD 3 DocumentManifest)"));
	}
	let full_url = |e: &Value| e.get("fullUrl").and_then(Value::as_str).map(str::to_owned);
	let mut out = Vec::new();
	for (i, entry) in entries.iter().enumerate() {
		if kind(entry).as_deref() != Some("DocumentReference") {
			continue;
		}
		let doc = resource(entry);
		let subject = subject_of(&doc, entries)?;
		let anchor = doc
			.get("identifier")
			.and_then(Value::as_array)
			.into_iter()
			.flatten()
			.find(|id| id.get("system").and_then(Value::as_str) == Some(ANCHOR_SYSTEM))
			.map(|id| {
				id.get("value")
					.and_then(Value::as_str)
					.and_then(|v| v.parse::<u64>().ok())
					.ok_or_else(|| {
						bad(format!("DocumentReference entry {i}: the {ANCHOR_SYSTEM} identifier is not a number"))
					})
			})
			.transpose()?;
		let attachment = doc
			.pointer("/content/0/attachment")
			.ok_or_else(|| bad(format!("DocumentReference entry {i} has no content.attachment")))?;
		let (binary_entry, data, content_type) = if let Some(data) = attachment.get("data").and_then(Value::as_str) {
			(None, data.to_owned(), attachment.get("contentType").and_then(Value::as_str).map(str::to_owned))
		} else {
			let url = attachment
				.get("url")
				.and_then(Value::as_str)
				.ok_or_else(|| bad(format!("DocumentReference entry {i}: the attachment has neither data nor url")))?;
			let (j, entry) = entries
				.iter()
				.enumerate()
				.find(|(_, e)| {
					full_url(e).as_deref() == Some(url)
						|| matches!((kind(e), resource(e).get("id").and_then(Value::as_str)),
							(Some(k), Some(id)) if format!("{k}/{id}") == url)
				})
				.ok_or_else(|| bad(format!("DocumentReference entry {i}: no entry of the Bundle has fullUrl {url}")))?;
			let target = resource(entry);
			if kind(entry).as_deref() == Some("Binary") {
				let data = target
					.get("data")
					.and_then(Value::as_str)
					.ok_or_else(|| bad(format!("Binary entry {j} has no data")))?
					.to_owned();
				let ct = target.get("contentType").and_then(Value::as_str).map(str::to_owned);
				(Some(j), data, ct.or_else(|| attachment.get("contentType").and_then(Value::as_str).map(str::to_owned)))
			} else {
				// A FHIR document (a `Bundle` of type `document`, or any resource) travels as a
				// resource: its bytes are its canonical JSON ([`canonical_json`]).
				let ct = attachment
					.get("contentType")
					.and_then(Value::as_str)
					.unwrap_or("application/fhir+json");
				(Some(j), B64.encode(canonical_json(&target)), Some(ct.to_owned()))
			}
		};
		let bytes = B64
			.decode(data.trim())
			.map_err(|e| bad(format!("DocumentReference entry {i}: the document's data is not base64 ({e})")))?;
		out.push(Submitted {
			doc_ref_entry: i,
			binary_entry,
			subject,
			anchor,
			content_type: content_type.unwrap_or_else(|| "application/octet-stream".to_owned()),
			bytes,
		});
	}
	if out.is_empty() {
		return Err(bad("the Bundle has no DocumentReference"));
	}
	Ok(out)
}

/// The canonical JSON of a FHIR resource, the bytes its content hash is taken over when it
/// travels as a resource rather than as a `Binary`: object members sorted by name, no
/// whitespace, strings and numbers as JSON writes them (the form of RFC 8785 for the values FHIR
/// resources hold). `healthchain document hash --fhir` computes the same.
pub fn canonical_json(value: &Value) -> Vec<u8> {
	fn write(value: &Value, out: &mut Vec<u8>) {
		match value {
			Value::Object(map) => {
				let mut members: Vec<(&String, &Value)> = map.iter().collect();
				members.sort_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));
				out.push(b'{');
				for (n, (k, v)) in members.into_iter().enumerate() {
					if n > 0 {
						out.push(b',');
					}
					out.extend(Value::String(k.clone()).to_string().into_bytes());
					out.push(b':');
					write(v, out);
				}
				out.push(b'}');
			},
			Value::Array(items) => {
				out.push(b'[');
				for (n, v) in items.iter().enumerate() {
					if n > 0 {
						out.push(b',');
					}
					write(v, out);
				}
				out.push(b']');
			},
			scalar => out.extend(scalar.to_string().into_bytes()),
		}
	}
	let mut out = Vec::new();
	write(value, &mut out);
	out
}

/// The subject a `DocumentReference` declares: `Patient/<id>`, a `subject.identifier` with
/// [`PATIENT_SYSTEM`], or a reference to a `Patient` entry of the bundle carrying that identifier.
fn subject_of(doc: &Value, entries: &[Value]) -> Result<String, BadBundle> {
	let patient_identifier = |v: &Value| {
		let ids = v.as_array().cloned().unwrap_or_else(|| vec![v.clone()]);
		ids.iter()
			.find(|id| id.get("system").and_then(Value::as_str) == Some(PATIENT_SYSTEM))
			.and_then(|id| id.get("value").and_then(Value::as_str).map(str::to_owned))
	};
	let subject = doc.get("subject").ok_or_else(|| bad("a DocumentReference has no subject"))?;
	if let Some(id) = subject.get("identifier").and_then(patient_identifier) {
		return Ok(id);
	}
	let reference = subject.get("reference").and_then(Value::as_str).ok_or_else(|| {
		bad(format!(
			"a DocumentReference's subject names no patient ({PATIENT_SYSTEM} identifier or Patient/<account>)"
		))
	})?;
	let in_bundle = entries
		.iter()
		.find(|e| e.get("fullUrl").and_then(Value::as_str) == Some(reference));
	if let Some(patient) = in_bundle.and_then(|e| e.get("resource")) {
		return patient
			.get("identifier")
			.and_then(patient_identifier)
			.ok_or_else(|| bad(format!("the Patient at {reference} has no {PATIENT_SYSTEM} identifier")));
	}
	let id = reference.rsplit('/').next().unwrap_or_default();
	match reference.rsplit('/').nth(1) {
		Some("Patient") if !id.is_empty() => Ok(id.to_owned()),
		_ => Err(bad(format!("subject `{reference}` is not a Patient reference"))),
	}
}

/// The transaction-response to an accepted ITI-65 bundle: one entry per request entry, in order.
/// `created` gives, for each entry index that was stored, the location (`DocumentReference/7`).
pub fn transaction_response(entries: usize, created: &[(usize, String)], submission_set: &str) -> Value {
	let entry: Vec<Value> = (0..entries)
		.map(|i| {
			let location = created
				.iter()
				.find(|(j, _)| *j == i)
				.map(|(_, l)| l.clone())
				.unwrap_or_else(|| format!("List/{submission_set}"));
			json!({ "response": { "status": "201 Created", "location": location } })
		})
		.collect();
	json!({ "resourceType": "Bundle", "type": "transaction-response", "entry": entry })
}

/// The `DocumentReference` of a stored document, as ITI-67 returns it: what the chain says of
/// its anchor and what the gateway keeps (media type, size), with the URL to retrieve it at.
pub fn document_reference(doc: &Document, anchor: &Anchor, base_url: &str) -> Value {
	let mut reference = json!({
		"resourceType": "DocumentReference",
		"id": doc.id,
		"meta": { "profile": ["https://profiles.ihe.net/ITI/MHD/StructureDefinition/IHE.MHD.Minimal.DocumentReference"] },
		"masterIdentifier": { "system": "urn:ietf:rfc:3986", "value": format!("urn:healthchain:anchor:{}", anchor.id) },
		"identifier": [{ "system": ANCHOR_SYSTEM, "value": anchor.id.to_string() }],
		"status": if anchor.current { "current" } else { "superseded" },
		"category": [{ "coding": [{ "system": CATEGORY_SYSTEM, "code": anchor.category.as_str() }] }],
		"subject": { "reference": format!("Patient/{}", doc.subject) },
		"date": rfc3339(doc.deposited_at),
		"securityLabel": anchor.labels.iter()
			.map(|l| json!({ "coding": [{ "system": label_system(*l), "code": l.as_str() }] }))
			.collect::<Vec<_>>(),
		"content": [{ "attachment": {
			"contentType": doc.content_type,
			"url": format!("{base_url}/fhir/Binary/{}", doc.id),
			"size": doc.size,
		} }],
	});
	if let (Some(t), Some(obj)) = (anchor.clinical_time, reference.as_object_mut()) {
		obj.insert("context".into(), json!({ "period": { "start": rfc3339(t) } }));
	}
	reference
}

/// A `searchset` Bundle of `resources`.
pub fn searchset(resources: Vec<Value>, self_url: &str) -> Value {
	json!({
		"resourceType": "Bundle",
		"type": "searchset",
		"total": resources.len(),
		"link": [{ "relation": "self", "url": self_url }],
		"entry": resources.into_iter().map(|r| {
			let url = format!("DocumentReference/{}", r.get("id").and_then(Value::as_str).unwrap_or_default());
			json!({ "fullUrl": url, "resource": r, "search": { "mode": "match" } })
		}).collect::<Vec<_>>(),
	})
}

/// What this gateway supports, as FHIR servers declare it (`GET /fhir/metadata`).
pub fn capability_statement(base_url: &str, software_version: &str) -> Value {
	json!({
		"resourceType": "CapabilityStatement",
		"status": "active",
		"date": "2026-11-26",
		"kind": "instance",
		"software": { "name": "healthchain-gateway", "version": software_version },
		"implementation": {
			"description": "Healthchain document gateway: an IHE MHD Document Recipient and Responder that stores \
				documents only against an on-chain anchor and releases them only under the chain's consent decision",
			"url": format!("{base_url}/fhir"),
		},
		"fhirVersion": "4.0.1",
		"format": ["application/fhir+json", "json"],
		"instantiates": [
			"https://profiles.ihe.net/ITI/MHD/CapabilityStatement/IHE.MHD.DocumentRecipient",
			"https://profiles.ihe.net/ITI/MHD/CapabilityStatement/IHE.MHD.DocumentResponder",
		],
		"rest": [{
			"mode": "server",
			"documentation": "Every request is signed with the requester's chain key (HTTP Message Signatures, RFC 9421, \
				sr25519; label `hc`, covering @method @path @query, content-digest and x-purpose-of-use). A retrieve \
				carries the requester's signed Consent::record_access extrinsics (X-Access-Record, X-Access-Refusal).",
			"security": {
				"description": "RFC 9421 signatures with sr25519 chain keys; the purpose of use in X-Purpose-Of-Use \
					(HL7 v3 PurposeOfUse)"
			},
			"interaction": [{ "code": "transaction", "documentation": "ITI-65 Provide Document Bundle" }],
			"resource": [
				{
					"type": "DocumentReference",
					"interaction": [{ "code": "search-type", "documentation": "ITI-67 Find Document References" }],
					"searchParam": [
						{ "name": "patient", "type": "reference" },
						{ "name": "category", "type": "token" },
						{ "name": "date", "type": "date" },
						{ "name": "status", "type": "token" },
					],
				},
				{
					"type": "Binary",
					"interaction": [
						{ "code": "read", "documentation": "ITI-68 Retrieve Document" },
						{ "code": "delete", "documentation": "Erasure at the patient's request (crypto-shredding)" },
					],
				},
			],
		}],
	})
}

/// Unix seconds as an RFC 3339 UTC date-time.
pub fn rfc3339(secs: u64) -> String {
	format_date_time(i64::try_from(secs).unwrap_or(i64::MAX))
}

/// A FHIR `date` search value (`2026`, `2026-11`, `2026-11-26`, with an optional prefix `ge`, `le`,
/// `gt`, `lt`, `eq`) as a Unix-seconds range test.
pub fn date_matches(param: &str, secs: u64) -> Result<bool, String> {
	let (prefix, value) = match param.get(..2) {
		Some(p @ ("ge" | "le" | "gt" | "lt" | "eq")) => (p, param.get(2..).unwrap_or_default()),
		_ => ("eq", param),
	};
	let date = rfc3339(secs);
	let n = value.len();
	if !matches!(n, 4 | 7 | 10) || !value.chars().all(|c| c.is_ascii_digit() || c == '-') {
		return Err(format!(
			"date `{param}` is not YYYY, YYYY-MM or YYYY-MM-DD with an optional ge/le/gt/lt/eq prefix"
		));
	}
	let head = date.get(..n).unwrap_or_default();
	Ok(match prefix {
		"ge" => head >= value,
		"le" => head <= value,
		"gt" => head > value,
		"lt" => head < value,
		_ => head == value,
	})
}

#[cfg(test)]
mod tests {
	use super::*;
	use healthchain_primitives::{ComplianceRefusal, SecurityLabel};

	fn provide_bundle(doc_ref: Value, binary: Option<Value>) -> Value {
		let mut entry = vec![
			json!({ "fullUrl": "urn:uuid:ss", "resource": { "resourceType": "List", "code": { "coding": [{ "code": "submissionset" }] } } }),
			json!({ "fullUrl": "urn:uuid:dr", "resource": doc_ref }),
		];
		if let Some(b) = binary {
			entry.push(json!({ "fullUrl": "urn:uuid:bin", "resource": b }));
		}
		json!({ "resourceType": "Bundle", "type": "transaction", "entry": entry })
	}

	#[test]
	fn provide_bundle_yields_the_binary_bytes_subject_and_named_anchor() {
		let bundle = provide_bundle(
			json!({
				"resourceType": "DocumentReference",
				"identifier": [{ "system": ANCHOR_SYSTEM, "value": "7" }],
				"subject": { "reference": "Patient/5Grw" },
				"content": [{ "attachment": { "url": "urn:uuid:bin" } }],
			}),
			Some(
				json!({ "resourceType": "Binary", "contentType": "application/fhir+json", "data": B64.encode(b"{}") }),
			),
		);
		let docs = read_provide_bundle(&bundle).expect("reads");
		assert_eq!(
			docs,
			vec![Submitted {
				doc_ref_entry: 1,
				binary_entry: Some(2),
				subject: "5Grw".into(),
				anchor: Some(7),
				content_type: "application/fhir+json".into(),
				bytes: b"{}".to_vec(),
			}]
		);
	}

	#[test]
	fn a_fhir_document_travelling_as_a_resource_is_hashed_as_its_canonical_json() {
		let document = json!({ "resourceType": "Bundle", "type": "document", "entry": [{ "b": 2, "a": "é\"" }] });
		assert_eq!(
			String::from_utf8(canonical_json(&document)).expect("utf-8"),
			r#"{"entry":[{"a":"é\"","b":2}],"resourceType":"Bundle","type":"document"}"#
		);
		let mut bundle = provide_bundle(
			json!({ "resourceType": "DocumentReference", "subject": { "reference": "Patient/5Grw" },
				"content": [{ "attachment": { "contentType": "application/fhir+json", "url": "urn:uuid:doc" } }] }),
			None,
		);
		if let Some(entries) = bundle.get_mut("entry").and_then(Value::as_array_mut) {
			entries.push(json!({ "fullUrl": "urn:uuid:doc", "resource": document.clone() }));
		}
		let docs = read_provide_bundle(&bundle).expect("reads");
		assert_eq!(docs.first().map(|d| d.bytes.clone()), Some(canonical_json(&document)));
	}

	#[test]
	fn subject_may_be_an_identifier_or_a_patient_entry_of_the_bundle() {
		let by_identifier = json!({ "subject": { "identifier": { "system": PATIENT_SYSTEM, "value": "5Pat" } } });
		assert_eq!(subject_of(&by_identifier, &[]), Ok("5Pat".into()));
		let entries = vec![json!({ "fullUrl": "urn:uuid:p", "resource": { "resourceType": "Patient",
			"identifier": [{ "system": "urn:oid:1.2.3", "value": "MRN-1" }, { "system": PATIENT_SYSTEM, "value": "5Pat" }] } })];
		let by_entry = json!({ "subject": { "reference": "urn:uuid:p" } });
		assert_eq!(subject_of(&by_entry, &entries), Ok("5Pat".into()));
		let elsewhere = json!({ "subject": { "reference": "Practitioner/1" } });
		assert!(subject_of(&elsewhere, &[]).is_err());
	}

	#[test]
	fn bundles_that_are_not_provide_bundles_are_refused_by_name() {
		let not_bundle = json!({ "resourceType": "Patient" });
		assert!(read_provide_bundle(&not_bundle).unwrap_err().0.contains("not a FHIR Bundle"));
		let batch = json!({ "resourceType": "Bundle", "type": "batch", "entry": [] });
		assert!(read_provide_bundle(&batch).unwrap_err().0.contains("transaction"));
		let no_list = json!({ "resourceType": "Bundle", "type": "transaction", "entry": [
			{ "resource": { "resourceType": "DocumentReference" } }] });
		assert!(read_provide_bundle(&no_list).unwrap_err().0.contains("SubmissionSet"));
		let dangling = provide_bundle(
			json!({ "resourceType": "DocumentReference", "subject": { "reference": "Patient/5Grw" },
				"content": [{ "attachment": { "url": "urn:uuid:elsewhere" } }] }),
			None,
		);
		assert!(read_provide_bundle(&dangling).unwrap_err().0.contains("no entry of the Bundle"));
		let not_base64 = provide_bundle(
			json!({ "resourceType": "DocumentReference", "subject": { "reference": "Patient/5Grw" },
				"content": [{ "attachment": { "data": "%%%" } }] }),
			None,
		);
		assert!(read_provide_bundle(&not_base64).unwrap_err().0.contains("base64"));
	}

	#[test]
	fn every_decision_maps_to_a_named_code_and_refusals_explain_themselves() {
		let cases = [
			(AccessDecision::Permit { consent: 3, provision: 0 }, "Permit", true),
			(AccessDecision::PermitBreakGlass { episode: 1 }, "PermitBreakGlass", true),
			(AccessDecision::DenyNoConsent, "DenyNoConsent", false),
			(AccessDecision::DenySensitiveLabel(SecurityLabel::R), "DenySensitiveLabel", false),
			(AccessDecision::Deny { consent: 2, provision: 1 }, "Deny", false),
			(AccessDecision::DenyNotCompliant(ComplianceRefusal::UnknownOrganization), "DenyNotCompliant", false),
		];
		for (decision, code, permits) in cases {
			assert_eq!(decision_code(&decision), code);
			assert_eq!(decision.is_permit(), permits);
			let details = decision_details(&decision);
			assert_eq!(details.pointer("/coding/0/code").and_then(Value::as_str), Some(code));
			assert!(!explain(&decision).is_empty());
		}
		assert!(explain(&AccessDecision::DenySensitiveLabel(SecurityLabel::R)).contains("labelled R"));
	}

	#[test]
	fn dates_print_and_match_as_fhir_searches_expect() {
		assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
		assert_eq!(rfc3339(1_764_139_200), "2025-11-26T06:40:00Z");
		assert_eq!(date_matches("2025-11-26", 1_764_139_200), Ok(true));
		assert_eq!(date_matches("ge2025-12", 1_764_139_200), Ok(false));
		assert_eq!(date_matches("le2025", 1_764_139_200), Ok(true));
		assert!(date_matches("yesterday", 1_764_139_200).is_err());
	}
}
