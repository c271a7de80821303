//! Types of the consent pallet, modelled on HL7 FHIR Consent and AuditEvent. Codes, hashes, ids,
//! account ids and block numbers only: no field can hold personal data.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
pub use healthchain_primitives::Validity;
pub use healthchain_primitives::{
	AccessDecision, AccessQuery, ClinicalTime, ConsentAction, DataContext, FhirResourceType, MemberRole,
	OrganizationId, OrganizationKind, PurposeOfUse, Recipient, RecordCategory, SecurityLabel,
};
use healthchain_primitives::{Deposit, Plain};
use polkadot_sdk::{
	frame_support::{traits::Get, BoundedVec, CloneNoBound, DebugNoBound, DefaultNoBound, EqNoBound, PartialEqNoBound},
	sp_core::H256,
};
use scale_info::TypeInfo;

/// Id of a consent.
pub type ConsentId = u64;
/// Id of an access request.
pub type RequestId = u64;
/// Id of a break-glass episode.
pub type EpisodeId = u64;

/// Who a consent is given to (FHIR `grantee` / `provision.actor`).
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub enum Grantee<AccountId> {
	/// One member account *at* one organisation (FHIR `PractitionerRole`, or a `Device` for a
	/// system account): it stops matching if the account moves to another organisation.
	Member {
		/// The member account.
		account: AccountId,
		/// The organisation it is a member of.
		organization: OrganizationId,
	},
	/// Every member of one organisation.
	Organization(OrganizationId),
	/// Every member of any active organisation of a kind ("any active pharmacy").
	OrganizationKind(OrganizationKind),
	/// Every member of any active organisation ("anyone in the consortium"): how a patient says
	/// "no provider may …" in one deny, or permits data to every member for one purpose. Roles
	/// and compliance still decide who handles what.
	AnyMember,
}

impl<AccountId> Grantee<AccountId> {
	/// How specific the grantee is: a member beats an organisation beats a kind beats anyone.
	pub fn rank(&self) -> u8 {
		match self {
			Grantee::Member { .. } => 3,
			Grantee::Organization(_) => 2,
			Grantee::OrganizationKind(_) => 1,
			Grantee::AnyMember => 0,
		}
	}
}

/// FHIR `decision`.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub enum Decision {
	/// The provision permits.
	Permit,
	/// The provision denies.
	Deny,
}

/// The FHIR `provision.action` codes a provision covers: a list of [`ConsentAction`] names to
/// clients (`["Access", "Use"]`), a mask on chain.
pub type ActionSet = healthchain_primitives::CodeSet<ConsentAction>;

/// What a provision covers. Empty lists mean "any"; for labels see [`Provision`].
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
	TypeInfo,
	MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxCodes))]
#[codec(mel_bound())]
pub struct Scope<MaxCodes: Get<u32>> {
	/// FHIR `provision.action` (0 in an exception: same as the parent).
	pub actions: ActionSet,
	/// Record categories (FHIR `documentType`/`class`).
	pub categories: BoundedVec<RecordCategory, MaxCodes>,
	/// FHIR resource types.
	pub resource_types: BoundedVec<FhirResourceType, MaxCodes>,
	/// Purposes of use.
	pub purposes: BoundedVec<PurposeOfUse, MaxCodes>,
	/// Security labels: a permit must name each sensitive label it permits; a deny with labels
	/// applies only to data carrying one of them.
	pub labels: BoundedVec<SecurityLabel, MaxCodes>,
}

impl<M: Get<u32>> Scope<M> {
	/// The scope of `actions` on `categories` for `purposes`, naming `labels`, any resource type
	/// (for tests, benchmarks and tools; a list past the bound is cut to it).
	pub fn of(
		actions: &[ConsentAction],
		categories: &[RecordCategory],
		purposes: &[PurposeOfUse],
		labels: &[SecurityLabel],
	) -> Self {
		Scope {
			actions: ActionSet::of(actions),
			categories: BoundedVec::truncate_from(categories.to_vec()),
			resource_types: Default::default(),
			purposes: BoundedVec::truncate_from(purposes.to_vec()),
			labels: BoundedVec::truncate_from(labels.to_vec()),
		}
	}

	/// How many dimensions the scope constrains.
	pub fn constrained_dimensions(&self) -> u8 {
		[
			!self.categories.is_empty(),
			!self.resource_types.is_empty(),
			!self.purposes.is_empty(),
			!self.labels.is_empty(),
		]
		.iter()
		.filter(|b| **b)
		.count() as u8
	}
}

