//! Break-glass: narrow, loud, time-boxed, reviewed afterwards by someone independent.
use super::*;

/// `by` breaks the glass for emergency treatment for `duration` blocks; returns the episode.
fn open(by: AccountId, duration: u64) -> EpisodeId {
	assert_ok!(break_glass(by, P::ETREAT, duration));
	NextEpisodeId::<Test>::get() - 1
}

fn review(by: AccountId, id: EpisodeId, justified: bool) -> polkadot_sdk::sp_runtime::DispatchResult {
	Consent::close_review(RuntimeOrigin::signed(by), id, justified, H256::repeat_byte(3), None)
}

#[test]
fn er_physician_breaks_the_glass_loudly_and_gets_time_boxed_access() {
	test(|| {
		assert_eq!(query(ER_DOCTOR, A::Access, C::Imaging, &[L::PSY], P::ETREAT), AccessDecision::DenyNoConsent);
		let id = open(ER_DOCTOR, 10);
		assert_eq!(
			last_event(),
			Event::BreakGlassOpened {
				id,
				requester: ER_DOCTOR,
				organization: HOSPITAL2,
				patient: PAT,
				purpose: P::ETREAT,
				reason: BreakGlassReason::PatientIncapacitated,
				expires_at: 11,
				review_deadline: 31,
				notify: BoundedVec::truncate_from(vec![SAM]),
				overrides: Default::default(),
			}
			.into()
		);
		assert_eq!(
			query(ER_DOCTOR, A::Access, C::Imaging, &[L::PSY], P::ETREAT),
			AccessDecision::PermitBreakGlass { episode: id }
		);
		// Documenting the care given is part of emergency care.
		assert_eq!(
			query(ER_DOCTOR, A::Store, C::ClinicalNote, &[], P::ETREAT),
			AccessDecision::PermitBreakGlass { episode: id }
		);
		// Only for the emergency purpose, only for this clinician.
		assert!(!query(ER_DOCTOR, A::Access, C::Imaging, &[], P::TREAT).is_permit());
		assert!(!query(DOCTOR, A::Access, C::Imaging, &[], P::ETREAT).is_permit());
		run_to(11);
		assert!(!query(ER_DOCTOR, A::Access, C::Imaging, &[], P::ETREAT).is_permit());
	});
}

#[test]
fn break_glass_never_discloses_or_amends() {
	test(|| {
		open(ER_DOCTOR, 10);
		for action in [A::Disclose, A::Amend] {
			assert_eq!(
				query(ER_DOCTOR, action, C::ClinicalNote, &[], P::ETREAT),
				AccessDecision::DenyNoConsent,
				"{action:?}"
			);
		}
		// Research and payment purposes never ride on an episode.
		assert_eq!(query(ER_DOCTOR, A::Access, C::ClinicalNote, &[], P::HRESCH), AccessDecision::DenyNoConsent);
	});
}

#[test]
fn break_glass_is_only_for_clinicians_of_care_providers() {
	test(|| {
		let bg = |who| break_glass(who, P::BTG, 5);
		// A physician employed by an insurer does not deliver emergency care there.
		assert_noop!(bg(INSURER_PHYSICIAN), Error::<Test>::NotCareProvider);
		assert_noop!(bg(PHARMACIST), Error::<Test>::NotCareProvider);
		assert_noop!(bg(CLERK), Error::<Test>::NotClinician);
		assert_ok!(bg(CLINIC_DOCTOR));
		assert_ok!(bg(NURSE));
	});
}

#[test]
fn reviewer_must_be_independent_of_the_requester() {
	test(|| {
		let id = open(DOCTOR, 10);
		assert_eq!(PendingReviews::<Test>::get(HOSPITAL).to_vec(), vec![id]);
		// The requester's own organisation cannot clear it, not even its privacy officer.
		assert_noop!(review(PRIVACY_OFFICER, id, true), Error::<Test>::ReviewerNotIndependent);
		assert_noop!(review(PSYCHIATRIST, id, true), Error::<Test>::NotReviewer);
		assert_noop!(review(STRANGER, id, true), Error::<Test>::NotReviewer);
		// Another organisation's privacy officer may.
		assert_ok!(review(PRIVACY_OFFICER2, id, true));
		assert_eq!(
			last_event(),
			Event::BreakGlassReviewed {
				id,
				organization: HOSPITAL,
				patient: PAT,
				requester: DOCTOR,
				reviewer: PRIVACY_OFFICER2,
				reviewer_organization: HOSPITAL2,
				justified: true,
				finding: H256::repeat_byte(3),
				overrides: Default::default(),
				override_upheld: None,
			}
			.into()
		);
		assert!(PendingReviews::<Test>::get(HOSPITAL).is_empty());
		assert_eq!(held(DOCTOR), 0);
		assert_noop!(review(AUDITOR, id, false), Error::<Test>::AlreadyReviewed);
		// An accredited auditor may review any organisation's episode.
		let second = open(ER_DOCTOR, 10);
		assert_ok!(review(AUDITOR, second, false));
		assert!(matches!(Episodes::<Test>::get(second).map(|e| e.review), Some(Review::Unjustified { .. })));
	});
}

