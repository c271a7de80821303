use super::*;

#[test]
fn governance_accredits_an_auditor() {
	test(|| {
		accredit(HSR, 100);
		assert_eq!(Accreditations::<Test>::get(AUDIT, HSR), Some(Accreditation { granted_at: 1, expires_at: 100 }));
		assert_eq!(last_event(), Event::AttestorAccredited { attestor: AUDIT, kind: HSR, expires_at: 100 }.into());
	});
}

#[test]
fn accreditation_errors() {
	test(|| {
		assert_noop!(Compliance::accredit(RuntimeOrigin::root(), 77, HSR, 100), Error::<Test>::UnknownOrganization);
		assert_noop!(Compliance::accredit(RuntimeOrigin::root(), LAB, HSR, 100), Error::<Test>::NotAnAuditor);
		assert_noop!(Compliance::accredit(RuntimeOrigin::root(), AUDIT, HSR, 1), Error::<Test>::InvalidExpiry);
		assert_ok!(Organizations::suspend(RuntimeOrigin::root(), AUDIT, pallet_organizations::SuspensionReason::Other));
		assert_noop!(Compliance::accredit(RuntimeOrigin::root(), AUDIT, HSR, 100), Error::<Test>::OrganizationInactive);
		assert_noop!(
			Compliance::withdraw_accreditation(RuntimeOrigin::root(), AUDIT, HPR),
			Error::<Test>::NotAccredited
		);
	});
}

#[test]
fn accreditation_is_valid_until_the_block_before_its_expiry() {
	test(|| {
		accredit(HSR, 10);
		run_to(9);
		attest_lab(HSR, 50);
		run_to(10);
		assert_noop!(
			Compliance::attest(RuntimeOrigin::signed(AUDITOR), Subject::Organization(LAB), HSR, H256::zero(), 60),
			Error::<Test>::NotAccredited
		);
		// Attestations issued while accredited outlive the accreditation's natural expiry.
		require_for_lab(vec![HSR]);
		assert_eq!(lab_compliance(), Ok(()));
	});
}

#[test]
fn withdrawal_flags_everything_the_attestor_issued() {
	test(|| {
		accredit(HSR, 500);
		accredit(HPR, 500);
		require_for_lab(vec![HSR, HPR]);
		attest_lab(HSR, 200);
		attest_lab(HPR, 200);
		assert_eq!(lab_compliance(), Ok(()));
		run_to(5);
		assert_ok!(Compliance::withdraw_accreditation(RuntimeOrigin::root(), AUDIT, HSR));
		assert_eq!(
			last_event(),
			Event::AccreditationWithdrawn { attestor: AUDIT, kind: HSR, flagged_attestations_issued_up_to: 5 }.into()
		);
		assert_eq!(lab_compliance(), Err(ComplianceRefusal::AttestorNotAccredited(HSR)));
		assert_eq!(
			Compliance::attestation_standing(0, System::block_number()),
			Some(AttestationStanding::AttestorNotAccredited)
		);
		// Other types of the same attestor are unaffected.
		assert_eq!(Compliance::attestation_standing(1, System::block_number()), Some(AttestationStanding::Valid));
		// Re-accreditation does not clear earlier flags, but new attestations count.
		run_to(6);
		accredit(HSR, 500);
		assert_eq!(lab_compliance(), Err(ComplianceRefusal::AttestorNotAccredited(HSR)));
		run_to(7);
		attest_lab(HSR, 300);
		assert_eq!(lab_compliance(), Ok(()));
	});
}

#[test]
fn another_attestors_valid_attestation_still_counts_after_a_withdrawal() {
	test(|| {
		accredit(HSR, 500);
		assert_ok!(Compliance::accredit(RuntimeOrigin::root(), AUDIT2, HSR, 500));
		require_for_lab(vec![HSR]);
		attest_lab(HSR, 200);
		assert_ok!(Compliance::attest(
			RuntimeOrigin::signed(AUDITOR2),
			Subject::Organization(LAB),
			HSR,
			H256::zero(),
			200
		));
		assert_ok!(Compliance::withdraw_accreditation(RuntimeOrigin::root(), AUDIT, HSR));
		assert_eq!(lab_compliance(), Ok(()));
	});
}
