//! `healthchain document …` and `healthchain audit export`: what an integrator does with the
//! gateways — hash a document as its anchor will, anchor it (naming the member's gateway in a
//! sealed pointer), deposit it (IHE ITI-65), find (ITI-67) and retrieve (ITI-68) as another
//! member, have it erased, and export a patient's access log as FHIR `AuditEvent`s.

use crate::{hex, rpc, sign_extrinsic, submit, succeeded, unhex, Failure};
use base64::{engine::general_purpose::STANDARD as B64, Engine};
use codec::{Decode, Encode};
use healthchain_gateway::{hashing::Algorithm, pointer, signature};
use healthchain_primitives::{ConsentAction, FhirResourceType, PurposeOfUse, RecordCategory, SecurityLabel};
use healthchain_runtime::{AccountId, RuntimeCall, RuntimeEvent};
use jsonrpsee::{http_client::HttpClient, rpc_params};
use polkadot_sdk::sp_core::{crypto::Ss58Codec, sr25519, Pair, H256};
use serde_json::{json, Value};

/// A code of `all` by its name (any case).
fn code<T: Copy>(what: &str, all: &[T], name: impl Fn(&T) -> &'static str, s: &str) -> Result<T, Failure> {
	all.iter().find(|c| name(c).eq_ignore_ascii_case(s)).copied().ok_or_else(|| {
		let names: Vec<&str> = all.iter().map(&name).collect();
		Failure(format!("unknown {what} `{s}`; one of {}", names.join(", ")))
	})
}

fn purpose(s: &str) -> Result<PurposeOfUse, Failure> {
	code("purpose of use", PurposeOfUse::ALL, PurposeOfUse::as_str, s)
}

fn algorithm(s: &str) -> Result<Algorithm, Failure> {
	Algorithm::ALL
		.iter()
		.find(|a| a.name().eq_ignore_ascii_case(s))
		.copied()
		.ok_or_else(|| Failure(format!("unknown hash algorithm `{s}`; one of Blake2b256, Sha256, Keccak256")))
}

fn account(s: &str) -> Result<AccountId, Failure> {
	AccountId::from_ss58check(s).map_err(|_| Failure(format!("`{s}` is not an SS58 account")))
}

fn read_file(path: &str) -> Result<Vec<u8>, Failure> {
	std::fs::read(path).map_err(|e| Failure(format!("{path}: {e}")))
}

/// The consortium's directory key (hex, 32 bytes), which seals and opens anchors' pointers.
pub fn directory_key(given: &Option<String>) -> Result<[u8; 32], Failure> {
	let text = given
		.clone()
		.or_else(|| std::env::var("HEALTHCHAIN_DIRECTORY_KEY").ok())
		.ok_or_else(|| {
			Failure("--directory-key: give the consortium's directory key (or set HEALTHCHAIN_DIRECTORY_KEY)".into())
		})?;
	<[u8; 32]>::try_from(unhex(&text)?).map_err(|_| Failure("the directory key is 32 bytes, 64 hex digits".into()))
}

/// `healthchain document hash` (`fhir`: of the file's canonical JSON, as a resource travels).
pub fn hash(file: &str, alg: &str, fhir: bool) -> Result<Value, Failure> {
	let mut bytes = read_file(file)?;
	if fhir {
		let resource: Value =
			serde_json::from_slice(&bytes).map_err(|e| Failure(format!("{file}: not FHIR JSON ({e})")))?;
		bytes = healthchain_gateway::fhir::canonical_json(&resource);
	}
	let algorithm = algorithm(alg)?;
	Ok(
		json!({ "contentHash": format!("0x{}", hex(&algorithm.hash(&bytes))), "algorithm": algorithm.name(), "size": bytes.len() }),
	)
}

