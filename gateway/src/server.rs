//! The gateway's HTTP interface: IHE MHD on FHIR R4.
//!
//! | request | what it does |
//! |---|---|
//! | `POST /fhir` | ITI-65 Provide Document Bundle: stores each document whose bytes hash to a current anchor of the submitter's organisation about the declared patient |
//! | `GET /fhir/DocumentReference?patient=…[&category=…][&date=…][&status=…]` | ITI-67 Find Document References: the documents here the requester may access for the declared purpose |
//! | `GET /fhir/Binary/{id}` | ITI-68 Retrieve Document: the chain's decision, the requester's access record submitted, then the bytes |
//! | `DELETE /fhir/Binary/{id}` | erasure at the patient's request (GDPR Art. 17): the document's key is destroyed |
//! | `GET /fhir/metadata` | the `CapabilityStatement` |
//! | `GET /healthz` | whether the chain connection is live |
//!
//! Every `/fhir` request but `metadata` is signed ([`crate::signature`]); its nonce is spent in the
//! store, so a replay is refused across restarts. Every refusal is a FHIR `OperationOutcome` with
//! the HTTP status of its rule, and nothing is stored or released.
//!
//! A retrieve carries two extrinsics the requester signed with the same account nonce:
//! `Consent::record_access(patient, Access, …, purpose, Success, Some(anchor), None)` in
//! `X-Access-Record` and the same with `Failure` in `X-Access-Refusal` (hex, as polkadot.js's
//! `toHex()` prints them). The gateway asks the chain for the decision, submits the one that
//! matches what it does, and releases the bytes only once the chain's transaction pool has
//! accepted the record: so every release and every refusal is in the patient's access log,
//! signed by the requester, and the other extrinsic can never be used (its nonce is spent).

use crate::{
	chain::{AccessRecord, Anchor, Chain, ChainError, Subject, View},
	fhir,
	hashing::Algorithm,
	signature::{self, AuthError, Window},
	store::{Document, Store, StoreError},
};
use axum::{
	body::{Body, Bytes},
	extract::{Path, Query, State},
	http::{header, HeaderMap, Method, StatusCode, Uri},
	response::{IntoResponse, Response},
	routing::{get, post},
	Router,
};
use healthchain_primitives::{AccessDecision, ConsentAction, DelegateAction, PurposeOfUse, RecordCategory};
use serde_json::Value;
use std::{collections::HashMap, str::FromStr, sync::Arc};
use subxt::utils::AccountId32;

/// The media type of FHIR JSON.
pub const FHIR_JSON: &str = "application/fhir+json";

/// One gateway: whose documents it keeps, where, and the chain it obeys.
pub struct Gateway {
	/// The document store.
	pub store: Store,
	/// The chain.
	pub chain: Chain,
	/// The organisation whose documents this gateway keeps.
	pub organization: u32,
	/// The URL clients reach this gateway at (no trailing slash).
	pub base_url: String,
	/// How old a signature may be.
	pub window: Window,
	/// The largest request body accepted, in bytes (larger: `413`).
	pub max_body: usize,
	/// Whether the chain is obeyed. Only `scripts/bench-gateway.sh`'s baseline turns it off, to
	/// measure what the chain's checks cost: no anchor is looked up on deposit, no decision asked
	/// and no access recorded on retrieve (signatures, sealing and re-hashing stay).
	pub enforce: bool,
}

/// The router of `gateway`.
pub fn router(gateway: Arc<Gateway>) -> Router {
	Router::new()
		.route("/healthz", get(healthz))
		.route("/fhir/metadata", get(metadata))
		.route("/fhir", post(deposit))
		.route("/fhir/", post(deposit))
		.route("/fhir/DocumentReference", get(find))
		.route("/fhir/Binary/{id}", get(retrieve).delete(erase))
		.fallback(unknown)
		.with_state(gateway)
}

/// A refusal: its HTTP status, the FHIR issue type, what happened, and a coding when the chain
/// decided it.
#[derive(Debug)]
pub struct Refusal {
	status: StatusCode,
	code: &'static str,
	text: String,
	details: Option<Value>,
}

