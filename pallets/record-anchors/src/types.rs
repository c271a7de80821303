//! Types of the record-anchors pallet (FHIR Provenance for versions). Hashes, codes, ids and an
//! opaque pointer only; the pointer must be encrypted or content-addressed, never plain data.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
pub use healthchain_primitives::Deposit;
use healthchain_primitives::Plain;
pub use healthchain_primitives::{FhirResourceType, OrganizationId, PurposeOfUse, RecordCategory, SecurityLabel};
use polkadot_sdk::{
	frame_support::{traits::Get, BoundedVec, CloneNoBound, DebugNoBound, EqNoBound, PartialEqNoBound},
	sp_core::H256,
};
use scale_info::TypeInfo;

/// Id of an anchor.
pub type AnchorId = u64;
/// Id of a batch.
pub type BatchId = u64;

/// Who a record is about.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub enum RecordSubject<AccountId> {
	/// A patient's account.
	Patient(AccountId),
	/// A per-organisation pseudonym the patient published.
	Pseudonym(H256),
}

/// The hash function of a content hash.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub enum HashAlgorithm {
	/// BLAKE2b-256.
	Blake2b256,
	/// SHA-256.
	Sha256,
	/// Keccak-256.
	Keccak256,
}

/// The status of an anchor (FHIR `DocumentReference.docStatus` / `status`).
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
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
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
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

/// An anchor: proof that a record existed, who anchored it, about whom, of which kind — only
/// what the chain's own rules read. Everything else a reader may want is in the
/// `RecordAnchored` event (pointer, metadata hash, the version it supersedes and why) or in the
/// node's anchor index (the block it was anchored in; anchors by hash, patient, organisation),
/// so an anchor costs under 160 bytes of state.
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
#[scale_info(skip_type_params(MaxLabels))]
#[codec(mel_bound(AccountId: MaxEncodedLen))]
pub struct Anchor<AccountId: Plain, MaxLabels: Get<u32>> {
	/// The account that anchored it (consents may name the author of the data they cover).
	pub author: AccountId,
	/// The author's organisation, the record's custodian (`None` when the patient anchored
	/// their own record).
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
	/// Security labels: those the category implies and those the author declared.
	pub labels: BoundedVec<SecurityLabel, MaxLabels>,
	/// Status.
	pub status: AnchorStatus,
	/// When the documented observation or encounter happened (seconds since the Unix epoch),
	/// if the author said; versions keep their record's.
	pub clinical_time: Option<healthchain_primitives::ClinicalTime>,
	/// The first version of the record when this anchor is a later version (`None`: this anchor
	/// is the record's first version).
	pub original: Option<AnchorId>,
}

impl<AccountId: Plain, MaxLabels: Get<u32>> Anchor<AccountId, MaxLabels> {
	/// The id that names this anchor's record: its first version's.
	pub fn record(&self, id: AnchorId) -> AnchorId {
		self.original.unwrap_or(id)
	}
}

/// How a batch relates to patients.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub enum BatchScope {
	/// Records about the declared subjects; each group's consent is checked as for one anchor.
	Identified,
	/// A de-identified research dataset: every contributing patient's research consent and a
	/// de-identification attestation of the root are checked.
	Deidentified {
		/// The study (ethics approval hash).
		study: H256,
	},
}

/// One group of a batch: the records about one subject, of one category, with the same labels.
/// Each record's leaf commits to these (see `healthchain_primitives::merkle::record_leaf`), so a
/// record can only be proven to be in the group whose subject consented to it.
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
#[scale_info(skip_type_params(MaxLabels))]
#[codec(mel_bound(AccountId: MaxEncodedLen))]
pub struct BatchGroup<AccountId: Plain, MaxLabels: Get<u32>> {
	/// Who the records are about.
	pub subject: RecordSubject<AccountId>,
	/// Their category.
	pub category: RecordCategory,
	/// Their labels: must include those the category implies.
	pub labels: BoundedVec<SecurityLabel, MaxLabels>,
	/// How many records.
	pub count: u32,
	/// Merkle root over the records' leaves.
	pub records_root: H256,
}

