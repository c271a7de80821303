use super::*;

fn hashes(n: u32) -> Vec<H256> {
	(0..n).map(|i| H256(polkadot_sdk::sp_crypto_hashing::blake2_256(&i.to_le_bytes()))).collect()
}

#[test]
fn thousand_records_in_one_batch_with_inclusion_proofs() {
	test(|| {
		let records = hashes(1000);
		let root = merkle::root(&records);
		assert_ok!(RecordAnchors::anchor_batch(
			RuntimeOrigin::signed(LAB_TECH), root, 1000, C::LabResult, F::DiagnosticReport, H256::repeat_byte(5),
			BoundedVec::truncate_from(vec![PAT]), BatchScope::Identified, P::TREAT
		));
		let id = NextBatchId::<Test>::get() - 1;
		assert!(matches!(last_event(), RuntimeEvent::RecordAnchors(Event::BatchAnchored { count: 1000, patients: 1, .. })));
		for i in [0usize, 1, 499, 998, 999] {
			let proof = merkle::proof(&records, i).expect("in range");
			assert!(RecordAnchors::verify_in_batch(id, records[i], i as u32, proof.clone()));
			assert!(!RecordAnchors::verify_in_batch(id, H256::repeat_byte(0xAB), i as u32, proof.clone()), "tampered");
			assert!(!RecordAnchors::verify_in_batch(id, records[i], (i as u32 + 1) % 1000, proof), "wrong index");
		}
	});
}

#[test]
fn batch_checks_every_declared_patients_consent() {
	test(|| {
		assert_noop!(
			RecordAnchors::anchor_batch(
				RuntimeOrigin::signed(LAB_TECH), H256::zero(), 2, C::LabResult, F::DiagnosticReport, H256::zero(),
				BoundedVec::truncate_from(vec![PAT, QUINN]), BatchScope::Identified, P::TREAT
			),
			Error::<Test>::NoConsent
		);
		assert_noop!(
			RecordAnchors::anchor_batch(
				RuntimeOrigin::signed(LAB_TECH), H256::zero(), 0, C::LabResult, F::DiagnosticReport, H256::zero(),
				BoundedVec::truncate_from(vec![PAT]), BatchScope::Identified, P::TREAT
			),
			Error::<Test>::EmptyBatch
		);
		assert_noop!(
			RecordAnchors::anchor_batch(
				RuntimeOrigin::signed(PHARMACIST), H256::zero(), 1, C::Prescription, F::MedicationRequest, H256::zero(),
				BoundedVec::truncate_from(vec![PAT]), BatchScope::Identified, P::TREAT
			),
			Error::<Test>::MissingAttestation
		);
	});
}

#[test]
fn research_dataset_needs_research_consents_and_deidentification_attestation() {
	test(|| {
		let study = H256::repeat_byte(0x5);
		let records = hashes(10);
		let root = merkle::root(&records);
		let batch = |who| RecordAnchors::anchor_batch(
			RuntimeOrigin::signed(who), root, 10, C::LabResult, F::Observation, H256::zero(),
			BoundedVec::truncate_from(vec![PAT]), BatchScope::Deidentified { study }, P::HRESCH
		);
		assert_noop!(batch(LAB_TECH), Error::<Test>::NotResearchInstitution);
		assert_noop!(batch(RESEARCHER), Error::<Test>::NoResearchConsent);
		assert_ok!(Consent::set_research_consent(RuntimeOrigin::signed(PAT), PAT, BoundedVec::truncate_from(vec![C::LabResult]), BoundedVec::truncate_from(vec![study])));
		assert_noop!(batch(RESEARCHER), Error::<Test>::NotDeidentified);
		assert_ok!(Compliance::attest(
			RuntimeOrigin::signed(AUDITOR), pallet_compliance::Subject::Record(root),
			AttestationType::DeidentificationSafeHarbor, H256::zero(), 300
		));
		assert_ok!(batch(RESEARCHER));
		// Withdrawal applies to future releases.
		assert_ok!(Consent::withdraw_research_consent(RuntimeOrigin::signed(PAT), PAT));
		assert_noop!(batch(RESEARCHER), Error::<Test>::NoResearchConsent);
	});
}
