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