/// What `healthchain document anchor` is told.
pub struct AnchorArgs<'a> {
	pub file: &'a str,
	pub patient: &'a str,
	pub category: &'a str,
	pub resource_type: &'a str,
	pub labels: &'a [String],
	pub purpose: &'a str,
	pub algorithm: &'a str,
	pub gateway: Option<&'a str>,
	pub directory_key: &'a Option<String>,
}

/// `healthchain document anchor`.
pub async fn anchor(client: &HttpClient, pair: &sr25519::Pair, a: AnchorArgs<'_>) -> Result<Value, Failure> {
	let bytes = read_file(a.file)?;
	let algorithm = algorithm(a.algorithm)?;
	let labels = a
		.labels
		.iter()
		.map(|l| code("security label", SecurityLabel::ALL, SecurityLabel::as_str, l))
		.collect::<Result<Vec<_>, _>>()?;
	let pointer = match a.gateway {
		Some(url) => pointer::seal(&directory_key(a.directory_key)?, url.trim_end_matches('/')),
		None => Vec::new(),
	};
	let call = RuntimeCall::RecordAnchors(pallet_record_anchors::Call::anchor_record {
		subject: pallet_record_anchors::RecordSubject::Patient(account(a.patient)?),
		content_hash: H256(algorithm.hash(&bytes)),
		hash_algorithm: match algorithm {
			Algorithm::Blake2b256 => pallet_record_anchors::HashAlgorithm::Blake2b256,
			Algorithm::Sha256 => pallet_record_anchors::HashAlgorithm::Sha256,
			Algorithm::Keccak256 => pallet_record_anchors::HashAlgorithm::Keccak256,
		},
		category: code("record category", RecordCategory::ALL, RecordCategory::as_str, a.category)?,
		resource_type: code("FHIR resource type", FhirResourceType::ALL, FhirResourceType::as_str, a.resource_type)?,
		labels: labels.try_into().map_err(|_| Failure("too many labels".into()))?,
		pointer: pointer
			.try_into()
			.map_err(|_| Failure("the gateway URL is too long for a pointer".into()))?,
		metadata_hash: None,
		purpose: purpose(a.purpose)?,
		clinical_time: None,
	});
	let (block, events) = submit(client, pair, call).await?;
	let id = succeeded(events, "the anchor")?.iter().find_map(|e| match e {
		RuntimeEvent::RecordAnchors(pallet_record_anchors::Event::RecordAnchored { id, .. }) => Some(*id),
		_ => None,
	});
	let id = id.ok_or_else(|| Failure("included, but no RecordAnchored event".into()))?;
	Ok(
		json!({ "anchor": id, "block": block, "contentHash": format!("0x{}", hex(&algorithm.hash(&bytes))), "gateway": a.gateway }),
	)
}

/// Anchor `id` as the runtime API answers it.
async fn anchor_info(client: &HttpClient, id: u64) -> Result<healthchain_runtime_api::AnchorInfo<AccountId>, Failure> {
	let raw: String =
		rpc(client, "state_call", rpc_params!["AnchorsApi_anchor", format!("0x{}", hex(&id.encode()))]).await?;
	let info = Option::<healthchain_runtime_api::AnchorInfo<AccountId>>::decode(&mut &unhex(&raw)?[..])
		.map_err(|e| Failure(format!("AnchorsApi_anchor: {e}")))?;
	info.ok_or_else(|| Failure(format!("anchor {id} does not exist")))
}

/// The patient account behind an anchor's subject.
async fn patient_of(
	client: &HttpClient,
	subject: &pallet_record_anchors::RecordSubject<AccountId>,
) -> Result<AccountId, Failure> {
	match subject {
		pallet_record_anchors::RecordSubject::Patient(p) => Ok(p.clone()),
		pallet_record_anchors::RecordSubject::Pseudonym(h) => {
			let raw: String = rpc(
				client,
				"state_call",
				rpc_params!["PatientIdentityApi_resolve_pseudonym", format!("0x{}", hex(&h.encode()))],
			)
			.await?;
			Option::<AccountId>::decode(&mut &unhex(&raw)?[..])
				.ok()
				.flatten()
				.ok_or_else(|| Failure("the anchor's pseudonym resolves to no patient".into()))
		},
	}
}