/// A window of clinical time, both ends inclusive (FHIR `provision.dataPeriod`): matches records
/// whose observation happened inside it. An open end is unbounded.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub struct DataPeriod {
	/// Earliest clinical time covered.
	pub start: Option<ClinicalTime>,
	/// Latest clinical time covered.
	pub end: Option<ClinicalTime>,
}

impl DataPeriod {
	/// Whether `t` is inside the window.
	pub fn contains(&self, t: ClinicalTime) -> bool {
		self.start.is_none_or(|s| t >= s) && self.end.is_none_or(|e| t <= e)
	}
}

/// A reference to an anchored record (FHIR `provision.data` with meaning `instance`): the anchor
/// named, and every later version of the same record. `original` (the record's first version)
/// is filled in by the chain when the consent is granted.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub struct DataReference {
	/// The anchor referred to.
	pub anchor: u64,
	/// Its record's first version (set by the chain).
	pub original: u64,
}

/// Where a record comes from (FHIR `provision.actor` with role `CST` custodian or `AUT` author).
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub enum RecordSource<AccountId> {
	/// Records held (anchored) by this organisation.
	Custodian(OrganizationId),
	/// Records anchored by this member account.
	Author(AccountId),
}

/// What data a provision is about, beyond its scope's codes. Empty lists and `None` mean "any".
/// Each is matched against what the request says of the data ([`DataContext`]); a dimension the
/// request cannot say (a category-level question about a record source, say) makes a permit not
/// apply and a deny apply.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
	TypeInfo,
	MaxEncodedLen,
	DefaultNoBound,
)]
#[scale_info(skip_type_params(MaxRefs))]
#[codec(mel_bound(AccountId: MaxEncodedLen))]
pub struct DataScope<AccountId: Plain, MaxRefs: Get<u32>> {
	/// Specific records (FHIR `data`, meaning `instance`) and their later versions.
	pub records: BoundedVec<DataReference, MaxRefs>,
	/// Record sources (custodian organisations, authors).
	pub sources: BoundedVec<RecordSource<AccountId>, MaxRefs>,
	/// The records' clinical time window (FHIR `dataPeriod`).
	pub data_period: Option<DataPeriod>,
	/// For `Disclose`: who the data may (permit) or may not (deny) go to (FHIR actor `IRCP`).
	pub recipients: BoundedVec<Grantee<AccountId>, MaxRefs>,
}

impl<AccountId: Plain, MaxRefs: Get<u32>> DataScope<AccountId, MaxRefs> {
	/// How many dimensions it constrains.
	pub fn constrained_dimensions(&self) -> u8 {
		[!self.records.is_empty(), !self.sources.is_empty(), self.data_period.is_some(), !self.recipients.is_empty()]
			.iter()
			.filter(|b| **b)
			.count() as u8
	}
}

/// A provision: a decision over a scope and data, optionally narrowed to an actor and a period
/// of its own (FHIR `provision` with its `type`/`decision`, `actor`, `period`, `data`,
/// `dataPeriod`).
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
	TypeInfo,
	MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxCodes, MaxRefs))]
#[codec(mel_bound(AccountId: MaxEncodedLen, BlockNumber: MaxEncodedLen))]
pub struct Provision<AccountId: Plain, BlockNumber: Plain, MaxCodes: Get<u32>, MaxRefs: Get<u32>> {
	/// Permit or deny.
	pub decision: Decision,
	/// What it covers.
	pub scope: Scope<MaxCodes>,
	/// Who it applies to, within the consent's grantee (`None`: whoever its parent applies to).
	pub actor: Option<Grantee<AccountId>>,
	/// When it applies, within the consent's period (`None`: whenever its parent does).
	pub period: Option<Validity<BlockNumber>>,
	/// Which data it is about.
	pub data: DataScope<AccountId, MaxRefs>,
}

impl<A: Plain, B: Plain, M: Get<u32>, R: Get<u32>> Provision<A, B, M, R> {
	/// A provision over `scope` only: no actor, period or data constraints of its own.
	pub fn over(decision: Decision, scope: Scope<M>) -> Self {
		Provision { decision, scope, actor: None, period: None, data: Default::default() }
	}
}

/// A nested provision (FHIR `provision.provision`): it applies only where its parent applies,
/// and where it applies it overrides its parent. `parent` is 0 for the root provision, or
/// `i` for the consent's `i`-th exception (1-based), which must come earlier in the list.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
	TypeInfo,
	MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxCodes, MaxRefs))]
