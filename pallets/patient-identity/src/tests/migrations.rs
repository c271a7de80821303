//! The v0 → v1 storage migration.
use super::*;
use crate::migrations::v1::{MigrateV0ToV1, OldActiveRecovery, OldPatientInfo};
use crate::migrations::{v3_types, v4};
use codec::Encode;
use healthchain_primitives::Code;
use polkadot_sdk::frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};

/// Rewrites `patient`'s delegates as v0 to v3 stored them (each scope a bit mask).
fn store_delegates_as_v3(patient: &AccountId) {
	let old: Vec<_> = Delegates::<Test>::get(patient)
		.into_iter()
		.map(|d| v3_types::OldDelegate {
			account: d.account,
			role: d.role,
			scope: d.scope.iter().fold(0u32, |mask, a| mask | 1 << a.position()),
			expires_at: d.expires_at,
			deposit: d.deposit,
		})
		.collect();
	v3_types::Delegates::<Test>::insert(patient, BoundedVec::truncate_from(old));
}

/// Brings the delegates back to today's layout (the v4 step, unguarded).
fn upgrade_delegates() {
	<v4::UncheckedMigrateV3ToV4<Test> as polkadot_sdk::frame_support::traits::UncheckedOnRuntimeUpgrade>::on_runtime_upgrade();
}

#[test]
fn v1_gives_patients_a_controlling_key_and_fixes_recoveries_in_progress() {
	test(|| {
		register(&pat(), "pat-id");
		add_guardian(&pat(), &sam());
		add_guardian(&pat(), &ann());
		assert_ok!(PatientIdentity::set_recovery_threshold(signed(&pat()), 2));
		let deposit = Deposit {
			payer: sam(),
			ticket: <<Test as crate::Config>::Consideration as polkadot_sdk::frame_support::traits::Consideration<
				_,
				_,
			>>::new(&sam(), polkadot_sdk::frame_support::traits::Footprint::from_parts(1, 10))
			.expect("deposit"),
		};
		// A v0 recovery approved by Sam and by Lab, who is no guardian (any more).
		let old: OldActiveRecovery<
			AccountId,
			u64,
			BoundedVec<AccountId, polkadot_sdk::frame_support::traits::ConstU32<4>>,
			_,
		> = OldActiveRecovery {
			new_account: newkey(),
			claimable_at: 11,
			approvals: BoundedVec::truncate_from(vec![sam(), lab()]),
			deposit,
		};
		polkadot_sdk::frame_support::storage::unhashed::put_raw(
			&Recoveries::<Test>::hashed_key_for(pat()),
			&old.encode(),
		);
		// The v0 patient record: the account was id and key at once, no controller map.
		let info = Patients::<Test>::get(pat()).expect("registered");
		let old_info = OldPatientInfo {
			commitment: info.commitment,
			registered_at: info.registered_at,
			deposit: info.deposit,
			recovery_threshold: info.recovery_threshold,
			pending_rotation: info.pending_rotation,
		};
		polkadot_sdk::frame_support::storage::unhashed::put_raw(
			&Patients::<Test>::hashed_key_for(pat()),
			&old_info.encode(),
		);
		Controllers::<Test>::remove(pat());
		store_delegates_as_v3(&pat());
		StorageVersion::new(0).put::<Pallet<Test>>();
		MigrateV0ToV1::<Test>::on_runtime_upgrade();
		upgrade_delegates();
		assert_eq!(Pallet::<Test>::on_chain_storage_version(), StorageVersion::new(1));
		assert_eq!(Patients::<Test>::get(pat()).map(|p| p.controller), Some(pat()));
		assert_eq!(Controllers::<Test>::get(pat()), Some(pat()));
		let r = Recoveries::<Test>::get(pat()).expect("kept");
		assert_eq!(r.threshold, 2);
		assert_eq!(r.guardians.to_vec(), vec![sam(), ann()]);
		assert_eq!(r.approvals.to_vec(), vec![sam()]);
		assert!(r.expires_at > r.claimable_at);
		run_to(12);
		assert_noop!(PatientIdentity::claim_recovery(signed(&newkey()), pat()), Error::<Test>::ThresholdNotReached);
	});
}

