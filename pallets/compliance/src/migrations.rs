//! Storage migrations of the compliance pallet.

use crate::*;
use polkadot_sdk::frame_support::{migrations::VersionedMigration, traits::UncheckedOnRuntimeUpgrade};

/// v0 → v1: an attestation's deposit names its payer (the shared
/// [`healthchain_primitives::Deposit`]), as every other deposit of the chain does; v0 kept the
/// bare ticket, its payer implied by `issued_by`.
pub mod v1 {
	use super::*;

	/// A v0 attestation: the deposit was the bare ticket.
	#[derive(Encode, Decode)]
	pub struct OldAttestation<AccountId, BlockNumber, Ticket> {
		pub attestor: OrganizationId,
		pub issued_by: AccountId,
		pub subject: Subject,
		pub kind: AttestationType,
		pub evidence: H256,
		pub issued_at: BlockNumber,
		pub expires_at: BlockNumber,
		pub revoked: Option<Revocation<BlockNumber>>,
		pub deposit: Ticket,
	}

	/// A v0 attestation of this runtime.
	pub type OldAttestationOf<T> =
		OldAttestation<<T as frame_system::Config>::AccountId, BlockNumberFor<T>, <T as Config>::Consideration>;

	/// The unversioned migration; use [`MigrateV0ToV1`].
	pub struct UncheckedMigrateV0ToV1<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for UncheckedMigrateV0ToV1<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut count = 0u64;
			Attestations::<T>::translate::<OldAttestationOf<T>, _>(|_, old| {
				count.saturating_inc();
				Some(Attestation {
					deposit: Deposit { payer: old.issued_by.clone(), ticket: old.deposit },
					attestor: old.attestor,
					issued_by: old.issued_by,
					subject: old.subject,
					kind: old.kind,
					evidence: old.evidence,
					issued_at: old.issued_at,
					expires_at: old.expires_at,
					revoked: old.revoked,
				})
			});
			T::DbWeight::get().reads_writes(count, count)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<alloc::vec::Vec<u8>, polkadot_sdk::sp_runtime::TryRuntimeError> {
			Ok((Attestations::<T>::iter_keys().count() as u64).encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: alloc::vec::Vec<u8>) -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
			let before: u64 = Decode::decode(&mut &state[..]).map_err(|_| "undecodable pre-upgrade state")?;
			ensure!(Attestations::<T>::iter().count() as u64 == before, "attestations lost or undecodable");
			Pallet::<T>::do_try_state()
		}
	}

	/// v0 → v1, run once (guarded by the pallet's storage version).
	pub type MigrateV0ToV1<T> =
		VersionedMigration<0, 1, UncheckedMigrateV0ToV1<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;
}
