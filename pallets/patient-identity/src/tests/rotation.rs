use super::*;

#[test]
fn patient_rotates_key_and_new_account_accepts() {
	test(|| {
		let c = register(&pat(), "pat-id");
		add_guardian(&pat(), &sam());
		assert_ok!(PatientIdentity::rotate_key(signed(&pat()), newkey()));
		assert_eq!(last_event(), Event::RotationProposed { patient: pat(), new_account: newkey() }.into());
		assert_ok!(PatientIdentity::accept_rotation(signed(&newkey()), pat()));
		assert_eq!(
			last_event(),
			Event::IdentityMoved {
				patient: pat(),
				from: pat(),
				to: newkey(),
				commitment: c,
				reason: MoveReason::Rotation
			}
			.into()
		);
		// The patient keeps its id: commitment and delegates stay with it.
		assert_eq!(<PatientIdentity as PatientRegistry<_, _>>::commitment_of(&pat()), Some(c));
		assert_eq!(<PatientIdentity as PatientRegistry<_, _>>::controller_of(&pat()), Some(newkey()));
		assert_eq!(Controllers::<Test>::get(newkey()), Some(pat()));
		assert_eq!(Controllers::<Test>::get(pat()), None);
		assert_eq!(Delegates::<Test>::get(pat()).len(), 1);
		// The old deposit stays held from the payer until the identity is deactivated.
		assert!(held(&pat()) > 0);
		// Deactivation returns every deposit.
		assert_ok!(PatientIdentity::deactivate(signed(&newkey())));
		assert_eq!(held(&pat()), 0);
	});
}

#[test]
fn rotated_key_controls_nothing_and_cannot_register_again() {
	test(|| {
		register(&pat(), "pat-id");
		add_guardian(&pat(), &sam());
		assert_ok!(PatientIdentity::rotate_key(signed(&pat()), newkey()));
		assert_ok!(PatientIdentity::accept_rotation(signed(&newkey()), pat()));
		// A thief holding the old key cannot come back as a patient…
		assert_noop!(PatientIdentity::register(signed(&pat()), commitment("thief")), Error::<Test>::AlreadyRegistered);
		// …nor act for the identity, which lives on under its id with the new key.
		assert!(<PatientIdentity as PatientRegistry<_, _>>::is_active_patient(&pat()));
		assert!(!<PatientIdentity as PatientRegistry<_, _>>::may_act_for(
			&pat(),
			&pat(),
			DelegateAction::ManageConsent,
			1
		));
		assert!(<PatientIdentity as PatientRegistry<_, _>>::may_act_for(
			&newkey(),
			&pat(),
			DelegateAction::ManageConsent,
			1
		));
		assert_noop!(PatientIdentity::remove_delegate(signed(&pat()), pat(), sam()), DispatchError::BadOrigin);
		assert_noop!(
			delegate(&pat(), ann(), DelegateRole::Guardian, &[DelegateAction::Recovery], None),
			Error::<Test>::NotRegistered
		);
		// …nor reuse it as a pseudonym key.
		assert_noop!(
			PatientIdentity::publish_pseudonym(signed(&pat()), H256::repeat_byte(5), 1, H256::zero()),
			Error::<Test>::AccountRetired
		);
		// A retired key can never be the target of a move again either.
		assert_noop!(PatientIdentity::rotate_key(signed(&newkey()), pat()), Error::<Test>::InvalidNewAccount);
		assert_ok!(PatientIdentity::rotate_key(signed(&newkey()), ann()));
		assert_ok!(PatientIdentity::accept_rotation(signed(&ann()), pat()));
		assert_noop!(PatientIdentity::register(signed(&newkey()), commitment("again")), Error::<Test>::AccountRetired);
	});
}

#[test]
fn deactivated_account_cannot_register_again() {
	test(|| {
		register(&pat(), "pat-id");
		assert_ok!(PatientIdentity::deactivate(signed(&pat())));
		assert_noop!(PatientIdentity::register(signed(&pat()), commitment("again")), Error::<Test>::AccountRetired);
	});
}

#[test]
fn rotation_errors() {
	test(|| {
		assert_noop!(PatientIdentity::rotate_key(signed(&pat()), newkey()), Error::<Test>::NotRegistered);
		register(&pat(), "pat-id");
		register(&sam(), "sam-id");
		assert_noop!(PatientIdentity::rotate_key(signed(&pat()), pat()), Error::<Test>::InvalidNewAccount);
		assert_noop!(PatientIdentity::rotate_key(signed(&pat()), sam()), Error::<Test>::InvalidNewAccount);
		assert_noop!(PatientIdentity::rotate_key(RuntimeOrigin::root(), newkey()), DispatchError::BadOrigin);
		assert_noop!(PatientIdentity::accept_rotation(signed(&newkey()), pat()), Error::<Test>::NoPendingRotation);
		assert_ok!(PatientIdentity::rotate_key(signed(&pat()), newkey()));
		assert_noop!(PatientIdentity::accept_rotation(signed(&ann()), pat()), Error::<Test>::NoPendingRotation);
		assert_noop!(PatientIdentity::accept_rotation(signed(&newkey()), ann()), Error::<Test>::NotRegistered);
		assert_noop!(PatientIdentity::accept_rotation(RuntimeOrigin::none(), pat()), DispatchError::BadOrigin);
		register(&newkey(), "new-id");
		assert_noop!(PatientIdentity::accept_rotation(signed(&newkey()), pat()), Error::<Test>::InvalidNewAccount);
	});
}

#[test]
fn rotation_cancels_pending_recovery() {
	test(|| {
		register(&pat(), "pat-id");
		add_guardian(&pat(), &sam());
		assert_ok!(PatientIdentity::set_recovery_threshold(signed(&pat()), 1));
		assert_ok!(PatientIdentity::initiate_recovery(signed(&sam()), pat(), ann()));
		assert_ok!(PatientIdentity::rotate_key(signed(&pat()), newkey()));
		assert_ok!(PatientIdentity::accept_rotation(signed(&newkey()), pat()));
		assert!(!Recoveries::<Test>::contains_key(pat()));
		assert_eq!(held(&sam()), 0);
	});
}
