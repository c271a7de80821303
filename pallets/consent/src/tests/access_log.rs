//! Accounting of disclosures.
use super::*;

fn record(who: AccountId, category: RecordCategory, purpose: PurposeOfUse) {
	assert_ok!(access(who, PAT, A::Access, category, purpose));
}

#[test]
fn each_access_is_logged_with_the_decision_that_authorised_it() {
	test(|| {
		let c =
			grant(Grantee::Organization(HOSPITAL), permit(scope(&[A::Access], &[], &[P::TREAT], &[])), vec![], None);
		record(DOCTOR, C::Imaging, P::TREAT);
		assert_eq!(
			last_event(),
			Event::AccessRecorded {
				patient: PAT,
				seq: 0,
				accessor: DOCTOR,
				organization: HOSPITAL,
				action: A::Access,
				category: C::Imaging,
				record: None,
				recipient: None,
				purpose: P::TREAT,
				decision: AccessDecision::Permit { consent: c, provision: 0 },
				outcome: AccessOutcome::Success,
			}
			.into()
		);
		// An access without consent is recorded too, with the denial attached.
		record(PHARMACIST, C::Imaging, P::TREAT);
		let log = Consent::access_log(&PAT);
		assert_eq!(log.len(), 2);
		assert_eq!(log[1].accessor, PHARMACIST);
		assert_eq!(log[1].decision, AccessDecision::DenyNoConsent);
	});
}

#[test]
fn access_log_ring_keeps_the_last_entries_in_order() {
	test(|| {
		for _ in 0..5 {
			record(DOCTOR, C::LabResult, P::TREAT);
		}
		let seqs: Vec<u64> = Consent::access_log(&PAT).iter().map(|e| e.seq).collect();
		assert_eq!(seqs, vec![2, 3, 4]);
		assert_eq!(AccessLogNext::<Test>::get(PAT), 5);
	});
}

#[test]
fn record_access_errors() {
	test(|| {
		let r = |who| access(who, PAT, A::Access, C::Imaging, P::TREAT);
		assert_noop!(r(STRANGER), Error::<Test>::NotActiveMember);
		assert_noop!(access(DOCTOR, UNREGISTERED, A::Access, C::Imaging, P::TREAT), Error::<Test>::UnknownPatient);
		assert_noop!(
			Consent::record_access(
				RuntimeOrigin::root(),
				PAT,
				A::Access,
				C::Imaging,
				None,
				Default::default(),
				P::TREAT,
				AccessOutcome::Success,
				None,
				None
			),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn no_organisation_can_displace_another_organisations_entries() {
	test(|| {
		record(DOCTOR, C::PsychiatricNote, P::TREAT);
		// The pharmacy floods the log with junk: only its own ring turns over.
		for _ in 0..10 {
			record(PHARMACIST, C::Allergy, P::TREAT);
		}
		let log = Consent::access_log(&PAT);
		assert_eq!(log.len(), 4);
		assert_eq!(log[0].accessor, DOCTOR);
		assert_eq!(log[0].category, C::PsychiatricNote);
		assert_eq!(log.iter().filter(|e| e.accessor == PHARMACIST).count(), 3);
		assert_eq!(DisclosureCount::<Test>::get(PAT, PHARMACY), 10);
		assert_eq!(AccessLogNext::<Test>::get(PAT), 11);
	});
}
