//! Storage migrations of the consent pallet.

use crate::*;
use polkadot_sdk::frame_support::{
	migrations::VersionedMigration, storage_alias, traits::UncheckedOnRuntimeUpgrade,
};

/// v0 → v1: bind member grants to an organisation, give each organisation its own
/// access-log ring per patient, count each clinician's unreviewed break-glass episodes and index
/// each clinician's newest episode per patient.
pub mod v1 {
	use super::*;

	/// The v0 grantee: a bare account, not bound to an organisation.
	#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
	pub enum OldGrantee<AccountId> {
		/// Any organisation the account belonged to.
		Account(AccountId),
		/// An organisation.
		Organization(OrganizationId),
		/// A kind of organisation.
		OrganizationKind(OrganizationKind),
	}

	/// A v0 consent record.
	#[derive(Encode, Decode)]
	pub struct OldConsentRecord<AccountId, BlockNumber, Ticket, MaxCodes: Get<u32>, MaxExceptions: Get<u32>> {
		pub patient: AccountId,
		pub granted_by: AccountId,
		pub grantee: OldGrantee<AccountId>,
		pub provision: Provision<MaxCodes>,
		pub exceptions: BoundedVec<Provision<MaxCodes>, MaxExceptions>,
		pub policy: H256,
		pub start: BlockNumber,
		pub end: Option<BlockNumber>,
		pub recorded_at: BlockNumber,
		pub source: ConsentSource,
		pub deposit: (AccountId, Ticket),
	}

	type OldConsentOf<T> = OldConsentRecord<
		<T as frame_system::Config>::AccountId,
		BlockNumberFor<T>,
		<T as Config>::Consideration,
		<T as Config>::MaxCodes,
		<T as Config>::MaxExceptions,
	>;

	/// The v0 access log: one ring per patient, shared by every organisation.
	#[storage_alias]
	pub type AccessLog<T: Config> = StorageDoubleMap<
		Pallet<T>,
		Blake2_128Concat,
		<T as frame_system::Config>::AccountId,
		Twox64Concat,
		u32,
		AccessLogEntryOf<T>,
		OptionQuery,
	>;

	/// The organisation a v0 account grant is bound to: the account's organisation now, or an
	/// id no organisation has (so the grant matches nobody) if it left the consortium.
	fn bind<T: Config>(account: &T::AccountId) -> OrganizationId {
		T::Organizations::organization_of(account).unwrap_or(OrganizationId::MAX)
	}