impl Refusal {
	fn new(status: StatusCode, code: &'static str, text: impl Into<String>) -> Self {
		Refusal { status, code, text: text.into(), details: None }
	}
}

impl IntoResponse for Refusal {
	fn into_response(self) -> Response {
		let body = fhir::outcome("error", self.code, &self.text, self.details);
		fhir_json(self.status, &body)
	}
}

impl From<StoreError> for Refusal {
	fn from(e: StoreError) -> Self {
		match e {
			StoreError::NotFound => Refusal::new(StatusCode::NOT_FOUND, "not-found", "no document has this id here"),
			StoreError::Erased { .. } => Refusal::new(StatusCode::GONE, "deleted", e.to_string()),
			StoreError::Exists => Refusal::new(
				StatusCode::CONFLICT,
				"duplicate",
				"this anchor's document is already kept here; anchor a new version to replace it",
			),
			StoreError::Tampered(_) => Refusal::new(StatusCode::INTERNAL_SERVER_ERROR, "exception", e.to_string()),
			StoreError::Database(_) => Refusal::new(StatusCode::SERVICE_UNAVAILABLE, "transient", e.to_string()),
		}
	}
}

impl From<ChainError> for Refusal {
	fn from(e: ChainError) -> Self {
		match e {
			ChainError::BadExtrinsic(_) => Refusal::new(StatusCode::BAD_REQUEST, "invalid", e.to_string()),
			ChainError::Rpc(_) | ChainError::Refused(_) => {
				Refusal::new(StatusCode::SERVICE_UNAVAILABLE, "transient", format!("{e}; nothing was released"))
			},
		}
	}
}

fn fhir_json(status: StatusCode, body: &Value) -> Response {
	(status, [(header::CONTENT_TYPE, FHIR_JSON)], body.to_string()).into_response()
}

fn now() -> u64 {
	std::time::SystemTime::now()
		.duration_since(std::time::UNIX_EPOCH)
		.map(|d| d.as_secs())
		.unwrap_or_default()
}

fn account(a: &polkadot_sdk::sp_core::crypto::AccountId32) -> AccountId32 {
	AccountId32(*<polkadot_sdk::sp_core::crypto::AccountId32 as AsRef<[u8; 32]>>::as_ref(a))
}

/// Reads a request body of at most `max` bytes (`413` beyond, before reading it when its
/// `Content-Length` says so).
async fn read_body(body: Body, headers: &HeaderMap, max: usize) -> Result<Bytes, Refusal> {
	let too_large = || {
		Refusal::new(
			StatusCode::PAYLOAD_TOO_LARGE,
			"too-costly",
			format!("the request body exceeds this gateway's limit of {max} bytes"),
		)
	};
	let declared = headers
		.get(header::CONTENT_LENGTH)
		.and_then(|v| v.to_str().ok())
		.and_then(|v| v.parse::<u64>().ok());
	if declared.is_some_and(|n| n > max as u64) {
		return Err(too_large());
	}
	axum::body::to_bytes(body, max).await.map_err(|_| too_large())
}

/// Who signed this request (its nonce spent in the store's ledger).
async fn authenticate(
	gateway: &Gateway,
	method: &Method,
	uri: &Uri,
	headers: &HeaderMap,
	body: &[u8],
) -> Result<signature::Verified, Refusal> {
	let now = now();
	let unauthorized = |e: AuthError| Refusal::new(StatusCode::UNAUTHORIZED, "security", e.to_string());
	let verified = {
		let lookup = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).map(str::to_owned);
		let request = signature::Request {
			method: method.as_str(),
			path: uri.path(),
			query: uri.query().unwrap_or(""),
			headers: &lookup,
			body,
		};
		signature::verify(&request, now, gateway.window).map_err(unauthorized)?
	};
	let keyid = polkadot_sdk::sp_core::crypto::Ss58Codec::to_ss58check(&verified.signer);
	if !gateway
		.store
		.first_use_of_nonce(&keyid, &verified.nonce, verified.nonce_until, now)
		.await?
	{
		return Err(unauthorized(AuthError::Replayed));
	}
	Ok(verified)
}

