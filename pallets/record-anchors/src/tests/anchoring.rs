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
				category: C::LabResult,
				resource_type: F::DiagnosticReport,
			}
			.into()
		);
		assert!(held(LAB_TECH) > 0);
		assert!(RecordAnchors::verify(id, doc(7)));
		assert!(!RecordAnchors::verify(id, doc(8)));
	});
}

#[test]
fn anchoring_without_consent_is_refused() {
	test(|| {
		assert_noop!(
			anchor_as(LAB_TECH, RecordSubject::Patient(QUINN), doc(7), C::LabResult, F::DiagnosticReport),
			Error::<Test>::NoConsent
		);
		// Pat consented to lab results, not imaging, with labs.
		assert_noop!(
			anchor_as(LAB_TECH, RecordSubject::Patient(PAT), doc(7), C::Imaging, F::ImagingStudy),
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
		assert_ok!(Compliance::withdraw_accreditation(RuntimeOrigin::root(), AUDIT, AttestationType::HipaaSecurityRule));
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
		assert_ok!(anchor_as(QUINN, RecordSubject::Patient(QUINN), doc(3), C::PatientReported, F::QuestionnaireResponse));
		let id = NextAnchorId::<Test>::get() - 1;
		assert_eq!(Anchors::<Test>::get(id).and_then(|a| a.organization), None);
	});
}

#[test]
fn pseudonym_anchoring_only_by_its_audience() {
	test(|| {
		let ps = H256::repeat_byte(0x77);
		assert_ok!(PatientIdentity::publish_pseudonym(RuntimeOrigin::signed(PAT), ps, LAB, H256::zero()));
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
				RuntimeOrigin::signed(LAB_TECH), RecordSubject::Patient(PAT), doc(9), HashAlgorithm::Sha256,
				C::LabResult, F::DiagnosticReport, BoundedVec::truncate_from(vec![SecurityLabel::HIV]),
				Default::default(), None, P::TREAT
			),
			Error::<Test>::SensitiveLabelNotPermitted
		);
	});
}

#[test]
fn same_document_anchored_too_often_is_refused() {
	test(|| {
		lab_report(doc(1));
		lab_report(doc(1));
		assert_noop!(
			anchor_as(LAB_TECH, RecordSubject::Patient(PAT), doc(1), C::LabResult, F::DiagnosticReport),
			Error::<Test>::TooManyAnchorsForHash
		);
	});
}

#[test]
fn wrong_origins_are_refused() {
	test(|| {
		let id = lab_report(doc(1));
		for o in [RuntimeOrigin::root(), RuntimeOrigin::none()] {
			assert_noop!(
				RecordAnchors::anchor_record(o.clone(), RecordSubject::Patient(PAT), doc(2), HashAlgorithm::Sha256, C::LabResult, F::DiagnosticReport, Default::default(), Default::default(), None, P::TREAT),
				DispatchError::BadOrigin
			);
			assert_noop!(
				RecordAnchors::supersede(o.clone(), id, doc(2), HashAlgorithm::Sha256, Default::default(), Default::default(), None, AmendmentReason::Correction, P::TREAT),
				DispatchError::BadOrigin
			);
			assert_noop!(RecordAnchors::set_status(o.clone(), id, AnchorStatus::Withdrawn), DispatchError::BadOrigin);
			assert_noop!(
				RecordAnchors::anchor_batch(o, H256::zero(), 1, C::LabResult, F::DiagnosticReport, H256::zero(), BoundedVec::truncate_from(vec![PAT]), BatchScope::Identified, P::TREAT),
				DispatchError::BadOrigin
			);
		}
	});
}
