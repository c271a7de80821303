//! `health_*` JSON-RPC: plain-JSON read access for auditors and hospital systems over the runtime
//! APIs of `healthchain-runtime-api`. Every method takes an optional block hash (`at`) to read
//! history ("was this consent valid at block N?"); hashes are hex, enums are names, block numbers
//! are numbers, and bad parameters get a JSON-RPC error (-32602) saying what is wrong.

use std::sync::Arc;

use crate::anchor_index::{AnchorLists, IdPage, List};
use healthchain_primitives::{
	AccessDecision, AccessQuery, ComplianceRefusal, ConsentAction, DelegateAction, FhirResourceType, Membership,
	OrganizationId, PurposeOfUse, Recipient, RecordCategory, SecurityLabel,
};
use healthchain_runtime::{opaque::Block, AccountId, BlockNumber};
use healthchain_runtime_api::{
	AnchorInfo, AnchorsApi, ComplianceApi, ConsentApi, EpisodeInfo, OverdueEpisode, PatientIdentityApi,
};
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
use serde_json::Value;

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
	let wanted = s.replace('_', "");
	all.iter()
		.find(|c| name(c).eq_ignore_ascii_case(&wanted))
		.copied()
		.ok_or_else(|| {
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
fn delegate_action(s: &str) -> Result<DelegateAction, ErrorObjectOwned> {
	parse_code("delegate action", DelegateAction::ALL, DelegateAction::as_str, s)
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

/// What the `health_*` methods answer, as serde types: the JSON an auditor reads (hashes as
/// 0x-hex, accounts as SS58, codes by name, block numbers as numbers), one type per answer.
pub mod answers {
	use super::*;

	/// An account in SS58.
	pub fn account(a: &AccountId) -> String {
		a.to_ss58check()
	}

	/// A hash as 0x-prefixed hex.
	pub fn hash(h: &H256) -> String {
		format!("{h:?}")
	}

	/// `health_patientStatus`.
	#[derive(Serialize, Clone, Debug, PartialEq)]
	pub struct PatientStatus {
		pub account: String,
		pub registered: bool,
		pub commitment: Option<String>,
		pub block: String,
	}

	/// `health_membership`.
	#[derive(Serialize, Clone, Debug, PartialEq)]
	pub struct Member {
		pub organization: OrganizationId,
		pub kind: &'static str,
		pub role: &'static str,
	}

	impl From<Membership> for Member {
		fn from(m: Membership) -> Self {
			Self { organization: m.organization, kind: m.kind.as_str(), role: m.role.as_str() }
		}
	}

	/// Why an organisation is not compliant.
	#[derive(Serialize, Clone, Debug, PartialEq)]
	#[serde(rename_all = "camelCase")]
	pub struct Refusal {
		pub reason: &'static str,
		#[serde(skip_serializing_if = "Option::is_none")]
		pub attestation_type: Option<&'static str>,
	}

	impl From<&ComplianceRefusal> for Refusal {
		fn from(r: &ComplianceRefusal) -> Self {
			use ComplianceRefusal::*;
			let (reason, attestation_type) = match r {
				UnknownOrganization => ("UnknownOrganization", None),
				OrganizationInactive => ("OrganizationInactive", None),
				NotPermittedForKind => ("NotPermittedForKind", None),
				MissingAttestation(t) => ("MissingAttestation", Some(t)),
				AttestationExpired(t) => ("AttestationExpired", Some(t)),
				AttestationRevoked(t) => ("AttestationRevoked", Some(t)),
				AttestorNotAccredited(t) => ("AttestorNotAccredited", Some(t)),
				AttestorInactive(t) => ("AttestorInactive", Some(t)),
			};
			Self { reason, attestation_type: attestation_type.map(|t| t.as_str()) }
		}
	}

	/// `health_isCompliant`.
	#[derive(Serialize, Clone, Debug, PartialEq)]
	pub struct Compliance {
		pub organization: OrganizationId,
		pub category: &'static str,
		pub compliant: bool,
		#[serde(flatten)]
		pub refusal: Option<Refusal>,
	}

	/// A consent's provision a decision names.
	#[derive(Serialize, Clone, Debug, PartialEq)]
	pub struct ProvisionRef {
		pub consent: u64,
		pub provision: u8,
	}

	/// A decision: `{permit, basis|reason, consent?, provision?, episode?, overrides?, label?,
	/// compliance?}`.
	#[derive(Serialize, Clone, Debug, PartialEq, Default)]
	pub struct Decision {
		pub permit: bool,
		#[serde(skip_serializing_if = "Option::is_none")]
		pub basis: Option<&'static str>,
		#[serde(skip_serializing_if = "Option::is_none")]
		pub reason: Option<&'static str>,
		#[serde(skip_serializing_if = "Option::is_none")]
		pub episode: Option<u64>,
		#[serde(flatten, skip_serializing_if = "Option::is_none")]
		pub provision: Option<ProvisionRef>,
		#[serde(skip_serializing_if = "Option::is_none")]
		pub overrides: Option<ProvisionRef>,
		#[serde(skip_serializing_if = "Option::is_none")]
		pub label: Option<&'static str>,
		#[serde(skip_serializing_if = "Option::is_none")]
		pub compliance: Option<Refusal>,
	}

	impl From<&AccessDecision> for Decision {
		fn from(d: &AccessDecision) -> Self {
			use AccessDecision::*;
			let at = |consent: &u64, provision: &u8| Some(ProvisionRef { consent: *consent, provision: *provision });
			let permit = |basis| Decision { permit: true, basis: Some(basis), ..Default::default() };
			let deny = |reason| Decision { permit: false, reason: Some(reason), ..Default::default() };
			match d {
				Permit { consent, provision } => Decision { provision: at(consent, provision), ..permit("Consent") },
				PermitBreakGlass { episode } => Decision { episode: Some(*episode), ..permit("BreakGlass") },
				PermitBreakGlassOverridingDeny { episode, consent, provision } => {
					Decision { episode: Some(*episode), overrides: at(consent, provision), ..permit("BreakGlass") }
				},
				Deny { consent, provision } => {
					Decision { provision: at(consent, provision), ..deny("DeniedByConsent") }
				},
				DenyNoConsent => deny("NoConsent"),
				DenySensitiveLabel(l) => Decision { label: Some(l.as_str()), ..deny("SensitiveLabelNotPermitted") },
				DenyUnknownPatient => deny("UnknownPatient"),
				DenyRequesterNotMember => deny("RequesterNotMember"),
				DenyInvalidQuery => deny("InvalidQuery"),
				DenyRoleNotPermitted => deny("RoleNotPermitted"),
				DenyNotCompliant(r) => Decision { compliance: Some(r.into()), ..deny("NotCompliant") },
				DenyUnknownRecord => deny("UnknownRecord"),
				DenyEmergencyOverrideRefused { episode, consent, provision } => Decision {
					episode: Some(*episode),
					provision: at(consent, provision),
					..deny("EmergencyOverrideRefused")
				},
			}
		}
	}

	/// A disclosure's recipient.
	#[derive(Serialize, Clone, Debug, PartialEq)]
	#[serde(rename_all = "camelCase")]
	pub enum RecipientOut {
		Account(String),
		Organization(OrganizationId),
	}

	/// One entry of `health_accessLog`.
	#[derive(Serialize, Clone, Debug, PartialEq)]
	pub struct LogEntry {
		pub seq: u64,
		pub accessor: String,
		pub organization: OrganizationId,
		pub action: &'static str,
		pub category: &'static str,
		pub record: Option<u64>,
		pub recipient: Option<RecipientOut>,
		pub purpose: &'static str,
		pub decision: Decision,
		pub outcome: String,
		pub block: BlockNumber,
	}

	impl From<&pallet_consent::AccessLogEntry<AccountId, BlockNumber>> for LogEntry {
		fn from(e: &pallet_consent::AccessLogEntry<AccountId, BlockNumber>) -> Self {
			Self {
				seq: e.seq,
				accessor: account(&e.accessor),
				organization: e.organization,
				action: e.action.as_str(),
				category: e.category.as_str(),
				record: e.record,
				recipient: e.recipient.as_ref().map(|r| match r {
					Recipient::Member(a) => RecipientOut::Account(account(a)),
					Recipient::Organization(o) => RecipientOut::Organization(*o),
				}),
				purpose: e.purpose.as_str(),
				decision: (&e.decision).into(),
				outcome: format!("{:?}", e.outcome),
				block: e.at,
			}
		}
	}

	/// One entry of `health_breakGlassEpisodes`.
	#[derive(Serialize, Clone, Debug, PartialEq)]
	#[serde(rename_all = "camelCase")]
	pub struct Episode {
		pub id: u64,
		pub requester: String,
		pub organization: OrganizationId,
		pub purpose: &'static str,
		pub reason: String,
		pub opened_at: BlockNumber,
		pub expires_at: BlockNumber,
		pub reviewed: bool,
		pub overdue: bool,
	}

	impl From<EpisodeInfo<AccountId, BlockNumber>> for Episode {
		fn from(e: EpisodeInfo<AccountId, BlockNumber>) -> Self {
			Self {
				id: e.id,
				requester: account(&e.requester),
				organization: e.organization,
				purpose: e.purpose.as_str(),
				reason: format!("{:?}", e.reason),
				opened_at: e.opened_at,
				expires_at: e.expires_at,
				reviewed: e.reviewed,
				overdue: e.overdue,
			}
		}
	}

	/// One entry of `health_overdueBreakGlass`.
	#[derive(Serialize, Clone, Debug, PartialEq)]
	#[serde(rename_all = "camelCase")]
	pub struct Overdue {
		pub id: u64,
		pub requester: String,
		pub patient: String,
		pub review_deadline: BlockNumber,
	}

	impl From<OverdueEpisode<AccountId, BlockNumber>> for Overdue {
		fn from(e: OverdueEpisode<AccountId, BlockNumber>) -> Self {
			Self {
				id: e.id,
				requester: account(&e.requester),
				patient: account(&e.patient),
				review_deadline: e.review_deadline,
			}
		}
	}

	/// `health_researchConsent`.
	#[derive(Serialize, Clone, Debug, PartialEq)]
	pub struct Research {
		pub categories: Vec<&'static str>,
		pub studies: Vec<String>,
		pub since: BlockNumber,
	}

	/// One entry of `health_consentsFhir`: the resource, or why FHIR cannot state the consent.
	#[derive(Serialize, Clone, Debug, PartialEq)]
	#[serde(untagged)]
	pub enum FhirConsent {
		Resource { id: u64, resource: Value },
		Error { id: u64, error: String },
	}

	/// `health_clock`.
	#[derive(Serialize, Clone, Debug, PartialEq)]
	#[serde(rename_all = "camelCase")]
	pub struct Clock {
		pub block: BlockNumber,
		pub timestamp: u64,
		pub block_time: u64,
	}

	/// Who an anchored record is about.
	#[derive(Serialize, Clone, Debug, PartialEq)]
	#[serde(rename_all = "camelCase")]
	pub enum Subject {
		Patient(String),
		Pseudonym(String),
	}

	/// An anchor, with the block it was anchored in once the node has indexed it.
	#[derive(Serialize, Clone, Debug, PartialEq)]
	#[serde(rename_all = "camelCase")]
	pub struct Anchor {
		pub id: u64,
		pub author: String,
		pub organization: Option<OrganizationId>,
		pub subject: Subject,
		pub content_hash: String,
		pub hash_algorithm: String,
		pub category: &'static str,
		pub resource_type: &'static str,
		pub labels: Vec<&'static str>,
		pub status: String,
		pub clinical_time: Option<healthchain_primitives::ClinicalTime>,
		pub anchored_at: Option<u32>,
		pub original: u64,
		pub latest: u64,
	}

	impl Anchor {
		/// The answer for `a`, anchored at block `anchored_at` (if indexed).
		pub fn new(a: &AnchorInfo<AccountId>, anchored_at: Option<u32>) -> Self {
			Self {
				id: a.id,
				author: account(&a.author),
				organization: a.organization,
				subject: match &a.subject {
					pallet_record_anchors::RecordSubject::Patient(p) => Subject::Patient(account(p)),
					pallet_record_anchors::RecordSubject::Pseudonym(h) => Subject::Pseudonym(hash(h)),
				},
				content_hash: hash(&a.content_hash),
				hash_algorithm: format!("{:?}", a.hash_algorithm),
				category: a.category.as_str(),
				resource_type: a.resource_type.as_str(),
				labels: a.labels.iter().map(|l| l.as_str()).collect(),
				status: format!("{:?}", a.status),
				clinical_time: a.clinical_time,
				anchored_at,
				original: a.original,
				latest: a.latest,
			}
		}
	}

	/// A page of a list: its items, where the next page starts (`null`: last page) and the
	/// list's length.
	#[derive(Serialize, Clone, Debug, PartialEq)]
	pub struct Page<T> {
		pub items: Vec<T>,
		pub next: Option<u32>,
		pub total: u32,
	}

	/// `health_verifyRecord`.
	#[derive(Serialize, Clone, Debug, PartialEq)]
	pub struct Verification {
		pub anchor: u64,
		pub valid: bool,
		pub status: String,
		pub latest: u64,
	}
}
use answers::*;

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
		start: Some(c.validity.start),
		expires_at: c.validity.expires_at,
		emergency: c.emergency,
	}
}

/// The OpenRPC document describing the `health_*` methods (served by `rpc.discover`).
pub const OPENRPC: &str = include_str!("../../docs/openrpc.json");

/// The `health_*` methods (each described, with its parameters and answer, in
/// `docs/openrpc.json`, which `rpc.discover` serves).
#[rpc(server)]
pub trait HealthApi<BlockHash> {
	/// Patient status: registered?, commitment.
	#[method(name = "health_patientStatus")]
	fn patient_status(&self, account: String, at: Option<BlockHash>) -> RpcResult<PatientStatus>;

	/// Whether `agent` may take `action` (delegate-scope bit name) for `patient`.
	#[method(name = "health_mayActFor")]
	fn may_act_for(&self, agent: String, patient: String, action: String, at: Option<BlockHash>) -> RpcResult<bool>;

	/// Organisation, kind and role of a member account (null if not an active member).
	#[method(name = "health_membership")]
	fn membership(&self, account: String, at: Option<BlockHash>) -> RpcResult<Option<Member>>;

	/// Whether an organisation may anchor records of a category, with the reason if not.
	#[method(name = "health_isCompliant")]
	fn is_compliant(&self, org: u32, category: String, at: Option<BlockHash>) -> RpcResult<Compliance>;

	/// The consent decision for a query, with its reason.
	#[method(name = "health_checkAccess")]
	fn check_access(&self, query: AccessQueryJson, at: Option<BlockHash>) -> RpcResult<Decision>;

	/// The patient's accounting of disclosures.
	#[method(name = "health_accessLog")]
	fn access_log(&self, patient: String, at: Option<BlockHash>) -> RpcResult<Vec<LogEntry>>;

	/// The patient's recent break-glass episodes.
	#[method(name = "health_breakGlassEpisodes")]
	fn break_glass_episodes(&self, patient: String, at: Option<BlockHash>) -> RpcResult<Vec<Episode>>;

	/// The patient's research opt-in (`null` when none).
	#[method(name = "health_researchConsent")]
	fn research_consent(&self, patient: String, at: Option<BlockHash>) -> RpcResult<Option<Research>>;

	/// The patient's consents as FHIR `Consent` resources (`version`: `R4`, the default, or
	/// `R5`): `[{id, resource}]`, or `{id, error}` for a consent R5 cannot state.
	#[method(name = "health_consentsFhir")]
	fn consents_fhir(
		&self,
		patient: String,
		version: Option<String>,
		at: Option<BlockHash>,
	) -> RpcResult<Vec<FhirConsent>>;

	/// The patient's access log as a FHIR R4 `collection` Bundle of `AuditEvent`s, dated by the
	/// chain's clock at the same block.
	#[method(name = "health_accessLogFhir")]
	fn access_log_fhir(&self, patient: String, at: Option<BlockHash>) -> RpcResult<Value>;

	/// The chain's clock: `{block, timestamp (ms), blockTime (ms)}`.
	#[method(name = "health_clock")]
	fn clock(&self, at: Option<BlockHash>) -> RpcResult<Clock>;

	/// Unreviewed break-glass episodes of an organisation past their deadline.
	#[method(name = "health_overdueBreakGlass")]
	fn overdue_break_glass(&self, org: u32, at: Option<BlockHash>) -> RpcResult<Vec<Overdue>>;

	/// Anchors of a content hash.
	#[method(name = "health_anchorsByHash")]
	fn anchors_by_hash(
		&self,
		#[argument(rename = "contentHash")] content_hash: String,
		at: Option<BlockHash>,
	) -> RpcResult<Vec<Anchor>>;

	/// A page of anchors about a patient account.
	#[method(name = "health_anchorsOfPatient")]
	fn anchors_of_patient(
		&self,
		patient: String,
		start: Option<u32>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Page<Anchor>>;

	/// A page of anchors under a pseudonym (0x-prefixed 32-byte hex), which the patient's wallet
	/// knows and nobody else can link to the patient.
	#[method(name = "health_anchorsOfPseudonym")]
	fn anchors_of_pseudonym(
		&self,
		pseudonym: String,
		start: Option<u32>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Page<Anchor>>;

	/// A page of anchor ids of an organisation.
	#[method(name = "health_anchorsOfOrganization")]
	fn anchors_of_organization(
		&self,
		org: u32,
		start: Option<u32>,
		limit: Option<u32>,
		at: Option<BlockHash>,
	) -> RpcResult<Page<u64>>;

	/// Whether a document hash matches an anchor.
	#[method(name = "health_verifyRecord")]
	fn verify_record(
		&self,
		anchor: u64,
		#[argument(rename = "contentHash")] content_hash: String,
		at: Option<BlockHash>,
	) -> RpcResult<Verification>;

	/// The OpenRPC description of these methods.
	#[method(name = "rpc.discover")]
	fn discover(&self) -> RpcResult<Value>;
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

	/// The anchors `ids` at `at`, each with the block it was anchored in once indexed.
	fn anchors(&self, ids: &[u64], at: H256) -> Result<Vec<Anchor>, ErrorObjectOwned>
	where
		C::Api: AnchorsApi<Block, AccountId>,
	{
		let api = self.client.runtime_api();
		let mut out = Vec::with_capacity(ids.len());
		for id in ids {
			if let Some(a) = api.anchor(at, *id).map_err(runtime_err)? {
				out.push(Anchor::new(&a, self.anchors.as_ref().and_then(|i| i.anchored_at(*id))));
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

impl<C> HealthApiServer<<Block as BlockT>::Hash> for Health<C>
where
	C: ProvideRuntimeApi<Block> + HeaderBackend<Block> + Send + Sync + 'static,
	C::Api: PatientIdentityApi<Block, AccountId>
		+ ComplianceApi<Block, AccountId>
		+ ConsentApi<Block, AccountId, BlockNumber>
		+ AnchorsApi<Block, AccountId>,
{
	fn patient_status(&self, account: String, at: Option<H256>) -> RpcResult<PatientStatus> {
		let who = parse_account(&account)?;
		let at = self.at(at)?;
		let c = self.client.runtime_api().commitment_of(at, who.clone()).map_err(runtime_err)?;
		Ok(PatientStatus {
			account: answers::account(&who),
			registered: c.is_some(),
			commitment: c.as_ref().map(hash),
			block: hash(&at),
		})
	}

	fn may_act_for(&self, agent: String, patient: String, action: String, at: Option<H256>) -> RpcResult<bool> {
		let (agent, patient, action) = (parse_account(&agent)?, parse_account(&patient)?, delegate_action(&action)?);
		let at = self.at(at)?;
		self.client
			.runtime_api()
			.may_act_for(at, agent, patient, action)
			.map_err(runtime_err)
	}

	fn membership(&self, account: String, at: Option<H256>) -> RpcResult<Option<Member>> {
		let who = parse_account(&account)?;
		let at = self.at(at)?;
		Ok(self
			.client
			.runtime_api()
			.membership(at, who)
			.map_err(runtime_err)?
			.map(Member::from))
	}

	fn is_compliant(&self, org: u32, category_name: String, at: Option<H256>) -> RpcResult<Compliance> {
		let cat = category(&category_name)?;
		let at = self.at(at)?;
		let r = self.client.runtime_api().is_compliant(at, org, cat).map_err(runtime_err)?;
		Ok(Compliance {
			organization: org,
			category: cat.as_str(),
			compliant: r.is_ok(),
			refusal: r.err().as_ref().map(Refusal::from),
		})
	}

	fn check_access(&self, q: AccessQueryJson, at: Option<H256>) -> RpcResult<Decision> {
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
		Ok((&self.client.runtime_api().check_access(at, query).map_err(runtime_err)?).into())
	}

	fn access_log(&self, patient: String, at: Option<H256>) -> RpcResult<Vec<LogEntry>> {
		let who = parse_account(&patient)?;
		let at = self.at(at)?;
		Ok(self
			.client
			.runtime_api()
			.access_log(at, who)
			.map_err(runtime_err)?
			.iter()
			.map(LogEntry::from)
			.collect())
	}

	fn break_glass_episodes(&self, patient: String, at: Option<H256>) -> RpcResult<Vec<Episode>> {
		let who = parse_account(&patient)?;
		let at = self.at(at)?;
		let episodes = self.client.runtime_api().break_glass_episodes(at, who).map_err(runtime_err)?;
		Ok(episodes.into_iter().map(Episode::from).collect())
	}

	fn consents_fhir(&self, patient: String, version: Option<String>, at: Option<H256>) -> RpcResult<Vec<FhirConsent>> {
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
		Ok(consents
			.into_iter()
			.map(|c| {
				let id = c.id;
				let recorded = clock.to_unix(c.recorded_at);
				match fhir::export(&chain_consent(c), version, &clock, &fhir::ChainDirectory) {
					Ok(mut resource) => {
						resource["id"] = Value::String(format!("healthchain-consent-{id}"));
						let key = if version == fhir::Version::R4 { "dateTime" } else { "date" };
						resource[key] = Value::String(fhir::format_instant(recorded - recorded.rem_euclid(86_400)));
						FhirConsent::Resource { id, resource }
					},
					Err(e) => FhirConsent::Error { id, error: e.to_string() },
				}
			})
			.collect())
	}

	fn clock(&self, at: Option<H256>) -> RpcResult<Clock> {
		let at = self.at(at)?;
		let c = self.client.runtime_api().clock(at).map_err(runtime_err)?;
		Ok(Clock { block: c.block, timestamp: c.timestamp_ms, block_time: c.block_ms })
	}

	fn access_log_fhir(&self, patient: String, at: Option<H256>) -> RpcResult<Value> {
		use healthchain_fhir_consent::audit;
		// The log and the clock that dates it are read at one block.
		let at = self.at(at)?;
		let log = self.access_log(patient.clone(), Some(at))?;
		let c = self.client.runtime_api().clock(at).map_err(runtime_err)?;
		let clock = audit::LogClock {
			block: i64::from(c.block),
			timestamp_ms: i64::try_from(c.timestamp_ms).unwrap_or(i64::MAX),
			block_ms: i64::try_from(c.block_ms).unwrap_or(i64::MAX),
		};
		let entries: Vec<Value> = log
			.iter()
			.map(|e| serde_json::to_value(e).map_err(runtime_err))
			.collect::<Result<_, _>>()?;
		Ok(audit::audit_bundle(&entries, &patient, &clock))
	}

	fn research_consent(&self, patient: String, at: Option<H256>) -> RpcResult<Option<Research>> {
		let who = parse_account(&patient)?;
		let at = self.at(at)?;
		let opt_in = self.client.runtime_api().research_consent(at, who).map_err(runtime_err)?;
		Ok(opt_in.map(|r| Research {
			categories: r.categories.iter().map(|c| c.as_str()).collect(),
			studies: r.studies.iter().map(hash).collect(),
			since: r.since,
		}))
	}

	fn overdue_break_glass(&self, org: u32, at: Option<H256>) -> RpcResult<Vec<Overdue>> {
		let at = self.at(at)?;
		let episodes = self.client.runtime_api().overdue_break_glass(at, org).map_err(runtime_err)?;
		Ok(episodes.into_iter().map(Overdue::from).collect())
	}

	fn anchors_by_hash(&self, content_hash: String, at: Option<H256>) -> RpcResult<Vec<Anchor>> {
		let h = parse_hash("content hash", &content_hash)?;
		let at = self.at(at)?;
		let page = self.anchor_page(&List::Hash(h), 0, MAX_PAGE, at)?;
		self.anchors(&page.items, at)
	}

	fn anchors_of_patient(
		&self,
		patient: String,
		start: Option<u32>,
		limit: Option<u32>,
		at: Option<H256>,
	) -> RpcResult<Page<Anchor>> {
		let who = parse_account(&patient)?;
		let limit = page_limit(limit)?;
		let at = self.at(at)?;
		let list = List::Subject(pallet_record_anchors::RecordSubject::Patient(who));
		let page = self.anchor_page(&list, start.unwrap_or(0), limit, at)?;
		Ok(Page { items: self.anchors(&page.items, at)?, next: page.next, total: page.total })
	}

	fn anchors_of_pseudonym(
		&self,
		pseudonym: String,
		start: Option<u32>,
		limit: Option<u32>,
		at: Option<H256>,
	) -> RpcResult<Page<Anchor>> {
		let pseudonym = parse_hash("pseudonym", &pseudonym)?;
		let limit = page_limit(limit)?;
		let at = self.at(at)?;
		let list = List::Subject(pallet_record_anchors::RecordSubject::Pseudonym(pseudonym));
		let page = self.anchor_page(&list, start.unwrap_or(0), limit, at)?;
		Ok(Page { items: self.anchors(&page.items, at)?, next: page.next, total: page.total })
	}

	fn anchors_of_organization(
		&self,
		org: u32,
		start: Option<u32>,
		limit: Option<u32>,
		at: Option<H256>,
	) -> RpcResult<Page<u64>> {
		let limit = page_limit(limit)?;
		let at = self.at(at)?;
		let page = self.anchor_page(&List::Organization(org), start.unwrap_or(0), limit, at)?;
		Ok(Page { items: page.items, next: page.next, total: page.total })
	}

	fn verify_record(&self, anchor: u64, content_hash: String, at: Option<H256>) -> RpcResult<Verification> {
		let h = parse_hash("content hash", &content_hash)?;
		let at = self.at(at)?;
		let api = self.client.runtime_api();
		let Some(info) = api.anchor(at, anchor).map_err(runtime_err)? else {
			return Err(invalid(format!("unknown anchor {anchor}")));
		};
		let valid = api.verify_record(at, anchor, h).map_err(runtime_err)?;
		Ok(Verification { anchor, valid, status: format!("{:?}", info.status), latest: info.latest })
	}

	fn discover(&self) -> RpcResult<Value> {
		serde_json::from_str(OPENRPC).map_err(runtime_err)
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use serde_json::json;

	const ALICE: &str = "5GrwvaEF5zXb26Fz9rcQpDWS57CtERHpNehXCPcNoHGKutQY";

	fn message(e: ErrorObjectOwned) -> String {
		assert_eq!(e.code(), error::INVALID_PARAMS, "bad parameters are JSON-RPC -32602");
		e.message().to_string()
	}

	#[test]
	fn accounts_parse_from_ss58_or_hex_and_bad_ones_say_why() {
		let alice = parse_account(ALICE).expect("ss58");
		assert_eq!(parse_account(&format!("0x{}", hex::encode(<[u8; 32]>::from(alice.clone())))), Ok(alice));
		assert!(message(parse_account("not-an-address").unwrap_err()).contains("not an SS58 address"));
		assert!(message(parse_account("0x1234").unwrap_err()).contains("expected 32 bytes, got 2"));
		assert!(message(parse_account("0xzz").unwrap_err()).contains("bad hex"));
	}

	#[test]
	fn hashes_are_0x_hex_of_32_bytes() {
		let h = format!("0x{}", "01".repeat(32));
		assert_eq!(parse_hash("content hash", &h), Ok(H256::repeat_byte(1)));
		assert!(message(parse_hash("content hash", &"01".repeat(32)).unwrap_err()).contains("expected 0x-prefixed hex"));
		assert!(message(parse_hash("content hash", "0x00").unwrap_err()).contains("expected 32 bytes, got 1"));
	}

	#[test]
	fn codes_parse_by_name_in_any_case_and_unknown_ones_list_the_choices() {
		assert_eq!(category("labresult"), Ok(RecordCategory::LabResult));
		assert_eq!(purpose("TREAT"), Ok(PurposeOfUse::TREAT));
		assert_eq!(label("psy"), Ok(SecurityLabel::PSY));
		assert_eq!(action("Access"), Ok(ConsentAction::Access));
		assert_eq!(resource_type("Observation"), Ok(FhirResourceType::Observation));
		let m = message(category("Gossip").unwrap_err());
		assert!(m.starts_with("unknown record category `Gossip`; expected one of Prescription, Imaging"), "{m}");
		// Delegate actions as HL7-style upper-case codes too (`MANAGE_CONSENT`).
		assert_eq!(delegate_action("NOTIFY"), Ok(DelegateAction::Notify));
		assert_eq!(delegate_action("MANAGE_CONSENT"), Ok(DelegateAction::ManageConsent));
		assert!(message(delegate_action("FLY").unwrap_err()).contains("unknown delegate action `FLY`"));
	}

	#[test]
	fn page_limits_are_between_one_and_the_maximum() {
		assert_eq!(page_limit(None), Ok(MAX_PAGE));
		assert_eq!(page_limit(Some(1)), Ok(1));
		assert!(message(page_limit(Some(0)).unwrap_err()).contains("between 1 and 100"));
		assert!(page_limit(Some(MAX_PAGE + 1)).is_err());
	}

	#[test]
	fn runtime_failures_are_error_1001() {
		let e = runtime_err("boom");
		assert_eq!(e.code(), error::RUNTIME);
		assert_eq!(e.message(), "runtime call failed: boom");
	}

	#[test]
	fn recipients_name_exactly_one_of_account_or_organization() {
		let both = RecipientJson { account: Some(ALICE.into()), organization: Some(1) };
		assert!(message(recipient(&both).unwrap_err()).contains("exactly one"));
		let org = RecipientJson { account: None, organization: Some(3) };
		assert_eq!(recipient(&org), Ok(Recipient::Organization(3)));
	}

	#[test]
	fn decisions_read_as_documented() {
		let json = |d: AccessDecision| serde_json::to_value(Decision::from(&d)).expect("serializes");
		assert_eq!(
			json(AccessDecision::Permit { consent: 3, provision: 1 }),
			json!({"permit": true, "basis": "Consent", "consent": 3, "provision": 1})
		);
		assert_eq!(
			json(AccessDecision::PermitBreakGlassOverridingDeny { episode: 2, consent: 5, provision: 0 }),
			json!({"permit": true, "basis": "BreakGlass", "episode": 2, "overrides": {"consent": 5, "provision": 0}})
		);
		assert_eq!(json(AccessDecision::DenyNoConsent), json!({"permit": false, "reason": "NoConsent"}));
		assert_eq!(
			json(AccessDecision::DenySensitiveLabel(SecurityLabel::HIV)),
			json!({"permit": false, "reason": "SensitiveLabelNotPermitted", "label": "HIV"})
		);
		assert_eq!(
			json(AccessDecision::DenyNotCompliant(ComplianceRefusal::MissingAttestation(
				healthchain_primitives::AttestationType::HipaaSecurityRule
			))),
			json!({"permit": false, "reason": "NotCompliant",
				"compliance": {"reason": "MissingAttestation", "attestationType": "HipaaSecurityRule"}})
		);
		assert_eq!(
			json(AccessDecision::DenyEmergencyOverrideRefused { episode: 1, consent: 2, provision: 3 }),
			json!({"permit": false, "reason": "EmergencyOverrideRefused", "episode": 1, "consent": 2, "provision": 3})
		);
	}

	#[test]
	fn compliance_answers_carry_the_refusal_inline() {
		let refused = Compliance {
			organization: 4,
			category: "LabResult",
			compliant: false,
			refusal: Some((&ComplianceRefusal::NotPermittedForKind).into()),
		};
		assert_eq!(
			serde_json::to_value(refused).expect("serializes"),
			json!({"organization": 4, "category": "LabResult", "compliant": false, "reason": "NotPermittedForKind"})
		);
	}

	/// The keys an OpenRPC schema (resolved through `components`) allows and requires.
	fn schema_keys(doc: &Value, schema: &Value) -> (Vec<String>, Vec<String>) {
		let schema = match schema.get("$ref").and_then(Value::as_str) {
			Some(r) => &doc["components"]["schemas"][r.trim_start_matches("#/components/schemas/")],
			None => schema,
		};
		let keys = |v: &Value| v.as_object().map(|o| o.keys().cloned().collect()).unwrap_or_default();
		let required = schema["required"]
			.as_array()
			.map(|r| r.iter().filter_map(|k| k.as_str().map(String::from)).collect());
		(keys(&schema["properties"]), required.unwrap_or_default())
	}

	#[test]
	fn the_openrpc_document_describes_every_method_and_the_answers_match_it() {
		let doc: Value = serde_json::from_str(OPENRPC).expect("docs/openrpc.json is JSON");
		let methods: Vec<&str> = doc["methods"]
			.as_array()
			.expect("methods")
			.iter()
			.filter_map(|m| m["name"].as_str())
			.collect();
		let served = [
			"health_patientStatus",
			"health_mayActFor",
			"health_membership",
			"health_isCompliant",
			"health_checkAccess",
			"health_accessLog",
			"health_breakGlassEpisodes",
			"health_researchConsent",
			"health_consentsFhir",
			"health_accessLogFhir",
			"health_clock",
			"health_overdueBreakGlass",
			"health_anchorsByHash",
			"health_anchorsOfPatient",
			"health_anchorsOfPseudonym",
			"health_anchorsOfOrganization",
			"health_verifyRecord",
			"rpc.discover",
		];
		assert_eq!(methods, served, "one entry per method, in the trait's order");
		let result = |name: &str| {
			let m = doc["methods"]
				.as_array()
				.and_then(|ms| ms.iter().find(|m| m["name"] == name))
				.expect("method");
			m["result"]["schema"].clone()
		};
		// An answer's keys are the schema's properties, with every required one present.
		let check = |name: &str, answer: Value| {
			let (allowed, required) = schema_keys(&doc, &result(name));
			let keys: Vec<String> = answer.as_object().expect("object").keys().cloned().collect();
			for k in &keys {
				assert!(allowed.contains(k), "{name}: `{k}` is not in the schema");
			}
			for k in &required {
				assert!(keys.contains(k), "{name}: required `{k}` missing");
			}
		};
		let to = |v: &dyn erased::Ser| v.value();
		check(
			"health_patientStatus",
			to(&PatientStatus {
				account: ALICE.into(),
				registered: true,
				commitment: None,
				block: hash(&H256::zero()),
			}),
		);
		check(
			"health_isCompliant",
			to(&Compliance { organization: 1, category: "LabResult", compliant: true, refusal: None }),
		);
		check("health_checkAccess", to(&Decision::from(&AccessDecision::Permit { consent: 0, provision: 0 })));
		check("health_clock", to(&Clock { block: 1, timestamp: 6_000, block_time: 6_000 }));
		check("health_verifyRecord", to(&Verification { anchor: 0, valid: true, status: "Current".into(), latest: 0 }));
		check("health_anchorsOfOrganization", to(&Page::<u64> { items: vec![1], next: None, total: 1 }));
	}

	/// Serialize any answer to a JSON value.
	mod erased {
		pub trait Ser {
			fn value(&self) -> serde_json::Value;
		}
		impl<T: serde::Serialize> Ser for T {
			fn value(&self) -> serde_json::Value {
				serde_json::to_value(self).expect("serializes")
			}
		}
	}
}