/// A signed request without a body (find, retrieve, erase): who signed it, as the chain knows
/// them, and what the signature verified. Extracting it authenticates the request.
struct Signed {
	verified: signature::Verified,
	requester: AccountId32,
	headers: HeaderMap,
}

impl axum::extract::FromRequestParts<Arc<Gateway>> for Signed {
	type Rejection = Refusal;

	async fn from_request_parts(
		parts: &mut axum::http::request::Parts,
		gateway: &Arc<Gateway>,
	) -> Result<Self, Refusal> {
		let verified = authenticate(gateway, &parts.method, &parts.uri, &parts.headers, b"").await?;
		Ok(Signed { requester: account(&verified.signer), verified, headers: parts.headers.clone() })
	}
}

/// The purpose a request declares (`X-Purpose-Of-Use`), required to find or retrieve.
fn purpose_of(verified: &signature::Verified) -> Result<PurposeOfUse, Refusal> {
	let codes = || PurposeOfUse::ALL.iter().map(|p| p.as_str()).collect::<Vec<_>>().join(", ");
	let declared = verified.purpose.as_deref().ok_or_else(|| {
		Refusal::new(
			StatusCode::BAD_REQUEST,
			"required",
			format!("declare the purpose of use in X-Purpose-Of-Use (HL7 v3 PurposeOfUse: {})", codes()),
		)
	})?;
	PurposeOfUse::ALL
		.iter()
		.find(|p| p.as_str().eq_ignore_ascii_case(declared.trim()))
		.copied()
		.ok_or_else(|| {
			Refusal::new(
				StatusCode::BAD_REQUEST,
				"code-invalid",
				format!("X-Purpose-Of-Use `{declared}` is not an HL7 v3 PurposeOfUse code; one of {}", codes()),
			)
		})
}

async fn healthz(State(gateway): State<Arc<Gateway>>) -> Response {
	let alarms = gateway.chain.alarms();
	match gateway.chain.best_number().await {
		Ok(best) => axum::Json(serde_json::json!({
			"status": "ok", "chain": { "live": true, "bestBlock": best }, "organization": gateway.organization,
			"accessRecordAlarms": alarms,
		}))
		.into_response(),
		Err(e) => (
			StatusCode::SERVICE_UNAVAILABLE,
			axum::Json(serde_json::json!({
				"status": "unavailable", "chain": { "live": false, "error": e.to_string() },
				"accessRecordAlarms": alarms,
			})),
		)
			.into_response(),
	}
}

async fn metadata(State(gateway): State<Arc<Gateway>>) -> Response {
	fhir_json(StatusCode::OK, &fhir::capability_statement(&gateway.base_url, env!("CARGO_PKG_VERSION")))
}

async fn unknown(uri: Uri) -> Response {
	Refusal::new(
		StatusCode::NOT_FOUND,
		"not-supported",
		format!("{} is not served here; see /fhir/metadata", uri.path()),
	)
	.into_response()
}

/// A document of a bundle, matched to its anchor.
struct Accepted {
	submitted: fhir::Submitted,
	anchor: Anchor,
}

