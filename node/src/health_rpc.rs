//! `health_*` JSON-RPC: plain-JSON read access for auditors and hospital systems over the runtime
//! APIs of `healthchain-runtime-api`. Every method takes an optional block hash (`at`) to read
//! history ("was this consent valid at block N?"); hashes are hex, enums are names, block numbers
//! are numbers, and bad parameters get a JSON-RPC error (-32602) saying what is wrong.

use std::{str::FromStr, sync::Arc};

use crate::anchor_index::{AnchorLists, IdPage, List};
use healthchain_primitives::{
	AccessDecision, AccessQuery, ComplianceRefusal, ConsentAction, FhirResourceType, PurposeOfUse, RecordCategory,
	SecurityLabel,
};
use healthchain_runtime::{opaque::Block, AccountId, BlockNumber};
use healthchain_runtime_api::{AnchorInfo, AnchorsApi, ComplianceApi, ConsentApi, PatientIdentityApi};
use jsonrpsee::{
	core::RpcResult,
	proc_macros::rpc,
	types::{error::ErrorObjectOwned, ErrorObject},
};
use polkadot_sdk::{
	sp_api::ProvideRuntimeApi,
	sp_blockchain::HeaderBackend,
	sp_core::{crypto::Ss58Codec, H256},
	sp_runtime::traits::Block as BlockT,
};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

/// JSON-RPC error codes of the `health_*` methods.
pub mod error {
	/// Invalid parameters (standard JSON-RPC code).
	pub const INVALID_PARAMS: i32 = -32602;
	/// The block is unknown or the runtime call failed.
	pub const RUNTIME: i32 = 1001;
}

fn invalid(msg: impl Into<String>) -> ErrorObjectOwned {
	ErrorObject::owned(error::INVALID_PARAMS, msg.into(), None::<()>)
}

/// A page size between 1 and [`MAX_PAGE`] (default [`MAX_PAGE`]).
fn page_limit(limit: Option<u32>) -> Result<u32, ErrorObjectOwned> {
	let limit = limit.unwrap_or(MAX_PAGE);
	if limit == 0 || limit > MAX_PAGE {
		return Err(invalid(format!("limit must be between 1 and {MAX_PAGE}")));
	}
	Ok(limit)
}

fn runtime_err(e: impl std::fmt::Display) -> ErrorObjectOwned {
	ErrorObject::owned(error::RUNTIME, format!("runtime call failed: {e}"), None::<()>)
}

/// Parse an account: SS58 (any prefix) or 0x-prefixed 32-byte hex.
pub fn parse_account(s: &str) -> Result<AccountId, ErrorObjectOwned> {
	if let Some(hex) = s.strip_prefix("0x") {
		let bytes = hex::decode(hex).map_err(|e| invalid(format!("account `{s}`: bad hex ({e})")))?;
		let arr: [u8; 32] = bytes
			.try_into()
			.map_err(|b: Vec<u8>| invalid(format!("account `{s}`: expected 32 bytes, got {}", b.len())))?;
		return Ok(AccountId::from(arr));
	}
	AccountId::from_ss58check(s).map_err(|e| invalid(format!("account `{s}`: not an SS58 address ({e:?})")))
}

/// Parse a 32-byte hash given as 0x-prefixed hex.
pub fn parse_hash(what: &str, s: &str) -> Result<H256, ErrorObjectOwned> {
	let hex = s
		.strip_prefix("0x")
		.ok_or_else(|| invalid(format!("{what} `{s}`: expected 0x-prefixed hex")))?;
	let bytes = hex::decode(hex).map_err(|e| invalid(format!("{what} `{s}`: bad hex ({e})")))?;
	if bytes.len() != 32 {
		return Err(invalid(format!("{what} `{s}`: expected 32 bytes, got {}", bytes.len())));
	}
	Ok(H256::from_slice(&bytes))
}

fn parse_code<T: Copy + 'static>(
	what: &str,
	all: &'static [T],
	name: impl Fn(&T) -> &'static str,
	s: &str,
) -> Result<T, ErrorObjectOwned> {
	all.iter().find(|c| name(c).eq_ignore_ascii_case(s)).copied().ok_or_else(|| {
		let names: Vec<&str> = all.iter().map(&name).collect();
		invalid(format!("unknown {what} `{s}`; expected one of {}", names.join(", ")))
	})
}

