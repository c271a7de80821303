use super::*;

#[test]
fn requirement_changes_take_effect_at_once() {
	test(|| {
		accredit(HSR, 500);
		attest_lab(HSR, 100);
		// No requirement: an active lab may anchor lab results.
		assert_eq!(lab_compliance(), Ok(()));
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
		assert_eq!(Compliance::compliance(LAB, RecordCategory::Imaging), Ok(()));
		require_for_lab(vec![]);
		assert_eq!(Requirements::<Test>::get(OrganizationKind::Laboratory, RecordCategory::LabResult).len(), 0);
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
		assert_eq!(Compliance::compliance(66, RecordCategory::LabResult), Err(ComplianceRefusal::UnknownOrganization));
		assert_ok!(Organizations::suspend(RuntimeOrigin::root(), LAB, pallet_organizations::SuspensionReason::ComplianceLapse));
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
