use super::*;

#[test]
fn lab_anchors_report_for_consenting_patient_and_patient_is_notified() {
	test(|| {
		let id = lab_report(doc(7));
		assert_eq!(
			last_event(),
			Event::RecordAnchored {
				id,
				subject: RecordSubject::Patient(PAT),
				author: LAB_TECH,
				organization: Some(LAB),
				content_hash: doc(7),
				hash_algorithm: HashAlgorithm::Blake2b256,
				category: C::LabResult,
				resource_type: F::DiagnosticReport,
				labels: Default::default(),
				clinical_time: None,
				pointer: sealed_pointer(),
				metadata_hash: None,
			}
			.into()
		);
		assert!(held(LAB_TECH) > 0);
		assert!(RecordAnchors::verify_record(id, doc(7)));
		assert!(!RecordAnchors::verify_record(id, doc(8)));
	});
}

#[test]
fn anchoring_without_consent_is_refused() {
	test(|| {
		assert_noop!(
			anchor_as(LAB_TECH, RecordSubject::Patient(QUINN), doc(7), C::LabResult, F::DiagnosticReport),
			Error::<Test>::NoConsent
		);
		// Pat consented to imaging with hospitals only for storing, not for research.
		assert_noop!(
			RecordAnchors::anchor_record(
				RuntimeOrigin::signed(RADIOLOGIST),
				RecordSubject::Patient(QUINN),
				doc(7),
				HashAlgorithm::Sha256,
				C::Imaging,
				F::ImagingStudy,
				Default::default(),
				Default::default(),
				None,
				P::HRESCH,
				None
			),
			Error::<Test>::NoConsent
		);
	});
}

#[test]
fn revoked_consent_blocks_anchoring() {
	test(|| {
		lab_report(doc(1));
		// Pat's first consent (id 0) is the lab one.
		assert_ok!(Consent::revoke_consent(RuntimeOrigin::signed(PAT), 0));
		assert_noop!(
			anchor_as(LAB_TECH, RecordSubject::Patient(PAT), doc(2), C::LabResult, F::DiagnosticReport),
			Error::<Test>::NoConsent
		);
	});
}

#[test]
fn expired_attestation_blocks_anchoring() {
	test(|| {
		run_to(500);
		assert_noop!(
			anchor_as(LAB_TECH, RecordSubject::Patient(PAT), doc(7), C::LabResult, F::DiagnosticReport),
			Error::<Test>::AttestationExpired
		);
	});
}

#[test]
fn revoked_attestation_and_withdrawn_accreditation_block_anchoring() {
	test(|| {
		assert_ok!(Compliance::revoke(RuntimeOrigin::root(), 0, pallet_compliance::RevocationReason::NonCompliance));
		assert_noop!(
			anchor_as(LAB_TECH, RecordSubject::Patient(PAT), doc(7), C::LabResult, F::DiagnosticReport),
			Error::<Test>::AttestationRevoked
		);
		assert_ok!(Compliance::withdraw_accreditation(
			RuntimeOrigin::root(),
			AUDIT,
			AttestationType::HipaaSecurityRule
		));
		assert_noop!(
			anchor_as(RADIOLOGIST, RecordSubject::Patient(PAT), doc(7), C::Imaging, F::ImagingStudy),
			Error::<Test>::AttestorNotAccredited
		);
	});
}

#[test]
fn uncompliant_organisation_cannot_anchor_even_with_consent() {
	test(|| {
		assert_noop!(
			anchor_as(PHARMACIST, RecordSubject::Patient(PAT), doc(7), C::Prescription, F::MedicationRequest),
			Error::<Test>::MissingAttestation
		);
	});
}

#[test]
fn suspended_organisation_and_non_member_cannot_anchor() {
	test(|| {
		assert_ok!(Organizations::suspend(RuntimeOrigin::root(), LAB, pallet_organizations::SuspensionReason::Other));
		assert_noop!(
			anchor_as(LAB_TECH, RecordSubject::Patient(PAT), doc(7), C::LabResult, F::DiagnosticReport),
			Error::<Test>::NotActiveMember
		);
		assert_noop!(
			anchor_as(STRANGER, RecordSubject::Patient(PAT), doc(7), C::LabResult, F::DiagnosticReport),
			Error::<Test>::NotActiveMember
		);
		assert_noop!(
			anchor_as(LAB_TECH, RecordSubject::Patient(UNREGISTERED), doc(7), C::LabResult, F::DiagnosticReport),
			Error::<Test>::UnknownPatient
		);
	});
}