	/// The unversioned migration; use [`MigrateV0ToV1`].
	pub struct UncheckedMigrateV0ToV1<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for UncheckedMigrateV0ToV1<T> {
		fn on_runtime_upgrade() -> Weight {
			let (mut reads, mut writes) = (0u64, 0u64);
			Consents::<T>::translate::<OldConsentOf<T>, _>(|_, old| {
				reads.saturating_inc();
				writes.saturating_inc();
				let grantee = match old.grantee {
					OldGrantee::Account(account) => {
						let organization = bind::<T>(&account);
						Grantee::Member { account, organization }
					},
					OldGrantee::Organization(o) => Grantee::Organization(o),
					OldGrantee::OrganizationKind(k) => Grantee::OrganizationKind(k),
				};
				Some(ConsentRecord {
					patient: old.patient,
					granted_by: old.granted_by,
					grantee,
					provision: old.provision,
					exceptions: old.exceptions,
					policy: old.policy,
					start: old.start,
					end: old.end,
					recorded_at: old.recorded_at,
					source: old.source,
					deposit: old.deposit,
				})
			});
			// Re-file the shared rings by recording organisation, oldest first.
			let mut entries: Vec<(T::AccountId, AccessLogEntryOf<T>)> =
				AccessLog::<T>::drain().map(|(patient, _, e)| (patient, e)).collect();
			entries.sort_by_key(|(_, e)| e.seq);
			let capacity = u64::from(T::AccessLogCapacity::get());
			for (patient, entry) in entries {
				reads.saturating_inc();
				let recorded = DisclosureCount::<T>::get(&patient, entry.organization);
				let slot = (recorded % capacity) as u32;
				Disclosures::<T>::insert((&patient, entry.organization, slot), entry.clone());
				DisclosureCount::<T>::insert(&patient, entry.organization, recorded.saturating_add(1));
				writes.saturating_accrue(3);
			}
			for (id, e) in Episodes::<T>::iter() {
				reads.saturating_inc();
				if e.review == Review::Pending {
					OpenEpisodes::<T>::mutate(&e.requester, |n| *n = n.saturating_add(1));
					writes.saturating_inc();
				}
				// Index each clinician's newest episode for each patient.
				if LatestEpisode::<T>::get(&e.patient, (&e.requester, e.purpose)).is_none_or(|latest| latest < id) {
					LatestEpisode::<T>::insert(&e.patient, (&e.requester, e.purpose), id);
					writes.saturating_inc();
				}
			}
			T::DbWeight::get().reads_writes(reads, writes)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, polkadot_sdk::sp_runtime::TryRuntimeError> {
			let consents = Consents::<T>::iter_keys().count() as u64;
			let entries = AccessLog::<T>::iter_keys().count() as u64;
			Ok((consents, entries).encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
			let (consents, entries): (u64, u64) =
				Decode::decode(&mut &state[..]).map_err(|_| "undecodable pre-upgrade state")?;
			ensure!(Consents::<T>::iter().count() as u64 == consents, "consents lost or undecodable");
			ensure!(AccessLog::<T>::iter_keys().next().is_none(), "old access log left behind");
			ensure!(Disclosures::<T>::iter_keys().count() as u64 <= entries, "entries invented");
			// The pallet's invariants are checked after v2, which changes the episode history.
			Ok(())
		}
	}

	/// v0 → v1, run once (guarded by the pallet's storage version).
	pub type MigrateV0ToV1<T> = VersionedMigration<
		0,
		1,
		UncheckedMigrateV0ToV1<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}

/// v1 → v2: a patient's break-glass history records, with each episode, whether it awaits
/// review, so that making room for a new episode reads one episode instead of the history.
pub mod v2 {
	use super::*;

	/// The unversioned migration; use [`MigrateV1ToV2`].
	pub struct UncheckedMigrateV1ToV2<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for UncheckedMigrateV1ToV2<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut reads = 0u64;
			let mut writes = 0u64;
			PatientEpisodes::<T>::translate::<BoundedVec<EpisodeId, T::AccessLogCapacity>, _>(|_, ids| {
				reads.saturating_inc();
				writes.saturating_inc();
				let entries: Vec<HistoryEntry> = ids
					.into_iter()
					.filter_map(|episode| {
						reads.saturating_inc();
						// An id without its episode was already forgotten: it leaves the list.
						Episodes::<T>::get(episode)
							.map(|e| HistoryEntry { episode, pending: e.review == Review::Pending })
					})
					.collect();
				Some(BoundedVec::truncate_from(entries))
			});
			T::DbWeight::get().reads_writes(reads, writes)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, polkadot_sdk::sp_runtime::TryRuntimeError> {
			Ok((PatientEpisodes::<T>::iter_keys().count() as u64).encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
			let patients: u64 = Decode::decode(&mut &state[..]).map_err(|_| "undecodable pre-upgrade state")?;
			ensure!(PatientEpisodes::<T>::iter().count() as u64 == patients, "histories lost or undecodable");
			Pallet::<T>::do_try_state()
		}
	}

	/// v1 → v2, run once (guarded by the pallet's storage version).
	pub type MigrateV1ToV2<T> = VersionedMigration<
		1,
		2,
		UncheckedMigrateV1ToV2<T>,
		Pallet<T>,
		<T as frame_system::Config>::DbWeight,
	>;
}
