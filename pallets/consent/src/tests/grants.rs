//! Granting and revoking consents.
use super::*;

#[test]
fn patient_grants_consent_with_deposit_and_event() {
	test(|| {
		let id = grant(
			Grantee::Organization(HOSPITAL),
			permit(scope(&[A::Access], &[], &[P::TREAT], &[])),
			vec![],
			Some(50),
		);
		assert!(held(PAT) > 0);
		assert_eq!(
			last_event(),
			Event::ConsentGranted {
				id,
				patient: PAT,
				granted_by: PAT,
				grantee: Grantee::Organization(HOSPITAL),
				decision: Decision::Permit,
				exceptions: 0,
				validity: Validity { start: 1, expires_at: Some(50) },
				policy: H256::repeat_byte(0xAA),
				source: ConsentSource::Direct,
				emergency: EmergencyOverride::Allowed,
			}
			.into()
		);
	});
}

#[test]
fn revoked_consent_stops_counting_at_once() {
	test(|| {
		let id =
			grant(Grantee::Organization(HOSPITAL), permit(scope(&[A::Access], &[], &[P::TREAT], &[])), vec![], None);
		assert!(query(DOCTOR, A::Access, C::Imaging, &[], P::TREAT).is_permit());
		assert_ok!(Consent::revoke_consent(RuntimeOrigin::signed(PAT), id));
		assert_eq!(last_event(), Event::ConsentRevoked { id, patient: PAT, revoked_by: PAT }.into());
		assert_eq!(query(DOCTOR, A::Access, C::Imaging, &[], P::TREAT), AccessDecision::DenyNoConsent);
		assert_eq!(held(PAT), 0);
	});
}

#[test]
fn delegate_with_manage_consent_grants_and_revokes_for_patient() {
	test(|| {
		assert_ok!(grant_as(ANN, PAT, Grantee::Organization(HOSPITAL), permit(scope(&[A::Access], &[], &[], &[]))));
		let id = NextConsentId::<Test>::get() - 1;
		assert_eq!(Consents::<Test>::get(id).map(|c| c.granted_by), Some(ANN));
		assert!(held(ANN) > 0);
		assert_ok!(Consent::revoke_consent(RuntimeOrigin::signed(ANN), id));
		assert_eq!(held(ANN), 0);
	});
}

#[test]
fn grant_errors() {
	test(|| {
		let p = || permit(scope(&[A::Access], &[], &[], &[]));
		// The emergency contact may be notified but not manage consent.
		assert_noop!(grant_as(SAM, PAT, Grantee::Organization(HOSPITAL), p()), Error::<Test>::NotAuthorizedForPatient);
		assert_noop!(
			grant_as(DOCTOR, PAT, Grantee::Member { account: DOCTOR, organization: HOSPITAL }, p()),
			Error::<Test>::NotAuthorizedForPatient
		);
		assert_noop!(
			grant_as(UNREGISTERED, UNREGISTERED, Grantee::Organization(HOSPITAL), p()),
			Error::<Test>::UnknownPatient
		);
		assert_noop!(
			grant_as(PAT, PAT, Grantee::Organization(HOSPITAL), permit(scope(&[], &[], &[], &[]))),
			Error::<Test>::InvalidActions
		);
		// An action the vocabulary lacks cannot even be decoded from a call.
		assert!(<ActionSet as codec::Decode>::decode(&mut &[4u8, 0x80][..]).is_err());
		run_to(10);
		assert_noop!(
			Consent::grant_consent(
				RuntimeOrigin::signed(PAT),
				PAT,
				Grantee::Organization(HOSPITAL),
				p(),
				Default::default(),
				H256::zero(),
				None,
				Some(5),
				EmergencyOverride::Allowed
			),
			Error::<Test>::InvalidPeriod
		);
		assert_noop!(
			Consent::grant_consent(
				RuntimeOrigin::signed(PAT),
				PAT,
				Grantee::Organization(HOSPITAL),
				p(),
				Default::default(),
				H256::zero(),
				Some(20),
				Some(20),
				EmergencyOverride::Allowed
			),
			Error::<Test>::InvalidPeriod
		);
		for _ in 0..6 {
			grant(Grantee::Organization(HOSPITAL), p(), vec![], None);
		}
		assert_noop!(grant_as(PAT, PAT, Grantee::Organization(HOSPITAL), p()), Error::<Test>::TooManyConsents);
		assert_noop!(
			Consent::grant_consent(
				RuntimeOrigin::root(),
				PAT,
				Grantee::Organization(HOSPITAL),
				p(),
				Default::default(),
				H256::zero(),
				None,
				None,
				EmergencyOverride::Allowed
			),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn revoke_and_reap_errors() {
	test(|| {
		let id = grant(Grantee::Organization(HOSPITAL), permit(scope(&[A::Access], &[], &[], &[])), vec![], Some(10));
		assert_noop!(
			Consent::revoke_consent(RuntimeOrigin::signed(DOCTOR), id),
			Error::<Test>::NotAuthorizedForPatient
		);
		assert_noop!(Consent::revoke_consent(RuntimeOrigin::signed(SAM), id), Error::<Test>::NotAuthorizedForPatient);
		assert_noop!(Consent::revoke_consent(RuntimeOrigin::signed(PAT), 77), Error::<Test>::UnknownConsent);
		assert_noop!(Consent::revoke_consent(RuntimeOrigin::none(), id), DispatchError::BadOrigin);
		assert_noop!(Consent::reap_consent(RuntimeOrigin::signed(STRANGER), id), Error::<Test>::NotExpired);
		assert_noop!(Consent::reap_consent(RuntimeOrigin::signed(STRANGER), 77), Error::<Test>::UnknownConsent);
		assert_noop!(Consent::reap_consent(RuntimeOrigin::root(), id), DispatchError::BadOrigin);
		run_to(10);
		assert_ok!(Consent::reap_consent(RuntimeOrigin::signed(STRANGER), id));
		assert_eq!(last_event(), Event::ConsentExpired { id, patient: PAT }.into());
		assert_eq!(held(PAT), 0);
	});
}