#[codec(mel_bound(AccountId: MaxEncodedLen, BlockNumber: MaxEncodedLen))]
pub struct Exception<AccountId: Plain, BlockNumber: Plain, MaxCodes: Get<u32>, MaxRefs: Get<u32>> {
	/// The provision it is nested in: 0 the root, `i` the `i`-th exception.
	pub parent: u8,
	/// The nested provision.
	pub provision: Provision<AccountId, BlockNumber, MaxCodes, MaxRefs>,
}

/// Whether break-glass access may override a consent's deny (the patient chooses per consent).
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen, Default,
)]
pub enum EmergencyOverride {
	/// The default: a clinician's break-glass episode may override this consent's deny (HIPAA
	/// permits treatment in an emergency); the decision, the event and the review say so.
	#[default]
	Allowed,
	/// Not even in an emergency: an open episode does not lift this consent's deny.
	Refused,
}

/// Where a consent came from.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub enum ConsentSource {
	/// Granted directly by the patient or a delegate.
	Direct,
	/// Created by approving an access request.
	AccessRequest(RequestId),
}

/// A consent (FHIR `Consent`, status active).
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
	TypeInfo,
	MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxCodes, MaxRefs, MaxExceptions))]
#[codec(mel_bound(AccountId: MaxEncodedLen, BlockNumber: MaxEncodedLen, Ticket: MaxEncodedLen))]
pub struct ConsentRecord<
	AccountId: Plain,
	BlockNumber: Plain,
	Ticket: Plain,
	MaxCodes: Get<u32>,
	MaxRefs: Get<u32>,
	MaxExceptions: Get<u32>,
> {
	/// The patient (FHIR `subject`).
	pub patient: AccountId,
	/// Who acted for the patient (FHIR `grantor`): the patient or a delegate.
	pub granted_by: AccountId,
	/// Who the consent is given to.
	pub grantee: Grantee<AccountId>,
	/// The root provision.
	pub provision: Provision<AccountId, BlockNumber, MaxCodes, MaxRefs>,
	/// Nested provisions (e.g. "except deny label PSY"), parents first.
	pub exceptions: BoundedVec<Exception<AccountId, BlockNumber, MaxCodes, MaxRefs>, MaxExceptions>,
	/// Whether a break-glass episode may override this consent's denies.
	pub emergency: EmergencyOverride,
	/// Hash of the policy/terms text the patient agreed to (FHIR `policyBasis`).
	pub policy: H256,
	/// When it is in force (FHIR `period`): from `start` until `expires_at`, the first block it no
	/// longer is (`None`: until revoked); see [`healthchain_primitives::Validity`].
	pub validity: Validity<BlockNumber>,
	/// Block it was recorded.
	pub recorded_at: BlockNumber,
	/// Where it came from.
	pub source: ConsentSource,
	/// Deposit payer and ticket.
	pub deposit: Deposit<AccountId, Ticket>,
}

/// An access request awaiting the patient's answer.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
	TypeInfo,
	MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxCodes))]
#[codec(mel_bound(AccountId: MaxEncodedLen, BlockNumber: MaxEncodedLen, Ticket: MaxEncodedLen))]
pub struct AccessRequest<AccountId: Plain, BlockNumber: Plain, Ticket: Plain, MaxCodes: Get<u32>> {
	/// The requesting member.
	pub requester: AccountId,
	/// The requester's organisation.
	pub organization: OrganizationId,
	/// The patient asked.
	pub patient: AccountId,
	/// What is asked for.
	pub scope: Scope<MaxCodes>,
	/// Hash of the justification, kept off-chain.
	pub justification: H256,
	/// How long the grant should last once approved, in blocks.
	pub grant_duration: BlockNumber,
	/// First block at which the request can no longer be answered.
	pub expires_at: BlockNumber,
	/// Deposit payer (the requester) and ticket; moves to the consent on approval.
	pub deposit: Deposit<AccountId, Ticket>,
}

/// Why a clinician broke the glass.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub enum BreakGlassReason {
	/// The patient is unconscious or unable to consent.
	PatientIncapacitated,
	/// Life-threatening emergency.
	LifeThreatening,
	/// Immediate threat to others (public safety).
	ThreatToOthers,
	/// Consent systems unavailable during an emergency.
	ConsentUnavailable,
}