/// The anchor `doc` is a copy of: the one its `DocumentReference` names, or a current anchor of
/// its content hash (under any algorithm) about its subject by `organization`.
async fn anchor_for(chain: &View, doc: &fhir::Submitted, organization: u32) -> Result<Anchor, Refusal> {
	let unprocessable = |text: String| Refusal::new(StatusCode::UNPROCESSABLE_ENTITY, "business-rule", text);
	let entry = doc.doc_ref_entry;
	let candidates = match doc.anchor {
		Some(id) => vec![id],
		None => {
			let mut ids = Vec::new();
			for algorithm in Algorithm::ALL {
				ids.extend(chain.anchors_by_hash(&algorithm.hash(&doc.bytes)).await?);
			}
			if ids.is_empty() {
				return Err(unprocessable(format!(
					"entry {entry}: no anchor on chain has this document's content hash; anchor it first \
					 (RecordAnchors::anchor_record) and deposit it once the anchor's block is final"
				)));
			}
			ids
		},
	};
	let mut why = String::new();
	for id in candidates {
		let Some(anchor) = chain.anchor(id).await? else {
			why = format!("entry {entry}: anchor {id} does not exist");
			continue;
		};
		why = if !anchor.algorithm.matches(&doc.bytes, &anchor.content_hash) {
			format!(
				"entry {entry}: the document does not match anchor {id}: its {} hash differs",
				anchor.algorithm.name()
			)
		} else if anchor.subject.key() != doc.subject {
			format!("entry {entry}: anchor {id} is about another subject than {}", doc.subject)
		} else if anchor.organization != Some(organization) {
			format!("entry {entry}: anchor {id} was not anchored by the submitter's organisation ({organization})")
		} else if !anchor.current {
			format!("entry {entry}: anchor {id} is not current (superseded, withdrawn or entered in error)")
		} else {
			return Ok(anchor);
		};
	}
	Err(unprocessable(why))
}

/// The submitter's organisation, which must be the one this gateway keeps documents for.
async fn member_here(gateway: &Gateway, chain: &View, submitter: &AccountId32) -> Result<u32, Refusal> {
	let member = chain.membership(submitter).await?.ok_or_else(|| {
		Refusal::new(StatusCode::FORBIDDEN, "forbidden", "the submitter is not a member of an active organisation")
	})?;
	if member.organization != gateway.organization {
		return Err(Refusal::new(
			StatusCode::FORBIDDEN,
			"forbidden",
			format!(
				"this gateway keeps organisation {}'s documents; deposit at your own organisation's ({}) gateway",
				gateway.organization, member.organization
			),
		));
	}
	Ok(member.organization)
}

/// The benchmark baseline's stand-in for an anchor: what the bundle says, hashed with Blake2b-256.
fn unenforced_anchor(doc: &fhir::Submitted, organization: u32) -> Result<Anchor, Refusal> {
	let id = doc.anchor.ok_or_else(|| {
		Refusal::new(
			StatusCode::UNPROCESSABLE_ENTITY,
			"business-rule",
			"the baseline needs the anchor id in the bundle",
		)
	})?;
	let subject = AccountId32::from_str(&doc.subject)
		.map(Subject::Patient)
		.map_err(|_| Refusal::new(StatusCode::UNPROCESSABLE_ENTITY, "business-rule", "the subject is no account"))?;
	Ok(Anchor {
		id,
		author: AccountId32([0; 32]),
		organization: Some(organization),
		subject,
		content_hash: Algorithm::Blake2b256.hash(&doc.bytes),
		algorithm: Algorithm::Blake2b256,
		category: RecordCategory::LabResult,
		resource_type: healthchain_primitives::FhirResourceType::DocumentReference,
		labels: Vec::new(),
		current: true,
		clinical_time: None,
	})
}