fn category(s: &str) -> Result<RecordCategory, ErrorObjectOwned> {
	parse_code("record category", RecordCategory::ALL, RecordCategory::as_str, s)
}
fn purpose(s: &str) -> Result<PurposeOfUse, ErrorObjectOwned> {
	parse_code("purpose of use", PurposeOfUse::ALL, PurposeOfUse::as_str, s)
}
fn label(s: &str) -> Result<SecurityLabel, ErrorObjectOwned> {
	parse_code("security label", SecurityLabel::ALL, SecurityLabel::as_str, s)
}
fn action(s: &str) -> Result<ConsentAction, ErrorObjectOwned> {
	parse_code("action", ConsentAction::ALL, ConsentAction::as_str, s)
}
fn resource_type(s: &str) -> Result<FhirResourceType, ErrorObjectOwned> {
	parse_code("FHIR resource type", FhirResourceType::ALL, FhirResourceType::as_str, s)
}

/// Largest page the RPC returns.
pub const MAX_PAGE: u32 = 100;

/// An access query in JSON.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AccessQueryJson {
	/// The requesting member account.
	pub requester: String,
	/// The patient account.
	pub patient: String,
	/// Store, Access, Use, Disclose or Amend.
	pub action: String,
	/// Record category.
	pub category: String,
	/// FHIR resource type (optional).
	#[serde(default)]
	pub resource_type: Option<String>,
	/// Security labels (optional).
	#[serde(default)]
	pub labels: Vec<String>,
	/// Purpose of use.
	pub purpose: String,
	/// An anchored record the query is about (optional): its category, labels, version line,
	/// custodian, author and clinical time are then read from the anchor.
	#[serde(default)]
	pub record: Option<u64>,
	/// Who a disclosure goes to (optional; for `Disclose`).
	#[serde(default)]
	pub recipient: Option<RecipientJson>,
}

/// A disclosure recipient in JSON: exactly one of a member account or an organisation id.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct RecipientJson {
	/// A member account (SS58 or hex).
	#[serde(default)]
	pub account: Option<String>,
	/// An organisation id.
	#[serde(default)]
	pub organization: Option<u32>,
}

fn recipient(r: &RecipientJson) -> RpcResult<healthchain_primitives::Recipient<AccountId>> {
	match (&r.account, r.organization) {
		(Some(a), None) => Ok(healthchain_primitives::Recipient::Member(parse_account(a)?)),
		(None, Some(o)) => Ok(healthchain_primitives::Recipient::Organization(o)),
		_ => Err(invalid("recipient: give exactly one of `account` or `organization`")),
	}
}

fn recipient_json(r: &healthchain_primitives::Recipient<AccountId>) -> Value {
	match r {
		healthchain_primitives::Recipient::Member(a) => json!({"account": account_json(a)}),
		healthchain_primitives::Recipient::Organization(o) => json!({"organization": o}),
	}
}

fn refusal_json(r: &ComplianceRefusal) -> Value {
	match r {
		ComplianceRefusal::UnknownOrganization => json!({"reason": "UnknownOrganization"}),
		ComplianceRefusal::OrganizationInactive => json!({"reason": "OrganizationInactive"}),
		ComplianceRefusal::MissingAttestation(t) => {
			json!({"reason": "MissingAttestation", "attestationType": t.as_str()})
		},
		ComplianceRefusal::AttestationExpired(t) => {
			json!({"reason": "AttestationExpired", "attestationType": t.as_str()})
		},
		ComplianceRefusal::AttestationRevoked(t) => {
			json!({"reason": "AttestationRevoked", "attestationType": t.as_str()})
		},
		ComplianceRefusal::AttestorNotAccredited(t) => {
			json!({"reason": "AttestorNotAccredited", "attestationType": t.as_str()})
		},
		ComplianceRefusal::AttestorInactive(t) => json!({"reason": "AttestorInactive", "attestationType": t.as_str()}),
		ComplianceRefusal::NotPermittedForKind => json!({"reason": "NotPermittedForKind"}),
	}
}

