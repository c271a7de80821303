//! Storage migrations of the patient-identity pallet.

use crate::*;
use healthchain_primitives::Code;
use polkadot_sdk::frame_support::{migrations::VersionedMigration, storage_alias, traits::UncheckedOnRuntimeUpgrade};

/// Delegates as v0 to v3 stored them: the scope a bit mask (bit `i`: the `i`-th
/// [`DelegateAction`]); v0 to v2 read the expiry as the last valid block, v3 as the first invalid.
pub mod v3_types {
	use super::*;

	/// A delegate with its scope as a mask.
	#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug)]
	pub struct OldDelegate<AccountId, BlockNumber, Ticket> {
		pub account: AccountId,
		pub role: DelegateRole,
		pub scope: u32,
		pub expires_at: Option<BlockNumber>,
		pub deposit: Deposit<AccountId, Ticket>,
	}

	/// A patient's delegates of `T`, as v0 to v3 stored them.
	pub type OldDelegatesOf<T> = BoundedVec<
		OldDelegate<<T as frame_system::Config>::AccountId, BlockNumberFor<T>, <T as Config>::Consideration>,
		<T as Config>::MaxDelegates,
	>;

	/// `Delegates` in its v0 to v3 form.
	#[storage_alias]
	pub type Delegates<T: Config> =
		StorageMap<Pallet<T>, Blake2_128Concat, <T as frame_system::Config>::AccountId, OldDelegatesOf<T>, ValueQuery>;
}

/// v0 → v1: a patient is known by a stable id (the account that registered) and controlled by a
/// key that can rotate (`PatientInfo::controller`, `Controllers`); a recovery in progress records
/// the guardian set and threshold it started with, an expiry, and guardians' cancellation votes.
pub mod v1 {
	use super::*;

	/// A v0 patient record: the account was both the id and the key.
	#[derive(Encode, Decode)]
	pub struct OldPatientInfo<AccountId, BlockNumber, Ticket> {
		pub commitment: Commitment,
		pub registered_at: BlockNumber,
		pub deposit: Option<Deposit<AccountId, Ticket>>,
		pub recovery_threshold: u8,
		pub pending_rotation: Option<AccountId>,
	}

	type OldPatientInfoOf<T> =
		OldPatientInfo<<T as frame_system::Config>::AccountId, BlockNumberFor<T>, <T as Config>::Consideration>;

	/// A v0 recovery.
	#[derive(Encode, Decode)]
	pub struct OldActiveRecovery<AccountId, BlockNumber, Approvals, Ticket> {
		pub new_account: AccountId,
		pub claimable_at: BlockNumber,
		pub approvals: Approvals,
		pub deposit: Deposit<AccountId, Ticket>,
	}

	type OldActiveRecoveryOf<T> = OldActiveRecovery<
		<T as frame_system::Config>::AccountId,
		BlockNumberFor<T>,
		BoundedVec<<T as frame_system::Config>::AccountId, <T as Config>::MaxGuardianApprovals>,
		<T as Config>::Consideration,
	>;

	/// The unversioned migration; use [`MigrateV0ToV1`].
	pub struct UncheckedMigrateV0ToV1<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for UncheckedMigrateV0ToV1<T> {
		fn on_runtime_upgrade() -> Weight {
			let now = frame_system::Pallet::<T>::block_number();
			let mut count = 0u64;
			Patients::<T>::translate::<OldPatientInfoOf<T>, _>(|who, old| {
				count.saturating_inc();
				Controllers::<T>::insert(&who, &who);
				Some(PatientInfo {
					commitment: old.commitment,
					registered_at: old.registered_at,
					deposit: old.deposit,
					recovery_threshold: old.recovery_threshold,
					pending_rotation: old.pending_rotation,
					controller: who,
				})
			});
			Recoveries::<T>::translate::<OldActiveRecoveryOf<T>, _>(|lost, old| {
				count.saturating_inc();
				// The guardian set and threshold in force now become the recovery's; approvals of
				// accounts that are no longer guardians are dropped.
				let threshold = Patients::<T>::get(&lost).map(|p| p.recovery_threshold).unwrap_or(0);
				let recovery = 1u32 << DelegateAction::Recovery.position();
				let guardians = BoundedVec::truncate_from(
					v3_types::Delegates::<T>::get(&lost)
						.into_iter()
						.filter(|d| d.scope & recovery != 0 && d.expires_at.as_ref().is_none_or(|last| now <= *last))
						.map(|d| d.account)
						.collect(),
				);
				let mut approvals = old.approvals;
				approvals.retain(|a| guardians.contains(a));
				if approvals.is_empty() || threshold == 0 {
					// Nothing valid is left of it: end it and return the initiator's deposit.
					old.deposit.release();
					return None;
				}
				let expires_at = now
					.saturating_add(T::RecoveryLifetime::get())
					.max(old.claimable_at.saturating_add(One::one()));
				Some(ActiveRecovery {
					new_account: old.new_account,
					claimable_at: old.claimable_at,
					expires_at,
					threshold,
					guardians,
					approvals,
					cancellations: Default::default(),
					deposit: old.deposit,
				})
			});
			T::DbWeight::get().reads_writes(count.saturating_mul(3), count.saturating_mul(2))
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, polkadot_sdk::sp_runtime::TryRuntimeError> {
			let patients = Patients::<T>::iter_keys().count() as u64;
			Ok((Recoveries::<T>::iter_keys().count() as u64, patients).encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
			let (before, patients): (u64, u64) =
				Decode::decode(&mut &state[..]).map_err(|_| "undecodable pre-upgrade state")?;
			ensure!(Recoveries::<T>::iter().count() as u64 <= before, "recoveries invented");
			ensure!(Patients::<T>::iter().count() as u64 == patients, "patients lost or undecodable");
			ensure!(Controllers::<T>::iter().count() as u64 == patients, "a patient without its key");
			// The pallet's invariants are checked after v2, which retires v1's pseudonyms.
			Ok(())
		}
	}

	/// v0 → v1, run once (guarded by the pallet's storage version).
	pub type MigrateV0ToV1<T> =
		VersionedMigration<0, 1, UncheckedMigrateV0ToV1<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;
}

/// v1 → v2: a pseudonym is its own consent subject, controlled by its own pseudonym key
/// (`PseudonymKeys`), and nothing on chain links it to the patient. Pseudonyms published before
/// were controlled by the patient's account, so the chain linked them to the patient: they are
/// retired (tombstones, deposits released) rather than kept as a standing leak, and the
/// per-patient list `PseudonymsOf` is removed. Anchors made under them stay verifiable; decisions
/// about them deny (their subject is gone), and patients publish new pseudonyms with their keys.
pub mod v2 {
	use super::*;
	use polkadot_sdk::frame_support::storage_alias;