/// ITI-65: `POST /fhir` with a Provide Document Bundle.
async fn deposit(
	State(gateway): State<Arc<Gateway>>,
	method: Method,
	uri: Uri,
	headers: HeaderMap,
	body: Body,
) -> Result<Response, Refusal> {
	let body = read_body(body, &headers, gateway.max_body).await?;
	let verified = authenticate(&gateway, &method, &uri, &headers, &body).await?;
	// The baseline of scripts/bench-gateway.sh asks the chain nothing.
	let chain = if gateway.enforce { Some(gateway.chain.view().await?) } else { None };
	let organization = match &chain {
		Some(chain) => member_here(&gateway, chain, &account(&verified.signer)).await?,
		None => gateway.organization,
	};
	let bundle: Value = serde_json::from_slice(&body)
		.map_err(|e| Refusal::new(StatusCode::BAD_REQUEST, "structure", format!("the body is not JSON: {e}")))?;
	let submitted = fhir::read_provide_bundle(&bundle)
		.map_err(|fhir::BadBundle(why)| Refusal::new(StatusCode::BAD_REQUEST, "invalid", why))?;
	let mut accepted = Vec::new();
	for doc in submitted {
		let anchor = match &chain {
			Some(chain) => anchor_for(chain, &doc, organization).await?,
			None => unenforced_anchor(&doc, organization)?,
		};
		match gateway.store.describe(&anchor.id.to_string()).await {
			Err(StoreError::NotFound) => {},
			Ok(_) => return Err(StoreError::Exists.into()),
			Err(e) => return Err(e.into()),
		}
		accepted.push(Accepted { submitted: doc, anchor });
	}
	let deposited_by = polkadot_sdk::sp_core::crypto::Ss58Codec::to_ss58check(&verified.signer);
	let mut created = Vec::new();
	for Accepted { submitted, anchor } in accepted {
		let doc = Document {
			id: anchor.id.to_string(),
			anchor: anchor.id,
			subject: anchor.subject.key(),
			content_hash: anchor.content_hash,
			algorithm: anchor.algorithm,
			content_type: submitted.content_type.clone(),
			size: submitted.bytes.len() as u64,
			deposited_by: deposited_by.clone(),
			deposited_at: now(),
		};
		gateway.store.put(&doc, &submitted.bytes).await?;
		created.push((submitted.doc_ref_entry, format!("DocumentReference/{}", doc.id)));
		if let Some(b) = submitted.binary_entry {
			created.push((b, format!("Binary/{}", doc.id)));
		}
	}
	let entries = bundle.get("entry").and_then(Value::as_array).map_or(0, Vec::len);
	let submission_set = format!("{}", now());
	Ok(fhir_json(StatusCode::OK, &fhir::transaction_response(entries, &created, &submission_set)))
}

/// The subject a find asks about: `patient=Patient/<id>`, `patient=<id>`, or
/// `patient.identifier=urn:healthchain:patient|<id>`.
fn patient_param(params: &HashMap<String, String>) -> Result<String, Refusal> {
	let missing = || {
		Refusal::new(
			StatusCode::BAD_REQUEST,
			"required",
			"name the patient: patient=Patient/<account> or patient.identifier=urn:healthchain:patient|<account>",
		)
	};
	if let Some(p) = params.get("patient") {
		let id = p.strip_prefix("Patient/").unwrap_or(p);
		return if id.is_empty() { Err(missing()) } else { Ok(id.to_owned()) };
	}
	let identifier = params.get("patient.identifier").ok_or_else(missing)?;
	match identifier.split_once('|') {
		Some((system, value)) if system == fhir::PATIENT_SYSTEM && !value.is_empty() => Ok(value.to_owned()),
		_ => Err(missing()),
	}
}

/// ITI-67: `GET /fhir/DocumentReference?patient=…`.
async fn find(
	State(gateway): State<Arc<Gateway>>,
	uri: Uri,
	Query(params): Query<HashMap<String, String>>,
	Signed { verified, requester, .. }: Signed,
) -> Result<Response, Refusal> {
	let purpose = purpose_of(&verified)?;
	let subject = patient_param(&params)?;
	let category = params
		.get("category")
		.map(|c| {
			let code = c.rsplit('|').next().unwrap_or(c);
			RecordCategory::ALL
				.iter()
				.find(|k| k.as_str().eq_ignore_ascii_case(code))
				.copied()
				.ok_or_else(|| {
					let all: Vec<&str> = RecordCategory::ALL.iter().map(|k| k.as_str()).collect();
					Refusal::new(
						StatusCode::BAD_REQUEST,
						"code-invalid",
						format!("category `{c}` is not a record category; one of {}", all.join(", ")),
					)
				})
		})
		.transpose()?;
	let chain = gateway.chain.view().await?;
	let mut found = Vec::new();
	for doc in gateway.store.about(&subject).await? {
		if let Some(date) = params.get("date") {
			let matches = fhir::date_matches(date, doc.deposited_at)
				.map_err(|e| Refusal::new(StatusCode::BAD_REQUEST, "value", e))?;
			if !matches {
				continue;
			}
		}
		let Some(anchor) = chain.anchor(doc.anchor).await? else { continue };
		if category.is_some_and(|c| c != anchor.category) {
			continue;
		}
		if let Some(status) = params.get("status") {
			if status != if anchor.current { "current" } else { "superseded" } {
				continue;
			}
		}
		let decision = chain
			.anchor_access(&requester, anchor.id, ConsentAction::Access, purpose)
			.await?;
		if decision.is_some_and(|d| d.is_permit()) {
			found.push(fhir::document_reference(&doc, &anchor, &gateway.base_url));
		}
	}
	let self_url = format!("{}{}", gateway.base_url, uri);
	Ok(fhir_json(StatusCode::OK, &fhir::searchset(found, &self_url)))
}