/// A decision in JSON: `{permit, basis|reason, consent?, provision?, episode?, label?, compliance?}`.
pub fn decision_json(d: &AccessDecision) -> Value {
	match d {
		AccessDecision::Permit { consent, provision } => {
			json!({"permit": true, "basis": "Consent", "consent": consent, "provision": provision})
		},
		AccessDecision::PermitBreakGlass { episode } => {
			json!({"permit": true, "basis": "BreakGlass", "episode": episode})
		},
		AccessDecision::PermitBreakGlassOverridingDeny { episode, consent, provision } => json!({
			"permit": true, "basis": "BreakGlass", "episode": episode,
			"overrides": {"consent": consent, "provision": provision},
		}),
		AccessDecision::Deny { consent, provision } => {
			json!({"permit": false, "reason": "DeniedByConsent", "consent": consent, "provision": provision})
		},
		AccessDecision::DenyNoConsent => json!({"permit": false, "reason": "NoConsent"}),
		AccessDecision::DenySensitiveLabel(l) => {
			json!({"permit": false, "reason": "SensitiveLabelNotPermitted", "label": l.as_str()})
		},
		AccessDecision::DenyUnknownPatient => json!({"permit": false, "reason": "UnknownPatient"}),
		AccessDecision::DenyRequesterNotMember => json!({"permit": false, "reason": "RequesterNotMember"}),
		AccessDecision::DenyInvalidQuery => json!({"permit": false, "reason": "InvalidQuery"}),
		AccessDecision::DenyRoleNotPermitted => json!({"permit": false, "reason": "RoleNotPermitted"}),
		AccessDecision::DenyNotCompliant(r) => {
			json!({"permit": false, "reason": "NotCompliant", "compliance": refusal_json(r)})
		},
		AccessDecision::DenyUnknownRecord => json!({"permit": false, "reason": "UnknownRecord"}),
		AccessDecision::DenyEmergencyOverrideRefused { episode, consent, provision } => json!({
			"permit": false, "reason": "EmergencyOverrideRefused", "episode": episode,
			"consent": consent, "provision": provision,
		}),
	}
}

/// The FHIR converter's clock from the chain's.
pub fn fhir_clock(c: healthchain_runtime_api::ChainClock<BlockNumber>) -> healthchain_fhir_consent::Clock {
	healthchain_fhir_consent::Clock {
		block: c.block,
		unix: i64::try_from(c.timestamp_ms / 1000).unwrap_or(i64::MAX),
		block_secs: i64::try_from(c.block_ms / 1000).unwrap_or(6).max(1),
	}
}

/// A consent read from the chain, as the FHIR converter takes it.
fn chain_consent(
	c: healthchain_runtime_api::ConsentView<AccountId, BlockNumber>,
) -> healthchain_fhir_consent::ChainConsent {
	healthchain_fhir_consent::ChainConsent {
		patient: c.patient,
		grantee: c.grantee,
		provision: c.provision,
		exceptions: c.exceptions.into_iter().map(|e| (e.parent, e.provision)).collect(),
		policy: c.policy,
		start: Some(c.start),
		end: c.end,
		emergency: c.emergency,
	}
}

fn account_json(a: &AccountId) -> String {
	a.to_ss58check()
}

fn anchor_json(a: &AnchorInfo<AccountId>, anchored_at: Option<u32>) -> Value {
	let subject = match &a.subject {
		pallet_record_anchors::RecordSubject::Patient(p) => json!({"patient": account_json(p)}),
		pallet_record_anchors::RecordSubject::Pseudonym(h) => json!({"pseudonym": format!("{h:?}")}),
	};
	json!({
		"id": a.id,
		"author": account_json(&a.author),
		"organization": a.organization,
		"subject": subject,
		"contentHash": format!("{:?}", a.content_hash),
		"hashAlgorithm": format!("{:?}", a.hash_algorithm),
		"category": a.category.as_str(),
		"resourceType": a.resource_type.as_str(),
		"labels": a.labels.iter().map(|l| l.as_str()).collect::<Vec<_>>(),
		"status": format!("{:?}", a.status),
		"clinicalTime": a.clinical_time,
		"anchoredAt": anchored_at,
		"original": a.original,
		"latest": a.latest,
	})
}

