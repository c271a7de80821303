//! The one shape of a deposit: whatever a user adds to state is paid for by funds held from the
//! payer (a fungible hold, through the pallet's `Consideration`), and released to the payer when
//! the item is removed.
//!
//! **Release policy.** Removing an item never fails because its deposit could not be released:
//! the item is gone either way, and a patient must never be kept from revoking a consent or
//! retiring a delegate by a bookkeeping fault. A failed release is a defect: `defensive` makes it
//! panic in tests and log an error in production.

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use polkadot_sdk::{
	frame_support::traits::{Consideration, Defensive, Footprint},
	sp_runtime::DispatchError,
};
use scale_info::TypeInfo;

/// A deposit held for an item a user added to state, with who paid it (SCALE: the payer, then
/// the ticket, as the `(payer, ticket)` pairs stored before this type).
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub struct Deposit<AccountId, Ticket> {
	/// The account whose funds are held.
	pub payer: AccountId,
	/// The hold ticket.
	pub ticket: Ticket,
}

impl<AccountId, Ticket: Consideration<AccountId, Footprint>> Deposit<AccountId, Ticket> {
	/// Holds from `payer` the deposit for an item of `footprint`.
	pub fn take(payer: AccountId, footprint: Footprint) -> Result<Self, DispatchError> {
		let ticket = Ticket::new(&payer, footprint)?;
		Ok(Self { payer, ticket })
	}

	/// Holds from `payer` the deposit for one item of type `Item` at its largest.
	pub fn for_item<Item: MaxEncodedLen>(payer: AccountId) -> Result<Self, DispatchError> {
		Self::take(payer, Footprint::from_mel::<Item>())
	}

	/// Releases the deposit to its payer (see the module's release policy).
	pub fn release(self) {
		let _ = self.ticket.drop(&self.payer).defensive();
	}
}
