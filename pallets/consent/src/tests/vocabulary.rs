//! HL7's vocabularies as the code systems define them: the PurposeOfUse hierarchy with
//! subsumption, the order of confidentiality codes, and break-glass saying when it overrides a
//! patient's refusal.
use super::*;

#[test]
fn purpose_hierarchy_is_hl7s() {
	assert!(P::TREAT.subsumes(&P::ETREAT) && P::TREAT.subsumes(&P::BTG) && P::ETREAT.subsumes(&P::ERTREAT));
	assert!(P::HPAYMT.subsumes(&P::CLMATTCH) && P::HPAYMT.subsumes(&P::ELIGVER) && P::COVERAGE.subsumes(&P::ENROLLM));
	assert!(P::HOPERAT.subsumes(&P::CAREMGT) && P::HOPERAT.subsumes(&P::HLEGAL));
	assert!(P::HRESCH.subsumes(&P::CLINTRCHPC) && P::PATRQT.subsumes(&P::FAMRQT) && P::PUBHLTH.subsumes(&P::THREAT));
	assert!(!P::ETREAT.subsumes(&P::TREAT) && !P::TREAT.subsumes(&P::HPAYMT) && !P::HRESCH.subsumes(&P::TREAT));
	// Every code reaches a top-level purpose; the top-level ones have no parent.
	for p in PurposeOfUse::ALL {
		let mut top = *p;
		while let Some(parent) = top.parent() {
			assert!(parent.subsumes(p), "{p:?} under {parent:?}");
			top = parent;
		}
		assert!(top.subsumes(p));
		assert!(
			matches!(top, P::TREAT | P::HPAYMT | P::HOPERAT | P::HRESCH | P::PUBHLTH | P::PATRQT | P::HMARKT),
			"{p:?}"
		);
	}
	assert!(P::ETREAT.is_emergency() && P::BTG.is_emergency() && P::ERTREAT.is_emergency() && !P::TREAT.is_emergency());
}

#[test]
fn a_consent_for_a_general_purpose_covers_its_specialisations_never_the_reverse() {
	test(|| {
		let treat =
			grant(Grantee::Organization(HOSPITAL), permit(scope(&[A::Access], &[], &[P::TREAT], &[])), vec![], None);
		assert_eq!(
			query(DOCTOR, A::Access, C::Imaging, &[], P::COC),
			AccessDecision::Permit { consent: treat, provision: 0 }
		);
		assert_eq!(
			query(DOCTOR, A::Access, C::Imaging, &[], P::ETREAT),
			AccessDecision::Permit { consent: treat, provision: 0 }
		);
		// A consent for coordination of care only does not cover treatment in general.
		let coc =
			grant(Grantee::Organization(PHARMACY), permit(scope(&[A::Access], &[], &[P::COC], &[])), vec![], None);
		assert_eq!(
			query(PHARMACIST, A::Access, C::Prescription, &[], P::COC),
			AccessDecision::Permit { consent: coc, provision: 0 }
		);
		assert_eq!(query(PHARMACIST, A::Access, C::Prescription, &[], P::TREAT), AccessDecision::DenyNoConsent);
		// A deny for payment also denies claim attachments.
		let no_pay =
			grant(Grantee::Organization(INSURER), deny(scope(&[A::Access], &[], &[P::HPAYMT], &[])), vec![], None);
		assert_eq!(
			query(CLAIMS, A::Access, C::Claim, &[], P::CLMATTCH),
			AccessDecision::Deny { consent: no_pay, provision: 0 }
		);
	});
}

#[test]
fn confidentiality_codes_are_ordered() {
	assert!(L::V.covers(&L::R) && L::V.covers(&L::N) && L::R.covers(&L::R) && !L::R.covers(&L::V));
	assert!(
		L::R.covers_for_deny(&L::V)
			&& !L::V.covers_for_deny(&L::R)
			&& L::PSY.covers(&L::PSY)
			&& !L::PSY.covers(&L::HIV)
	);
	test(|| {
		// A permit of very restricted data covers restricted data; one of restricted data does not
		// cover very restricted data.
		let v = grant(
			Grantee::Organization(HOSPITAL),
			permit(scope(&[A::Access], &[C::LabResult], &[P::TREAT], &[L::V])),
			vec![],
			None,
		);
		assert_eq!(
			query(DOCTOR, A::Access, C::LabResult, &[L::R], P::TREAT),
			AccessDecision::Permit { consent: v, provision: 0 }
		);
		let r = grant(
			Grantee::Organization(PHARMACY),
			permit(scope(&[A::Access], &[C::Prescription], &[P::TREAT], &[L::R])),
			vec![],
			None,
		);
		assert_eq!(
			query(PHARMACIST, A::Access, C::Prescription, &[L::R], P::TREAT),
			AccessDecision::Permit { consent: r, provision: 0 }
		);
		assert_eq!(
			query(PHARMACIST, A::Access, C::Prescription, &[L::V], P::TREAT),
			AccessDecision::DenySensitiveLabel(L::V)
		);
		// A deny of restricted data also denies very restricted data, not normal data.
		let deny_r = grant(Grantee::Organization(HOSPITAL), deny(scope(&[A::Access], &[], &[], &[L::R])), vec![], None);
		assert_eq!(
			query(DOCTOR, A::Access, C::LabResult, &[L::V], P::TREAT),
			AccessDecision::Deny { consent: deny_r, provision: 0 }
		);
		assert_eq!(
			query(DOCTOR, A::Access, C::LabResult, &[L::N], P::TREAT),
			AccessDecision::Permit { consent: v, provision: 0 }
		);
	});
}

