//! Types of the organisations pallet: codes, hashes and account ids only.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
pub use healthchain_primitives::{Deposit, MemberRole, OrganizationId, OrganizationKind};
use polkadot_sdk::sp_core::H256;
use scale_info::TypeInfo;

/// Where an organisation stands in the consortium.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub enum OrganizationStatus {
	/// A member in good standing: may anchor, attest and access under consent.
	Active,
	/// Temporarily barred by governance (with a reason code).
	Suspended,
	/// Left the consortium for good.
	Retired,
}

/// Why governance suspended an organisation.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub enum SuspensionReason {
	/// A security or privacy incident is under investigation.
	IncidentUnderInvestigation,
	/// Required attestations lapsed.
	ComplianceLapse,
	/// Membership fees or obligations unmet.
	ObligationsUnmet,
	/// Ordered by a regulator.
	RegulatoryOrder,
	/// Any other reason, recorded off-chain.
	Other,
}

/// A consortium organisation.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub struct Organization<AccountId, BlockNumber> {
	/// What kind of organisation it is.
	pub kind: OrganizationKind,
	/// Its standing.
	pub status: OrganizationStatus,
	/// Its administrator account, which manages member accounts.
	pub admin: AccountId,
	/// Hash of its public registration document (licence, registration certificate).
	pub registration_document: H256,
	/// Block of admission.
	pub admitted_at: BlockNumber,
	/// Number of member accounts, the administrator included.
	pub member_count: u32,
}

/// A member account of an organisation.
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub struct MemberRecord<AccountId, BlockNumber, Ticket> {
	/// The member's role.
	pub role: MemberRole,
	/// Block the member was added.
	pub added_at: BlockNumber,
	/// Deposit (payer and ticket); `None` for the administrator added by governance.
	pub deposit: Option<Deposit<AccountId, Ticket>>,
}
