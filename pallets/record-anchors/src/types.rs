//! Types of the record-anchors pallet (FHIR Provenance for versions). Hashes, codes, ids and an
//! opaque pointer only; the pointer must be encrypted or content-addressed, never plain data.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
pub use healthchain_primitives::{
	FhirResourceType, OrganizationId, PurposeOfUse, RecordCategory, SecurityLabel,
};
use polkadot_sdk::{
	frame_support::{traits::Get, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound},
	sp_core::H256,
};
use healthchain_primitives::Plain;
use scale_info::TypeInfo;

/// Id of an anchor.
pub type AnchorId = u64;
/// Id of a batch.
pub type BatchId = u64;

/// Who a record is about.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub enum RecordSubject<AccountId> {
	/// A patient's account.
	Patient(AccountId),
	/// A per-organisation pseudonym the patient published.
	Pseudonym(H256),
}

/// The hash function of a content hash.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub enum HashAlgorithm {
	/// BLAKE2b-256.
	Blake2b256,
	/// SHA-256.
	Sha256,
	/// Keccak-256.
	Keccak256,
}

/// The status of an anchor (FHIR `DocumentReference.docStatus` / `status`).
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub enum AnchorStatus {
	/// The current version.
	Current,
	/// Replaced by a newer version.
	Superseded,
	/// Marked as entered in error.
	EnteredInError,
	/// Withdrawn by its author or the patient.
	Withdrawn,
}

/// Why a record was amended (HIPAA §164.526 right to amend, FHIR Provenance `activity`).
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub enum AmendmentReason {
	/// A correction of an error.
	Correction,
	/// An addendum or update.
	Update,
	/// Amended at the patient's request.
	PatientRequest,
	/// Re-issued in a new format.
	Reformat,
}

/// An anchor: proof that a record existed, who anchored it, about whom, when, of which kind.
#[derive(
	Encode, Decode, DecodeWithMemTracking, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, TypeInfo, MaxEncodedLen,
)]
#[scale_info(skip_type_params(MaxLabels, MaxPointer))]
#[codec(mel_bound(AccountId: MaxEncodedLen, BlockNumber: MaxEncodedLen, Ticket: MaxEncodedLen))]
pub struct Anchor<AccountId: Plain, BlockNumber: Plain, Ticket: Plain, MaxLabels: Get<u32>, MaxPointer: Get<u32>> {
	/// The account that anchored it.
	pub author: AccountId,
	/// The author's organisation (`None` when the patient anchored their own record).
	pub organization: Option<OrganizationId>,
	/// Who it is about.
	pub subject: RecordSubject<AccountId>,
	/// Hash of the (encrypted) document.
	pub content_hash: H256,
	/// Which hash function.
	pub hash_algorithm: HashAlgorithm,
	/// Record category.
	pub category: RecordCategory,
	/// FHIR resource type.
	pub resource_type: FhirResourceType,
	/// Security labels.
	pub labels: BoundedVec<SecurityLabel, MaxLabels>,
	/// Opaque storage pointer (encrypted URI, CID).
	pub pointer: BoundedVec<u8, MaxPointer>,
	/// Hash of further metadata kept off-chain.
	pub metadata_hash: Option<H256>,
	/// Block it was anchored.
	pub anchored_at: BlockNumber,
	/// Status.
	pub status: AnchorStatus,
	/// The first version of this record (itself for an original).
	pub original: AnchorId,
	/// The version it supersedes, and why.
	pub supersedes: Option<(AnchorId, AmendmentReason)>,
	/// Deposit payer and ticket (anchors are never erased; the deposit pays for that).
	pub deposit: (AccountId, Ticket),
}

/// How a batch relates to patients.
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub enum BatchScope {
	/// Records about the declared patients; consent is checked for each of them.
	Identified,
	/// A de-identified research dataset: every contributing patient's research consent and a
	/// de-identification attestation of the root are checked.
	Deidentified {
		/// The study (ethics approval hash).
		study: H256,
	},
}

/// A batch anchor: a Merkle root over many records (see `healthchain_primitives::merkle`).
#[derive(
	Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen,
)]
pub struct Batch<AccountId, BlockNumber, Ticket> {
	/// The account that anchored it.
	pub author: AccountId,
	/// Its organisation.
	pub organization: OrganizationId,
	/// Merkle root over the records' content hashes.
	pub root: H256,
	/// Number of records.
	pub count: u32,
	/// Category of the records.
	pub category: RecordCategory,
	/// Commitment to the set of patients (salted hash, kept by the author).
	pub patient_set_commitment: H256,
	/// Identified or de-identified.
	pub scope: BatchScope,
	/// Block it was anchored.
	pub anchored_at: BlockNumber,
	/// Deposit payer and ticket.
	pub deposit: (AccountId, Ticket),
}

/// A page of ids and where the next page starts.
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct Page<Id> {
	/// The ids on this page.
	pub items: alloc::vec::Vec<Id>,
	/// Cursor of the next page, if any.
	pub next: Option<u32>,
	/// Total number of items.
	pub total: u32,
}
