use super::*;

#[test]
fn supersede_chain_keeps_history_and_finds_latest() {
	test(|| {
		let v1 = lab_report(doc(1));
		assert_ok!(correct(v1, doc(2)));
		let v2 = NextAnchorId::<Test>::get() - 1;
		assert_eq!(
			last_event(),
			Event::RecordSuperseded {
				previous: v1,
				id: v2,
				original: v1,
				reason: AmendmentReason::Correction,
				subject: RecordSubject::Patient(PAT)
			}
			.into()
		);
		assert_ok!(correct(v2, doc(3)));
		let v3 = NextAnchorId::<Test>::get() - 1;
		assert_eq!(RecordAnchors::latest_version(v1), Some(v3));
		assert_eq!(RecordAnchors::latest_version(v2), Some(v3));
		assert_eq!(Anchors::<Test>::get(v1).map(|a| a.status), Some(AnchorStatus::Superseded));
		// Every version names its record's first version; only the record has a latest entry.
		assert_eq!(Anchors::<Test>::get(v3).and_then(|a| a.original), Some(v1));
		assert_eq!(Anchors::<Test>::get(v2).and_then(|a| a.original), Some(v1));
		assert_eq!(LatestVersion::<Test>::iter().collect::<Vec<_>>(), vec![(v1, v3)]);
		// History verifies.
		assert!(RecordAnchors::verify_record(v1, doc(1)));
		assert_noop!(correct(v1, doc(4)), Error::<Test>::NotCurrent);
	});
}

#[test]
fn only_the_authoring_organisation_supersedes() {
	test(|| {
		let v1 = lab_report(doc(1));
		assert_noop!(
			RecordAnchors::supersede(
				RuntimeOrigin::signed(RADIOLOGIST),
				v1,
				doc(2),
				HashAlgorithm::Sha256,
				Default::default(),
				Default::default(),
				None,
				AmendmentReason::Update,
				P::TREAT
			),
			Error::<Test>::NotAuthorized
		);
		assert_noop!(correct(42, doc(2)), Error::<Test>::UnknownAnchor);
	});
}

#[test]
fn author_or_patient_marks_entered_in_error_or_withdrawn() {
	test(|| {
		let a = lab_report(doc(1));
		let b = lab_report(doc(2));
		assert_noop!(
			RecordAnchors::set_status(RuntimeOrigin::signed(RADIOLOGIST), a, AnchorStatus::Withdrawn),
			Error::<Test>::NotAuthorized
		);
		assert_noop!(
			RecordAnchors::set_status(RuntimeOrigin::signed(LAB_TECH), a, AnchorStatus::Current),
			Error::<Test>::InvalidStatus
		);
		assert_noop!(
			RecordAnchors::set_status(RuntimeOrigin::signed(LAB_TECH), 99, AnchorStatus::Withdrawn),
			Error::<Test>::UnknownAnchor
		);
		assert_ok!(RecordAnchors::set_status(RuntimeOrigin::signed(LAB_TECH), a, AnchorStatus::EnteredInError));
		assert_eq!(
			last_event(),
			Event::RecordStatusChanged {
				id: a,
				status: AnchorStatus::EnteredInError,
				by: LAB_TECH,
				subject: RecordSubject::Patient(PAT)
			}
			.into()
		);
		assert_ok!(RecordAnchors::set_status(RuntimeOrigin::signed(PAT), b, AnchorStatus::Withdrawn));
		assert_noop!(
			RecordAnchors::set_status(RuntimeOrigin::signed(PAT), b, AnchorStatus::EnteredInError),
			Error::<Test>::NotCurrent
		);
		assert!(RecordAnchors::verify_record(a, doc(1)), "history is never erased");
		// The patient may withdraw a provider's record but not declare it entered in error.
		let c = lab_report(doc(3));
		assert_noop!(
			RecordAnchors::set_status(RuntimeOrigin::signed(PAT), c, AnchorStatus::EnteredInError),
			Error::<Test>::StatusNotPermitted
		);
	});
}

#[test]
fn only_active_clinical_members_of_the_author_organisation_set_status() {
	test(|| {
		let a = lab_report(doc(1));
		// The lab's administrator is a member but neither clinical nor a system account.
		assert_noop!(
			RecordAnchors::set_status(RuntimeOrigin::signed(10), a, AnchorStatus::EnteredInError),
			Error::<Test>::StatusNotPermitted
		);
		// A suspended lab's technician cannot change status any more.
		assert_ok!(Organizations::suspend(RuntimeOrigin::root(), LAB, pallet_organizations::SuspensionReason::Other));
		assert_noop!(
			RecordAnchors::set_status(RuntimeOrigin::signed(LAB_TECH), a, AnchorStatus::EnteredInError),
			Error::<Test>::StatusNotPermitted
		);
		assert_ok!(Organizations::reinstate(RuntimeOrigin::root(), LAB));
		// A former author who left the lab cannot either.
		assert_ok!(Organizations::remove_member(RuntimeOrigin::signed(10), LAB_TECH));
		assert_noop!(
			RecordAnchors::set_status(RuntimeOrigin::signed(LAB_TECH), a, AnchorStatus::EnteredInError),
			Error::<Test>::NotAuthorized
		);
	});
}

#[test]
fn amending_needs_the_patients_consent_to_amend() {
	test(|| {
		let v1 = lab_report(doc(1));
		// Pat says: labs may store, but never amend.
		pat_grants(
			pallet_consent::Grantee::OrganizationKind(OrganizationKind::Laboratory),
			pallet_consent::Decision::Deny,
			&[A::Amend],
			&[],
			&[],
		);
		assert_noop!(correct(v1, doc(2)), Error::<Test>::ConsentDenied);
		// Storing new records is still allowed.
		lab_report(doc(3));
	});
}

#[test]
fn a_new_version_keeps_the_labels_of_the_old_one() {
	test(|| {
		let v1 = lab_report(doc(1));
		assert_ok!(RecordAnchors::supersede(
			RuntimeOrigin::signed(LAB_TECH),
			v1,
			doc(2),
			HashAlgorithm::Blake2b256,
			BoundedVec::truncate_from(vec![L::N]),
			Default::default(),
			None,
			AmendmentReason::Update,
			P::TREAT,
		));
		let v2 = NextAnchorId::<Test>::get() - 1;
		assert_eq!(Anchors::<Test>::get(v2).map(|a| a.labels.into_inner()), Some(vec![L::N]));
	});
}
