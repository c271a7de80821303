//! # Healthchain runtime APIs
//!
//! Read-side entry points for dApps (polkadot.js `api.call.<api>.<method>`, with types from the
//! metadata) and for the node's `health_*` JSON-RPC. Each API is versioned; new methods raise the
//! version.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use healthchain_primitives::{
	ComplianceRefusal, DelegateAction, MemberRole, Membership, OrganizationId, OrganizationKind, PurposeOfUse,
	RecordCategory,
};
use polkadot_sdk::sp_core::H256;

polkadot_sdk::sp_api::decl_runtime_apis! {
	/// Patients' identity status. Version 2: `may_act_for` names the action by its code.
	#[api_version(2)]
	pub trait PatientIdentityApi<AccountId> where AccountId: codec::Codec {
		/// The active identity commitment of `who`, if `who` is a registered patient.
		fn commitment_of(who: AccountId) -> Option<H256>;
		/// The account controlling a pseudonym.
		fn resolve_pseudonym(pseudonym: H256) -> Option<AccountId>;
		/// Whether `agent` may take `action` for `patient` now.
		fn may_act_for(agent: AccountId, patient: AccountId, action: DelegateAction) -> bool;
		/// Version 1: the action as a delegate-scope bit.
		#[changed_in(2)]
		fn may_act_for(agent: AccountId, patient: AccountId, action: u32) -> bool;
	}

	/// The consortium directory and compliance.
	#[api_version(1)]
	pub trait ComplianceApi<AccountId> where AccountId: codec::Codec {
		/// `who`'s organisation, its kind and `who`'s role, if the organisation is active (the
		/// same SCALE as version 1's tuple, now with field names).
		fn membership(who: AccountId) -> Option<Membership>;
		/// Whether `org` may anchor records of `category` now; if not, why.
		fn is_compliant(org: OrganizationId, category: RecordCategory) -> Result<(), ComplianceRefusal>;
	}
}

/// A patient's research opt-in as a dApp or auditor reads it (the deposit is left out).
#[derive(codec::Encode, codec::Decode, Clone, PartialEq, Eq, Debug, scale_info::TypeInfo)]
pub struct ResearchOptIn<BlockNumber> {
	/// Categories opted in to de-identified research.
	pub categories: alloc::vec::Vec<RecordCategory>,
	/// The studies (ethics-approval hashes) it is limited to; empty: any approved study.
	pub studies: alloc::vec::Vec<H256>,
	/// Block of the opt-in.
	pub since: BlockNumber,
}

/// Bound of the lists in a [`ConsentView`] (at least the runtime's; SCALE encodes bounded and
/// unbounded lists alike).
pub type ViewBound = polkadot_sdk::sp_core::ConstU32<256>;

/// A consent as a dApp or auditor reads it (the deposit is left out).
#[derive(codec::Encode, codec::Decode, Clone, PartialEq, Eq, Debug, scale_info::TypeInfo)]
pub struct ConsentView<AccountId: healthchain_primitives::Plain, BlockNumber: healthchain_primitives::Plain> {
	/// The consent's id.
	pub id: u64,
	/// The consent subject.
	pub patient: AccountId,
	/// Who granted it (the patient or a delegate).
	pub granted_by: AccountId,
	/// Who it is given to.
	pub grantee: pallet_consent::Grantee<AccountId>,
	/// The root provision.
	pub provision: pallet_consent::Provision<AccountId, BlockNumber, ViewBound, ViewBound>,
	/// Nested provisions, parents first.
	pub exceptions: alloc::vec::Vec<pallet_consent::Exception<AccountId, BlockNumber, ViewBound, ViewBound>>,
	/// Whether emergency access may override its denies.
	pub emergency: pallet_consent::EmergencyOverride,
	/// The policy hash.
	pub policy: H256,
	/// When it is in force.
	pub validity: healthchain_primitives::Validity<BlockNumber>,
	/// Block it was recorded.
	pub recorded_at: BlockNumber,
	/// Where it came from.
	pub source: pallet_consent::ConsentSource,
}