/// The gateway holding anchor `id`: the URL sealed in its `RecordAnchored` event's pointer.
async fn follow_pointer(client: &HttpClient, id: u64, key: &[u8; 32]) -> Result<String, Failure> {
	let info = anchor_info(client, id).await?;
	let found: Vec<Value> =
		rpc(client, "health_anchorsByHash", rpc_params![format!("0x{}", hex(info.content_hash.as_bytes()))]).await?;
	let block = found
		.iter()
		.find(|a| a["id"].as_u64() == Some(id))
		.and_then(|a| a["anchoredAt"].as_u64())
		.ok_or_else(|| Failure(format!("anchor {id} is not indexed yet (its block is not final); retry")))?;
	let hash: String = rpc(client, "chain_getBlockHash", rpc_params![block]).await?;
	let events = crate::block_events(client, &hash).await?;
	let pointer =
		events
			.iter()
			.find_map(|r| match &r.event {
				RuntimeEvent::RecordAnchors(pallet_record_anchors::Event::RecordAnchored {
					id: i, pointer, ..
				}) if *i == id => Some(pointer.to_vec()),
				_ => None,
			})
			.ok_or_else(|| Failure(format!("no RecordAnchored event of anchor {id} in block {block}")))?;
	pointer::open(key, &pointer).map_err(|e| Failure(format!("anchor {id}: {e}")))
}

/// A request to a gateway, signed with `pair` (RFC 9421 style).
async fn gateway_request(
	pair: &sr25519::Pair,
	method: &str,
	url: &str,
	body: Vec<u8>,
	purpose: Option<&str>,
	extra: &[(&str, String)],
) -> Result<(u16, String, Vec<u8>), Failure> {
	let parsed = reqwest::Url::parse(url).map_err(|e| Failure(format!("{url}: {e}")))?;
	let created = std::time::SystemTime::now()
		.duration_since(std::time::UNIX_EPOCH)
		.map(|d| d.as_secs())
		.unwrap_or_default();
	let mut nonce = [0u8; 16];
	rand::RngCore::fill_bytes(&mut rand::rngs::OsRng, &mut nonce);
	let none = |_: &str| None;
	let request = signature::Request {
		method,
		path: parsed.path(),
		query: parsed.query().unwrap_or(""),
		headers: &none,
		body: &body,
	};
	let headers = signature::sign(pair, &request, purpose, created, &hex(&nonce));
	let method = reqwest::Method::from_bytes(method.as_bytes()).map_err(|e| Failure(e.to_string()))?;
	let mut req = reqwest::Client::new().request(method, parsed.clone());
	for (name, value) in headers
		.iter()
		.map(|(n, v)| (*n, v.clone()))
		.chain(extra.iter().map(|(n, v)| (*n, v.clone())))
	{
		req = req.header(name, value);
	}
	if !body.is_empty() {
		req = req.header("content-type", "application/fhir+json").body(body);
	}
	let res = req.send().await.map_err(|e| Failure(format!("{url}: {e}")))?;
	let status = res.status().as_u16();
	let content_type = res
		.headers()
		.get("content-type")
		.and_then(|v| v.to_str().ok())
		.unwrap_or_default()
		.to_owned();
	let bytes = res.bytes().await.map_err(|e| Failure(format!("{url}: {e}")))?.to_vec();
	Ok((status, content_type, bytes))
}

