//! Storage migrations of the record-anchors pallet.

use crate::*;
use polkadot_sdk::frame_support::{
	migrations::VersionedMigration,
	storage_alias,
	traits::{PalletInfoAccess, UncheckedOnRuntimeUpgrade},
};
use polkadot_sdk::sp_runtime::traits::Saturating;

/// The v1 form of an anchor (v2 added the clinical time), and a storage alias that reads and
/// writes it (the v1 migration works on this form).
pub mod v1_types {
	use super::*;

	/// A v1 anchor.
	#[derive(Encode, Decode, Clone)]
	pub struct OldAnchor<AccountId, BlockNumber, Ticket, MaxLabels: Get<u32>, MaxPointer: Get<u32>> {
		pub author: AccountId,
		pub organization: Option<OrganizationId>,
		pub subject: RecordSubject<AccountId>,
		pub content_hash: H256,
		pub hash_algorithm: HashAlgorithm,
		pub category: RecordCategory,
		pub resource_type: FhirResourceType,
		pub labels: BoundedVec<SecurityLabel, MaxLabels>,
		pub pointer: BoundedVec<u8, MaxPointer>,
		pub metadata_hash: Option<H256>,
		pub anchored_at: BlockNumber,
		pub status: AnchorStatus,
		pub original: AnchorId,
		pub supersedes: Option<(AnchorId, AmendmentReason)>,
		pub deposit: Deposit<AccountId, Ticket>,
	}

	/// A v1 anchor of `T`.
	pub type OldAnchorOf<T> = OldAnchor<
		<T as frame_system::Config>::AccountId,
		BlockNumberFor<T>,
		<T as Config>::Consideration,
		<T as Config>::MaxLabels,
		<T as Config>::MaxPointerLen,
	>;

	/// `Anchors` in its v1 form.
	#[storage_alias]
	pub type Anchors<T: Config> = StorageMap<Pallet<T>, Twox64Concat, AnchorId, OldAnchorOf<T>, OptionQuery>;
}

/// The v2 form of an anchor (v1 plus the clinical time, with its own deposit, its pointer and
/// metadata hash in state) and the v2 storage items v3 removes.
pub mod v2_types {
	use super::*;

	/// A v2 anchor.
	#[derive(Encode, Decode, Clone)]
	pub struct OldAnchor<AccountId, BlockNumber, Ticket, MaxLabels: Get<u32>, MaxPointer: Get<u32>> {
		pub author: AccountId,
		pub organization: Option<OrganizationId>,
		pub subject: RecordSubject<AccountId>,
		pub content_hash: H256,
		pub hash_algorithm: HashAlgorithm,
		pub category: RecordCategory,
		pub resource_type: FhirResourceType,
		pub labels: BoundedVec<SecurityLabel, MaxLabels>,
		pub pointer: BoundedVec<u8, MaxPointer>,
		pub metadata_hash: Option<H256>,
		pub anchored_at: BlockNumber,
		pub status: AnchorStatus,
		pub original: AnchorId,
		pub supersedes: Option<(AnchorId, AmendmentReason)>,
		pub clinical_time: Option<ClinicalTime>,
		pub deposit: Deposit<AccountId, Ticket>,
	}

	/// A v2 anchor of `T`.
	pub type OldAnchorOf<T> = OldAnchor<
		<T as frame_system::Config>::AccountId,
		BlockNumberFor<T>,
		<T as Config>::Consideration,
		<T as Config>::MaxLabels,
		<T as Config>::MaxPointerLen,
	>;

	/// `Anchors` in its v2 form.
	#[storage_alias]
	pub type Anchors<T: Config> = StorageMap<Pallet<T>, Twox64Concat, AnchorId, OldAnchorOf<T>, OptionQuery>;
	/// `LatestVersion` in its v2 form: an entry for every record.
	#[storage_alias]
	pub type LatestVersion<T: Config> = StorageMap<Pallet<T>, Twox64Concat, AnchorId, AnchorId, OptionQuery>;
	/// The v1–v2 index of anchors by content hash.
	#[storage_alias]
	pub type HashIndex<T: Config> =
		StorageDoubleMap<Pallet<T>, Blake2_128Concat, H256, Twox64Concat, AnchorId, (), OptionQuery>;
	/// The v2 storage items v3 drops (indexes the node now keeps).
	pub const DROPPED: [&[u8]; 5] =
		[b"HashIndex", b"SubjectAnchorCount", b"SubjectAnchors", b"OrganizationAnchorCount", b"OrganizationAnchors"];
}

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
		pub deposit: Deposit<AccountId, Ticket>,
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
					v2_types::HashIndex::<T>::insert(hash, id, ());
					writes.saturating_inc();
				}
			}
			v1_types::Anchors::<T>::translate_values::<v1_types::OldAnchorOf<T>, _>(|mut a| {
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
			ensure!(v2_types::HashIndex::<T>::iter_keys().count() as u64 == entries, "hash index entries lost");
			ensure!(AnchorsByHash::<T>::iter_keys().next().is_none(), "old hash index left behind");
			// The pallet's invariants are checked after v2, which changes the anchors.
			Ok(())
		}
	}

	/// v0 → v1, run once (guarded by the pallet's storage version).
	pub type MigrateV0ToV1<T> =
		VersionedMigration<0, 1, UncheckedMigrateV0ToV1<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;
}

