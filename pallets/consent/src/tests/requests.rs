//! Access requests: ask, notify, approve into a time-limited grant, deny, expire.
use super::*;

fn ask(requester: AccountId) -> RequestId {
	assert_ok!(Consent::request_access(
		RuntimeOrigin::signed(requester),
		PAT,
		scope(&[A::Access], &[C::Imaging], &[P::TREAT], &[]),
		H256::repeat_byte(0x11),
		40
	));
	NextRequestId::<Test>::get() - 1
}

#[test]
fn request_notifies_patient_approvers_and_emergency_contacts() {
	test(|| {
		let id = ask(PHARMACIST);
		assert_eq!(
			last_event(),
			Event::AccessRequested {
				id,
				requester: PHARMACIST,
				organization: PHARMACY,
				patient: PAT,
				justification: H256::repeat_byte(0x11),
				expires_at: 21,
				notify: BoundedVec::truncate_from(vec![SAM, ANN]),
			}
			.into()
		);
		assert!(held(PHARMACIST) > 0);
	});
}

#[test]
fn approval_creates_a_time_limited_grant_for_the_requester() {
	test(|| {
		let id = ask(PHARMACIST);
		assert_eq!(query(PHARMACIST, A::Access, C::Imaging, &[], P::TREAT), AccessDecision::DenyNoConsent);
		run_to(5);
		assert_ok!(Consent::respond_to_request(RuntimeOrigin::signed(ANN), id, true));
		let consent = NextConsentId::<Test>::get() - 1;
		assert!(events().contains(
			&Event::AccessRequestApproved { id, patient: PAT, approved_by: ANN, consent, expires_at: 45 }.into()
		));
		assert_eq!(
			query(PHARMACIST, A::Access, C::Imaging, &[], P::TREAT),
			AccessDecision::Permit { consent, provision: 0 }
		);
		let c = Consents::<Test>::get(consent).expect("granted");
		assert_eq!(c.source, ConsentSource::AccessRequest(id));
		assert_eq!(c.deposit.payer, PHARMACIST);
		run_to(45);
		assert!(!query(PHARMACIST, A::Access, C::Imaging, &[], P::TREAT).is_permit());
		assert!(!Requests::<Test>::contains_key(id));
	});
}

#[test]
fn denial_returns_the_requesters_deposit() {
	test(|| {
		let id = ask(PHARMACIST);
		assert_ok!(Consent::respond_to_request(RuntimeOrigin::signed(PAT), id, false));
		assert_eq!(
			last_event(),
			Event::AccessRequestDenied { id, patient: PAT, denied_by: PAT, requester: PHARMACIST }.into()
		);
		assert_eq!(held(PHARMACIST), 0);
		assert_eq!(query(PHARMACIST, A::Access, C::Imaging, &[], P::TREAT), AccessDecision::DenyNoConsent);
	});
}

#[test]
fn requests_expire() {
	test(|| {
		let id = ask(PHARMACIST);
		assert_noop!(Consent::reap_request(RuntimeOrigin::signed(STRANGER), id), Error::<Test>::NotExpired);
		run_to(21);
		assert_noop!(Consent::respond_to_request(RuntimeOrigin::signed(PAT), id, true), Error::<Test>::RequestExpired);
		assert_ok!(Consent::reap_request(RuntimeOrigin::signed(STRANGER), id));
		assert_eq!(last_event(), Event::AccessRequestExpired { id, patient: PAT, requester: PHARMACIST }.into());
		assert_eq!(held(PHARMACIST), 0);
	});
}

