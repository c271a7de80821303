//! The v0 → v1 storage migration.
use super::*;
use crate::migrations::v1::{AnchorsByHash as OldIndex, MigrateV0ToV1, OldBatch};
use codec::Encode;
use polkadot_sdk::frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};

#[test]
fn v1_reindexes_hashes_adds_implied_labels_and_keeps_legacy_batches_verifiable() {
	test(|| {
		let id = lab_report(doc(1));
		// Put the anchor's index and a batch back in their v0 shapes.
		HashIndex::<Test>::remove(doc(1), id);
		OldIndex::<Test>::insert(doc(1), BoundedVec::truncate_from(vec![id]));
		Anchors::<Test>::mutate(id, |a| {
			if let Some(a) = a {
				a.category = C::PsychiatricNote;
			}
		});
		let records: Vec<H256> = (0..5u8).map(H256::repeat_byte).collect();
		let root = merkle::legacy_root(&records);
		let ticket = <<Test as crate::Config>::Consideration as Consideration<_, _>>::new(
			&LAB_TECH,
			Footprint::from_mel::<BatchOf<Test>>(),
		)
		.expect("deposit");
		let old = OldBatch {
			author: LAB_TECH,
			organization: LAB,
			root,
			count: 5,
			category: C::LabResult,
			patient_set_commitment: H256::zero(),
			scope: BatchScope::Identified,
			anchored_at: 1u64,
			deposit: (LAB_TECH, ticket),
		};
		polkadot_sdk::frame_support::storage::unhashed::put_raw(&Batches::<Test>::hashed_key_for(0), &old.encode());
		NextBatchId::<Test>::put(1);
		StorageVersion::new(0).put::<Pallet<Test>>();
		MigrateV0ToV1::<Test>::on_runtime_upgrade();
		assert_eq!(Pallet::<Test>::on_chain_storage_version(), StorageVersion::new(1));
		assert!(HashIndex::<Test>::contains_key(doc(1), id));
		assert!(OldIndex::<Test>::iter_keys().next().is_none());
		assert!(Anchors::<Test>::get(id).is_some_and(|a| a.labels.contains(&SecurityLabel::PSY)));
		assert_eq!(Batches::<Test>::get(0).map(|b| (b.groups, b.count)), Some((0, 5)));
		let leaves: Vec<H256> = records.iter().map(merkle::legacy_leaf).collect();
		let proof = merkle::proof_of(&leaves, 2).expect("in range");
		assert!(RecordAnchors::verify_in_legacy_batch(0, records[2], 2, proof.clone()));
		assert!(!RecordAnchors::verify_in_legacy_batch(0, records[3], 2, proof));
	});
}