/// v1 → v2: anchors gain the record's clinical time (the time of the observation); anchors made
/// before it have none.
pub mod v2 {
	use super::*;

	/// The unversioned migration; use [`MigrateV1ToV2`].
	pub struct UncheckedMigrateV1ToV2<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for UncheckedMigrateV1ToV2<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut count = 0u64;
			v2_types::Anchors::<T>::translate_values::<v1_types::OldAnchorOf<T>, _>(|a| {
				count.saturating_inc();
				Some(v2_types::OldAnchor {
					author: a.author,
					organization: a.organization,
					subject: a.subject,
					content_hash: a.content_hash,
					hash_algorithm: a.hash_algorithm,
					category: a.category,
					resource_type: a.resource_type,
					labels: a.labels,
					pointer: a.pointer,
					metadata_hash: a.metadata_hash,
					anchored_at: a.anchored_at,
					status: a.status,
					original: a.original,
					supersedes: a.supersedes,
					clinical_time: None,
					deposit: a.deposit,
				})
			});
			T::DbWeight::get().reads_writes(count, count)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, polkadot_sdk::sp_runtime::TryRuntimeError> {
			Ok((v1_types::Anchors::<T>::iter_keys().count() as u64).encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
			let anchors: u64 = Decode::decode(&mut &state[..]).map_err(|_| "undecodable pre-upgrade state")?;
			ensure!(v2_types::Anchors::<T>::iter().count() as u64 == anchors, "anchors lost or undecodable");
			// The pallet's invariants are checked after v3, which changes the anchors again.
			Ok(())
		}
	}

	/// v1 → v2, run once (guarded by the pallet's storage version).
	pub type MigrateV1ToV2<T> =
		VersionedMigration<1, 2, UncheckedMigrateV1ToV2<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;
}

/// v2 → v3: an anchor keeps only what the chain's rules read (under 160 bytes, keyed by its id);
/// the per-anchor deposits become one deposit per author; the indexes by hash, subject and
/// organisation leave the state (the node derives them); `LatestVersion` keeps only records
/// with more than one version.
pub mod v3 {
	use super::*;
	use alloc::collections::BTreeMap;

	/// The unversioned migration; use [`MigrateV2ToV3`].
	pub struct UncheckedMigrateV2ToV3<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for UncheckedMigrateV2ToV3<T> {
		fn on_runtime_upgrade() -> Weight {
			let (mut reads, mut writes) = (0u64, 0u64);
			// Read every old anchor out first: the old and new maps share a prefix.
			let old: Vec<(AnchorId, v2_types::OldAnchorOf<T>)> = v2_types::Anchors::<T>::drain().collect();
			let latest: Vec<(AnchorId, AnchorId)> = v2_types::LatestVersion::<T>::drain().collect();
			reads.saturating_accrue(old.len().saturating_add(latest.len()) as u64);
			let mut per_author = BTreeMap::<T::AccountId, u32>::new();
			for (id, a) in old {
				a.deposit.release();
				let n = per_author.entry(a.author.clone()).or_default();
				*n = n.saturating_add(1);
				Anchors::<T>::insert(
					id,
					Anchor {
						author: a.author,
						organization: a.organization,
						subject: a.subject,
						content_hash: a.content_hash,
						hash_algorithm: a.hash_algorithm,
						category: a.category,
						resource_type: a.resource_type,
						labels: a.labels,
						status: a.status,
						clinical_time: a.clinical_time,
						original: (a.original != id).then_some(a.original),
					},
				);
				writes.saturating_accrue(2);
			}
			for (record, version) in latest {
				if record != version {
					LatestVersion::<T>::insert(record, version);
					writes.saturating_inc();
				}
			}
			for (author, n) in per_author {
				let footprint = Footprint::from_parts(n as usize, AnchorOf::<T>::max_encoded_len());
				match T::Consideration::new(&author, footprint) {
					Ok(ticket) => AnchorDeposits::<T>::insert(&author, (n, ticket)),
					Err(e) => log::error!(target: "runtime::record-anchors", "deposit of {n} anchors not held: {e:?}"),
				}
				writes.saturating_accrue(2);
			}
			let pallet = <Pallet<T> as PalletInfoAccess>::name().as_bytes();
			for item in v2_types::DROPPED {
				let removed =
					polkadot_sdk::frame_support::migration::clear_storage_prefix(pallet, item, b"", None, None);
				writes.saturating_accrue(u64::from(removed.backend));
			}
			T::DbWeight::get().reads_writes(reads, writes)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, polkadot_sdk::sp_runtime::TryRuntimeError> {
			Ok((v2_types::Anchors::<T>::iter_keys().count() as u64).encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
			let anchors: u64 = Decode::decode(&mut &state[..]).map_err(|_| "undecodable pre-upgrade state")?;
			ensure!(Anchors::<T>::iter().count() as u64 == anchors, "anchors lost or undecodable");
			ensure!(v2_types::HashIndex::<T>::iter_keys().next().is_none(), "old hash index left behind");
			Pallet::<T>::do_try_state()
		}
	}

	/// v2 → v3, run once (guarded by the pallet's storage version).
	pub type MigrateV2ToV3<T> =
		VersionedMigration<2, 3, UncheckedMigrateV2ToV3<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;
}
