//! The v0 → v1 storage migration.
use super::*;
use crate::migrations::v1::{MigrateV0ToV1, OldAttestation};
use codec::Encode;
use polkadot_sdk::frame_support::traits::{
	Consideration, Footprint, GetStorageVersion, OnRuntimeUpgrade, StorageVersion,
};

#[test]
fn v1_names_the_payer_of_each_attestation_deposit() {
	test(|| {
		let ticket =
			<Test as crate::Config>::Consideration::new(&AUDITOR, Footprint::from_mel::<AttestationOf<Test>>())
				.expect("deposit");
		let held_before = held(AUDITOR);
		let old = OldAttestation::<AccountId, u64, _> {
			attestor: AUDIT,
			issued_by: AUDITOR,
			subject: Subject::Organization(LAB),
			kind: AttestationType::HipaaSecurityRule,
			evidence: H256::repeat_byte(7),
			issued_at: 1,
			expires_at: 500,
			revoked: None,
			deposit: ticket,
		};
		polkadot_sdk::frame_support::storage::unhashed::put_raw(
			&Attestations::<Test>::hashed_key_for(0),
			&old.encode(),
		);
		StorageVersion::new(0).put::<Compliance>();

		MigrateV0ToV1::<Test>::on_runtime_upgrade();

		let att = Attestations::<Test>::get(0).expect("decodes as v1");
		assert_eq!(att.deposit.payer, AUDITOR);
		assert_eq!((att.issued_by, att.expires_at, att.evidence), (AUDITOR, 500, H256::repeat_byte(7)));
		assert_eq!(Compliance::on_chain_storage_version(), 1);
		assert_eq!(held(AUDITOR), held_before, "the hold itself is untouched");
		// A second run does nothing.
		MigrateV0ToV1::<Test>::on_runtime_upgrade();
		assert_eq!(Attestations::<Test>::get(0).map(|a| a.deposit.payer), Some(AUDITOR));
		Attestations::<Test>::remove(0);
	});
}
