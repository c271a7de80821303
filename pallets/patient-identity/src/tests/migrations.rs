//! The v0 → v1 storage migration.
use super::*;
use crate::migrations::v1::{MigrateV0ToV1, OldActiveRecovery, OldPatientInfo};
use codec::Encode;
use polkadot_sdk::frame_support::traits::{GetStorageVersion, OnRuntimeUpgrade, StorageVersion};

#[test]
fn v1_gives_patients_a_controlling_key_and_fixes_recoveries_in_progress() {
	test(|| {
		register(&pat(), "pat-id");
		add_guardian(&pat(), &sam());
		add_guardian(&pat(), &ann());
		ok!(PatientIdentity::set_recovery_threshold(signed(&pat()), 2));
		let deposit = Deposit {
			payer: sam(),
			ticket: <<Test as crate::Config>::Consideration as polkadot_sdk::frame_support::traits::Consideration<_, _>>::new(
				&sam(),
				polkadot_sdk::frame_support::traits::Footprint::from_parts(1, 10),
			)
			.expect("deposit"),
		};
		// A v0 recovery approved by Sam and by Lab, who is no guardian (any more).
		let old: OldActiveRecovery<AccountId, u64, BoundedVec<AccountId, polkadot_sdk::frame_support::traits::ConstU32<4>>, _> =
			OldActiveRecovery {
				new_account: newkey(),
				claimable_at: 11,
				approvals: BoundedVec::truncate_from(vec![sam(), lab()]),
				deposit,
			};
		polkadot_sdk::frame_support::storage::unhashed::put_raw(&Recoveries::<Test>::hashed_key_for(pat()), &old.encode());
		// The v0 patient record: the account was id and key at once, no controller map.
		let info = Patients::<Test>::get(pat()).expect("registered");
		let old_info = OldPatientInfo {
			commitment: info.commitment,
			registered_at: info.registered_at,
			deposit: info.deposit,
			recovery_threshold: info.recovery_threshold,
			pending_rotation: info.pending_rotation,
		};
		polkadot_sdk::frame_support::storage::unhashed::put_raw(&Patients::<Test>::hashed_key_for(pat()), &old_info.encode());
		Controllers::<Test>::remove(pat());
		StorageVersion::new(0).put::<Pallet<Test>>();
		MigrateV0ToV1::<Test>::on_runtime_upgrade();
		assert_eq!(Pallet::<Test>::on_chain_storage_version(), StorageVersion::new(1));
		assert_eq!(Patients::<Test>::get(pat()).map(|p| p.controller), Some(pat()));
		assert_eq!(Controllers::<Test>::get(pat()), Some(pat()));
		let r = Recoveries::<Test>::get(pat()).expect("kept");
		assert_eq!(r.threshold, 2);
		assert_eq!(r.guardians.to_vec(), vec![sam(), ann()]);
		assert_eq!(r.approvals.to_vec(), vec![sam()]);
		assert!(r.expires_at > r.claimable_at);
		run_to(12);
		noop!(PatientIdentity::claim_recovery(signed(&newkey()), pat()), Error::<Test>::ThresholdNotReached);
	});
}