/// A break-glass episode as a dApp or auditor reads it (the deposit and override list are left
/// out).
#[derive(codec::Encode, codec::Decode, Clone, PartialEq, Eq, Debug, scale_info::TypeInfo)]
pub struct EpisodeInfo<AccountId, BlockNumber> {
	/// The episode's id.
	pub id: u64,
	/// The clinician who broke the glass.
	pub requester: AccountId,
	/// The clinician's organisation.
	pub organization: OrganizationId,
	/// The emergency purpose declared.
	pub purpose: PurposeOfUse,
	/// The reason code declared.
	pub reason: pallet_consent::BreakGlassReason,
	/// Block it was opened.
	pub opened_at: BlockNumber,
	/// First block after it (access ends there).
	pub expires_at: BlockNumber,
	/// Whether a reviewer has closed it.
	pub reviewed: bool,
	/// Whether it was flagged past its review deadline.
	pub overdue: bool,
}

/// An unreviewed break-glass episode past its review deadline.
#[derive(codec::Encode, codec::Decode, Clone, PartialEq, Eq, Debug, scale_info::TypeInfo)]
pub struct OverdueEpisode<AccountId, BlockNumber> {
	/// The episode's id.
	pub id: u64,
	/// The clinician who broke the glass.
	pub requester: AccountId,
	/// The patient.
	pub patient: AccountId,
	/// The block by which it should have been reviewed.
	pub review_deadline: BlockNumber,
}

/// The chain's clock: a block, the instant it was made (milliseconds since the epoch) and the
/// block time in milliseconds — what maps FHIR instants to blocks and back.
#[derive(codec::Encode, codec::Decode, Clone, Copy, PartialEq, Eq, Debug, scale_info::TypeInfo)]
pub struct ChainClock<BlockNumber> {
	/// The block.
	pub block: BlockNumber,
	/// Its timestamp (ms).
	pub timestamp_ms: u64,
	/// Milliseconds per block.
	pub block_ms: u64,
}

/// What an auditor or dApp reads about an anchor. The block it was anchored in, its pointer and
/// its metadata hash are in its `RecordAnchored` event (and the node's `health_anchor*` answers).
#[derive(codec::Encode, codec::Decode, Clone, PartialEq, Eq, Debug, scale_info::TypeInfo)]
pub struct AnchorInfo<AccountId> {
	/// The anchor's id.
	pub id: u64,
	/// Who anchored it.
	pub author: AccountId,
	/// The author's organisation (`None` for a patient's own record).
	pub organization: Option<OrganizationId>,
	/// Who it is about.
	pub subject: pallet_record_anchors::RecordSubject<AccountId>,
	/// The content hash.
	pub content_hash: H256,
	/// The hash algorithm.
	pub hash_algorithm: pallet_record_anchors::HashAlgorithm,
	/// Category.
	pub category: RecordCategory,
	/// FHIR resource type.
	pub resource_type: healthchain_primitives::FhirResourceType,
	/// Security labels.
	pub labels: alloc::vec::Vec<healthchain_primitives::SecurityLabel>,
	/// Status.
	pub status: pallet_record_anchors::AnchorStatus,
	/// When the documented observation happened (seconds since the Unix epoch), if said.
	pub clinical_time: Option<healthchain_primitives::ClinicalTime>,
	/// First version of the record.
	pub original: u64,
	/// Latest version of the record.
	pub latest: u64,
}