#[test]
fn v2_retires_pseudonyms_that_named_the_patient_and_keeps_unlinkable_ones() {
	use crate::migrations::v2::{MigrateV1ToV2, PseudonymsOf as OldPseudonymsOf};
	test(|| {
		register(&pat(), "pat-id");
		let before = held(&pat());
		// A v1 pseudonym: controlled by Pat's account, listed under it, deposit held from Pat.
		let deposit = Deposit {
			payer: pat(),
			ticket: <<Test as crate::Config>::Consideration as polkadot_sdk::frame_support::traits::Consideration<
				_,
				_,
			>>::new(
				&pat(), polkadot_sdk::frame_support::traits::Footprint::from_mel::<PseudonymInfoOf<Test>>()
			)
			.expect("deposit"),
		};
		let legacy = H256::repeat_byte(1);
		Pseudonyms::<Test>::insert(
			legacy,
			PseudonymInfo { subject: pat(), audience: 3, link_commitment: H256::zero(), published_at: 1, deposit },
		);
		OldPseudonymsOf::<Test>::insert(pat(), BoundedVec::truncate_from(vec![legacy]));
		// A pseudonym published with its own key survives.
		let k = account("PatForLab");
		let _ = Balances::force_set_balance(RuntimeOrigin::root(), k.clone(), 1_000);
		assert_ok!(PatientIdentity::publish_pseudonym(signed(&k), H256::repeat_byte(2), 4, H256::zero()));
		StorageVersion::new(1).put::<Pallet<Test>>();
		MigrateV1ToV2::<Test>::on_runtime_upgrade();
		assert_eq!(Pallet::<Test>::on_chain_storage_version(), StorageVersion::new(2));
		assert!(RetiredPseudonyms::<Test>::contains_key(legacy));
		assert!(!Pseudonyms::<Test>::contains_key(legacy));
		assert_eq!(held(&pat()), before, "the v1 pseudonym's deposit is released");
		assert!(OldPseudonymsOf::<Test>::iter_keys().next().is_none());
		// The patient stays a patient; the new pseudonym stays with its key.
		assert!(Patients::<Test>::contains_key(pat()));
		assert_eq!(<PatientIdentity as PatientRegistry<_, _>>::resolve_pseudonym(&H256::repeat_byte(2)), Some(k));
		PatientIdentity::do_try_state().expect("invariants after v2");
	});
}

#[test]
fn v3_moves_each_stored_delegate_expiry_to_the_first_block_after_it() {
	test(|| {
		register(&pat(), "pat-id");
		add_guardian(&pat(), &sam());
		assert_ok!(delegate(&pat(), ann(), DelegateRole::Guardian, &[DelegateAction::Notify], Some(10)));
		// As v2 stored it: Ann's delegation valid up to and including block 10.
		store_delegates_as_v3(&pat());
		StorageVersion::new(2).put::<Pallet<Test>>();
		crate::migrations::v3::MigrateV2ToV3::<Test>::on_runtime_upgrade();
		assert_eq!(Pallet::<Test>::on_chain_storage_version(), StorageVersion::new(3));
		// v4: the masks become sets of named actions.
		v4::MigrateV3ToV4::<Test>::on_runtime_upgrade();
		assert_eq!(Pallet::<Test>::on_chain_storage_version(), StorageVersion::new(4));
		assert_eq!(Delegates::<Test>::get(pat())[1].scope, DelegateScope::of(&[DelegateAction::Notify]));
		let expiries: Vec<_> = Delegates::<Test>::get(pat()).iter().map(|d| d.expires_at).collect();
		assert_eq!(expiries, vec![None, Some(11)]);
		assert!(PatientIdentity::may_act_for(&ann(), &pat(), DelegateAction::Notify, 10));
		assert!(!PatientIdentity::may_act_for(&ann(), &pat(), DelegateAction::Notify, 11));
		// Guarded by the version: a second run changes nothing.
		crate::migrations::v3::MigrateV2ToV3::<Test>::on_runtime_upgrade();
		assert_eq!(Delegates::<Test>::get(pat())[1].expires_at, Some(11));
	});
}
