//! The storage migrations (v0 → v1 → v2).
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
		// The anchor in its v1 shape (no clinical time), recategorised without its implied label.
		let a = Anchors::<Test>::take(id).expect("anchored");
		crate::migrations::v1_types::Anchors::<Test>::insert(id, crate::migrations::v1_types::OldAnchor {
			author: a.author,
			organization: a.organization,
			subject: a.subject,
			content_hash: a.content_hash,
			hash_algorithm: a.hash_algorithm,
			category: C::PsychiatricNote,
			resource_type: a.resource_type,
			labels: a.labels,
			pointer: a.pointer,
			metadata_hash: a.metadata_hash,
			anchored_at: a.anchored_at,
			status: a.status,
			original: a.original,
			supersedes: a.supersedes,
			deposit: a.deposit,
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
		crate::migrations::v2::MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert_eq!(Pallet::<Test>::on_chain_storage_version(), StorageVersion::new(2));
		assert_eq!(Anchors::<Test>::get(id).map(|a| a.clinical_time), Some(None));
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