/// A gateway's answer as JSON, or its `OperationOutcome`'s diagnostics as the failure.
fn answer(status: u16, bytes: &[u8]) -> Result<Value, Failure> {
	let body: Value = serde_json::from_slice(bytes)
		.map_err(|_| Failure(format!("the gateway answered {status}: {}", String::from_utf8_lossy(bytes))))?;
	if (200..300).contains(&status) {
		return Ok(body);
	}
	let text = body["issue"][0]["diagnostics"].as_str().unwrap_or("(no diagnostics)");
	let decision = body["issue"][0]["details"]["coding"][0]["code"].as_str();
	Err(Failure(match decision {
		Some(d) => format!("the gateway refused ({status}, {d}): {text}"),
		None => format!("the gateway refused ({status}): {text}"),
	}))
}

/// `healthchain document deposit`: an ITI-65 Provide Document Bundle of one document.
pub async fn deposit(
	pair: &sr25519::Pair,
	gateway: &str,
	file: &str,
	patient: &str,
	anchor: Option<u64>,
	content_type: &str,
) -> Result<Value, Failure> {
	let bytes = read_file(file)?;
	let mut doc = json!({
		"resourceType": "DocumentReference",
		"status": "current",
		"subject": { "reference": format!("Patient/{patient}") },
		"content": [{ "attachment": { "contentType": content_type, "url": "urn:uuid:00000000-0000-4000-8000-000000000002" } }],
	});
	if let (Some(id), Some(obj)) = (anchor, doc.as_object_mut()) {
		obj.insert("identifier".into(), json!([{ "system": "urn:healthchain:anchor", "value": id.to_string() }]));
	}
	let bundle = json!({
		"resourceType": "Bundle",
		"type": "transaction",
		"entry": [
			{ "fullUrl": "urn:uuid:00000000-0000-4000-8000-000000000001",
			  "resource": { "resourceType": "List", "status": "current", "mode": "working",
				"code": { "coding": [{ "system": "https://profiles.ihe.net/ITI/MHD/CodeSystem/MHDlistTypes", "code": "submissionset" }] },
				"subject": { "reference": format!("Patient/{patient}") },
				"entry": [{ "item": { "reference": "urn:uuid:00000000-0000-4000-8000-000000000003" } }] },
			  "request": { "method": "POST", "url": "List" } },
			{ "fullUrl": "urn:uuid:00000000-0000-4000-8000-000000000003", "resource": doc,
			  "request": { "method": "POST", "url": "DocumentReference" } },
			{ "fullUrl": "urn:uuid:00000000-0000-4000-8000-000000000002",
			  "resource": { "resourceType": "Binary", "contentType": content_type, "data": B64.encode(&bytes) },
			  "request": { "method": "POST", "url": "Binary" } },
		],
	});
	let url = format!("{}/fhir", gateway.trim_end_matches('/'));
	let (status, _, body) = gateway_request(pair, "POST", &url, bundle.to_string().into_bytes(), None, &[]).await?;
	answer(status, &body)
}

/// `healthchain document find`.
pub async fn find(
	pair: &sr25519::Pair,
	gateway: &str,
	patient: &str,
	purpose_code: &str,
	category: Option<&str>,
) -> Result<Value, Failure> {
	purpose(purpose_code)?;
	let mut url = format!("{}/fhir/DocumentReference?patient=Patient/{patient}", gateway.trim_end_matches('/'));
	if let Some(c) = category {
		url.push_str(&format!("&category={c}"));
	}
	let (status, _, body) = gateway_request(pair, "GET", &url, Vec::new(), Some(purpose_code), &[]).await?;
	answer(status, &body)
}

/// The gateway holding anchor `id`: `given`, or the one its sealed pointer names.
pub async fn locate(
	client: &HttpClient,
	id: u64,
	given: Option<String>,
	directory: &Option<String>,
) -> Result<String, Failure> {
	match given {
		Some(g) => Ok(g),
		None => follow_pointer(client, id, &directory_key(directory)?).await,
	}
}

