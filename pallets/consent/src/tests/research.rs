//! Research consent.
use super::*;

#[test]
fn patient_opts_categories_into_research_and_withdraws() {
	test(|| {
		let study = H256::repeat_byte(0x5E);
		assert_ok!(Consent::set_research_consent(
			RuntimeOrigin::signed(PAT),
			PAT,
			codes([C::LabResult, C::Imaging]),
			BoundedVec::truncate_from(vec![study])
		));
		assert!(matches!(last_event(), RuntimeEvent::Consent(Event::ResearchConsentSet { patient: PAT, .. })));
		type Check = Consent;
		assert!(<Check as ConsentCheck<_, _>>::research_permitted(&PAT, C::LabResult, Some(study)));
		assert!(!<Check as ConsentCheck<_, _>>::research_permitted(&PAT, C::LabResult, Some(H256::zero())));
		assert!(!<Check as ConsentCheck<_, _>>::research_permitted(&PAT, C::LabResult, None));
		assert!(!<Check as ConsentCheck<_, _>>::research_permitted(&PAT, C::ClinicalNote, Some(study)));
		let deposit = held(PAT);
		// Replacing keeps one deposit; an empty study list means any approved study.
		assert_ok!(Consent::set_research_consent(
			RuntimeOrigin::signed(PAT),
			PAT,
			codes([C::LabResult]),
			Default::default()
		));
		assert_eq!(held(PAT), deposit);
		assert!(<Check as ConsentCheck<_, _>>::research_permitted(&PAT, C::LabResult, None));
		assert_ok!(Consent::withdraw_research_consent(RuntimeOrigin::signed(PAT), PAT));
		assert_eq!(last_event(), Event::ResearchConsentWithdrawn { patient: PAT }.into());
		assert!(!<Check as ConsentCheck<_, _>>::research_permitted(&PAT, C::LabResult, None));
		assert_eq!(held(PAT), 0);
	});
}

#[test]
fn research_consent_errors() {
	test(|| {
		assert_noop!(
			Consent::set_research_consent(RuntimeOrigin::signed(PAT), PAT, Default::default(), Default::default()),
			Error::<Test>::EmptyResearchConsent
		);
		assert_noop!(
			Consent::set_research_consent(RuntimeOrigin::signed(SAM), PAT, codes([C::LabResult]), Default::default()),
			Error::<Test>::NotAuthorizedForPatient
		);
		assert_noop!(
			Consent::set_research_consent(RuntimeOrigin::root(), PAT, codes([C::LabResult]), Default::default()),
			DispatchError::BadOrigin
		);
		assert_noop!(
			Consent::withdraw_research_consent(RuntimeOrigin::signed(PAT), PAT),
			Error::<Test>::NoResearchConsent
		);
		assert_noop!(
			Consent::withdraw_research_consent(RuntimeOrigin::signed(SAM), PAT),
			Error::<Test>::NotAuthorizedForPatient
		);
		assert_noop!(Consent::withdraw_research_consent(RuntimeOrigin::none(), PAT), DispatchError::BadOrigin);
		// A guardian with MANAGE_CONSENT may act.
		assert_ok!(Consent::set_research_consent(
			RuntimeOrigin::signed(ANN),
			PAT,
			codes([C::Genomic]),
			Default::default()
		));
		assert_ok!(Consent::withdraw_research_consent(RuntimeOrigin::signed(ANN), PAT));
	});
}
