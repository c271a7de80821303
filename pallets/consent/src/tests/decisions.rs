//! The decision function: default deny, specificity, deny-over-permit, sensitive labels.
use super::*;

/// The seed's policy: hospital treatment on everything except psychiatric notes (PSY); pharmacy
/// prescriptions only; insurer claims only for payment.
fn seed_policy() -> (ConsentId, ConsentId, ConsentId) {
	let hospital = grant(
		Grantee::Organization(HOSPITAL),
		permit(scope(&[A::Access, A::Use], &[], &[P::TREAT], &[])),
		vec![deny(scope(&[], &[], &[], &[L::PSY]))],
		None,
	);
	let pharmacy = grant(
		Grantee::OrganizationKind(OrganizationKind::Pharmacy),
		permit(scope(&[A::Access], &[C::Prescription], &[P::TREAT], &[])),
		vec![],
		None,
	);
	let insurer = grant(
		Grantee::Organization(INSURER),
		permit(scope(&[A::Access], &[C::Claim], &[P::HPAYMT], &[])),
		vec![],
		None,
	);
	(hospital, pharmacy, insurer)
}

#[test]
fn default_is_deny() {
	test(|| {
		assert_eq!(query(DOCTOR, A::Access, C::LabResult, &[], P::TREAT), AccessDecision::DenyNoConsent);
	});
}

#[test]
fn pharmacy_gets_the_prescription_not_the_xray() {
	test(|| {
		let (_, pharmacy, _) = seed_policy();
		assert_eq!(
			query(PHARMACIST, A::Access, C::Prescription, &[L::N], P::TREAT),
			AccessDecision::Permit { consent: pharmacy, provision: 0 }
		);
		assert_eq!(query(PHARMACIST, A::Access, C::Imaging, &[L::N], P::TREAT), AccessDecision::DenyNoConsent);
		// Only the actions granted.
		assert_eq!(query(PHARMACIST, A::Disclose, C::Prescription, &[], P::TREAT), AccessDecision::DenyNoConsent);
	});
}

#[test]
fn insurer_gets_claims_for_payment_not_clinical_notes() {
	test(|| {
		let (_, _, insurer) = seed_policy();
		assert_eq!(
			query(CLAIMS, A::Access, C::Claim, &[], P::HPAYMT),
			AccessDecision::Permit { consent: insurer, provision: 0 }
		);
		assert_eq!(query(CLAIMS, A::Access, C::ClinicalNote, &[], P::HPAYMT), AccessDecision::DenyNoConsent);
		assert_eq!(query(CLAIMS, A::Access, C::Claim, &[], P::TREAT), AccessDecision::DenyNoConsent);
	});
}

#[test]
fn hospital_treats_everything_except_psychiatric_notes() {
	test(|| {
		let (hospital, _, _) = seed_policy();
		assert_eq!(
			query(DOCTOR, A::Access, C::Imaging, &[L::N], P::TREAT),
			AccessDecision::Permit { consent: hospital, provision: 0 }
		);
		assert_eq!(
			query(DOCTOR, A::Use, C::LabResult, &[], P::TREAT),
			AccessDecision::Permit { consent: hospital, provision: 0 }
		);
		assert_eq!(
			query(DOCTOR, A::Access, C::PsychiatricNote, &[L::PSY], P::TREAT),
			AccessDecision::Deny { consent: hospital, provision: 1 }
		);
		// Not for research.
		assert_eq!(query(DOCTOR, A::Access, C::Imaging, &[], P::HRESCH), AccessDecision::DenyNoConsent);
		// Not for another hospital.
		assert_eq!(query(ER_DOCTOR, A::Access, C::Imaging, &[], P::TREAT), AccessDecision::DenyNoConsent);
	});
}