/// What proves a record is in a batch: the group that covers it, the group's place in the batch,
/// and the record's place in the group.
#[derive(Encode, Decode, DecodeWithMemTracking, CloneNoBound, PartialEqNoBound, EqNoBound, DebugNoBound, TypeInfo)]
#[scale_info(skip_type_params(MaxLabels))]
pub struct BatchProof<AccountId: Plain, MaxLabels: Get<u32>> {
	/// The group, as declared when the batch was anchored.
	pub group: BatchGroup<AccountId, MaxLabels>,
	/// Its position among the batch's groups.
	pub group_index: u32,
	/// Sibling hashes from the group's node up to the batch root.
	pub group_path: alloc::vec::Vec<H256>,
	/// The record's content hash.
	pub content_hash: H256,
	/// Its position in the group.
	pub index: u32,
	/// Sibling hashes from the record's leaf up to the group's `records_root`.
	pub path: alloc::vec::Vec<H256>,
}

/// A batch anchor: a Merkle root over the groups of many records.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub struct Batch<AccountId, BlockNumber, Ticket> {
	/// The account that anchored it.
	pub author: AccountId,
	/// Its organisation.
	pub organization: OrganizationId,
	/// Merkle root over the groups' nodes.
	pub root: H256,
	/// Number of records.
	pub count: u32,
	/// Number of groups (0: a batch anchored before record groups, one flat tree of content
	/// hashes, verified with `merkle::legacy_verify`).
	pub groups: u32,
	/// Identified or de-identified.
	pub scope: BatchScope,
	/// Block it was anchored.
	pub anchored_at: BlockNumber,
	/// Deposit payer and ticket.
	pub deposit: Deposit<AccountId, Ticket>,
}

/// First byte of a sealed pointer: `SEALED_POINTER_TAG ‖ nonce (24) ‖ ciphertext ‖ tag (16)`,
/// the document's location encrypted (XChaCha20-Poly1305) under a key the custodian shares off
/// chain.
pub const SEALED_POINTER_TAG: u8 = 0xA1;
/// Shortest sealed pointer: tag, 24-byte nonce, at least one byte of ciphertext, 16-byte tag.
pub const MIN_SEALED_POINTER_LEN: usize = 1 + 24 + 1 + 16;

/// Whether `pointer` has a format the chain accepts, so that no plain location (a URL naming a
/// patient, a file path) is ever written to the ledger for good:
/// - empty: no pointer (the gateway finds the document by its content hash);
/// - a CIDv1 in binary (`0x01 ‖ codec ‖ multihash`, every field a well-formed varint, the
///   digest exactly as long as it says, nothing after it);
/// - a CIDv0 (`0x12 0x20 ‖ 32-byte SHA-256 digest`);
/// - a sealed pointer ([`SEALED_POINTER_TAG`], at least [`MIN_SEALED_POINTER_LEN`] bytes).
pub fn is_valid_pointer(pointer: &[u8]) -> bool {
	match pointer.first() {
		None => true,
		Some(&SEALED_POINTER_TAG) => pointer.len() >= MIN_SEALED_POINTER_LEN,
		Some(0x12) => pointer.len() == 34 && pointer.get(1) == Some(&0x20),
		Some(0x01) => is_cid_v1_rest(pointer.get(1..).unwrap_or_default()),
		Some(_) => false,
	}
}

/// Reads an unsigned LEB128 varint (at most 9 bytes, as multiformats allow) from the front of
/// `bytes`; returns it and the rest.
fn varint(bytes: &[u8]) -> Option<(u64, &[u8])> {
	let mut value = 0u64;
	for (i, b) in bytes.iter().enumerate().take(9) {
		value |= u64::from(b & 0x7f) << (7 * i as u32);
		if b & 0x80 == 0 {
			return Some((value, bytes.get(i.saturating_add(1)..)?));
		}
	}
	None
}

/// A CIDv1 after its version byte: content codec, then a multihash whose digest fills the rest.
fn is_cid_v1_rest(rest: &[u8]) -> bool {
	let Some((_codec, rest)) = varint(rest) else { return false };
	let Some((_hash_code, rest)) = varint(rest) else { return false };
	let Some((len, digest)) = varint(rest) else { return false };
	len > 0 && digest.len() as u64 == len
}
