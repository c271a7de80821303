use super::*;

#[test]
fn accredited_auditor_attests_with_deposit() {
	test(|| {
		accredit(HSR, 500);
		let id = attest_lab(HSR, 100);
		let att = Attestations::<Test>::get(id).expect("stored");
		assert_eq!(att.attestor, AUDIT);
		assert_eq!(att.issued_by, AUDITOR);
		assert_eq!(att.subject, Subject::Organization(LAB));
		assert!(held(AUDITOR) > 0);
		assert_eq!(
			last_event(),
			Event::AttestationIssued {
				id,
				attestor: AUDIT,
				issued_by: AUDITOR,
				subject: Subject::Organization(LAB),
				kind: HSR,
				evidence: H256::repeat_byte(0xEE),
				expires_at: 100
			}
			.into()
		);
	});
}

#[test]
fn attestation_expires_at_its_expiry_block() {
	test(|| {
		accredit(HSR, 500);
		require_for_lab(vec![HSR]);
		attest_lab(HSR, 20);
		run_to(19);
		assert_eq!(lab_compliance(), Ok(()));
		run_to(20);
		assert_eq!(lab_compliance(), Err(ComplianceRefusal::AttestationExpired(HSR)));
	});
}

#[test]
fn attest_errors() {
	test(|| {
		assert_noop!(
			Compliance::attest(RuntimeOrigin::signed(AUDITOR), Subject::Organization(LAB), HSR, H256::zero(), 50),
			Error::<Test>::NotAccredited
		);
		accredit(HSR, 500);
		assert_noop!(
			Compliance::attest(RuntimeOrigin::signed(STRANGER), Subject::Organization(LAB), HSR, H256::zero(), 50),
			Error::<Test>::NotAttestorMember
		);
		assert_noop!(
			Compliance::attest(RuntimeOrigin::signed(AUDIT_CLERK), Subject::Organization(LAB), HSR, H256::zero(), 50),
			Error::<Test>::NotAttestorMember
		);
		assert_noop!(
			Compliance::attest(RuntimeOrigin::signed(LAB_ADMIN), Subject::Organization(LAB), HSR, H256::zero(), 50),
			Error::<Test>::NotAccredited
		);
		assert_noop!(
			Compliance::attest(RuntimeOrigin::signed(AUDITOR), Subject::Organization(LAB), HSR, H256::zero(), 1),
			Error::<Test>::InvalidExpiry
		);
		assert_noop!(
			Compliance::attest(RuntimeOrigin::signed(AUDITOR), Subject::Organization(LAB), HSR, H256::zero(), 5000),
			Error::<Test>::InvalidExpiry
		);
		assert_noop!(
			Compliance::attest(RuntimeOrigin::signed(AUDITOR), Subject::Organization(55), HSR, H256::zero(), 50),
			Error::<Test>::UnknownOrganization
		);
		for _ in 0..3 {
			attest_lab(HSR, 50);
		}
		assert_noop!(
			Compliance::attest(RuntimeOrigin::signed(AUDITOR), Subject::Organization(LAB), HSR, H256::zero(), 50),
			Error::<Test>::TooManyAttestations
		);
		assert_ok!(Organizations::suspend(RuntimeOrigin::root(), AUDIT, pallet_organizations::SuspensionReason::Other));
		assert_noop!(
			Compliance::attest(RuntimeOrigin::signed(AUDITOR), Subject::Record(H256::zero()), HSR, H256::zero(), 50),
			Error::<Test>::NotAttestorMember
		);
	});
}

#[test]
fn record_subjects_can_be_attested() {
	test(|| {
		accredit(AttestationType::DeidentificationSafeHarbor, 500);
		let dataset = Subject::Record(H256::repeat_byte(7));
		assert_ok!(Compliance::attest(
			RuntimeOrigin::signed(AUDITOR),
			dataset,
			AttestationType::DeidentificationSafeHarbor,
			H256::zero(),
			50
		));
		assert_eq!(Compliance::check_subject(dataset, AttestationType::DeidentificationSafeHarbor, 2), Ok(()));
		assert_eq!(
			Compliance::check_subject(dataset, AttestationType::DeidentificationExpertDetermination, 2),
			Err(ComplianceRefusal::MissingAttestation(AttestationType::DeidentificationExpertDetermination))
		);
	});
}

#[test]
fn attestor_revokes_and_compliance_is_refused_at_once() {
	test(|| {
		accredit(HSR, 500);
		require_for_lab(vec![HSR]);
		let id = attest_lab(HSR, 100);
		assert_eq!(lab_compliance(), Ok(()));
		assert_ok!(Compliance::revoke(RuntimeOrigin::signed(AUDITOR), id, RevocationReason::NonCompliance));
		assert_eq!(
			last_event(),
			Event::AttestationRevoked {
				id,
				subject: Subject::Organization(LAB),
				kind: HSR,
				by: RevokedBy::Attestor,
				reason: RevocationReason::NonCompliance
			}
			.into()
		);
		assert_eq!(lab_compliance(), Err(ComplianceRefusal::AttestationRevoked(HSR)));
		assert_noop!(
			Compliance::revoke(RuntimeOrigin::root(), id, RevocationReason::Other),
			Error::<Test>::AlreadyRevoked
		);
	});
}

#[test]
fn governance_revokes_any_attestation() {
	test(|| {
		accredit(HSR, 500);
		let id = attest_lab(HSR, 100);
		assert_ok!(Compliance::revoke(RuntimeOrigin::root(), id, RevocationReason::IssuedInError));
		assert_eq!(Compliance::attestation_standing(id, System::block_number()), Some(AttestationStanding::Revoked));
		assert_noop!(
			Compliance::revoke(RuntimeOrigin::root(), 42, RevocationReason::Other),
			Error::<Test>::UnknownAttestation
		);
	});
}

#[test]
fn only_the_attestor_may_revoke() {
	test(|| {
		accredit(HSR, 500);
		let id = attest_lab(HSR, 100);
		for who in [STRANGER, LAB_ADMIN, AUDITOR2, AUDIT_CLERK] {
			assert_noop!(
				Compliance::revoke(RuntimeOrigin::signed(who), id, RevocationReason::Other),
				Error::<Test>::NotAttestationOwner
			);
		}
		assert_ok!(Compliance::revoke(RuntimeOrigin::signed(AUDIT_ADMIN), id, RevocationReason::Other));
	});
}

#[test]
fn issuer_removes_stale_attestation_and_deposit_returns() {
	test(|| {
		accredit(HSR, 500);
		let id = attest_lab(HSR, 30);
		assert_noop!(Compliance::remove_attestation(RuntimeOrigin::signed(AUDITOR), id), Error::<Test>::StillValid);
		assert_noop!(
			Compliance::remove_attestation(RuntimeOrigin::signed(STRANGER), id),
			Error::<Test>::NotAttestationOwner
		);
		assert_noop!(
			Compliance::remove_attestation(RuntimeOrigin::signed(AUDITOR), 9),
			Error::<Test>::UnknownAttestation
		);
		run_to(30);
		assert_ok!(Compliance::remove_attestation(RuntimeOrigin::signed(AUDITOR), id));
		assert_eq!(last_event(), Event::AttestationRemoved { id, subject: Subject::Organization(LAB) }.into());
		assert_eq!(held(AUDITOR), 0);
		assert!(SubjectAttestations::<Test>::get(Subject::Organization(LAB)).is_empty());
	});
}