/// What proves a record is in a batch (see `healthchain_primitives::merkle`): the group that
/// covers it as it was declared, the group's place in the batch, and the record's place in the
/// group.
#[derive(codec::Encode, codec::Decode, Clone, PartialEq, Eq, Debug, scale_info::TypeInfo)]
pub struct BatchProofInfo<AccountId> {
	/// The group's subject.
	pub subject: pallet_record_anchors::RecordSubject<AccountId>,
	/// The group's category.
	pub category: RecordCategory,
	/// The group's labels.
	pub labels: alloc::vec::Vec<healthchain_primitives::SecurityLabel>,
	/// The group's record count.
	pub count: u32,
	/// The group's records root.
	pub records_root: H256,
	/// The group's position in the batch.
	pub group_index: u32,
	/// Siblings from the group's node up to the batch root.
	pub group_path: alloc::vec::Vec<H256>,
	/// The record's content hash.
	pub content_hash: H256,
	/// The record's position in the group.
	pub index: u32,
	/// Siblings from the record's leaf up to the group's records root.
	pub path: alloc::vec::Vec<H256>,
}

polkadot_sdk::sp_api::decl_runtime_apis! {
	/// Consent decisions and the accounting of disclosures (version 2: research opt-ins;
	/// version 3: queries say which record — an anchor, whose facts the chain reads — and, for a
	/// disclosure, its recipient; access-log entries carry both).
	#[api_version(3)]
	pub trait ConsentApi<AccountId, BlockNumber> where
		AccountId: codec::Codec + healthchain_primitives::Plain,
		BlockNumber: codec::Codec + healthchain_primitives::Plain,
	{
		/// The decision for `query` now, with its reason.
		fn check_access(query: healthchain_primitives::AccessQuery<AccountId>) -> healthchain_primitives::AccessDecision;
		/// The patient's access log (most recent `AccessLogCapacity` entries), oldest first.
		fn access_log(patient: AccountId) -> alloc::vec::Vec<pallet_consent::AccessLogEntry<AccountId, BlockNumber>>;
		/// The patient's recent break-glass episodes (the same SCALE as the tuples before, now
		/// with field names).
		fn break_glass_episodes(patient: AccountId) -> alloc::vec::Vec<EpisodeInfo<AccountId, BlockNumber>>;
		/// Unreviewed break-glass episodes of `org` past their review deadline.
		fn overdue_break_glass(org: OrganizationId) -> alloc::vec::Vec<OverdueEpisode<AccountId, BlockNumber>>;
		/// The patient's research opt-in, if any (since version 2).
		fn research_consent(patient: AccountId) -> Option<ResearchOptIn<BlockNumber>>;
		/// The patient's consents, oldest first (since version 3).
		fn consents(patient: AccountId) -> alloc::vec::Vec<ConsentView<AccountId, BlockNumber>>;
		/// The chain's clock at this block (since version 3).
		fn clock() -> ChainClock<BlockNumber>;
	}

	/// Record anchors: verification and access checks (version 2: batches of record groups,
	/// access checks by anchor; version 3: the indexes by hash, subject and organisation left the
	/// state — the node serves them as `health_anchorsByHash`, `health_anchorsOfPatient` and
	/// `health_anchorsOfOrganization`).
	#[api_version(3)]
	pub trait AnchorsApi<AccountId> where AccountId: codec::Codec {
		/// One anchor.
		fn anchor(id: u64) -> Option<AnchorInfo<AccountId>>;
		/// Whether `content_hash` is what anchor `id` anchored.
		fn verify_record(id: u64, content_hash: H256) -> bool;
		/// Whether `proof` shows a record in batch `batch`, in the group (subject, category,
		/// labels) it names; the record's leaf commits to that group.
		fn verify_batch_inclusion(batch: u64, proof: BatchProofInfo<AccountId>) -> bool;
		/// Whether `content_hash` is record `index` of a batch anchored before record groups.
		fn verify_legacy_batch_inclusion(batch: u64, content_hash: H256, index: u32, proof: alloc::vec::Vec<H256>) -> bool;
		/// The consent decision for `requester` taking `action` on anchor `id` for `purpose` now,
		/// with the anchor's own category and labels (`None`: no such anchor).
		fn anchor_access(requester: AccountId, id: u64, action: healthchain_primitives::ConsentAction, purpose: healthchain_primitives::PurposeOfUse) -> Option<healthchain_primitives::AccessDecision>;
	}
}
