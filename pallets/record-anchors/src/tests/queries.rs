use super::*;

#[test]
fn queries_by_hash_patient_and_organisation_are_paged_and_bounded() {
	test(|| {
		for n in 1..=5 {
			lab_report(doc(n));
		}
		assert_ok!(anchor_as(RADIOLOGIST, RecordSubject::Patient(PAT), doc(9), C::Imaging, F::ImagingStudy));
		let page = RecordAnchors::anchors_of_subject(RecordSubject::Patient(PAT), 0, 100);
		assert_eq!(page.items, vec![0, 1, 2], "capped at MaxPageSize");
		assert_eq!(page.next, Some(3));
		assert_eq!(page.total, 6);
		let page2 = RecordAnchors::anchors_of_subject(RecordSubject::Patient(PAT), 3, 3);
		assert_eq!(page2.items, vec![3, 4, 5]);
		assert_eq!(page2.next, None);
		assert_eq!(RecordAnchors::anchors_of_organization(HOSPITAL, 0, 3).items, vec![5]);
		assert_eq!(RecordAnchors::anchors_of_organization(LAB, 3, 3).items, vec![3, 4]);
		assert!(RecordAnchors::anchors_of_organization(LAB, 10, 3).items.is_empty());
		let by_hash = RecordAnchors::anchors_by_hash(doc(9));
		assert_eq!(by_hash.len(), 1);
		assert_eq!(by_hash[0].1.author, RADIOLOGIST);
		assert!(RecordAnchors::anchors_by_hash(doc(0xEE)).is_empty());
	});
}

#[test]
fn pointer_is_opaque_and_anchor_holds_no_personal_fields() {
	// The anchor type holds hashes, codes, ids and a bounded opaque pointer only.
	use polkadot_sdk::frame_support::pallet_prelude::MaxEncodedLen;
	assert!(AnchorOf::<Test>::max_encoded_len() < 400);
}

#[test]
fn only_sealed_or_content_addressed_pointers_reach_the_ledger() {
	// A CIDv1 (raw codec, sha2-256 multihash) and a CIDv0 are accepted, like a sealed pointer.
	let mut cid_v1 = vec![0x01, 0x55, 0x12, 0x20];
	cid_v1.extend([5u8; 32]);
	let mut cid_v0 = vec![0x12, 0x20];
	cid_v0.extend([5u8; 32]);
	for ok in [vec![], cid_v1.clone(), cid_v0, sealed_pointer().into_inner()] {
		assert!(is_valid_pointer(&ok), "{ok:?}");
	}
	// Plain text, a truncated CID, a CID with trailing bytes and a short sealed pointer are not.
	let mut trailing = cid_v1.clone();
	trailing.push(0);
	let truncated = cid_v1.get(..20).map(|s| s.to_vec()).unwrap_or_default();
	for bad in [
		b"https://ehr.example/John_Doe_1970/hiv.pdf".to_vec(),
		truncated,
		trailing,
		vec![SEALED_POINTER_TAG; 20],
		vec![0x01, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
	] {
		assert!(!is_valid_pointer(&bad), "{bad:?}");
	}
	test(|| {
		let plain = BoundedVec::truncate_from(b"https://ehr.example/John_Doe/hiv.pdf".to_vec());
		assert_noop!(
			RecordAnchors::anchor_record(
				RuntimeOrigin::signed(LAB_TECH), RecordSubject::Patient(PAT), doc(3), HashAlgorithm::Sha256,
				C::LabResult, F::DiagnosticReport, Default::default(), plain.clone(), None, P::TREAT, None
			),
			Error::<Test>::InvalidPointer
		);
		let id = lab_report(doc(4));
		assert_noop!(
			RecordAnchors::supersede(
				RuntimeOrigin::signed(LAB_TECH), id, doc(5), HashAlgorithm::Sha256, Default::default(), plain, None,
				AmendmentReason::Update, P::TREAT
			),
			Error::<Test>::InvalidPointer
		);
		assert_ok!(RecordAnchors::anchor_record(
			RuntimeOrigin::signed(LAB_TECH), RecordSubject::Patient(PAT), doc(6), HashAlgorithm::Sha256,
			C::LabResult, F::DiagnosticReport, Default::default(), BoundedVec::truncate_from(cid_v1), None, P::TREAT, None
		));
	});
}