#[test]
fn auditor_without_accreditation_cannot_review() {
	test(|| {
		let id = open(DOCTOR, 10);
		assert_ok!(Compliance::withdraw_accreditation(
			RuntimeOrigin::root(),
			AUDIT_ORG,
			healthchain_primitives::AttestationType::HipaaPrivacyRule
		));
		assert_noop!(review(AUDITOR, id, true), Error::<Test>::NotReviewer);
	});
}

#[test]
fn unjustified_review_ends_access_at_once_and_stays_on_record() {
	test(|| {
		let id = open(ER_DOCTOR, 20);
		assert!(query(ER_DOCTOR, A::Access, C::Imaging, &[], P::ETREAT).is_permit());
		assert_ok!(review(PRIVACY_OFFICER, id, false));
		assert_eq!(query(ER_DOCTOR, A::Access, C::Imaging, &[], P::ETREAT), AccessDecision::DenyNoConsent);
		assert!(matches!(Episodes::<Test>::get(id).map(|e| e.review), Some(Review::Unjustified { .. })));
		assert!(PatientEpisodes::<Test>::get(PAT).iter().any(|e| e.episode == id));
	});
}

#[test]
fn justified_review_keeps_access_until_expiry() {
	test(|| {
		let id = open(ER_DOCTOR, 20);
		assert_ok!(review(AUDITOR, id, true));
		assert!(query(ER_DOCTOR, A::Access, C::Imaging, &[], P::ETREAT).is_permit());
		run_to(21);
		assert!(!query(ER_DOCTOR, A::Access, C::Imaging, &[], P::ETREAT).is_permit());
	});
}

#[test]
fn episode_does_not_follow_the_clinician_to_another_organisation() {
	test(|| {
		open(ER_DOCTOR, 20);
		assert_ok!(Organizations::remove_member(RuntimeOrigin::signed(50), ER_DOCTOR));
		assert_ok!(Organizations::add_member(RuntimeOrigin::signed(60), ER_DOCTOR, MemberRole::Physician));
		assert_eq!(query(ER_DOCTOR, A::Access, C::Imaging, &[], P::ETREAT), AccessDecision::DenyNoConsent);
	});
}

#[test]
fn one_clinician_cannot_exhaust_the_organisations_capacity() {
	test(|| {
		open(DOCTOR, 5);
		open(DOCTOR, 5);
		assert_noop!(break_glass(DOCTOR, P::BTG, 5), Error::<Test>::TooManyOpenEpisodes);
		// Colleagues can still break the glass in a real emergency.
		assert_ok!(break_glass(NURSE, P::BTG, 5));
		assert_eq!(OpenEpisodes::<Test>::get(DOCTOR), 2);
		// A review frees the clinician's slot.
		assert_ok!(review(AUDITOR, 0, true));
		assert_eq!(OpenEpisodes::<Test>::get(DOCTOR), 1);
		assert_ok!(break_glass(PSYCHIATRIST, P::BTG, 5));
	});
}

#[test]
fn unreviewed_episodes_past_deadline_are_listed_and_flagged() {
	test(|| {
		let id = open(DOCTOR, 10);
		assert_noop!(Consent::flag_overdue_review(RuntimeOrigin::signed(STRANGER), id), Error::<Test>::NotOverdue);
		run_to(31);
		assert!(Consent::overdue_break_glass(HOSPITAL, System::block_number()).is_empty());
		run_to(32);
		assert_eq!(
			Consent::overdue_break_glass(HOSPITAL, System::block_number())
				.into_iter()
				.map(|(i, _)| i)
				.collect::<Vec<_>>(),
			vec![id]
		);
		assert_ok!(Consent::flag_overdue_review(RuntimeOrigin::signed(STRANGER), id));
		assert_eq!(
			last_event(),
			Event::BreakGlassReviewOverdue { id, organization: HOSPITAL, patient: PAT, requester: DOCTOR }.into()
		);
		assert_noop!(Consent::flag_overdue_review(RuntimeOrigin::signed(STRANGER), id), Error::<Test>::AlreadyFlagged);
		assert_ok!(review(PRIVACY_OFFICER2, id, false));
		assert_noop!(Consent::flag_overdue_review(RuntimeOrigin::signed(STRANGER), id), Error::<Test>::AlreadyReviewed);
		assert!(Consent::overdue_break_glass(HOSPITAL, System::block_number()).is_empty());
	});
}

