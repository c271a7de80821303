use super::*;

#[test]
fn an_anchor_keeps_what_the_rules_read_and_its_event_carries_the_rest() {
	test(|| {
		assert_ok!(RecordAnchors::anchor_record(
			RuntimeOrigin::signed(LAB_TECH),
			RecordSubject::Patient(PAT),
			doc(1),
			HashAlgorithm::Sha256,
			C::LabResult,
			F::DiagnosticReport,
			Default::default(),
			sealed_pointer(),
			Some(doc(0xDD)),
			P::TREAT,
			Some(1_700_000_000)
		));
		let a = Anchors::<Test>::get(0).expect("anchored");
		assert_eq!(
			(a.author, a.organization, a.content_hash, a.category, a.status, a.clinical_time, a.original),
			(LAB_TECH, Some(LAB), doc(1), C::LabResult, AnchorStatus::Current, Some(1_700_000_000), None)
		);
		// The pointer and the metadata hash are in the event only; the block is the event's.
		assert_eq!(
			last_event(),
			Event::RecordAnchored {
				id: 0,
				subject: RecordSubject::Patient(PAT),
				author: LAB_TECH,
				organization: Some(LAB),
				content_hash: doc(1),
				hash_algorithm: HashAlgorithm::Sha256,
				category: C::LabResult,
				resource_type: F::DiagnosticReport,
				labels: Default::default(),
				clinical_time: Some(1_700_000_000),
				pointer: sealed_pointer(),
				metadata_hash: Some(doc(0xDD)),
			}
			.into()
		);
		// A record never superseded is its own latest version, without an entry.
		assert!(LatestVersion::<Test>::iter().next().is_none());
		assert_eq!(RecordAnchors::latest_version(0), Some(0));
		assert_eq!(RecordAnchors::latest_version(1), None);
	});
}

#[test]
fn one_deposit_per_author_grows_with_each_anchor() {
	test(|| {
		// The mock's storage price: 10 plus 1 per byte, for n anchors of the longest encoding.
		let per_anchor = |n: u32| 10 + u64::from(n) * AnchorOf::<Test>::max_encoded_len() as u64;
		for n in 1..=3u8 {
			lab_report(doc(n));
			assert_eq!(AnchorDeposits::<Test>::get(LAB_TECH).map(|(count, _)| count), Some(u32::from(n)));
			assert_eq!(held(LAB_TECH), per_anchor(u32::from(n)));
		}
		// A version is an anchor too, paid by whoever anchors it.
		assert_ok!(correct(0, doc(9)));
		assert_eq!(held(LAB_TECH), per_anchor(4));
		assert_eq!(AnchorDeposits::<Test>::iter().count(), 1);
	});
}

#[test]
fn an_author_who_cannot_grow_the_deposit_anchors_nothing() {
	test(|| {
		lab_report(doc(1));
		let free = Balances::free_balance(LAB_TECH);
		let _ = Balances::force_set_balance(RuntimeOrigin::root(), LAB_TECH, 1);
		assert_noop!(
			anchor_as(LAB_TECH, RecordSubject::Patient(PAT), doc(2), C::LabResult, F::DiagnosticReport),
			polkadot_sdk::sp_runtime::TokenError::FundsUnavailable
		);
		assert_eq!(AnchorDeposits::<Test>::get(LAB_TECH).map(|(n, _)| n), Some(1));
		let _ = Balances::force_set_balance(RuntimeOrigin::root(), LAB_TECH, free);
	});
}