/// The two access records of a retrieve, checked against the request and the anchor.
struct AccessRecords {
	release: Vec<u8>,
	refusal: Vec<u8>,
}

async fn access_records(
	chain: &View,
	headers: &HeaderMap,
	requester: &AccountId32,
	patient: &AccountId32,
	anchor: u64,
	purpose: PurposeOfUse,
) -> Result<AccessRecords, Refusal> {
	let bad = |text: String| Refusal::new(StatusCode::BAD_REQUEST, "invalid", text);
	let read = |name: &'static str| -> Result<Vec<u8>, Refusal> {
		let value = headers.get(name).and_then(|v| v.to_str().ok()).ok_or_else(|| {
			bad(format!(
				"a retrieve carries {name}: your signed Consent::record_access(patient, Access, category, None, [], \
				 purpose, {}, Some({anchor}), None), hex-encoded; X-Access-Record with Success and \
				 X-Access-Refusal with Failure, at the same account nonce",
				if name == "x-access-record" { "Success" } else { "Failure" }
			))
		})?;
		hex::decode(value.trim().trim_start_matches("0x")).map_err(|e| bad(format!("{name} is not hex: {e}")))
	};
	let release = read("x-access-record")?;
	let refusal = read("x-access-refusal")?;
	for (name, bytes, success) in [("X-Access-Record", &release, true), ("X-Access-Refusal", &refusal, false)] {
		let record: AccessRecord = chain.read_access_record(bytes).await.map_err(|e| bad(format!("{name}: {e}")))?;
		let wrong = if &record.signer != requester {
			Some("is signed by another account than the request".to_owned())
		} else if &record.patient != patient {
			Some("names another patient than the document's".to_owned())
		} else if record.action != ConsentAction::Access {
			Some(format!("records {:?}, not Access", record.action))
		} else if record.record != Some(anchor) {
			Some(match record.record {
				Some(other) => format!("names record {other}, not {anchor}"),
				None => format!("names no record, not {anchor}"),
			})
		} else if record.purpose != purpose {
			Some(format!("declares {}, the request {}", record.purpose.as_str(), purpose.as_str()))
		} else if record.success != success {
			Some(format!("records {}", if record.success { "Success" } else { "Failure" }))
		} else if record.has_recipient {
			Some("names a recipient (only a disclosure does)".to_owned())
		} else {
			None
		};
		if let Some(wrong) = wrong {
			return Err(bad(format!("{name} {wrong}")));
		}
	}
	Ok(AccessRecords { release, refusal })
}