#[test]
fn sensitive_labels_need_an_explicit_permit() {
	test(|| {
		grant(Grantee::Organization(HOSPITAL), permit(scope(&[A::Access], &[], &[P::TREAT], &[])), vec![], None);
		assert_eq!(
			query(DOCTOR, A::Access, C::LabResult, &[L::HIV], P::TREAT),
			AccessDecision::DenySensitiveLabel(L::HIV)
		);
		let explicit = grant(
			Grantee::Member { account: DOCTOR, organization: HOSPITAL },
			permit(scope(&[A::Access], &[C::LabResult], &[P::TREAT], &[L::HIV])),
			vec![],
			None,
		);
		assert_eq!(
			query(DOCTOR, A::Access, C::LabResult, &[L::HIV], P::TREAT),
			AccessDecision::Permit { consent: explicit, provision: 0 }
		);
		// Confidentiality codes are not sensitivity codes.
		assert!(query(DOCTOR, A::Access, C::Imaging, &[L::R], P::TREAT) == AccessDecision::DenySensitiveLabel(L::R));
		assert!(query(DOCTOR, A::Access, C::Imaging, &[L::N, L::M], P::TREAT).is_permit());
	});
}

#[test]
fn explicit_deny_overrides_a_more_specific_permit() {
	test(|| {
		let hospital = grant(
			Grantee::Organization(HOSPITAL),
			permit(scope(&[A::Access], &[], &[P::TREAT], &[])),
			vec![deny(scope(&[], &[], &[], &[L::PSY]))],
			None,
		);
		// A personal permit does not outvote the patient's "no PSY to the hospital".
		grant(
			Grantee::Member { account: PSYCHIATRIST, organization: HOSPITAL },
			permit(scope(&[A::Access], &[C::PsychiatricNote], &[P::TREAT], &[L::PSY])),
			vec![],
			None,
		);
		assert_eq!(
			query(PSYCHIATRIST, A::Access, C::PsychiatricNote, &[L::PSY], P::TREAT),
			AccessDecision::Deny { consent: hospital, provision: 1 }
		);
		assert!(!query(DOCTOR, A::Access, C::PsychiatricNote, &[L::PSY], P::TREAT).is_permit());
		// Where the patient said nothing against it, the most specific permit is cited.
		let personal = grant(
			Grantee::Member { account: DOCTOR, organization: HOSPITAL },
			permit(scope(&[A::Access], &[C::Imaging], &[P::TREAT], &[])),
			vec![],
			None,
		);
		assert_eq!(
			query(DOCTOR, A::Access, C::Imaging, &[], P::TREAT),
			AccessDecision::Permit { consent: personal, provision: 0 }
		);
		assert_eq!(
			query(PSYCHIATRIST, A::Access, C::Imaging, &[], P::TREAT),
			AccessDecision::Permit { consent: hospital, provision: 0 }
		);
	});
}

#[test]
fn exception_permit_inside_a_deny_consent_wins_over_its_root() {
	test(|| {
		// "Nothing to the hospital, except imaging for treatment."
		let c = grant(
			Grantee::Organization(HOSPITAL),
			deny(scope(&[A::Access, A::Use], &[], &[], &[])),
			vec![permit(scope(&[], &[C::Imaging], &[P::TREAT], &[]))],
			None,
		);
		assert_eq!(
			query(DOCTOR, A::Access, C::Imaging, &[], P::TREAT),
			AccessDecision::Permit { consent: c, provision: 1 }
		);
		assert_eq!(
			query(DOCTOR, A::Access, C::LabResult, &[], P::TREAT),
			AccessDecision::Deny { consent: c, provision: 0 }
		);
		// The exception cannot unlock a sensitive label its root does not name.
		assert_eq!(
			query(DOCTOR, A::Access, C::Imaging, &[L::HIV], P::TREAT),
			AccessDecision::Deny { consent: c, provision: 0 }
		);
	});
}