/// The `health_*` methods.
#[rpc(server)]
pub trait HealthApi<BlockHash> {
	/// Patient status: registered?, commitment.
	#[method(name = "health_patientStatus")]
	fn patient_status(&self, account: String, at: Option<BlockHash>) -> RpcResult<Value>;

	/// Whether `agent` may take `action` (delegate-scope bit name) for `patient`.
	#[method(name = "health_mayActFor")]
	fn may_act_for(&self, agent: String, patient: String, action: String, at: Option<BlockHash>) -> RpcResult<bool>;

	/// Organisation, kind and role of a member account (null if not an active member).
	#[method(name = "health_membership")]
	fn membership(&self, account: String, at: Option<BlockHash>) -> RpcResult<Value>;

	/// Whether an organisation may anchor records of a category, with the reason if not.
	#[method(name = "health_isCompliant")]
	fn is_compliant(&self, org: u32, category: String, at: Option<BlockHash>) -> RpcResult<Value>;

	/// The consent decision for a query, with its reason.
	#[method(name = "health_checkAccess")]
	fn check_access(&self, query: AccessQueryJson, at: Option<BlockHash>) -> RpcResult<Value>;

	/// The patient's accounting of disclosures.
	#[method(name = "health_accessLog")]
	fn access_log(&self, patient: String, at: Option<BlockHash>) -> RpcResult<Value>;

	/// The patient's recent break-glass episodes.
	#[method(name = "health_breakGlassEpisodes")]
	fn break_glass_episodes(&self, patient: String, at: Option<BlockHash>) -> RpcResult<Value>;

	/// The patient's research opt-in (`null` when none).
	#[method(name = "health_researchConsent")]
	fn research_consent(&self, patient: String, at: Option<BlockHash>) -> RpcResult<Value>;

	/// The patient's consents as FHIR `Consent` resources (`version`: `R4`, the default, or
	/// `R5`): `[{id, resource}]`, or `{id, error}` for a consent R5 cannot state.
	#[method(name = "health_consentsFhir")]
	fn consents_fhir(&self, patient: String, version: Option<String>, at: Option<BlockHash>) -> RpcResult<Value>;

	/// The chain's clock: `{block, timestamp (ms), blockTime (ms)}`.
	#[method(name = "health_clock")]
	fn clock(&self, at: Option<BlockHash>) -> RpcResult<Value>;

	/// Unreviewed break-glass episodes of an organisation past their deadline.
	#[method(name = "health_overdueBreakGlass")]
	fn overdue_break_glass(&self, org: u32, at: Option<BlockHash>) -> RpcResult<Value>;

	/// Anchors of a content hash.
	#[method(name = "health_anchorsByHash")]
	fn anchors_by_hash(&self, content_hash: String, at: Option<BlockHash>) -> RpcResult<Value>;