#[test]
fn new_sensitivity_codes_need_explicit_permission() {
	test(|| {
		let c = grant(
			Grantee::Organization(HOSPITAL),
			permit(scope(&[A::Access], &[], &[P::TREAT], &[L::SEX])),
			vec![],
			None,
		);
		assert_eq!(
			query(DOCTOR, A::Access, C::ClinicalNote, &[L::SEX], P::TREAT),
			AccessDecision::Permit { consent: c, provision: 0 }
		);
		assert_eq!(
			query(DOCTOR, A::Access, C::ClinicalNote, &[L::SPI], P::TREAT),
			AccessDecision::DenySensitiveLabel(L::SPI)
		);
	});
}

#[test]
fn break_glass_says_when_it_overrides_the_patients_refusal() {
	test(|| {
		// Pat refuses the second hospital everything; its ER doctor breaks the glass anyway.
		let no =
			grant(Grantee::Organization(HOSPITAL2), deny(scope(&[A::Access, A::Use], &[], &[], &[])), vec![], None);
		assert_ok!(break_glass(ER_DOCTOR, P::ETREAT, 5));
		let episode = NextEpisodeId::<Test>::get() - 1;
		assert_eq!(
			query(ER_DOCTOR, A::Access, C::Imaging, &[], P::ETREAT),
			AccessDecision::PermitBreakGlassOverridingDeny { episode, consent: no, provision: 0 }
		);
		// The alert names the refusal it overrides, for the patient's contacts and the reviewer.
		let opened = System::events().into_iter().rev().find_map(|r| match r.event {
			RuntimeEvent::Consent(Event::BreakGlassOpened { overrides, .. }) => Some(overrides.into_inner()),
			_ => None,
		});
		assert_eq!(opened, Some(vec![no]));
		// Without a refusal, the episode permits plainly.
		assert_ok!(Consent::revoke_consent(RuntimeOrigin::signed(PAT), no));
		assert_eq!(
			query(ER_DOCTOR, A::Access, C::Imaging, &[], P::ETREAT),
			AccessDecision::PermitBreakGlass { episode }
		);
	});
}

#[test]
fn one_deny_to_every_member_overrides_every_permit() {
	test(|| {
		// "No provider may read my data for research", said once, for the whole consortium.
		let all = grant(
			Grantee::OrganizationKind(OrganizationKind::Hospital),
			permit(scope(&[A::Access], &[], &[], &[])),
			vec![],
			None,
		);
		let no_research = grant(Grantee::AnyMember, deny(scope(&[A::Access], &[], &[P::HRESCH], &[])), vec![], None);
		assert_eq!(
			query(DOCTOR, A::Access, C::Imaging, &[], P::TREAT),
			AccessDecision::Permit { consent: all, provision: 0 }
		);
		assert_eq!(
			query(DOCTOR, A::Access, C::Imaging, &[], P::CLINTRCH),
			AccessDecision::Deny { consent: no_research, provision: 0 }
		);
		assert_eq!(
			query(ER_DOCTOR, A::Access, C::Imaging, &[], P::HRESCH),
			AccessDecision::Deny { consent: no_research, provision: 0 }
		);
		// An any-member permit reaches every member whose role and organisation may hold the data.
		let everyone =
			grant(Grantee::AnyMember, permit(scope(&[A::Access], &[C::Prescription], &[P::TREAT], &[])), vec![], None);
		assert_eq!(
			query(PHARMACIST, A::Access, C::Prescription, &[], P::TREAT),
			AccessDecision::Permit { consent: everyone, provision: 0 }
		);
		assert_eq!(query(AUDITOR, A::Access, C::Prescription, &[], P::TREAT), AccessDecision::DenyRoleNotPermitted);
	});
}

#[test]
fn a_deny_window_overrides_an_older_narrower_permit_exactly_inside_the_window() {
	test(|| {
		// An older permit that constrains more dimensions than the deny.
		let narrow = grant(
			Grantee::Member { account: DOCTOR, organization: HOSPITAL },
			permit(scope(&[A::Access], &[C::Imaging], &[P::TREAT], &[])),
			vec![],
			None,
		);
		// "Deny every provider everything" from block 10 (first blocked) to block 20 (first free).
		assert_ok!(Consent::grant_consent(
			RuntimeOrigin::signed(PAT),
			PAT,
			Grantee::AnyMember,
			deny(scope(&[A::Store, A::Access, A::Use, A::Disclose, A::Amend], &[], &[], &[])),
			Default::default(),
			H256::zero(),
			Some(10),
			Some(20),
			EmergencyOverride::Allowed
		));
		let window = NextConsentId::<Test>::get() - 1;
		for (block, expected) in [
			(9, AccessDecision::Permit { consent: narrow, provision: 0 }),
			(10, AccessDecision::Deny { consent: window, provision: 0 }),
			(19, AccessDecision::Deny { consent: window, provision: 0 }),
			(20, AccessDecision::Permit { consent: narrow, provision: 0 }),
		] {
			run_to(block);
			assert_eq!(query(DOCTOR, A::Access, C::Imaging, &[], P::TREAT), expected, "block {block}");
		}
	});
}