#[test]
fn request_errors() {
	test(|| {
		let s = || scope(&[A::Access], &[], &[], &[]);
		assert_noop!(
			Consent::request_access(RuntimeOrigin::signed(STRANGER), PAT, s(), H256::zero(), 10),
			Error::<Test>::NotActiveMember
		);
		assert_noop!(
			Consent::request_access(RuntimeOrigin::signed(DOCTOR), UNREGISTERED, s(), H256::zero(), 10),
			Error::<Test>::UnknownPatient
		);
		assert_noop!(
			Consent::request_access(RuntimeOrigin::signed(DOCTOR), PAT, scope(&[], &[], &[], &[]), H256::zero(), 10),
			Error::<Test>::InvalidActions
		);
		assert_noop!(
			Consent::request_access(RuntimeOrigin::signed(DOCTOR), PAT, s(), H256::zero(), 0),
			Error::<Test>::InvalidDuration
		);
		assert_noop!(
			Consent::request_access(RuntimeOrigin::signed(DOCTOR), PAT, s(), H256::zero(), 101),
			Error::<Test>::InvalidDuration
		);
		assert_noop!(
			Consent::request_access(RuntimeOrigin::root(), PAT, s(), H256::zero(), 10),
			DispatchError::BadOrigin
		);
		let id = ask(DOCTOR);
		ask(PSYCHIATRIST);
		assert_noop!(
			Consent::request_access(RuntimeOrigin::signed(NURSE), PAT, s(), H256::zero(), 10),
			Error::<Test>::TooManyRequestsFromOrganization
		);
		ask(PHARMACIST);
		assert_noop!(
			Consent::request_access(RuntimeOrigin::signed(CLAIMS), PAT, s(), H256::zero(), 10),
			Error::<Test>::TooManyRequests
		);
		// The emergency contact is notified but may not approve.
		assert_noop!(
			Consent::respond_to_request(RuntimeOrigin::signed(SAM), id, true),
			Error::<Test>::NotAuthorizedForPatient
		);
		assert_noop!(
			Consent::respond_to_request(RuntimeOrigin::signed(DOCTOR), id, true),
			Error::<Test>::NotAuthorizedForPatient
		);
		assert_noop!(Consent::respond_to_request(RuntimeOrigin::signed(PAT), 55, true), Error::<Test>::UnknownRequest);
		assert_noop!(Consent::respond_to_request(RuntimeOrigin::none(), id, true), DispatchError::BadOrigin);
		assert_noop!(Consent::reap_request(RuntimeOrigin::signed(PAT), 55), Error::<Test>::UnknownRequest);
		assert_noop!(Consent::reap_request(RuntimeOrigin::none(), id), DispatchError::BadOrigin);
	});
}

#[test]
fn nobody_approves_their_own_request() {
	test(|| {
		// Ann is Pat's guardian with APPROVE_ACCESS, and also works at the hospital.
		assert_ok!(Organizations::add_member(RuntimeOrigin::signed(10), ANN, MemberRole::ClaimsOfficer));
		let id = ask(ANN);
		assert_noop!(Consent::respond_to_request(RuntimeOrigin::signed(ANN), id, true), Error::<Test>::SelfApproval);
		assert_noop!(Consent::respond_to_request(RuntimeOrigin::signed(ANN), id, false), Error::<Test>::SelfApproval);
		assert_ok!(Consent::respond_to_request(RuntimeOrigin::signed(PAT), id, false));
	});
}

#[test]
fn approval_never_overrides_the_patients_explicit_deny() {
	test(|| {
		let d = grant(
			Grantee::Organization(PHARMACY),
			deny(scope(&[A::Access, A::Use, A::Disclose], &[], &[], &[])),
			vec![],
			None,
		);
		let id = ask(PHARMACIST);
		assert_ok!(Consent::respond_to_request(RuntimeOrigin::signed(ANN), id, true));
		assert_eq!(
			query(PHARMACIST, A::Access, C::Imaging, &[], P::TREAT),
			AccessDecision::Deny { consent: d, provision: 0 }
		);
	});
}

#[test]
fn approved_grant_is_bound_to_the_requesters_organisation() {
	test(|| {
		let id = ask(PHARMACIST);
		assert_ok!(Consent::respond_to_request(RuntimeOrigin::signed(PAT), id, true));
		let consent = NextConsentId::<Test>::get() - 1;
		assert_eq!(
			Consents::<Test>::get(consent).map(|c| c.grantee),
			Some(Grantee::Member { account: PHARMACIST, organization: PHARMACY })
		);
		assert!(query(PHARMACIST, A::Access, C::Imaging, &[], P::TREAT).is_permit());
		assert_ok!(Organizations::remove_member(RuntimeOrigin::signed(20), PHARMACIST));
		assert_ok!(Organizations::add_member(RuntimeOrigin::signed(30), PHARMACIST, MemberRole::Physician));
		assert_eq!(query(PHARMACIST, A::Access, C::Imaging, &[], P::TREAT), AccessDecision::DenyNoConsent);
	});
}