#[test]
fn category_implies_its_sensitive_labels() {
	test(|| {
		// A permit without PSY does not reach psychiatric notes, whatever the caller declares.
		grant(Grantee::Organization(HOSPITAL), permit(scope(&[A::Access], &[], &[P::TREAT], &[])), vec![], None);
		assert_eq!(
			query(DOCTOR, A::Access, C::PsychiatricNote, &[], P::TREAT),
			AccessDecision::DenySensitiveLabel(L::PSY)
		);
		assert_eq!(query(DOCTOR, A::Access, C::Genomic, &[], P::TREAT), AccessDecision::DenySensitiveLabel(L::GDIS));
		assert_eq!(
			query(DOCTOR, A::Access, C::SubstanceUseTreatment, &[], P::TREAT),
			AccessDecision::DenySensitiveLabel(L::SUD)
		);
		let psy = grant(
			Grantee::Organization(HOSPITAL),
			permit(scope(&[A::Access], &[C::PsychiatricNote], &[P::TREAT], &[L::PSY])),
			vec![],
			None,
		);
		assert_eq!(
			query(DOCTOR, A::Access, C::PsychiatricNote, &[], P::TREAT),
			AccessDecision::Permit { consent: psy, provision: 0 }
		);
		// A "deny PSY" catches psychiatric notes declared without labels.
		let d = grant(Grantee::Organization(HOSPITAL), deny(scope(&[A::Access], &[], &[], &[L::PSY])), vec![], None);
		assert_eq!(
			query(DOCTOR, A::Access, C::PsychiatricNote, &[], P::TREAT),
			AccessDecision::Deny { consent: d, provision: 0 }
		);
	});
}

#[test]
fn member_grant_does_not_follow_the_practitioner_to_another_organisation() {
	test(|| {
		let c = grant(
			Grantee::Member { account: DOCTOR, organization: HOSPITAL },
			permit(scope(&[A::Access], &[], &[], &[])),
			vec![],
			None,
		);
		assert_eq!(
			query(DOCTOR, A::Access, C::ClinicalNote, &[], P::HPAYMT),
			AccessDecision::Permit { consent: c, provision: 0 }
		);
		assert_ok!(Organizations::remove_member(RuntimeOrigin::signed(10), DOCTOR));
		assert_ok!(Organizations::add_member(RuntimeOrigin::signed(30), DOCTOR, MemberRole::ClaimsOfficer));
		assert_eq!(query(DOCTOR, A::Access, C::ClinicalNote, &[], P::HPAYMT), AccessDecision::DenyNoConsent);
	});
}

#[test]
fn an_oversized_label_list_is_an_invalid_query() {
	test(|| {
		grant(Grantee::Organization(HOSPITAL), permit(scope(&[A::Access], &[], &[], &[])), vec![], None);
		let many = vec![L::N; MAX_QUERY_LABELS + 1];
		assert_eq!(query(DOCTOR, A::Access, C::Imaging, &many, P::TREAT), AccessDecision::DenyInvalidQuery);
		assert!(query(DOCTOR, A::Access, C::Imaging, &many[..MAX_QUERY_LABELS], P::TREAT).is_permit());
	});
}

#[test]
fn deactivated_patient_consents_stop_counting_and_cannot_be_touched() {
	test(|| {
		let c = grant(Grantee::Organization(HOSPITAL), permit(scope(&[A::Access], &[], &[], &[])), vec![], None);
		assert_ok!(Consent::set_research_consent(
			RuntimeOrigin::signed(PAT),
			PAT,
			codes([C::LabResult]),
			Default::default()
		));
		assert_ok!(PatientIdentity::deactivate(RuntimeOrigin::signed(PAT)));
		assert_eq!(query(DOCTOR, A::Access, C::Imaging, &[], P::TREAT), AccessDecision::DenyUnknownPatient);
		assert!(!<Consent as ConsentCheck<_, _>>::research_permitted(&PAT, C::LabResult, None));
		// The retired key controls nothing: not even revoking.
		assert_noop!(Consent::revoke_consent(RuntimeOrigin::signed(PAT), c), Error::<Test>::UnknownPatient);
		assert_noop!(
			grant_as(PAT, PAT, Grantee::Organization(HOSPITAL), permit(scope(&[A::Access], &[], &[], &[]))),
			Error::<Test>::UnknownPatient
		);
		assert_noop!(
			Consent::withdraw_research_consent(RuntimeOrigin::signed(PAT), PAT),
			Error::<Test>::UnknownPatient
		);
	});
}

