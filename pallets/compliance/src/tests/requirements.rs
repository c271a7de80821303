use super::*;

#[test]
fn requirement_changes_take_effect_at_once() {
	test(|| {
		accredit(HSR, 500);
		attest_lab(HSR, 100);
		// No requirement: the consortium has not permitted labs to anchor lab results yet.
		assert_eq!(lab_compliance(), Err(ComplianceRefusal::NotPermittedForKind));
		require_for_lab(vec![HSR, HPR]);
		assert_eq!(
			last_event(),
			Event::RequirementSet {
				org_kind: OrganizationKind::Laboratory,
				category: RecordCategory::LabResult,
				required: vec![HSR, HPR].try_into().expect("bounded")
			}
			.into()
		);
		assert_eq!(lab_compliance(), Err(ComplianceRefusal::MissingAttestation(HPR)));
		require_for_lab(vec![HSR]);
		assert_eq!(lab_compliance(), Ok(()));
		// Other categories are governed separately.
		assert_eq!(
			Compliance::is_compliant(LAB, RecordCategory::Imaging, System::block_number()),
			Err(ComplianceRefusal::NotPermittedForKind)
		);
		require_for_lab(vec![]);
		assert_eq!(Requirements::<Test>::get(OrganizationKind::Laboratory, RecordCategory::LabResult).len(), 0);
		assert_eq!(lab_compliance(), Err(ComplianceRefusal::NotPermittedForKind));
	});
}

#[test]
fn duplicate_types_in_a_requirement_are_refused() {
	test(|| {
		assert_noop!(
			Compliance::set_requirement(
				RuntimeOrigin::root(),
				OrganizationKind::Laboratory,
				RecordCategory::LabResult,
				vec![HSR, HSR].try_into().expect("bounded")
			),
			Error::<Test>::DuplicateType
		);
	});
}

#[test]
fn inactive_or_unknown_organisations_are_never_compliant() {
	test(|| {
		assert_eq!(
			Compliance::is_compliant(66, RecordCategory::LabResult, System::block_number()),
			Err(ComplianceRefusal::UnknownOrganization)
		);
		assert_ok!(Organizations::suspend(
			RuntimeOrigin::root(),
			LAB,
			pallet_organizations::SuspensionReason::ComplianceLapse
		));
		assert_eq!(lab_compliance(), Err(ComplianceRefusal::OrganizationInactive));
	});
}

#[test]
fn refusal_reports_the_latest_attestations_standing() {
	test(|| {
		accredit(HSR, 500);
		require_for_lab(vec![HSR]);
		let first = attest_lab(HSR, 10);
		assert_ok!(Compliance::revoke(RuntimeOrigin::signed(AUDITOR), first, RevocationReason::Superseded));
		run_to(3);
		attest_lab(HSR, 12);
		run_to(12);
		// The newest one expired; the older revoked one is not what the auditor needs to hear.
		assert_eq!(lab_compliance(), Err(ComplianceRefusal::AttestationExpired(HSR)));
	});
}

#[test]
fn compliance_fails_closed_without_a_requirement() {
	test(|| {
		// A lab holding every attestation there is still may not anchor a category the
		// consortium never permitted labs to anchor.
		accredit(HSR, 500);
		accredit(HPR, 500);
		attest_lab(HSR, 100);
		attest_lab(HPR, 100);
		for category in [RecordCategory::Genomic, RecordCategory::PsychiatricNote, RecordCategory::Claim] {
			assert_eq!(
				Compliance::is_compliant(LAB, category, System::block_number()),
				Err(ComplianceRefusal::NotPermittedForKind)
			);
		}
		require_for_lab(vec![HSR]);
		assert_eq!(lab_compliance(), Ok(()));
	});
}

#[test]
fn attestations_of_a_suspended_attestor_stop_counting() {
	test(|| {
		accredit(HSR, 500);
		require_for_lab(vec![HSR]);
		attest_lab(HSR, 100);
		assert_eq!(lab_compliance(), Ok(()));
		assert_ok!(Organizations::suspend(
			RuntimeOrigin::root(),
			AUDIT,
			pallet_organizations::SuspensionReason::ComplianceLapse
		));
		assert_eq!(lab_compliance(), Err(ComplianceRefusal::AttestorInactive(HSR)));
		assert_ok!(Organizations::reinstate(RuntimeOrigin::root(), AUDIT));
		assert_eq!(lab_compliance(), Ok(()));
	});
}

#[test]
fn only_active_accredited_auditor_organisations_are_accredited_auditors() {
	use healthchain_primitives::ComplianceCheck;
	test(|| {
		assert!(!<Compliance as ComplianceCheck<u64>>::is_accredited_auditor(AUDIT, 1));
		accredit(HSR, 50);
		assert!(<Compliance as ComplianceCheck<u64>>::is_accredited_auditor(AUDIT, 1));
		assert!(!<Compliance as ComplianceCheck<u64>>::is_accredited_auditor(AUDIT, 50));
		assert!(!<Compliance as ComplianceCheck<u64>>::is_accredited_auditor(LAB, 1));
		assert_ok!(Organizations::suspend(
			RuntimeOrigin::root(),
			AUDIT,
			pallet_organizations::SuspensionReason::ComplianceLapse
		));
		assert!(!<Compliance as ComplianceCheck<u64>>::is_accredited_auditor(AUDIT, 1));
	});
}
