use super::*;

const NOTIFY: DelegateAction = DelegateAction::Notify;
const CONSENT: DelegateAction = DelegateAction::ManageConsent;

#[test]
fn patient_names_emergency_contact_who_may_act_within_scope() {
	test(|| {
		register(&pat(), "pat-id");
		assert_ok!(delegate(&pat(), sam(), DelegateRole::EmergencyContact, &[NOTIFY], None));
		assert_eq!(
			last_event(),
			Event::DelegateAdded {
				patient: pat(),
				delegate: sam(),
				role: DelegateRole::EmergencyContact,
				scope: DelegateScope::of(&[NOTIFY]),
				expires_at: None
			}
			.into()
		);
		type R = PatientIdentity;
		assert!(<R as PatientRegistry<_, _>>::may_act_for(&sam(), &pat(), NOTIFY, 1));
		assert!(!<R as PatientRegistry<_, _>>::may_act_for(&sam(), &pat(), CONSENT, 1));
		assert!(<R as PatientRegistry<_, _>>::may_act_for(&pat(), &pat(), CONSENT, 1));
		assert!(!<R as PatientRegistry<_, _>>::may_act_for(&ann(), &pat(), NOTIFY, 1));
		assert_eq!(<R as PatientRegistry<_, _>>::delegates_with(&pat(), NOTIFY, 1), vec![sam()]);
		assert!(held(&pat()) > 0);
	});
}

#[test]
fn delegation_expires_after_its_last_block() {
	test(|| {
		register(&pat(), "pat-id");
		assert_ok!(delegate(&pat(), sam(), DelegateRole::Guardian, &[CONSENT], Some(11)));
		type R = PatientIdentity;
		assert!(<R as PatientRegistry<_, _>>::may_act_for(&sam(), &pat(), CONSENT, 10));
		assert!(!<R as PatientRegistry<_, _>>::may_act_for(&sam(), &pat(), CONSENT, 11));
		assert!(<R as PatientRegistry<_, _>>::delegates_with(&pat(), CONSENT, 11).is_empty());
		run_to(11);
		assert!(!PatientIdentity::may_act_for(&sam(), &pat(), CONSENT, System::block_number()));
	});
}

#[test]
fn naming_a_delegate_again_rescopes_without_second_deposit() {
	test(|| {
		register(&pat(), "pat-id");
		assert_ok!(delegate(&pat(), sam(), DelegateRole::Guardian, &[CONSENT], None));
		let before = held(&pat());
		assert_ok!(delegate(&pat(), sam(), DelegateRole::LegalRepresentative, &[NOTIFY], None));
		assert_eq!(held(&pat()), before);
		let ds = Delegates::<Test>::get(pat());
		assert_eq!(ds.len(), 1);
		assert_eq!(ds[0].role, DelegateRole::LegalRepresentative);
		assert_eq!(ds[0].scope, DelegateScope::of(&[NOTIFY]));
	});
}

#[test]
fn add_delegate_errors() {
	test(|| {
		assert_noop!(delegate(&pat(), sam(), DelegateRole::Guardian, &[NOTIFY], None), Error::<Test>::NotRegistered);
		register(&pat(), "pat-id");
		assert_noop!(delegate(&pat(), pat(), DelegateRole::Guardian, &[NOTIFY], None), Error::<Test>::SelfDelegation);
		assert_noop!(delegate(&pat(), sam(), DelegateRole::Guardian, &[], None), Error::<Test>::InvalidScope);
		// An action the vocabulary lacks cannot even be decoded from a call.
		assert!(<DelegateScope as codec::Decode>::decode(&mut &[4u8, 20][..]).is_err());
		run_to(5);
		assert_noop!(delegate(&pat(), sam(), DelegateRole::Guardian, &[NOTIFY], Some(5)), Error::<Test>::ExpiryInPast);
		assert_noop!(
			PatientIdentity::add_delegate(
				RuntimeOrigin::root(),
				sam(),
				DelegateRole::Guardian,
				DelegateScope::of(&[NOTIFY]),
				None
			),
			DispatchError::BadOrigin
		);
		for name in ["d1", "d2", "d3", "d4"] {
			assert_ok!(delegate(&pat(), account(name), DelegateRole::EmergencyContact, &[NOTIFY], None));
		}
		assert_noop!(delegate(&pat(), sam(), DelegateRole::Guardian, &[NOTIFY], None), Error::<Test>::TooManyDelegates);
	});
}

#[test]
fn patient_or_delegate_removes_delegation_and_deposit_returns() {
	test(|| {
		register(&pat(), "pat-id");
		let base = held(&pat());
		add_guardian(&pat(), &sam());
		add_guardian(&pat(), &ann());
		assert_noop!(PatientIdentity::remove_delegate(signed(&lab()), pat(), sam()), DispatchError::BadOrigin);
		assert_noop!(PatientIdentity::remove_delegate(signed(&pat()), pat(), lab()), Error::<Test>::UnknownDelegate);
		assert_ok!(PatientIdentity::remove_delegate(signed(&pat()), pat(), sam()));
		assert_eq!(last_event(), Event::DelegateRemoved { patient: pat(), delegate: sam() }.into());
		// The delegate renounces.
		assert_ok!(PatientIdentity::remove_delegate(signed(&ann()), pat(), ann()));
		assert_eq!(held(&pat()), base);
		assert!(!Delegates::<Test>::contains_key(pat()));
	});
}

#[test]
fn removing_a_guardian_lowers_an_unreachable_threshold() {
	test(|| {
		register(&pat(), "pat-id");
		add_guardian(&pat(), &sam());
		add_guardian(&pat(), &ann());
		assert_ok!(PatientIdentity::set_recovery_threshold(signed(&pat()), 2));
		assert_ok!(PatientIdentity::remove_delegate(signed(&pat()), pat(), sam()));
		assert_eq!(Patients::<Test>::get(pat()).map(|p| p.recovery_threshold), Some(1));
	});
}

#[test]
fn inactive_patient_has_nobody_acting_for_them() {
	test(|| {
		register(&pat(), "pat-id");
		add_guardian(&pat(), &sam());
		assert_ok!(PatientIdentity::deactivate(signed(&pat())));
		assert!(!<PatientIdentity as PatientRegistry<_, _>>::may_act_for(&sam(), &pat(), NOTIFY, 1));
		assert!(!<PatientIdentity as PatientRegistry<_, _>>::may_act_for(&pat(), &pat(), NOTIFY, 1));
	});
}