	/// A page of anchors about a patient account.
	#[method(name = "health_anchorsOfPatient")]
	fn anchors_of_patient(
		&self,
		patient: String,
		start: Option<u32>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Value>;

	/// A page of anchors of an organisation.
	#[method(name = "health_anchorsOfOrganization")]
	fn anchors_of_organization(
		&self,
		org: u32,
		start: Option<u32>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Value>;

	/// Whether a document hash matches an anchor.
	#[method(name = "health_verifyRecord")]
	fn verify_record(&self, anchor: u64, content_hash: String, at: Option<BlockHash>) -> RpcResult<Value>;
}

/// The `health_*` RPC handler.
pub struct Health<C> {
	client: Arc<C>,
	anchors: Option<Arc<dyn AnchorLists>>,
}

impl<C> Health<C> {
	/// A handler over `client`, with the node's anchor index (`None`: the node keeps no
	/// offchain database, and the anchor lists are unavailable).
	pub fn new(client: Arc<C>, anchors: Option<Arc<dyn AnchorLists>>) -> Self {
		Self { client, anchors }
	}
}

impl<C> Health<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
{
	/// A page of the node's anchor index at `at`.
	fn anchor_page(&self, list: &List, start: u32, limit: u32, at: H256) -> Result<IdPage, ErrorObjectOwned> {
		let index = self.anchors.as_ref().ok_or_else(|| {
			ErrorObject::owned(error::RUNTIME, "this node keeps no anchor index (no offchain database)", None::<()>)
		})?;
		index
			.page(list, start, limit, at)
			.map_err(|e| ErrorObject::owned(error::RUNTIME, e, None::<()>))
	}

	/// The anchors `ids` at `at` as JSON, each with the block it was anchored in once indexed.
	fn anchors_json(&self, ids: &[u64], at: H256) -> Result<Vec<Value>, ErrorObjectOwned>
	where
		C::Api: AnchorsApi<Block, AccountId>,
	{
		let api = self.client.runtime_api();
		let mut out = Vec::with_capacity(ids.len());
		for id in ids {
			if let Some(a) = api.anchor(at, *id).map_err(runtime_err)? {
				out.push(anchor_json(&a, self.anchors.as_ref().and_then(|i| i.anchored_at(*id))));
			}
		}
		Ok(out)
	}

	fn at(&self, at: Option<<Block as BlockT>::Hash>) -> Result<<Block as BlockT>::Hash, ErrorObjectOwned> {
		// Auditors read what cannot be reverted: the finalized block unless they name another.
		let hash = at.unwrap_or_else(|| self.client.info().finalized_hash);
		match self.client.header(hash) {
			Ok(Some(_)) => Ok(hash),
			Ok(None) => Err(invalid(format!("unknown block {hash:?}"))),
			Err(e) => Err(runtime_err(e)),
		}
	}
}

fn delegate_action_bit(s: &str) -> Result<u32, ErrorObjectOwned> {
	use healthchain_primitives::delegate_action::*;
	Ok(match s {
		"MANAGE_CONSENT" => MANAGE_CONSENT,
		"APPROVE_ACCESS" => APPROVE_ACCESS,
		"NOTIFY" => NOTIFY,
		"ANCHOR_RECORDS" => ANCHOR_RECORDS,
		"RECOVERY" => RECOVERY,
		"READ_AUDIT" => READ_AUDIT,
		_ => return Err(invalid(format!(
			"unknown delegate action `{s}`; expected MANAGE_CONSENT, APPROVE_ACCESS, NOTIFY, ANCHOR_RECORDS, RECOVERY or READ_AUDIT"
		))),
	})
}

impl<C> HealthApiServer<<Block as BlockT>::Hash> for Health<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: PatientIdentityApi<Block, AccountId>
		+ ComplianceApi<Block, AccountId>
		+ ConsentApi<Block, AccountId, BlockNumber>
		+ AnchorsApi<Block, AccountId>,
{
	fn patient_status(&self, account: String, at: Option<H256>) -> RpcResult<Value> {
		let who = parse_account(&account)?;
		let at = self.at(at)?;
		let c = self.client.runtime_api().commitment_of(at, who.clone()).map_err(runtime_err)?;
		Ok(json!({
			"account": account_json(&who),
			"registered": c.is_some(),
			"commitment": c.map(|h| format!("{h:?}")),
			"block": format!("{at:?}"),
		}))
	}

	fn may_act_for(&self, agent: String, patient: String, action: String, at: Option<H256>) -> RpcResult<bool> {
		let (agent, patient, bit) = (parse_account(&agent)?, parse_account(&patient)?, delegate_action_bit(&action)?);
		let at = self.at(at)?;
		self.client
			.runtime_api()
			.may_act_for(at, agent, patient, bit)
			.map_err(runtime_err)
	}

	fn membership(&self, account: String, at: Option<H256>) -> RpcResult<Value> {
		let who = parse_account(&account)?;
		let at = self.at(at)?;
		let m = self.client.runtime_api().membership(at, who).map_err(runtime_err)?;
		Ok(m.map_or(
			Value::Null,
			|(org, kind, role)| json!({"organization": org, "kind": kind.as_str(), "role": role.as_str()}),
		))
	}

	fn is_compliant(&self, org: u32, category_name: String, at: Option<H256>) -> RpcResult<Value> {
		let cat = category(&category_name)?;
		let at = self.at(at)?;
		let r = self.client.runtime_api().is_compliant(at, org, cat).map_err(runtime_err)?;
		Ok(match r {
			Ok(()) => json!({"organization": org, "category": cat.as_str(), "compliant": true}),
			Err(reason) => {
				let mut v = json!({"organization": org, "category": cat.as_str(), "compliant": false});
				if let (Some(obj), Value::Object(r)) = (v.as_object_mut(), refusal_json(&reason)) {
					obj.extend(r);
				}
				v
			},
		})
	}

	fn check_access(&self, q: AccessQueryJson, at: Option<H256>) -> RpcResult<Value> {
		if q.labels.len() > healthchain_primitives::MAX_QUERY_LABELS {
			return Err(invalid(format!(
				"labels: at most {} security labels, got {}",
				healthchain_primitives::MAX_QUERY_LABELS,
				q.labels.len()
			)));
		}
		let query = AccessQuery {
			requester: parse_account(&q.requester)?,
			patient: parse_account(&q.patient)?,
			action: action(&q.action)?,
			category: category(&q.category)?,
			resource_type: q.resource_type.as_deref().map(resource_type).transpose()?,
			labels: q.labels.iter().map(|l| label(l)).collect::<Result<_, _>>()?,
			purpose: purpose(&q.purpose)?,
			data: q
				.record
				.map_or(healthchain_primitives::DataContext::Unspecified, healthchain_primitives::DataContext::Anchor),
			recipient: q.recipient.as_ref().map(recipient).transpose()?,
		};
		let at = self.at(at)?;
		let d = self.client.runtime_api().check_access(at, query).map_err(runtime_err)?;
		Ok(decision_json(&d))
	}

	fn access_log(&self, patient: String, at: Option<H256>) -> RpcResult<Value> {
		let who = parse_account(&patient)?;
		let at = self.at(at)?;
		let log = self.client.runtime_api().access_log(at, who).map_err(runtime_err)?;
		Ok(Value::Array(
			log.iter()
				.map(|e| {
					json!({
						"seq": e.seq,
						"accessor": account_json(&e.accessor),
						"organization": e.organization,
						"action": e.action.as_str(),
						"category": e.category.as_str(),
						"record": e.record,
						"recipient": e.recipient.as_ref().map(recipient_json),
						"purpose": e.purpose.as_str(),
						"decision": decision_json(&e.decision),
						"outcome": format!("{:?}", e.outcome),
						"block": e.at,
					})
				})
				.collect(),
		))
	}

	fn break_glass_episodes(&self, patient: String, at: Option<H256>) -> RpcResult<Value> {
		let who = parse_account(&patient)?;
		let at = self.at(at)?;
		let eps = self.client.runtime_api().break_glass_episodes(at, who).map_err(runtime_err)?;
		Ok(Value::Array(
			eps.iter()
				.map(|(id, requester, org, purpose, reason, opened, expires, reviewed, overdue)| {
					json!({
						"id": id, "requester": account_json(requester), "organization": org,
						"purpose": purpose.as_str(), "reason": format!("{reason:?}"),
						"openedAt": opened, "expiresAt": expires, "reviewed": reviewed, "overdue": overdue,
					})
				})
				.collect(),
		))
	}

	fn consents_fhir(&self, patient: String, version: Option<String>, at: Option<H256>) -> RpcResult<Value> {
		use healthchain_fhir_consent as fhir;
		let version = match version.as_deref() {
			None | Some("R4") | Some("r4") => fhir::Version::R4,
			Some("R5") | Some("r5") => fhir::Version::R5,
			Some(other) => return Err(invalid(format!("version `{other}`: expected R4 or R5"))),
		};
		let who = parse_account(&patient)?;
		let at = self.at(at)?;
		let api = self.client.runtime_api();
		let clock = fhir_clock(api.clock(at).map_err(runtime_err)?);
		let consents = api.consents(at, who).map_err(runtime_err)?;
		Ok(Value::Array(
			consents
				.into_iter()
				.map(|c| {
					let id = c.id;
					let recorded = clock.to_unix(c.recorded_at);
					match fhir::export(&chain_consent(c), version, &clock, &fhir::ChainDirectory) {
						Ok(mut resource) => {
							resource["id"] = json!(format!("healthchain-consent-{id}"));
							let key = if version == fhir::Version::R4 { "dateTime" } else { "date" };
							resource[key] = json!(fhir::format_instant(recorded - recorded.rem_euclid(86_400)));
							json!({"id": id, "resource": resource})
						},
						Err(e) => json!({"id": id, "error": e.to_string()}),
					}
				})
				.collect(),
		))
	}

	fn clock(&self, at: Option<H256>) -> RpcResult<Value> {
		let at = self.at(at)?;
		let c = self.client.runtime_api().clock(at).map_err(runtime_err)?;
		Ok(json!({"block": c.block, "timestamp": c.timestamp_ms, "blockTime": c.block_ms}))
	}

	fn research_consent(&self, patient: String, at: Option<H256>) -> RpcResult<Value> {
		let who = parse_account(&patient)?;
		let at = self.at(at)?;
		let opt_in = self.client.runtime_api().research_consent(at, who).map_err(runtime_err)?;
		Ok(opt_in.map_or(Value::Null, |r| {
			json!({
				"categories": r.categories.iter().map(|c| c.as_str()).collect::<Vec<_>>(),
				"studies": r.studies.iter().map(|s| format!("{s:?}")).collect::<Vec<_>>(),
				"since": r.since,
			})
		}))
	}

	fn overdue_break_glass(&self, org: u32, at: Option<H256>) -> RpcResult<Value> {
		let at = self.at(at)?;
		let eps = self.client.runtime_api().overdue_break_glass(at, org).map_err(runtime_err)?;
		Ok(Value::Array(
			eps.iter()
				.map(|(id, requester, patient, deadline)| {
					json!({"id": id, "requester": account_json(requester), "patient": account_json(patient), "reviewDeadline": deadline})
				})
				.collect(),
		))
	}

	fn anchors_by_hash(&self, content_hash: String, at: Option<H256>) -> RpcResult<Value> {
		let h = parse_hash("content hash", &content_hash)?;
		let at = self.at(at)?;
		let page = self.anchor_page(&List::Hash(h), 0, MAX_PAGE, at)?;
		Ok(Value::Array(self.anchors_json(&page.items, at)?))
	}

	fn anchors_of_patient(
		&self,
		patient: String,
		start: Option<u32>,
		limit: Option<u32>,
		at: Option<H256>,
	) -> RpcResult<Value> {
		let who = parse_account(&patient)?;
		let limit = page_limit(limit)?;
		let at = self.at(at)?;
		let page = self.anchor_page(
			&List::Subject(pallet_record_anchors::RecordSubject::Patient(who)),
			start.unwrap_or(0),
			limit,
			at,
		)?;
		let items = self.anchors_json(&page.items, at)?;
		Ok(json!({"items": items, "next": page.next, "total": page.total}))
	}

	fn anchors_of_organization(
		&self,
		org: u32,
		start: Option<u32>,
		limit: Option<u32>,
		at: Option<H256>,
	) -> RpcResult<Value> {
		let limit = page_limit(limit)?;
		let at = self.at(at)?;
		let page = self.anchor_page(&List::Organization(org), start.unwrap_or(0), limit, at)?;
		Ok(json!({"items": page.items, "next": page.next, "total": page.total}))
	}

	fn verify_record(&self, anchor: u64, content_hash: String, at: Option<H256>) -> RpcResult<Value> {
		let h = parse_hash("content hash", &content_hash)?;
		let at = self.at(at)?;
		let api = self.client.runtime_api();
		let info = api.anchor(at, anchor).map_err(runtime_err)?;
		let Some(info) = info else {
			return Err(invalid(format!("unknown anchor {anchor}")));
		};
		let valid = api.verify_record(at, anchor, h).map_err(runtime_err)?;
		Ok(json!({"anchor": anchor, "valid": valid, "status": format!("{:?}", info.status), "latest": info.latest}))
	}
}

impl FromStr for AccessQueryJson {
	type Err = serde_json::Error;
	fn from_str(s: &str) -> Result<Self, Self::Err> {
		serde_json::from_str(s)
	}
}