#[test]
fn deny_wins_over_permit_at_equal_specificity() {
	test(|| {
		grant(
			Grantee::Organization(HOSPITAL),
			permit(scope(&[A::Access], &[C::Imaging], &[P::TREAT], &[])),
			vec![],
			None,
		);
		let d = grant(
			Grantee::Organization(HOSPITAL),
			deny(scope(&[A::Access], &[C::Imaging], &[P::TREAT], &[])),
			vec![],
			None,
		);
		assert_eq!(
			query(DOCTOR, A::Access, C::Imaging, &[], P::TREAT),
			AccessDecision::Deny { consent: d, provision: 0 }
		);
	});
}

#[test]
fn a_broad_deny_overrides_a_narrower_permit_of_another_consent() {
	test(|| {
		// "Nothing to the hospital" outweighs an older, narrower permit: deny overrides across
		// consents, however many dimensions the permit constrains.
		let p = grant(
			Grantee::Organization(HOSPITAL),
			permit(scope(&[A::Access], &[C::Imaging], &[P::TREAT], &[])),
			vec![],
			None,
		);
		let d = grant(Grantee::Organization(HOSPITAL), deny(scope(&[A::Access], &[], &[], &[])), vec![], None);
		assert_eq!(
			query(DOCTOR, A::Access, C::Imaging, &[], P::TREAT),
			AccessDecision::Deny { consent: d, provision: 0 }
		);
		assert_ok!(Consent::revoke_consent(RuntimeOrigin::signed(PAT), d));
		assert_eq!(
			query(DOCTOR, A::Access, C::Imaging, &[], P::TREAT),
			AccessDecision::Permit { consent: p, provision: 0 }
		);
	});
}

#[test]
fn consent_validity_period_is_enforced_by_the_chain() {
	test(|| {
		let c = grant(
			Grantee::Organization(HOSPITAL),
			permit(scope(&[A::Access], &[], &[P::TREAT], &[])),
			vec![],
			Some(10),
		);
		assert!(query(DOCTOR, A::Access, C::Imaging, &[], P::TREAT).is_permit());
		run_to(9);
		assert_eq!(
			query(DOCTOR, A::Access, C::Imaging, &[], P::TREAT),
			AccessDecision::Permit { consent: c, provision: 0 }
		);
		run_to(10);
		assert_eq!(query(DOCTOR, A::Access, C::Imaging, &[], P::TREAT), AccessDecision::DenyNoConsent);
	});
}

#[test]
fn future_start_is_not_yet_valid() {
	test(|| {
		assert_ok!(Consent::grant_consent(
			RuntimeOrigin::signed(PAT),
			PAT,
			Grantee::Organization(HOSPITAL),
			permit(scope(&[A::Access], &[], &[], &[])),
			Default::default(),
			H256::zero(),
			Some(5),
			None,
			EmergencyOverride::Allowed
		));
		assert!(!query(DOCTOR, A::Access, C::Imaging, &[], P::TREAT).is_permit());
		run_to(5);
		assert!(query(DOCTOR, A::Access, C::Imaging, &[], P::TREAT).is_permit());
	});
}

#[test]
fn suspended_organisation_members_are_denied() {
	test(|| {
		grant(Grantee::Organization(HOSPITAL), permit(scope(&[A::Access], &[], &[], &[])), vec![], None);
		assert_ok!(Organizations::suspend(
			RuntimeOrigin::root(),
			HOSPITAL,
			pallet_organizations::SuspensionReason::Other
		));
		assert_eq!(query(DOCTOR, A::Access, C::Imaging, &[], P::TREAT), AccessDecision::DenyRequesterNotMember);
		assert_eq!(query(STRANGER, A::Access, C::Imaging, &[], P::TREAT), AccessDecision::DenyRequesterNotMember);
	});
}

#[test]
fn deactivated_patient_is_denied() {
	test(|| {
		grant(Grantee::Organization(HOSPITAL), permit(scope(&[A::Access], &[], &[], &[])), vec![], None);
		assert_ok!(PatientIdentity::deactivate(RuntimeOrigin::signed(PAT)));
		assert_eq!(query(DOCTOR, A::Access, C::Imaging, &[], P::TREAT), AccessDecision::DenyUnknownPatient);
	});
}