/// The outcome of the after-the-fact review of a break-glass episode.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub enum Review<AccountId, BlockNumber> {
	/// Not reviewed yet.
	Pending,
	/// Reviewed and found justified.
	Justified { reviewer: AccountId, at: BlockNumber, finding: H256 },
	/// Reviewed and found unjustified.
	Unjustified { reviewer: AccountId, at: BlockNumber, finding: H256 },
}

/// One entry of a patient's break-glass history: the episode, and whether it still awaits its
/// review. Kept in the list so that making room for a new episode never reads the episodes.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub struct HistoryEntry {
	/// The episode.
	pub episode: EpisodeId,
	/// Whether the episode awaits review (pending episodes are never dropped from the history).
	pub pending: bool,
}

/// A break-glass episode (FHIR AuditEvent with `authorization` = ETREAT/BTG).
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
	TypeInfo,
	MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxOverrides))]
#[codec(mel_bound(AccountId: MaxEncodedLen, BlockNumber: MaxEncodedLen, Ticket: MaxEncodedLen))]
pub struct BreakGlassEpisode<AccountId: Plain, BlockNumber: Plain, Ticket: Plain, MaxOverrides: Get<u32>> {
	/// The clinician who broke the glass.
	pub requester: AccountId,
	/// Their organisation (whose privacy officer reviews).
	pub organization: OrganizationId,
	/// The patient.
	pub patient: AccountId,
	/// `ETREAT` or `BTG`.
	pub purpose: PurposeOfUse,
	/// Why.
	pub reason: BreakGlassReason,
	/// Block it opened.
	pub opened_at: BlockNumber,
	/// First block at which access ends (hard limit).
	pub expires_at: BlockNumber,
	/// Block by which it must be reviewed.
	pub review_deadline: BlockNumber,
	/// The review.
	pub review: Review<AccountId, BlockNumber>,
	/// Whether it was flagged as overdue for review.
	pub overdue: bool,
	/// Deposit of the requester, released when reviewed.
	pub deposit: Option<Deposit<AccountId, Ticket>>,
	/// The patient's consents refusing this clinician emergency reading that the episode
	/// overrides (when it opened): the review must rule on them.
	pub overrides: BoundedVec<u64, MaxOverrides>,
	/// The review's ruling on the override (`None` until reviewed, or when nothing was
	/// overridden): `false` puts the patient's refusals back in force at once.
	pub override_upheld: Option<bool>,
}

/// A patient's opt-in to de-identified research use.
#[derive(
	Encode,
	Decode,
	DecodeWithMemTracking,
	CloneNoBound,
	PartialEqNoBound,
	EqNoBound,
	DebugNoBound,
	TypeInfo,
	MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxCodes, MaxStudies))]
#[codec(mel_bound(AccountId: MaxEncodedLen, BlockNumber: MaxEncodedLen, Ticket: MaxEncodedLen))]
pub struct ResearchConsent<
	AccountId: Plain,
	BlockNumber: Plain,
	Ticket: Plain,
	MaxCodes: Get<u32>,
	MaxStudies: Get<u32>,
> {
	/// Categories opted in.
	pub categories: BoundedVec<RecordCategory, MaxCodes>,
	/// Studies (ethics-approval hashes) it is limited to; empty: any approved study.
	pub studies: BoundedVec<H256, MaxStudies>,
	/// Block of the opt-in.
	pub since: BlockNumber,
	/// Deposit payer and ticket.
	pub deposit: Deposit<AccountId, Ticket>,
}

/// Whether an access that a member records succeeded (FHIR AuditEvent `outcome`).
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub enum AccessOutcome {
	/// The data was accessed or disclosed.
	Success,
	/// The attempt failed.
	Failure,
}

/// One entry of a patient's accounting of disclosures.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub struct AccessLogEntry<AccountId, BlockNumber> {
	/// Sequence number (per patient, from 0).
	pub seq: u64,
	/// Who accessed.
	pub accessor: AccountId,
	/// Their organisation.
	pub organization: OrganizationId,
	/// What they did.
	pub action: ConsentAction,
	/// Which category.
	pub category: RecordCategory,
	/// Which anchored record, if the access was to one.
	pub record: Option<u64>,
	/// Who the data went to (for a disclosure).
	pub recipient: Option<Recipient<AccountId>>,
	/// Why.
	pub purpose: PurposeOfUse,
	/// The decision the chain computed when the access was recorded (consent or break-glass used).
	pub decision: AccessDecision,
	/// Whether it succeeded.
	pub outcome: AccessOutcome,
	/// Block it was recorded.
	pub at: BlockNumber,
}
