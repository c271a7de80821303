//! The storage migrations (v0 → v1 → v2 → v3).
use super::*;
use crate::migrations::{
	v1::{AnchorsByHash as OldIndex, MigrateV0ToV1, OldBatch},
	v1_types, v2_types,
};
use codec::Encode;
use polkadot_sdk::frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};

type Ticket = <Test as crate::Config>::Consideration;

/// A per-anchor deposit as v0–v2 held it.
fn old_deposit(who: AccountId) -> Ticket {
	// v2 priced each anchor at its longest encoding, about 500 bytes in the runtime.
	<Ticket as Consideration<_, _>>::new(&who, Footprint::from_parts(1, 500)).expect("deposit")
}

/// Takes every anchor out of its v3 form and releases the v3 deposits: what a v2 chain holds is
/// then written back by the caller.
fn take_v3_anchors() -> Vec<(AnchorId, AnchorOf<Test>)> {
	let anchors: Vec<_> = Anchors::<Test>::drain().collect();
	for (who, (_, ticket)) in AnchorDeposits::<Test>::drain() {
		ticket.drop(&who).expect("released");
	}
	anchors
}

/// Puts the chain's anchors back in their v2 shape: per-anchor deposits, pointer and block in
/// state, the hash index, a latest-version entry for every record.
fn back_to_v2() {
	let latest: Vec<_> = LatestVersion::<Test>::drain().collect();
	for (id, a) in take_v3_anchors() {
		let record = a.record(id);
		v2_types::HashIndex::<Test>::insert(a.content_hash, id, ());
		if a.original.is_none() {
			let newest = latest.iter().find(|(r, _)| *r == id).map_or(id, |(_, l)| *l);
			v2_types::LatestVersion::<Test>::insert(id, newest);
		}
		v2_types::Anchors::<Test>::insert(
			id,
			v2_types::OldAnchor {
				author: a.author,
				organization: a.organization,
				subject: a.subject,
				content_hash: a.content_hash,
				hash_algorithm: a.hash_algorithm,
				category: a.category,
				resource_type: a.resource_type,
				labels: a.labels,
				pointer: sealed_pointer(),
				metadata_hash: None,
				anchored_at: 1u64,
				status: a.status,
				original: record,
				supersedes: a.original.map(|_| (record, AmendmentReason::Correction)),
				clinical_time: a.clinical_time,
				deposit: Deposit { payer: a.author, ticket: old_deposit(a.author) },
			},
		);
	}
	// An entry of an index v3 drops, written as v2 wrote it.
	polkadot_sdk::frame_support::storage::unhashed::put_raw(&subject_index_key(), &0u64.encode());
	StorageVersion::new(2).put::<Pallet<Test>>();
}

fn subject_index_key() -> Vec<u8> {
	let mut key = polkadot_sdk::sp_io::hashing::twox_128(b"RecordAnchors").to_vec();
	key.extend(polkadot_sdk::sp_io::hashing::twox_128(b"SubjectAnchors"));
	key.extend([7u8; 8]);
	key
}

#[test]
fn v3_keeps_every_anchor_holds_one_deposit_per_author_and_drops_the_indexes() {
	test(|| {
		let v1 = lab_report(doc(1));
		lab_report(doc(2));
		assert_ok!(correct(v1, doc(3)));
		assert_ok!(anchor_as(
			QUINN,
			RecordSubject::Patient(QUINN),
			doc(4),
			C::PatientReported,
			F::QuestionnaireResponse
		));
		let before: Vec<_> = Anchors::<Test>::iter().collect();
		let held_before = (held(LAB_TECH), held(QUINN));
		back_to_v2();
		assert!(held(LAB_TECH) > held_before.0, "v2 held a full deposit per anchor");

		crate::migrations::v3::MigrateV2ToV3::<Test>::on_runtime_upgrade();
		assert_eq!(Pallet::<Test>::on_chain_storage_version(), StorageVersion::new(3));
		let mut after: Vec<_> = Anchors::<Test>::iter().collect();
		after.sort_by_key(|(id, _)| *id);
		let mut before = before;
		before.sort_by_key(|(id, _)| *id);
		assert_eq!(after, before);
		assert_eq!(AnchorDeposits::<Test>::get(LAB_TECH).map(|(n, _)| n), Some(3));
		assert_eq!(AnchorDeposits::<Test>::get(QUINN).map(|(n, _)| n), Some(1));
		assert_eq!((held(LAB_TECH), held(QUINN)), held_before);
		assert_eq!(LatestVersion::<Test>::iter().collect::<Vec<_>>(), vec![(v1, 2)]);
		assert!(v2_types::HashIndex::<Test>::iter_keys().next().is_none());
		assert!(polkadot_sdk::frame_support::storage::unhashed::get_raw(&subject_index_key()).is_none());
		// Guarded by the storage version: a second run changes nothing.
		crate::migrations::v3::MigrateV2ToV3::<Test>::on_runtime_upgrade();
		assert_eq!(AnchorDeposits::<Test>::get(LAB_TECH).map(|(n, _)| n), Some(3));
	});
}