/// `healthchain document retrieve` from `gateway`: the two access records signed at one nonce,
/// the signed request, the bytes written to `out` (or standard output).
pub async fn retrieve(
	client: &HttpClient,
	pair: &sr25519::Pair,
	id: u64,
	gateway: String,
	purpose_code: &str,
	out: Option<&str>,
) -> Result<Value, Failure> {
	let purpose = purpose(purpose_code)?;
	let info = anchor_info(client, id).await?;
	let patient = patient_of(client, &info.subject).await?;
	let who = polkadot_sdk::sp_runtime::MultiSigner::from(pair.public());
	let who = polkadot_sdk::sp_runtime::traits::IdentifyAccount::into_account(who);
	let nonce: u32 = rpc(client, "system_accountNextIndex", rpc_params![who.to_ss58check()]).await?;
	let record = |outcome| {
		RuntimeCall::Consent(pallet_consent::Call::record_access {
			patient: patient.clone(),
			action: ConsentAction::Access,
			category: info.category,
			resource_type: None,
			labels: Default::default(),
			purpose,
			outcome,
			record: Some(id),
			recipient: None,
		})
	};
	let release = sign_extrinsic(client, pair, record(pallet_consent::AccessOutcome::Success), nonce).await?;
	let refusal = sign_extrinsic(client, pair, record(pallet_consent::AccessOutcome::Failure), nonce).await?;
	let url = format!("{}/fhir/Binary/{id}", gateway.trim_end_matches('/'));
	let headers =
		[("x-access-record", format!("0x{}", hex(&release))), ("x-access-refusal", format!("0x{}", hex(&refusal)))];
	let (status, content_type, body) =
		gateway_request(pair, "GET", &url, Vec::new(), Some(purpose_code), &headers).await?;
	if !(200..300).contains(&status) {
		return answer(status, &body);
	}
	let algorithm = match info.hash_algorithm {
		pallet_record_anchors::HashAlgorithm::Blake2b256 => Algorithm::Blake2b256,
		pallet_record_anchors::HashAlgorithm::Sha256 => Algorithm::Sha256,
		pallet_record_anchors::HashAlgorithm::Keccak256 => Algorithm::Keccak256,
	};
	if !algorithm.matches(&body, &info.content_hash.0) {
		return Err(Failure(format!("the bytes {url} sent do not hash to anchor {id}: not written")));
	}
	match out {
		Some(path) => std::fs::write(path, &body).map_err(|e| Failure(format!("{path}: {e}")))?,
		None => {
			use std::io::Write;
			std::io::stdout().write_all(&body).map_err(|e| Failure(e.to_string()))?;
			return Ok(Value::Null);
		},
	}
	Ok(
		json!({ "anchor": id, "gateway": gateway, "contentType": content_type, "size": body.len(), "out": out, "verified": true }),
	)
}

/// `healthchain document erase` at `gateway`.
pub async fn erase(pair: &sr25519::Pair, id: u64, gateway: &str) -> Result<Value, Failure> {
	let url = format!("{}/fhir/Binary/{id}", gateway.trim_end_matches('/'));
	let (status, _, body) = gateway_request(pair, "DELETE", &url, Vec::new(), None, &[]).await?;
	answer(status, &body)
}

/// `healthchain audit export`: the patient's access log as a FHIR R4 `AuditEvent` Bundle, as the
/// node renders it (`health_accessLogFhir`, dated by the chain's clock at the finalized block).
pub async fn audit_export(client: &HttpClient, patient: &str) -> Result<Value, Failure> {
	account(patient)?;
	rpc(client, "health_accessLogFhir", rpc_params![patient]).await
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn codes_are_read_by_name_in_any_case_and_unknown_ones_named() {
		assert!(matches!(purpose("treat"), Ok(PurposeOfUse::TREAT)));
		let Err(Failure(msg)) = purpose("CURE") else { panic!("CURE is no purpose") };
		assert!(msg.contains("TREAT"));
		assert!(algorithm("sha256").is_ok());
		assert!(algorithm("md5").is_err());
	}
}