#[test]
fn patient_anchors_own_record_without_provider() {
	test(|| {
		assert_ok!(anchor_as(
			QUINN,
			RecordSubject::Patient(QUINN),
			doc(3),
			C::PatientReported,
			F::QuestionnaireResponse
		));
		let id = NextAnchorId::<Test>::get() - 1;
		assert_eq!(Anchors::<Test>::get(id).and_then(|a| a.organization), None);
		assert_ok!(anchor_as(QUINN, RecordSubject::Patient(QUINN), doc(4), C::DeviceData, F::Observation));
	});
}

#[test]
fn patient_anchors_only_patient_reported_data_about_themself() {
	test(|| {
		for category in [C::LabResult, C::Prescription, C::PsychiatricNote] {
			assert_noop!(
				anchor_as(QUINN, RecordSubject::Patient(QUINN), doc(3), category, F::DocumentReference),
				Error::<Test>::NotPatientReportable
			);
		}
	});
}

#[test]
fn compliance_fails_closed_for_kinds_not_permitted_a_category() {
	test(|| {
		// Pat would consent (hospitals may store imaging), but labs are not permitted imaging.
		assert_noop!(
			anchor_as(LAB_TECH, RecordSubject::Patient(PAT), doc(7), C::Imaging, F::ImagingStudy),
			Error::<Test>::NotPermittedForKind
		);
		// A research institute with no requirement at all cannot anchor anything.
		assert_noop!(
			anchor_as(RESEARCHER, RecordSubject::Patient(PAT), doc(7), C::ClinicalTrial, F::Observation),
			Error::<Test>::NotPermittedForKind
		);
	});
}

#[test]
fn stored_labels_include_those_the_category_implies() {
	test(|| {
		// Hospitals may anchor psychiatric notes; Pat permits it, PSY named.
		assert_ok!(Compliance::set_requirement(
			RuntimeOrigin::root(),
			OrganizationKind::Hospital,
			C::PsychiatricNote,
			vec![AttestationType::HipaaSecurityRule].try_into().expect("bounded")
		));
		let permit_psy = |labels: Vec<SecurityLabel>| {
			let scope = pallet_consent::Scope::of(&[A::Store, A::Access], &[C::PsychiatricNote], &[], &labels);
			pallet_consent::Provision::over(pallet_consent::Decision::Permit, scope)
		};
		// Without PSY in the permit, a psychiatric note declared without labels is refused.
		assert_ok!(Consent::grant_consent(
			RuntimeOrigin::signed(PAT),
			PAT,
			pallet_consent::Grantee::Organization(HOSPITAL),
			permit_psy(vec![]),
			Default::default(),
			H256::zero(),
			None,
			None,
			pallet_consent::EmergencyOverride::Allowed
		));
		assert_noop!(
			anchor_as(RADIOLOGIST, RecordSubject::Patient(PAT), doc(7), C::PsychiatricNote, F::DocumentReference),
			Error::<Test>::SensitiveLabelNotPermitted
		);
		assert_ok!(Consent::grant_consent(
			RuntimeOrigin::signed(PAT),
			PAT,
			pallet_consent::Grantee::Organization(HOSPITAL),
			permit_psy(vec![L::PSY]),
			Default::default(),
			H256::zero(),
			None,
			None,
			pallet_consent::EmergencyOverride::Allowed
		));
		assert_ok!(anchor_as(
			RADIOLOGIST,
			RecordSubject::Patient(PAT),
			doc(7),
			C::PsychiatricNote,
			F::DocumentReference
		));
		let id = NextAnchorId::<Test>::get() - 1;
		assert_eq!(Anchors::<Test>::get(id).map(|a| a.labels.into_inner()), Some(vec![L::PSY]));
	});
}