#[test]
fn v1_reindexes_hashes_adds_implied_labels_and_keeps_legacy_batches_verifiable() {
	test(|| {
		let id = lab_report(doc(1));
		// The anchor in its v1 shape (no clinical time), recategorised without its implied label,
		// and its index entry in the v0 shape.
		let (_, a) = take_v3_anchors().pop().expect("anchored");
		OldIndex::<Test>::insert(doc(1), BoundedVec::truncate_from(vec![id]));
		v1_types::Anchors::<Test>::insert(
			id,
			v1_types::OldAnchor {
				author: a.author,
				organization: a.organization,
				subject: a.subject,
				content_hash: a.content_hash,
				hash_algorithm: a.hash_algorithm,
				category: C::PsychiatricNote,
				resource_type: a.resource_type,
				labels: a.labels,
				pointer: sealed_pointer(),
				metadata_hash: None,
				anchored_at: 1u64,
				status: a.status,
				original: id,
				supersedes: None,
				deposit: Deposit { payer: a.author, ticket: old_deposit(a.author) },
			},
		);
		v2_types::LatestVersion::<Test>::insert(id, id);
		let records: Vec<H256> = (0..5u8).map(H256::repeat_byte).collect();
		let root = merkle::legacy_root(&records);
		let ticket =
			<Ticket as Consideration<_, _>>::new(&LAB_TECH, Footprint::from_mel::<BatchOf<Test>>()).expect("deposit");
		let old = OldBatch {
			author: LAB_TECH,
			organization: LAB,
			root,
			count: 5,
			category: C::LabResult,
			patient_set_commitment: H256::zero(),
			scope: BatchScope::Identified,
			anchored_at: 1u64,
			deposit: Deposit { payer: LAB_TECH, ticket },
		};
		polkadot_sdk::frame_support::storage::unhashed::put_raw(&Batches::<Test>::hashed_key_for(0), &old.encode());
		NextBatchId::<Test>::put(1);
		StorageVersion::new(0).put::<Pallet<Test>>();
		MigrateV0ToV1::<Test>::on_runtime_upgrade();
		assert_eq!(Pallet::<Test>::on_chain_storage_version(), StorageVersion::new(1));
		assert!(v2_types::HashIndex::<Test>::contains_key(doc(1), id));
		assert!(OldIndex::<Test>::iter_keys().next().is_none());
		crate::migrations::v2::MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert_eq!(Pallet::<Test>::on_chain_storage_version(), StorageVersion::new(2));
		assert_eq!(v2_types::Anchors::<Test>::get(id).map(|a| a.clinical_time), Some(None));
		crate::migrations::v3::MigrateV2ToV3::<Test>::on_runtime_upgrade();
		assert_eq!(Pallet::<Test>::on_chain_storage_version(), StorageVersion::new(3));
		assert!(Anchors::<Test>::get(id).is_some_and(|a| a.labels.contains(&L::PSY) && a.clinical_time.is_none()));
		assert_eq!(Batches::<Test>::get(0).map(|b| (b.groups, b.count)), Some((0, 5)));
		let leaves: Vec<H256> = records.iter().map(merkle::legacy_leaf).collect();
		let proof = merkle::proof_of(&leaves, 2).expect("in range");
		assert!(RecordAnchors::verify_legacy_batch_inclusion(0, records[2], 2, &proof));
		assert!(!RecordAnchors::verify_legacy_batch_inclusion(0, records[3], 2, &proof));
	});
}