#[test]
fn break_glass_errors() {
	test(|| {
		let bg = |who, purpose, d| {
			Consent::break_glass(RuntimeOrigin::signed(who), PAT, purpose, BreakGlassReason::LifeThreatening, d)
		};
		assert_noop!(bg(STRANGER, P::ETREAT, 5), Error::<Test>::NotActiveMember);
		assert_noop!(bg(CLERK, P::ETREAT, 5), Error::<Test>::NotClinician);
		assert_noop!(bg(DOCTOR, P::TREAT, 5), Error::<Test>::InvalidPurpose);
		assert_noop!(bg(DOCTOR, P::ETREAT, 0), Error::<Test>::InvalidDuration);
		assert_noop!(bg(DOCTOR, P::ETREAT, 51), Error::<Test>::InvalidDuration);
		assert_noop!(
			Consent::break_glass(
				RuntimeOrigin::signed(DOCTOR),
				UNREGISTERED,
				P::BTG,
				BreakGlassReason::LifeThreatening,
				5
			),
			Error::<Test>::UnknownPatient
		);
		assert_noop!(
			Consent::break_glass(RuntimeOrigin::root(), PAT, P::BTG, BreakGlassReason::LifeThreatening, 5),
			DispatchError::BadOrigin
		);
		assert_ok!(bg(DOCTOR, P::BTG, 5));
		assert_ok!(bg(PSYCHIATRIST, P::BTG, 5));
		assert_ok!(bg(NURSE, P::BTG, 5));
		assert_noop!(bg(DOCTOR, P::BTG, 5), Error::<Test>::TooManyPendingReviews);
		assert_noop!(review(AUDITOR, 99, true), Error::<Test>::UnknownEpisode);
		assert_noop!(Consent::flag_overdue_review(RuntimeOrigin::signed(AUDITOR), 99), Error::<Test>::UnknownEpisode);
		assert_noop!(
			Consent::close_review(RuntimeOrigin::none(), 0, true, H256::zero(), None),
			DispatchError::BadOrigin
		);
		assert_noop!(Consent::flag_overdue_review(RuntimeOrigin::none(), 0), DispatchError::BadOrigin);
	});
}

#[test]
fn break_glass_history_stays_bounded_per_patient() {
	test(|| {
		for _ in 0..5 {
			let id = open(DOCTOR, 5);
			assert_ok!(review(PRIVACY_OFFICER2, id, true));
		}
		assert_eq!(PatientEpisodes::<Test>::get(PAT).len(), 3);
		assert_eq!(Episodes::<Test>::iter().count(), 3);
	});
}

#[test]
fn pending_episodes_are_never_dropped_from_the_patients_history() {
	test(|| {
		// The history holds 3; fill it with episodes awaiting review.
		let first = open(DOCTOR, 5);
		open(NURSE, 5);
		open(ER_DOCTOR, 5);
		assert_noop!(break_glass(CLINIC_DOCTOR, P::BTG, 5), Error::<Test>::EpisodeHistoryFull);
		assert!(PatientEpisodes::<Test>::get(PAT).iter().any(|e| e.episode == first));
		// Once one is reviewed, it is the one that makes room.
		assert_ok!(review(AUDITOR, first, true));
		assert_ok!(break_glass(CLINIC_DOCTOR, P::BTG, 5));
		assert!(!PatientEpisodes::<Test>::get(PAT).iter().any(|e| e.episode == first));
		assert_eq!(PatientEpisodes::<Test>::get(PAT).len(), 3);
	});
}

#[test]
fn each_emergency_purpose_is_found_with_one_read_of_its_latest_episode() {
	test(|| {
		let treat = open(ER_DOCTOR, 10);
		assert_ok!(break_glass(ER_DOCTOR, P::BTG, 10));
		let btg = NextEpisodeId::<Test>::get() - 1;
		assert_eq!(LatestEpisode::<Test>::get(PAT, (ER_DOCTOR, P::ETREAT)), Some(treat));
		assert_eq!(
			query(ER_DOCTOR, A::Access, C::Imaging, &[], P::ETREAT),
			AccessDecision::PermitBreakGlass { episode: treat }
		);
		assert_eq!(
			query(ER_DOCTOR, A::Access, C::Imaging, &[], P::BTG),
			AccessDecision::PermitBreakGlass { episode: btg }
		);
		// Another clinician's episode is not theirs.
		assert_eq!(query(DOCTOR, A::Access, C::Imaging, &[], P::BTG), AccessDecision::DenyNoConsent);
	});
}