#[test]
fn resource_type_restricted_provision_needs_that_type() {
	test(|| {
		let mut s = scope(&[A::Access], &[], &[], &[]);
		s.resource_types = BoundedVec::truncate_from(vec![FhirResourceType::DiagnosticReport]);
		grant(Grantee::Organization(HOSPITAL), permit(s), vec![], None);
		let q = |rt| {
			Consent::check_access(
				&AccessQuery {
					requester: DOCTOR,
					patient: PAT,
					action: A::Access,
					category: C::LabResult,
					resource_type: rt,
					labels: vec![],
					purpose: P::TREAT,
					data: DataContext::Unspecified,
					recipient: None,
				},
				System::block_number(),
			)
		};
		assert!(q(Some(FhirResourceType::DiagnosticReport)).is_permit());
		assert!(!q(Some(FhirResourceType::Observation)).is_permit());
		assert!(!q(None).is_permit());
	});
}

#[test]
fn exchange_needs_an_organisation_compliant_for_the_data() {
	test(|| {
		seed_policy();
		assert!(query(DOCTOR, A::Access, C::Imaging, &[], P::TREAT).is_permit());
		// The auditor revokes the hospital's attestation: the patient's consent no longer reaches it.
		let attestation = pallet_compliance::NextAttestationId::<Test>::get() - 5;
		assert_eq!(
			pallet_compliance::Attestations::<Test>::get(attestation).map(|a| a.subject),
			Some(pallet_compliance::Subject::Organization(HOSPITAL))
		);
		assert_ok!(Compliance::revoke(
			RuntimeOrigin::signed(AUDITOR),
			attestation,
			pallet_compliance::RevocationReason::NonCompliance
		));
		assert_eq!(
			query(DOCTOR, A::Access, C::Imaging, &[], P::TREAT),
			AccessDecision::DenyNotCompliant(healthchain_primitives::ComplianceRefusal::AttestationRevoked(
				healthchain_primitives::AttestationType::HipaaPrivacyRule
			))
		);
		// Nor does an emergency open a door the organisation's standing has closed.
		assert_eq!(
			query(DOCTOR, A::Access, C::Imaging, &[], P::ETREAT),
			AccessDecision::DenyNotCompliant(healthchain_primitives::ComplianceRefusal::AttestationRevoked(
				healthchain_primitives::AttestationType::HipaaPrivacyRule
			))
		);
		// An organisation kind not permitted a category never receives it.
		assert_eq!(
			query(AUDITOR, A::Access, C::Imaging, &[], P::TREAT),
			AccessDecision::DenyRoleNotPermitted,
			"the role rule answers first for an auditor"
		);
	});
}

#[test]
fn each_role_handles_only_the_records_its_work_needs() {
	test(|| {
		// Pat permits her hospital everything, for every purpose.
		grant(Grantee::Organization(HOSPITAL), permit(scope(&[A::Access, A::Disclose], &[], &[], &[])), vec![], None);
		assert!(query(DOCTOR, A::Access, C::ClinicalNote, &[], P::TREAT).is_permit());
		assert!(query(NURSE, A::Access, C::LabResult, &[], P::TREAT).is_permit());
		// The hospital's claims clerk: claims, and other data only for payment.
		assert!(query(CLERK, A::Access, C::Claim, &[], P::HOPERAT).is_permit());
		assert!(query(CLERK, A::Access, C::LabResult, &[], P::HPAYMT).is_permit());
		assert_eq!(query(CLERK, A::Access, C::LabResult, &[], P::TREAT), AccessDecision::DenyRoleNotPermitted);
		// Care roles never handle claims; the privacy officer handles no records at all.
		assert_eq!(query(DOCTOR, A::Access, C::Claim, &[], P::HPAYMT), AccessDecision::DenyRoleNotPermitted);
		assert_eq!(
			query(PRIVACY_OFFICER, A::Disclose, C::LabResult, &[], P::TREAT),
			AccessDecision::DenyRoleNotPermitted
		);
	});
}
