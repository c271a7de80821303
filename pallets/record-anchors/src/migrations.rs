//! Storage migrations of the record-anchors pallet.

use crate::*;
use polkadot_sdk::sp_runtime::traits::Saturating;
use polkadot_sdk::frame_support::{
	migrations::VersionedMigration, storage_alias, traits::UncheckedOnRuntimeUpgrade,
};

/// v0 → v1: the per-hash index was a capped list under the `Identity` hasher (anyone could fill
/// it to block another author's anchor); it becomes an uncapped `Blake2_128Concat` double map;
/// every anchor gains the labels its category implies; batches anchored before record groups are
/// kept as legacy batches (`groups: 0`, verified with `merkle::legacy_verify`).
pub mod v1 {
	use super::*;

	/// The v0 index: up to 16 anchor ids per content hash.
	#[storage_alias]
	pub type AnchorsByHash<T: Config> = StorageMap<
		Pallet<T>,
		Identity,
		H256,
		BoundedVec<AnchorId, polkadot_sdk::frame_support::traits::ConstU32<16>>,
		ValueQuery,
	>;

	/// A v0 batch: one flat tree of content hashes, declared patients not bound to it.
	#[derive(Encode, Decode)]
	pub struct OldBatch<AccountId, BlockNumber, Ticket> {
		pub author: AccountId,
		pub organization: OrganizationId,
		pub root: H256,
		pub count: u32,
		pub category: RecordCategory,
		pub patient_set_commitment: H256,
		pub scope: BatchScope,
		pub anchored_at: BlockNumber,
		pub deposit: (AccountId, Ticket),
	}

	type OldBatchOf<T> =
		OldBatch<<T as frame_system::Config>::AccountId, BlockNumberFor<T>, <T as Config>::Consideration>;

	/// The unversioned migration; use [`MigrateV0ToV1`].
	pub struct UncheckedMigrateV0ToV1<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for UncheckedMigrateV0ToV1<T> {
		fn on_runtime_upgrade() -> Weight {
			let (mut reads, mut writes) = (0u64, 0u64);
			for (hash, ids) in AnchorsByHash::<T>::drain() {
				reads.saturating_inc();
				for id in ids {
					HashIndex::<T>::insert(hash, id, ());
					writes.saturating_inc();
				}
			}
			Anchors::<T>::translate_values::<AnchorOf<T>, _>(|mut a| {
				reads.saturating_inc();
				let implied = a.category.mandatory_labels();
				if implied.iter().any(|l| !a.labels.contains(l)) {
					let mut all = a.category.effective_labels(&a.labels);
					// Keep the implied labels first; drop declared ones only if the bound forces it.
					all.truncate(T::MaxLabels::get() as usize);
					a.labels = BoundedVec::truncate_from(all);
					writes.saturating_inc();
				}
				Some(a)
			});
			Batches::<T>::translate::<OldBatchOf<T>, _>(|_, old| {
				reads.saturating_inc();
				writes.saturating_inc();
				Some(Batch {
					author: old.author,
					organization: old.organization,
					root: old.root,
					count: old.count,
					groups: 0,
					scope: old.scope,
					anchored_at: old.anchored_at,
					deposit: old.deposit,
				})
			});
			T::DbWeight::get().reads_writes(reads, writes)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, polkadot_sdk::sp_runtime::TryRuntimeError> {
			let entries: u64 = AnchorsByHash::<T>::iter_values().map(|ids| ids.len() as u64).sum();
			let batches = Batches::<T>::iter_keys().count() as u64;
			Ok((entries, batches).encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
			let (entries, batches): (u64, u64) =
				Decode::decode(&mut &state[..]).map_err(|_| "undecodable pre-upgrade state")?;
			ensure!(Batches::<T>::iter().count() as u64 == batches, "batches lost or undecodable");
			ensure!(HashIndex::<T>::iter_keys().count() as u64 == entries, "hash index entries lost");
			ensure!(AnchorsByHash::<T>::iter_keys().next().is_none(), "old hash index left behind");
			Pallet::<T>::do_try_state()
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
