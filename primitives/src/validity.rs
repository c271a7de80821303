//! The one convention for time on the chain's clock. Everything that starts and stops being in
//! force — a consent, a provision's period, a delegation, an attestation, an accreditation, an
//! access request, a break-glass episode, a registration signature — is in force from its start
//! (inclusive) **until `expires_at`, the first block at which it no longer is** (exclusive).
//! `None` means until revoked. A thing that expires at block `n` is in force at `n - 1`, not at
//! `n`; to last `d` blocks from `now`, set `expires_at = now + d`.
//!
//! Expiry does not remove anything: an expired item stays in storage (and, for consents,
//! counts toward the patient's bound) until someone reaps it; its history is in the events.
//! Durations are in blocks (`DAYS` in the runtime assumes its block time).

use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use scale_info::TypeInfo;

/// When something is in force: from `start` until `expires_at` (see the module's convention).
#[derive(Encode, Decode, DecodeWithMemTracking, Clone, Copy, PartialEq, Eq, Debug, TypeInfo, MaxEncodedLen)]
pub struct Validity<BlockNumber> {
	/// First block in force.
	pub start: BlockNumber,
	/// First block no longer in force (`None`: until revoked).
	pub expires_at: Option<BlockNumber>,
}

impl<BlockNumber: PartialOrd> Validity<BlockNumber> {
	/// Whether it is in force at `now`.
	pub fn is_active_at(&self, now: &BlockNumber) -> bool {
		*now >= self.start && !self.expires_at.as_ref().is_some_and(|e| is_expired(e, now))
	}

	/// Whether it has expired by `now` (and so may be reaped).
	pub fn has_expired(&self, now: &BlockNumber) -> bool {
		self.expires_at.as_ref().is_some_and(|e| is_expired(e, now))
	}
}

/// Whether something that expires at `expires_at` has expired by `now`: `now >= expires_at`.
pub fn is_expired<BlockNumber: PartialOrd>(expires_at: &BlockNumber, now: &BlockNumber) -> bool {
	now >= expires_at
}

#[cfg(test)]
mod tests {
	use super::*;

	#[test]
	fn in_force_from_start_until_the_block_before_expiry() {
		let v = Validity { start: 10u32, expires_at: Some(20) };
		assert!(!v.is_active_at(&9));
		assert!(v.is_active_at(&10) && v.is_active_at(&19));
		assert!(!v.is_active_at(&20), "expires_at is the first block no longer in force");
		assert!(!v.has_expired(&19) && v.has_expired(&20));
		let open = Validity { start: 0u32, expires_at: None };
		assert!(open.is_active_at(&u32::MAX) && !open.has_expired(&u32::MAX));
	}
}
