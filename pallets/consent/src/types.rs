//! Types of the consent pallet, modelled on HL7 FHIR Consent and AuditEvent. Codes, hashes, ids,
//! account ids and block numbers only: no field can hold personal data.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
pub use healthchain_primitives::{
	AccessDecision, AccessQuery, ConsentAction, FhirResourceType, MemberRole, OrganizationId,
	OrganizationKind, PurposeOfUse, RecordCategory, SecurityLabel,
};
use polkadot_sdk::{
	frame_support::{traits::Get, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound},
	sp_core::H256,
};
use healthchain_primitives::Plain;
use scale_info::TypeInfo;

/// Id of a consent.
pub type ConsentId = u64;
/// Id of an access request.
pub type RequestId = u64;
/// Id of a break-glass episode.
pub type EpisodeId = u64;

/// Who a consent is given to (FHIR `grantee` / `provision.actor`).
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
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
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub enum Decision {
	/// The provision permits.
	Permit,
	/// The provision denies.
	Deny,
}

/// A set of [`ConsentAction`]s, as bits.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen, Default,
)]
pub struct ActionSet(pub u8);

impl ActionSet {
	/// Every action.
	pub const ALL: u8 = 31;
	/// A set of the given actions.
	pub fn of(actions: &[ConsentAction]) -> Self {
		ActionSet(actions.iter().fold(0, |acc, a| acc | a.bit()))
	}
	/// Whether `action` is in the set.
	pub fn contains(&self, action: ConsentAction) -> bool {
		self.0 & action.bit() != 0
	}
	/// Whether only defined bits are set.
	pub fn is_valid(&self) -> bool {
		self.0 & !Self::ALL == 0
	}
}

/// What a provision covers. Empty lists mean "any"; for labels see [`Provision`].
#[derive(
	Encode, Decode, DecodeWithMemTracking, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, TypeInfo, MaxEncodedLen,
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

/// A provision: a decision over a scope (FHIR `provision` with its `type`/`decision`).
#[derive(
	Encode, Decode, DecodeWithMemTracking, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, TypeInfo, MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxCodes))]
#[codec(mel_bound())]
pub struct Provision<MaxCodes: Get<u32>> {
	/// Permit or deny.
	pub decision: Decision,
	/// What it covers.
	pub scope: Scope<MaxCodes>,
}

/// Where a consent came from.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub enum ConsentSource {
	/// Granted directly by the patient or a delegate.
	Direct,
	/// Created by approving an access request.
	AccessRequest(RequestId),
}

/// A consent (FHIR `Consent`, status active).
#[derive(
	Encode, Decode, DecodeWithMemTracking, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, TypeInfo, MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxCodes, MaxExceptions))]
#[codec(mel_bound(AccountId: MaxEncodedLen, BlockNumber: MaxEncodedLen, Ticket: MaxEncodedLen))]
pub struct ConsentRecord<AccountId: Plain, BlockNumber: Plain, Ticket: Plain, MaxCodes: Get<u32>, MaxExceptions: Get<u32>> {
	/// The patient (FHIR `subject`).
	pub patient: AccountId,
	/// Who acted for the patient (FHIR `grantor`): the patient or a delegate.
	pub granted_by: AccountId,
	/// Who the consent is given to.
	pub grantee: Grantee<AccountId>,
	/// The root provision.
	pub provision: Provision<MaxCodes>,
	/// Nested exceptions (e.g. "except deny label PSY").
	pub exceptions: BoundedVec<Provision<MaxCodes>, MaxExceptions>,
	/// Hash of the policy/terms text the patient agreed to (FHIR `policyBasis`).
	pub policy: H256,
	/// First block of validity (FHIR `period.start`).
	pub start: BlockNumber,
	/// First block at which it is no longer valid (`None`: until revoked).
	pub end: Option<BlockNumber>,
	/// Block it was recorded.
	pub recorded_at: BlockNumber,
	/// Where it came from.
	pub source: ConsentSource,
	/// Deposit payer and ticket.
	pub deposit: (AccountId, Ticket),
}

/// An access request awaiting the patient's answer.
#[derive(
	Encode, Decode, DecodeWithMemTracking, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, TypeInfo, MaxEncodedLen,
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
	pub deposit: (AccountId, Ticket),
}

/// Why a clinician broke the glass.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
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
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
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
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct HistoryEntry {
	/// The episode.
	pub episode: EpisodeId,
	/// Whether the episode awaits review (pending episodes are never dropped from the history).
	pub pending: bool,
}

/// A break-glass episode (FHIR AuditEvent with `authorization` = ETREAT/BTG).
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct BreakGlassEpisode<AccountId, BlockNumber, Ticket> {
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
	pub deposit: Option<(AccountId, Ticket)>,
}

/// A patient's opt-in to de-identified research use.
#[derive(
	Encode, Decode, DecodeWithMemTracking, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, TypeInfo, MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxCodes, MaxStudies))]
#[codec(mel_bound(AccountId: MaxEncodedLen, BlockNumber: MaxEncodedLen, Ticket: MaxEncodedLen))]
pub struct ResearchConsent<AccountId: Plain, BlockNumber: Plain, Ticket: Plain, MaxCodes: Get<u32>, MaxStudies: Get<u32>> {
	/// Categories opted in.
	pub categories: BoundedVec<RecordCategory, MaxCodes>,
	/// Studies (ethics-approval hashes) it is limited to; empty: any approved study.
	pub studies: BoundedVec<H256, MaxStudies>,
	/// Block of the opt-in.
	pub since: BlockNumber,
	/// Deposit payer and ticket.
	pub deposit: (AccountId, Ticket),
}

/// Whether an access that a member records succeeded (FHIR AuditEvent `outcome`).
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub enum AccessOutcome {
	/// The data was accessed or disclosed.
	Success,
	/// The attempt failed.
	Failure,
}

/// One entry of a patient's accounting of disclosures.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
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
	/// Why.
	pub purpose: PurposeOfUse,
	/// The decision the chain computed when the access was recorded (consent or break-glass used).
	pub decision: AccessDecision,
	/// Whether it succeeded.
	pub outcome: AccessOutcome,
	/// Block it was recorded.
	pub at: BlockNumber,
}