/// ITI-68: `GET /fhir/Binary/{id}`.
async fn retrieve(
	State(gateway): State<Arc<Gateway>>,
	Path(id): Path<String>,
	Signed { verified, requester, headers }: Signed,
) -> Result<Response, Refusal> {
	let purpose = purpose_of(&verified)?;
	if !gateway.enforce {
		let (doc, bytes) = gateway.store.get(&id).await?;
		return Ok((StatusCode::OK, [(header::CONTENT_TYPE, doc.content_type)], bytes).into_response());
	}
	let doc = gateway.store.describe(&id).await?;
	let chain = gateway.chain.view().await?;
	let anchor = chain.anchor(doc.anchor).await?.ok_or_else(|| {
		Refusal::new(
			StatusCode::NOT_FOUND,
			"not-found",
			format!("anchor {} of this document is not on chain", doc.anchor),
		)
	})?;
	let patient = chain.patient_of(&anchor.subject).await?.ok_or_else(|| {
		Refusal::new(StatusCode::FORBIDDEN, "forbidden", "the document's subject is no active patient's")
	})?;
	let records = access_records(&chain, &headers, &requester, &patient, anchor.id, purpose).await?;
	let decision = chain
		.anchor_access(&requester, anchor.id, ConsentAction::Access, purpose)
		.await?
		.unwrap_or(AccessDecision::DenyUnknownRecord);
	let what = format!("Binary/{id} for {requester}");
	if !decision.is_permit() {
		let recorded = chain.submit(records.refusal, format!("refusal of {what}")).await;
		let mut refusal = Refusal::new(
			StatusCode::FORBIDDEN,
			"forbidden",
			format!(
				"the chain refuses: {}. {}{}",
				fhir::explain(&decision),
				fhir::how_to_ask(&patient.to_string(), anchor.category.as_str(), purpose.as_str()),
				match &recorded {
					Ok(_) => String::new(),
					Err(e) => format!(" (the refusal could not be recorded: {e})"),
				}
			),
		);
		refusal.details = Some(fhir::decision_details(&decision));
		return Err(refusal);
	}
	let bytes = match gateway.store.get(&id).await {
		Ok((_, bytes)) if anchor.algorithm.matches(&bytes, &anchor.content_hash) => bytes,
		Ok(_) => {
			let _ = chain.submit(records.refusal, format!("refusal of {what}")).await;
			return Err(Refusal::new(
				StatusCode::INTERNAL_SERVER_ERROR,
				"exception",
				"the stored document no longer matches its anchor on chain; it is not served",
			));
		},
		Err(e) => {
			let _ = chain.submit(records.refusal, format!("refusal of {what}")).await;
			return Err(e.into());
		},
	};
	let tx = chain.submit(records.release, format!("release of {what}")).await?;
	let decision_code = fhir::decision_code(&decision);
	let wants_fhir = headers
		.get(header::ACCEPT)
		.and_then(|v| v.to_str().ok())
		.is_some_and(|a| a.contains("fhir+json") || a.contains("application/json"));
	let mut response = if wants_fhir {
		use base64::Engine;
		let binary = serde_json::json!({
			"resourceType": "Binary",
			"id": id,
			"contentType": doc.content_type,
			"data": base64::engine::general_purpose::STANDARD.encode(&bytes),
		});
		fhir_json(StatusCode::OK, &binary)
	} else {
		(StatusCode::OK, [(header::CONTENT_TYPE, doc.content_type.clone())], bytes).into_response()
	};
	for (name, value) in [("x-access-record-hash", tx), ("x-access-decision", decision_code)] {
		if let Ok(v) = value.parse() {
			response.headers_mut().insert(name, v);
		}
	}
	Ok(response)
}

/// Erasure: `DELETE /fhir/Binary/{id}`, by the patient or a delegate who may manage their
/// consents.
async fn erase(
	State(gateway): State<Arc<Gateway>>,
	Path(id): Path<String>,
	Signed { requester, .. }: Signed,
) -> Result<Response, Refusal> {
	let doc = gateway.store.describe(&id).await?;
	let chain = gateway.chain.view().await?;
	let anchor = chain.anchor(doc.anchor).await?;
	let subject = anchor.map(|a| a.subject);
	let patient = match &subject {
		Some(s) => chain.patient_of(s).await?,
		None => None,
	};
	let allowed = match &patient {
		Some(p) => chain.may_act_for(&requester, p, DelegateAction::ManageConsent).await?,
		None => false,
	};
	if !allowed {
		return Err(Refusal::new(
			StatusCode::FORBIDDEN,
			"forbidden",
			"only the patient, or a delegate with the ManageConsent scope, may have a document erased",
		));
	}
	gateway.store.erase(&id, now()).await?;
	let subject = subject.as_ref().map(Subject::key).unwrap_or_default();
	let body = fhir::outcome(
		"information",
		"informational",
		&format!(
			"Binary/{id} of Patient/{subject} is erased: its key is destroyed; its anchor {} stays on chain as a hash",
			doc.anchor
		),
		None,
	);
	Ok(fhir_json(StatusCode::OK, &body))
}