	/// The v1 list of pseudonyms by patient.
	#[storage_alias]
	pub type PseudonymsOf<T: Config> = StorageMap<
		Pallet<T>,
		Blake2_128Concat,
		<T as frame_system::Config>::AccountId,
		BoundedVec<Pseudonym, ConstU32<{ u32::MAX }>>,
		ValueQuery,
	>;

	/// The unversioned migration; use [`MigrateV1ToV2`].
	pub struct UncheckedMigrateV1ToV2<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for UncheckedMigrateV1ToV2<T> {
		fn on_runtime_upgrade() -> Weight {
			let legacy: Vec<(Pseudonym, PseudonymInfoOf<T>)> = Pseudonyms::<T>::iter()
				.filter(|(p, info)| PseudonymKeys::<T>::get(&info.subject) != Some(*p))
				.collect();
			let retired = legacy.len() as u64;
			for (pseudonym, info) in legacy {
				Pallet::<T>::retire(pseudonym, info);
			}
			let lists = PseudonymsOf::<T>::clear(u32::MAX, None).unique as u64;
			T::DbWeight::get()
				.reads_writes(retired.saturating_add(lists), retired.saturating_mul(3).saturating_add(lists))
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, polkadot_sdk::sp_runtime::TryRuntimeError> {
			let tombstones = RetiredPseudonyms::<T>::iter_keys().count() as u64;
			let published = Pseudonyms::<T>::iter_keys().count() as u64;
			Ok((tombstones, published).encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
			let (tombstones, published): (u64, u64) =
				Decode::decode(&mut &state[..]).map_err(|_| "undecodable pre-upgrade state")?;
			ensure!(PseudonymsOf::<T>::iter_keys().next().is_none(), "v1 pseudonym lists left");
			ensure!(
				RetiredPseudonyms::<T>::iter_keys().count() as u64 == tombstones.saturating_add(published),
				"a v1 pseudonym was neither kept nor retired"
			);
			Pallet::<T>::do_try_state()
		}
	}

	/// v1 → v2, run once (guarded by the pallet's storage version).
	pub type MigrateV1ToV2<T> =
		VersionedMigration<1, 2, UncheckedMigrateV1ToV2<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;
}

/// v2 → v3: a delegation's expiry follows the chain's one convention
/// ([`healthchain_primitives::Validity`]): `expires_at` is the first block it is no longer in
/// force, where v2 stored the last block it was. Every stored expiry moves one block later, so
/// each delegation lasts exactly as long as before.
pub mod v3 {
	use super::*;

	/// The unversioned migration; use [`MigrateV2ToV3`].
	pub struct UncheckedMigrateV2ToV3<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for UncheckedMigrateV2ToV3<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut count = 0u64;
			v3_types::Delegates::<T>::translate_values::<v3_types::OldDelegatesOf<T>, _>(|mut delegates| {
				count.saturating_inc();
				for d in delegates.iter_mut() {
					d.expires_at = d.expires_at.map(|last| last.saturating_add(One::one()));
				}
				Some(delegates)
			});
			T::DbWeight::get().reads_writes(count, count)
		}
	}

	/// v2 → v3, run once (guarded by the pallet's storage version).
	pub type MigrateV2ToV3<T> =
		VersionedMigration<2, 3, UncheckedMigrateV2ToV3<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;
}

/// v3 → v4: a delegate's scope becomes a set of [`DelegateAction`] codes, which clients read and
/// write by name, instead of a bit mask.
pub mod v4 {
	use super::*;

	/// The unversioned migration; use [`MigrateV3ToV4`].
	pub struct UncheckedMigrateV3ToV4<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for UncheckedMigrateV3ToV4<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut count = 0u64;
			Delegates::<T>::translate_values::<v3_types::OldDelegatesOf<T>, _>(|old| {
				count.saturating_inc();
				let delegates: Vec<DelegateOf<T>> = old
					.into_iter()
					.map(|d| Delegate {
						account: d.account,
						role: d.role,
						scope: DelegateScope::from_mask(d.scope.into()),
						expires_at: d.expires_at,
						deposit: d.deposit,
					})
					.collect();
				Some(BoundedVec::truncate_from(delegates))
			});
			T::DbWeight::get().reads_writes(count, count)
		}
	}

	/// v3 → v4, run once (guarded by the pallet's storage version).
	pub type MigrateV3ToV4<T> =
		VersionedMigration<3, 4, UncheckedMigrateV3ToV4<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;
}
