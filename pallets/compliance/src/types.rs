//! Types of the compliance pallet: codes, hashes, ids and block numbers only.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
pub use healthchain_primitives::{
	AttestationType, ComplianceRefusal, Deposit, OrganizationId, OrganizationKind, RecordCategory,
};
use polkadot_sdk::sp_core::H256;
use scale_info::TypeInfo;

/// Id of an attestation.
pub type AttestationId = u64;

/// What an attestation is about.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub enum Subject {
	/// A consortium organisation.
	Organization(OrganizationId),
	/// A record or dataset, by content hash (e.g. a de-identified research dataset).
	Record(H256),
}

/// An attestor's accreditation for one attestation type.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub struct Accreditation<BlockNumber> {
	/// Block it was granted.
	pub granted_at: BlockNumber,
	/// First block at which it is no longer valid.
	pub expires_at: BlockNumber,
}

/// Who revoked an attestation.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub enum RevokedBy {
	/// The attestor organisation.
	Attestor,
	/// Consortium governance.
	Governance,
}

/// Why an attestation was revoked.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub enum RevocationReason {
	/// Findings after issue show the subject does not comply.
	NonCompliance,
	/// The attestation was issued in error.
	IssuedInError,
	/// Superseded by a newer attestation.
	Superseded,
	/// Any other reason, recorded off-chain.
	Other,
}

/// A revocation.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub struct Revocation<BlockNumber> {
	/// Block of revocation.
	pub at: BlockNumber,
	/// Who revoked it.
	pub by: RevokedBy,
	/// Why.
	pub reason: RevocationReason,
}

/// A compliance attestation.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub struct Attestation<AccountId, BlockNumber, Ticket> {
	/// The accredited attestor organisation.
	pub attestor: OrganizationId,
	/// The attestor's member account that issued it (and paid the deposit).
	pub issued_by: AccountId,
	/// What it is about.
	pub subject: Subject,
	/// Its type.
	pub kind: AttestationType,
	/// Hash of the evidence (audit report), kept off-chain.
	pub evidence: H256,
	/// Block of issue.
	pub issued_at: BlockNumber,
	/// First block at which it is no longer valid.
	pub expires_at: BlockNumber,
	/// Set when revoked.
	pub revoked: Option<Revocation<BlockNumber>>,
	/// Deposit, held from `issued_by`.
	pub deposit: Deposit<AccountId, Ticket>,
}

/// The standing of one attestation at a given block, as an auditor reads it.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub enum AttestationStanding {
	/// Valid.
	Valid,
	/// Past its expiry.
	Expired,
	/// Revoked.
	Revoked,
	/// Issued by an attestor whose accreditation for the type was later withdrawn.
	AttestorNotAccredited,
	/// Issued by an attestor organisation that is now suspended or retired.
	AttestorInactive,
}
