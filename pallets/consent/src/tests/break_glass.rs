//! Break-glass: loud, time-boxed, reviewed afterwards.
use super::*;

fn open(by: AccountId, duration: u64) -> EpisodeId {
	assert_ok!(Consent::break_glass(RuntimeOrigin::signed(by), PAT, ETREAT, BreakGlassReason::PatientIncapacitated, duration));
	NextEpisodeId::<Test>::get() - 1
}

#[test]
fn er_physician_breaks_the_glass_loudly_and_gets_time_boxed_access() {
	test(|| {
		assert_eq!(query(ER_DOCTOR, Access, Imaging, &[PSY], ETREAT), AccessDecision::DenyNoConsent);
		let id = open(ER_DOCTOR, 10);
		assert_eq!(
			last_event(),
			Event::BreakGlassOpened {
				id,
				requester: ER_DOCTOR,
				organization: HOSPITAL2,
				patient: PAT,
				purpose: ETREAT,
				reason: BreakGlassReason::PatientIncapacitated,
				expires_at: 11,
				review_deadline: 31,
				notify: BoundedVec::truncate_from(vec![SAM]),
			}
			.into()
		);
		assert_eq!(query(ER_DOCTOR, Access, Imaging, &[PSY], ETREAT), AccessDecision::PermitBreakGlass { episode: id });
		// Only for the emergency purpose, only for this clinician.
		assert!(!query(ER_DOCTOR, Access, Imaging, &[], TREAT).is_permit());
		assert!(!query(DOCTOR, Access, Imaging, &[], ETREAT).is_permit());
		run_to(11);
		assert!(!query(ER_DOCTOR, Access, Imaging, &[], ETREAT).is_permit());
	});
}

#[test]
fn privacy_officer_or_auditor_closes_the_review() {
	test(|| {
		let id = open(DOCTOR, 10);
		assert_eq!(PendingReviews::<Test>::get(HOSPITAL).to_vec(), vec![id]);
		// Another organisation's privacy officer may not; a physician may not.
		assert_noop!(Consent::close_review(RuntimeOrigin::signed(PSYCHIATRIST), id, true, H256::zero()), Error::<Test>::NotReviewer);
		assert_noop!(Consent::close_review(RuntimeOrigin::signed(STRANGER), id, true, H256::zero()), Error::<Test>::NotReviewer);
		assert_ok!(Consent::close_review(RuntimeOrigin::signed(PRIVACY_OFFICER), id, true, H256::repeat_byte(3)));
		assert_eq!(
			last_event(),
			Event::BreakGlassReviewed { id, organization: HOSPITAL, patient: PAT, reviewer: PRIVACY_OFFICER, justified: true, finding: H256::repeat_byte(3) }.into()
		);
		assert!(PendingReviews::<Test>::get(HOSPITAL).is_empty());
		assert_eq!(held(DOCTOR), 0);
		assert_noop!(Consent::close_review(RuntimeOrigin::signed(AUDITOR), id, false, H256::zero()), Error::<Test>::AlreadyReviewed);
		let second = open(ER_DOCTOR, 10);
		assert_ok!(Consent::close_review(RuntimeOrigin::signed(AUDITOR), second, false, H256::zero()));
		assert!(matches!(Episodes::<Test>::get(second).map(|e| e.review), Some(Review::Unjustified { .. })));
	});
}

#[test]
fn unreviewed_episodes_past_deadline_are_listed_and_flagged() {
	test(|| {
		let id = open(DOCTOR, 10);
		assert_noop!(Consent::flag_overdue_review(RuntimeOrigin::signed(STRANGER), id), Error::<Test>::NotOverdue);
		run_to(31);
		assert!(Consent::overdue_reviews(HOSPITAL).is_empty());
		run_to(32);
		assert_eq!(Consent::overdue_reviews(HOSPITAL).into_iter().map(|(i, _)| i).collect::<Vec<_>>(), vec![id]);
		assert_ok!(Consent::flag_overdue_review(RuntimeOrigin::signed(STRANGER), id));
		assert_eq!(last_event(), Event::BreakGlassReviewOverdue { id, organization: HOSPITAL, patient: PAT, requester: DOCTOR }.into());
		assert_noop!(Consent::flag_overdue_review(RuntimeOrigin::signed(STRANGER), id), Error::<Test>::AlreadyFlagged);
		assert_ok!(Consent::close_review(RuntimeOrigin::signed(PRIVACY_OFFICER), id, false, H256::zero()));
		assert_noop!(Consent::flag_overdue_review(RuntimeOrigin::signed(STRANGER), id), Error::<Test>::AlreadyReviewed);
		assert!(Consent::overdue_reviews(HOSPITAL).is_empty());
	});
}

#[test]
fn break_glass_errors() {
	test(|| {
		let bg = |who, purpose, d| Consent::break_glass(RuntimeOrigin::signed(who), PAT, purpose, BreakGlassReason::LifeThreatening, d);
		assert_noop!(bg(STRANGER, ETREAT, 5), Error::<Test>::NotActiveMember);
		assert_noop!(bg(CLERK, ETREAT, 5), Error::<Test>::NotClinician);
		assert_noop!(bg(DOCTOR, TREAT, 5), Error::<Test>::InvalidPurpose);
		assert_noop!(bg(DOCTOR, ETREAT, 0), Error::<Test>::InvalidDuration);
		assert_noop!(bg(DOCTOR, ETREAT, 51), Error::<Test>::InvalidDuration);
		assert_noop!(
			Consent::break_glass(RuntimeOrigin::signed(DOCTOR), UNREGISTERED, BTG, BreakGlassReason::LifeThreatening, 5),
			Error::<Test>::UnknownPatient
		);
		assert_noop!(
			Consent::break_glass(RuntimeOrigin::root(), PAT, BTG, BreakGlassReason::LifeThreatening, 5),
			DispatchError::BadOrigin
		);
		assert_ok!(bg(DOCTOR, BTG, 5));
		assert_ok!(bg(PSYCHIATRIST, BTG, 5));
		assert_noop!(bg(DOCTOR, BTG, 5), Error::<Test>::TooManyPendingReviews);
		assert_noop!(Consent::close_review(RuntimeOrigin::signed(AUDITOR), 99, true, H256::zero()), Error::<Test>::UnknownEpisode);
		assert_noop!(Consent::flag_overdue_review(RuntimeOrigin::signed(AUDITOR), 99), Error::<Test>::UnknownEpisode);
		assert_noop!(Consent::close_review(RuntimeOrigin::none(), 0, true, H256::zero()), DispatchError::BadOrigin);
		assert_noop!(Consent::flag_overdue_review(RuntimeOrigin::none(), 0), DispatchError::BadOrigin);
	});
}

#[test]
fn break_glass_history_stays_bounded_per_patient() {
	test(|| {
		for _ in 0..5 {
			let id = open(DOCTOR, 5);
			assert_ok!(Consent::close_review(RuntimeOrigin::signed(PRIVACY_OFFICER), id, true, H256::zero()));
		}
		assert_eq!(PatientEpisodes::<Test>::get(PAT).len(), 3);
		assert_eq!(Episodes::<Test>::iter().count(), 3);
	});
}
