//! Types of the patient-identity pallet. None of them can hold personal data: identities are
//! 32-byte salted commitments, pseudonyms are 32-byte values, everything else is an account id,
//! a code or a block number.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
pub use healthchain_primitives::{is_expired, Deposit};
use polkadot_sdk::sp_core::H256;
use scale_info::TypeInfo;

/// A salted identity commitment bound to the patient's account, computed off-chain by
/// [`identity_commitment`]. The salt never reaches the chain, so the commitment cannot be
/// brute-forced from a small identifier space; the account in it means an opening verifies only
/// for the account that registered it (a copied commitment is worthless to whoever copied it).
pub type Commitment = H256;

/// A per-organisation pseudonym under which records about a patient are anchored. It is the
/// consent subject of those records, controlled by its own pseudonym key (see the crate docs).
pub type Pseudonym = H256;

/// Domain tag of identity commitments (documented for wallets; the chain never sees the salt).
pub const COMMITMENT_TAG: &[u8] = b"healthchain/identity/v2";
/// Domain tag of the hiding link between a pseudonym and the patient's commitment.
pub const PSEUDONYM_LINK_TAG: &[u8] = b"healthchain/pseudonym-link/v1";
/// Domain tag of the payload a patient signs so that a provider may register them.
pub const REGISTRATION_TAG: [u8; 23] = *b"healthchain/register/v1";

/// The identity commitment a patient's wallet registers:
/// `blake2_256(COMMITMENT_TAG ‖ salt ‖ identifiers ‖ SCALE(account))`, where `account` is the
/// account that registers (the patient id). Anyone the patient opens it to (salt and identifiers)
/// checks it against that account ([`crate::Pallet::opens_commitment`]).
pub fn identity_commitment<AccountId: codec::Encode>(
	salt: &[u8; 32],
	identifiers: &[u8],
	account: &AccountId,
) -> Commitment {
	let mut input = alloc::vec::Vec::with_capacity(COMMITMENT_TAG.len() + 64 + identifiers.len());
	input.extend_from_slice(COMMITMENT_TAG);
	input.extend_from_slice(salt);
	input.extend_from_slice(identifiers);
	account.encode_to(&mut input);
	H256(polkadot_sdk::sp_crypto_hashing::blake2_256(&input))
}

/// The link commitment a patient publishes with a pseudonym:
/// `blake2_256(PSEUDONYM_LINK_TAG ‖ patient_commitment ‖ pseudonym ‖ link_salt)`.
/// Opening it (revealing the commitment and the salt to a chosen party) proves the link; without
/// the salt nobody can join pseudonyms to each other or to the patient.
pub fn pseudonym_link(commitment: &Commitment, pseudonym: &Pseudonym, link_salt: &[u8; 32]) -> H256 {
	let mut input = alloc::vec::Vec::with_capacity(PSEUDONYM_LINK_TAG.len() + 96);
	input.extend_from_slice(PSEUDONYM_LINK_TAG);
	input.extend_from_slice(commitment.as_bytes());
	input.extend_from_slice(pseudonym.as_bytes());
	input.extend_from_slice(link_salt);
	H256(polkadot_sdk::sp_crypto_hashing::blake2_256(&input))
}

/// Where an identity commitment stands. Commitments are never reused: a deactivated one stays
/// as a tombstone.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub enum CommitmentStatus<AccountId, BlockNumber> {
	/// In use by this account.
	Active(AccountId),
	/// Deactivated at this block; cannot be registered again.
	Retired(BlockNumber),
}

/// A registered patient.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub struct PatientInfo<AccountId, BlockNumber, Ticket> {
	/// The identity commitment.
	pub commitment: Commitment,
	/// Block of registration.
	pub registered_at: BlockNumber,
	/// The deposit (`None` for genesis patients).
	pub deposit: Option<Deposit<AccountId, Ticket>>,
	/// How many guardians must approve a recovery; 0 disables recovery.
	pub recovery_threshold: u8,
	/// A key rotation proposed by the patient, waiting for the new account to accept it.
	pub pending_rotation: Option<AccountId>,
	/// The key that controls the identity now. The patient's id (the account that registered)
	/// never changes; keys rotate and recover under it.
	pub controller: AccountId,
}