#[test]
fn access_check_about_an_anchor_uses_its_stored_labels() {
	test(|| {
		let id = lab_report(doc(1));
		// Pat lets hospitals read everything but HIV-labelled data.
		pat_grants(
			pallet_consent::Grantee::Organization(HOSPITAL),
			pallet_consent::Decision::Permit,
			&[A::Access],
			&[],
			&[],
		);
		assert!(RecordAnchors::anchor_access(&RADIOLOGIST, id, A::Access, P::TREAT).is_some_and(|d| d.is_permit()));
		// An HIV-labelled result: the caller cannot make it look unlabelled.
		pat_grants(
			pallet_consent::Grantee::OrganizationKind(OrganizationKind::Laboratory),
			pallet_consent::Decision::Permit,
			&[A::Store],
			&[C::LabResult],
			&[L::HIV],
		);
		assert_ok!(RecordAnchors::anchor_record(
			RuntimeOrigin::signed(LAB_TECH),
			RecordSubject::Patient(PAT),
			doc(2),
			HashAlgorithm::Sha256,
			C::LabResult,
			F::DiagnosticReport,
			BoundedVec::truncate_from(vec![L::HIV]),
			Default::default(),
			None,
			P::TREAT,
			None
		));
		let hiv = NextAnchorId::<Test>::get() - 1;
		assert_eq!(
			RecordAnchors::anchor_access(&RADIOLOGIST, hiv, A::Access, P::TREAT),
			Some(AccessDecision::DenySensitiveLabel(L::HIV))
		);
		assert_eq!(RecordAnchors::anchor_access(&RADIOLOGIST, 99, A::Access, P::TREAT), None);
	});
}

/// A pseudonym key Pat's wallet derived for the lab, funded by the lab (not by Pat).
const PAT_FOR_LAB: AccountId = 5;

fn publish_for_lab(key: AccountId, ps: H256) {
	let _ = Balances::force_set_balance(RuntimeOrigin::root(), key, 100_000);
	assert_ok!(PatientIdentity::publish_pseudonym(RuntimeOrigin::signed(key), ps, LAB, H256::zero()));
}

fn lab_results_consent(subject: AccountId) {
	assert_ok!(Consent::grant_consent(
		RuntimeOrigin::signed(subject),
		subject,
		pallet_consent::Grantee::Organization(LAB),
		pallet_consent::Provision::over(
			pallet_consent::Decision::Permit,
			pallet_consent::Scope::of(&[A::Store], &[C::LabResult], &[], &[]),
		),
		Default::default(),
		H256::zero(),
		None,
		None,
		pallet_consent::EmergencyOverride::Allowed
	));
}

#[test]
fn pseudonym_anchor_requires_consent() {
	test(|| {
		// A published pseudonym is not a consent: its key has granted nothing yet. Pat's own
		// consents do not count either — nothing on chain says the pseudonym is Pat.
		let ps = H256::repeat_byte(0x77);
		publish_for_lab(PAT_FOR_LAB, ps);
		assert_noop!(
			anchor_as(LAB_TECH, RecordSubject::Pseudonym(ps), doc(4), C::LabResult, F::DiagnosticReport),
			Error::<Test>::NoConsent
		);
		// The key consents: the lab anchors; the key revokes: it stops.
		lab_results_consent(PAT_FOR_LAB);
		let consent = pallet_consent::NextConsentId::<Test>::get() - 1;
		assert_ok!(anchor_as(LAB_TECH, RecordSubject::Pseudonym(ps), doc(5), C::LabResult, F::DiagnosticReport));
		assert_eq!(
			Anchors::<Test>::get(NextAnchorId::<Test>::get() - 1).map(|a| a.subject),
			Some(RecordSubject::Pseudonym(ps))
		);
		assert_ok!(Consent::revoke_consent(RuntimeOrigin::signed(PAT_FOR_LAB), consent));
		assert_noop!(
			anchor_as(LAB_TECH, RecordSubject::Pseudonym(ps), doc(6), C::LabResult, F::DiagnosticReport),
			Error::<Test>::NoConsent
		);
		// A retired pseudonym: nothing more is anchored under it, consent or not.
		lab_results_consent(PAT_FOR_LAB);
		assert_ok!(PatientIdentity::retire_pseudonym(RuntimeOrigin::signed(PAT_FOR_LAB), ps));
		assert_noop!(
			anchor_as(LAB_TECH, RecordSubject::Pseudonym(ps), doc(6), C::LabResult, F::DiagnosticReport),
			Error::<Test>::UnknownPseudonym
		);
	});
}

#[test]
fn pseudonym_key_is_reachable_only_through_its_pseudonym() {
	test(|| {
		// Naming the key as a patient would skip the pseudonym's audience rule: refused.
		publish_for_lab(PAT_FOR_LAB, H256::repeat_byte(0x77));
		lab_results_consent(PAT_FOR_LAB);
		assert_noop!(
			anchor_as(LAB_TECH, RecordSubject::Patient(PAT_FOR_LAB), doc(4), C::LabResult, F::DiagnosticReport),
			Error::<Test>::UnknownPatient
		);
		assert_noop!(
			anchor_as(PAT_FOR_LAB, RecordSubject::Patient(PAT_FOR_LAB), doc(4), C::PatientReported, F::Observation),
			Error::<Test>::UnknownPatient
		);
	});
}