/// The role a delegate plays for a patient (FHIR `RelatedPerson` relationship, simplified).
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub enum DelegateRole {
	/// Guardian of a minor or of an adult under guardianship.
	Guardian,
	/// Legal representative (power of attorney, `PWATRNY`).
	LegalRepresentative,
	/// Emergency contact: notified of break-glass access and access requests.
	EmergencyContact,
}

/// What a delegate may do for the patient: a list of [`DelegateAction`] names to clients
/// (`["Notify", "ApproveAccess"]`), a mask on chain.
pub type DelegateScope = healthchain_primitives::CodeSet<DelegateAction>;
pub use healthchain_primitives::DelegateAction;

/// Somebody who may act for a patient.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub struct Delegate<AccountId, BlockNumber, Ticket> {
	/// The delegate's account.
	pub account: AccountId,
	/// Their role.
	pub role: DelegateRole,
	/// What they may do.
	pub scope: DelegateScope,
	/// The first block the delegation is no longer in force (`None`: until removed); see
	/// [`healthchain_primitives::Validity`].
	pub expires_at: Option<BlockNumber>,
	/// The deposit for this entry.
	pub deposit: Deposit<AccountId, Ticket>,
}

impl<A, B: PartialOrd, T> Delegate<A, B, T> {
	/// Whether the delegation is in force at block `now`.
	pub fn is_valid_at(&self, now: &B) -> bool {
		!self
			.expires_at
			.as_ref()
			.is_some_and(|e| healthchain_primitives::is_expired(e, now))
	}
}

/// A published pseudonym.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub struct PseudonymInfo<AccountId, OrganizationId, BlockNumber, Ticket> {
	/// The pseudonym key: a key the patient's wallet derives for this organisation alone. It
	/// controls the pseudonym and is its consent subject (its consents govern every anchor
	/// under the pseudonym); nothing on chain ties it to the patient's account.
	pub subject: AccountId,
	/// The organisation that anchors records under this pseudonym.
	pub audience: OrganizationId,
	/// Hiding commitment to the link with the patient's identity (see [`pseudonym_link`]).
	pub link_commitment: H256,
	/// Block of publication.
	pub published_at: BlockNumber,
	/// The deposit.
	pub deposit: Deposit<AccountId, Ticket>,
}

/// A recovery in progress. The guardian set and the threshold are fixed when it starts, so
/// nobody can lower the bar by leaving or being removed halfway.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub struct ActiveRecovery<AccountId, BlockNumber, Approvals, Guardians, Ticket> {
	/// The account that will receive the identity.
	pub new_account: AccountId,
	/// Block from which the recovery may be claimed.
	pub claimable_at: BlockNumber,
	/// First block at which it can no longer be claimed (and may be replaced).
	pub expires_at: BlockNumber,
	/// Approvals needed, as set by the patient when the recovery started.
	pub threshold: u8,
	/// The patient's guardians when the recovery started; only they may approve or cancel, and
	/// only while they are still valid guardians.
	pub guardians: Guardians,
	/// Guardians who approved so far.
	pub approvals: Approvals,
	/// Guardians who voted to cancel; `threshold` of them cancel it.
	pub cancellations: Approvals,
	/// Deposit of the guardian who initiated it.
	pub deposit: Deposit<AccountId, Ticket>,
}

/// Why an identity moved to another account.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub enum MoveReason {
	/// The patient rotated their key.
	Rotation,
	/// Guardians recovered a lost key.
	Recovery,
}

/// The payload a patient signs so that a provider may register them (replay-safe: bound to the
/// chain's genesis hash, the provider, a per-patient nonce and an expiry block).
#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
pub struct RegistrationPayload<AccountId, BlockNumber, Hash> {
	/// [`REGISTRATION_TAG`].
	pub tag: [u8; REGISTRATION_TAG.len()],
	/// The chain's genesis hash.
	pub genesis_hash: Hash,
	/// The patient's account.
	pub patient: AccountId,
	/// The commitment to register.
	pub commitment: Commitment,
	/// The provider allowed to submit it.
	pub provider: AccountId,
	/// The patient's registration nonce.
	pub nonce: u32,
	/// The first block the signature is no longer accepted.
	pub expires_at: BlockNumber,
}

pub use healthchain_primitives::PatientRegistry;