#[test]
fn pseudonym_anchoring_only_by_its_audience() {
	test(|| {
		let ps = H256::repeat_byte(0x77);
		publish_for_lab(PAT_FOR_LAB, ps);
		lab_results_consent(PAT_FOR_LAB);
		assert_ok!(anchor_as(LAB_TECH, RecordSubject::Pseudonym(ps), doc(4), C::LabResult, F::DiagnosticReport));
		assert_noop!(
			anchor_as(RADIOLOGIST, RecordSubject::Pseudonym(ps), doc(5), C::Imaging, F::ImagingStudy),
			Error::<Test>::PseudonymOfAnotherOrganization
		);
		assert_noop!(
			anchor_as(LAB_TECH, RecordSubject::Pseudonym(H256::zero()), doc(5), C::LabResult, F::DiagnosticReport),
			Error::<Test>::UnknownPseudonym
		);
	});
}

#[test]
fn sensitive_label_needs_explicit_consent() {
	test(|| {
		assert_noop!(
			RecordAnchors::anchor_record(
				RuntimeOrigin::signed(LAB_TECH),
				RecordSubject::Patient(PAT),
				doc(9),
				HashAlgorithm::Sha256,
				C::LabResult,
				F::DiagnosticReport,
				BoundedVec::truncate_from(vec![L::HIV]),
				Default::default(),
				None,
				P::TREAT,
				None
			),
			Error::<Test>::SensitiveLabelNotPermitted
		);
	});
}

#[test]
fn nobody_can_squat_a_content_hash() {
	test(|| {
		// Quinn sees the lab's pending anchor and front-runs it with self-anchors of the hash.
		for _ in 0..20 {
			assert_ok!(anchor_as(
				QUINN,
				RecordSubject::Patient(QUINN),
				doc(1),
				C::PatientReported,
				F::QuestionnaireResponse
			));
		}
		let id = lab_report(doc(1));
		assert!(RecordAnchors::verify_record(id, doc(1)));
		// No list per hash exists to fill: every anchor of the hash stands on its own.
		assert_eq!(Anchors::<Test>::iter_values().filter(|a| a.content_hash == doc(1)).count(), 21);
		assert_eq!(Anchors::<Test>::get(id).map(|a| a.author), Some(LAB_TECH));
	});
}

#[test]
fn wrong_origins_are_refused() {
	test(|| {
		let id = lab_report(doc(1));
		for o in [RuntimeOrigin::root(), RuntimeOrigin::none()] {
			assert_noop!(
				RecordAnchors::anchor_record(
					o.clone(),
					RecordSubject::Patient(PAT),
					doc(2),
					HashAlgorithm::Sha256,
					C::LabResult,
					F::DiagnosticReport,
					Default::default(),
					Default::default(),
					None,
					P::TREAT,
					None
				),
				DispatchError::BadOrigin
			);
			assert_noop!(
				RecordAnchors::supersede(
					o.clone(),
					id,
					doc(2),
					HashAlgorithm::Sha256,
					Default::default(),
					Default::default(),
					None,
					AmendmentReason::Correction,
					P::TREAT
				),
				DispatchError::BadOrigin
			);
			assert_noop!(RecordAnchors::set_status(o.clone(), id, AnchorStatus::Withdrawn), DispatchError::BadOrigin);
			assert_noop!(
				RecordAnchors::anchor_batch(
					o,
					BoundedVec::truncate_from(vec![group(
						RecordSubject::Patient(PAT),
						C::LabResult,
						vec![],
						1,
						H256::zero()
					)]),
					F::DiagnosticReport,
					BatchScope::Identified,
					P::TREAT
				),
				DispatchError::BadOrigin
			);
		}
	});
}

#[test]
fn only_roles_that_handle_the_data_anchor_it() {
	test(|| {
		// The lab's administrator manages accounts, not results; the auditor audits.
		assert_noop!(
			anchor_as(10, RecordSubject::Patient(PAT), doc(4), C::LabResult, F::DiagnosticReport),
			Error::<Test>::RoleNotPermitted
		);
		assert_noop!(
			anchor_as(AUDITOR, RecordSubject::Patient(PAT), doc(4), C::LabResult, F::DiagnosticReport),
			Error::<Test>::RoleNotPermitted
		);
		assert_ok!(anchor_as(LAB_TECH, RecordSubject::Patient(PAT), doc(4), C::LabResult, F::DiagnosticReport));
	});
}
