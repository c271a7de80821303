use super::*;

fn setup_two_guardians(threshold: u8) -> Commitment {
	let c = register(&pat(), "pat-id");
	add_guardian(&pat(), &sam());
	add_guardian(&pat(), &ann());
	assert_ok!(PatientIdentity::set_recovery_threshold(signed(&pat()), threshold));
	c
}

#[test]
fn guardians_recover_lost_key_after_delay() {
	test(|| {
		let c = setup_two_guardians(2);
		assert_ok!(PatientIdentity::initiate_recovery(signed(&sam()), pat(), newkey()));
		assert!(System::events().iter().any(|r| r.event
			== Event::RecoveryInitiated { lost: pat(), new_account: newkey(), initiator: sam(), claimable_at: 11 }
				.into()));
		assert!(held(&sam()) > 0);
		assert_ok!(PatientIdentity::approve_recovery(signed(&ann()), pat()));
		assert_eq!(last_event(), Event::RecoveryApproved { lost: pat(), guardian: ann(), approvals: 2 }.into());
		run_to(10);
		assert_noop!(PatientIdentity::claim_recovery(signed(&newkey()), pat()), Error::<Test>::RecoveryDelayNotPassed);
		run_to(11);
		assert_ok!(PatientIdentity::claim_recovery(signed(&newkey()), pat()));
		assert_eq!(
			last_event(),
			Event::IdentityMoved {
				patient: pat(),
				from: pat(),
				to: newkey(),
				commitment: c,
				reason: MoveReason::Recovery
			}
			.into()
		);
		// The identity keeps its id (and so its consents, anchors and delegates); the new key
		// controls it.
		assert_eq!(Commitments::<Test>::get(c), Some(CommitmentStatus::Active(pat())));
		assert_eq!(Patients::<Test>::get(pat()).map(|p| p.controller), Some(newkey()));
		assert_eq!(Controllers::<Test>::get(newkey()), Some(pat()));
		assert_eq!(Delegates::<Test>::get(pat()).len(), 2);
		assert_eq!(held(&sam()), 0);
	});
}

#[test]
fn patient_cancels_recovery_during_delay() {
	test(|| {
		setup_two_guardians(1);
		assert_ok!(PatientIdentity::initiate_recovery(signed(&sam()), pat(), newkey()));
		run_to(5);
		assert_noop!(PatientIdentity::cancel_recovery(signed(&pat()), sam()), Error::<Test>::NoRecovery);
		assert_ok!(PatientIdentity::cancel_recovery(signed(&pat()), pat()));
		assert_eq!(last_event(), Event::RecoveryCancelled { lost: pat(), by: pat() }.into());
		assert_eq!(held(&sam()), 0);
		run_to(20);
		assert_noop!(PatientIdentity::claim_recovery(signed(&newkey()), pat()), Error::<Test>::NoRecovery);
		assert!(Patients::<Test>::contains_key(pat()));
	});
}

#[test]
fn recovery_needs_threshold_of_approvals() {
	test(|| {
		setup_two_guardians(2);
		assert_ok!(PatientIdentity::initiate_recovery(signed(&sam()), pat(), newkey()));
		run_to(20);
		assert_noop!(PatientIdentity::claim_recovery(signed(&newkey()), pat()), Error::<Test>::ThresholdNotReached);
	});
}

#[test]
fn recovery_error_paths() {
	test(|| {
		assert_noop!(PatientIdentity::initiate_recovery(signed(&sam()), pat(), newkey()), Error::<Test>::NotRegistered);
		register(&pat(), "pat-id");
		assert_noop!(PatientIdentity::initiate_recovery(signed(&sam()), pat(), newkey()), Error::<Test>::NotGuardian);
		add_guardian(&pat(), &sam());
		assert_noop!(
			PatientIdentity::initiate_recovery(signed(&sam()), pat(), newkey()),
			Error::<Test>::RecoveryNotEnabled
		);
		assert_noop!(PatientIdentity::set_recovery_threshold(signed(&pat()), 2), Error::<Test>::InvalidThreshold);
		assert_noop!(PatientIdentity::set_recovery_threshold(signed(&sam()), 1), Error::<Test>::NotRegistered);
		assert_ok!(PatientIdentity::set_recovery_threshold(signed(&pat()), 1));
		assert_eq!(last_event(), Event::RecoveryThresholdSet { patient: pat(), threshold: 1 }.into());
		assert_noop!(
			PatientIdentity::initiate_recovery(signed(&sam()), pat(), pat()),
			Error::<Test>::InvalidNewAccount
		);
		register(&lab(), "lab-person");
		assert_noop!(
			PatientIdentity::initiate_recovery(signed(&sam()), pat(), lab()),
			Error::<Test>::InvalidNewAccount
		);
		assert_ok!(PatientIdentity::initiate_recovery(signed(&sam()), pat(), newkey()));
		assert_noop!(
			PatientIdentity::initiate_recovery(signed(&sam()), pat(), newkey()),
			Error::<Test>::RecoveryInProgress
		);
		assert_noop!(PatientIdentity::approve_recovery(signed(&sam()), pat()), Error::<Test>::AlreadyApproved);
		assert_noop!(PatientIdentity::approve_recovery(signed(&ann()), pat()), Error::<Test>::NotGuardian);
		assert_noop!(PatientIdentity::approve_recovery(signed(&ann()), sam()), Error::<Test>::NoRecovery);
		run_to(20);
		assert_noop!(PatientIdentity::claim_recovery(signed(&ann()), pat()), Error::<Test>::NotRecoveryAccount);
		assert_noop!(PatientIdentity::claim_recovery(RuntimeOrigin::root(), pat()), DispatchError::BadOrigin);
		assert_noop!(PatientIdentity::approve_recovery(RuntimeOrigin::none(), pat()), DispatchError::BadOrigin);
		assert_noop!(
			PatientIdentity::initiate_recovery(RuntimeOrigin::root(), pat(), newkey()),
			DispatchError::BadOrigin
		);
		assert_noop!(PatientIdentity::cancel_recovery(RuntimeOrigin::root(), pat()), DispatchError::BadOrigin);
		assert_noop!(PatientIdentity::cancel_recovery(signed(&lab()), pat()), Error::<Test>::NotAllowedToCancel);
		assert_ok!(PatientIdentity::cancel_recovery(signed(&pat()), pat()));
		assert_noop!(PatientIdentity::cancel_recovery(signed(&pat()), pat()), Error::<Test>::NoRecovery);
		assert_noop!(PatientIdentity::set_recovery_threshold(RuntimeOrigin::root(), 1), DispatchError::BadOrigin);
	});
}

#[test]
fn expired_guardian_cannot_start_recovery() {
	test(|| {
		register(&pat(), "pat-id");
		assert_ok!(delegate(&pat(), sam(), DelegateRole::Guardian, &[DelegateAction::Recovery], Some(4)));
		assert_ok!(PatientIdentity::set_recovery_threshold(signed(&pat()), 1));
		run_to(4);
		assert_noop!(PatientIdentity::initiate_recovery(signed(&sam()), pat(), newkey()), Error::<Test>::NotGuardian);
	});
}

#[test]
fn claim_fails_if_new_account_registered_meanwhile() {
	test(|| {
		setup_two_guardians(1);
		assert_ok!(PatientIdentity::initiate_recovery(signed(&sam()), pat(), newkey()));
		register(&newkey(), "new-person");
		run_to(20);
		assert_noop!(PatientIdentity::claim_recovery(signed(&newkey()), pat()), Error::<Test>::InvalidNewAccount);
	});
}

#[test]
fn renouncing_guardian_cannot_lower_the_bar_of_a_recovery() {
	test(|| {
		// Sam starts a recovery to Mallory's account, then renounces so that one guardian is left.
		setup_two_guardians(2);
		assert_ok!(PatientIdentity::initiate_recovery(signed(&sam()), pat(), newkey()));
		assert_ok!(PatientIdentity::remove_delegate(signed(&sam()), pat(), sam()));
		assert_eq!(Patients::<Test>::get(pat()).map(|p| p.recovery_threshold), Some(1));
		run_to(20);
		// The recovery still needs two approvals, and Sam's no longer counts.
		assert_noop!(PatientIdentity::claim_recovery(signed(&newkey()), pat()), Error::<Test>::ThresholdNotReached);
		assert_ok!(PatientIdentity::approve_recovery(signed(&ann()), pat()));
		assert_noop!(PatientIdentity::claim_recovery(signed(&newkey()), pat()), Error::<Test>::ThresholdNotReached);
		assert!(Patients::<Test>::contains_key(pat()));
	});
}

#[test]
fn approvals_of_removed_or_expired_guardians_do_not_count() {
	test(|| {
		register(&pat(), "pat-id");
		add_guardian(&pat(), &sam());
		assert_ok!(delegate(&pat(), ann(), DelegateRole::Guardian, &[DelegateAction::Recovery], Some(16)));
		assert_ok!(PatientIdentity::set_recovery_threshold(signed(&pat()), 2));
		assert_ok!(PatientIdentity::initiate_recovery(signed(&sam()), pat(), newkey()));
		assert_ok!(PatientIdentity::approve_recovery(signed(&ann()), pat()));
		run_to(16);
		// Ann's delegation expired at block 16: her approval no longer counts.
		assert_noop!(PatientIdentity::claim_recovery(signed(&newkey()), pat()), Error::<Test>::ThresholdNotReached);
	});
}

#[test]
fn guardians_added_after_the_start_cannot_approve() {
	test(|| {
		setup_two_guardians(2);
		assert_ok!(PatientIdentity::initiate_recovery(signed(&sam()), pat(), newkey()));
		add_guardian(&pat(), &lab());
		assert_noop!(PatientIdentity::approve_recovery(signed(&lab()), pat()), Error::<Test>::NotGuardian);
	});
}

#[test]
fn threshold_of_guardians_cancels_a_rogue_recovery() {
	test(|| {
		register(&pat(), "pat-id");
		for g in [sam(), ann(), lab()] {
			add_guardian(&pat(), &g);
		}
		assert_ok!(PatientIdentity::set_recovery_threshold(signed(&pat()), 2));
		// Sam, gone rogue, starts a recovery to his own account while Pat has lost her key.
		assert_ok!(PatientIdentity::initiate_recovery(signed(&sam()), pat(), newkey()));
		assert_ok!(PatientIdentity::cancel_recovery(signed(&ann()), pat()));
		assert_eq!(last_event(), Event::RecoveryCancellationVoted { lost: pat(), guardian: ann(), votes: 1 }.into());
		assert_noop!(PatientIdentity::cancel_recovery(signed(&ann()), pat()), Error::<Test>::AlreadyVoted);
		assert_ok!(PatientIdentity::cancel_recovery(signed(&lab()), pat()));
		assert_eq!(last_event(), Event::RecoveryCancelled { lost: pat(), by: lab() }.into());
		assert_eq!(held(&sam()), 0);
		// The honest guardians start the right recovery.
		assert_ok!(PatientIdentity::initiate_recovery(signed(&ann()), pat(), account("PatNew")));
	});
}

#[test]
fn recovery_lapses_and_a_new_one_can_start() {
	test(|| {
		setup_two_guardians(2);
		assert_ok!(PatientIdentity::initiate_recovery(signed(&sam()), pat(), newkey()));
		assert_noop!(
			PatientIdentity::initiate_recovery(signed(&ann()), pat(), lab()),
			Error::<Test>::RecoveryInProgress
		);
		// Lifetime 40: the recovery started at block 1 lapses at block 41.
		run_to(41);
		assert_noop!(PatientIdentity::approve_recovery(signed(&ann()), pat()), Error::<Test>::RecoveryExpired);
		assert_noop!(PatientIdentity::claim_recovery(signed(&newkey()), pat()), Error::<Test>::RecoveryExpired);
		assert_ok!(PatientIdentity::initiate_recovery(signed(&ann()), pat(), lab()));
		assert_eq!(held(&sam()), 0);
		assert_eq!(Recoveries::<Test>::get(pat()).map(|r| r.new_account), Some(lab()));
	});
}

#[test]
fn recovered_from_key_controls_nothing_ever_again() {
	test(|| {
		setup_two_guardians(1);
		assert_ok!(PatientIdentity::initiate_recovery(signed(&sam()), pat(), newkey()));
		run_to(11);
		assert_ok!(PatientIdentity::claim_recovery(signed(&newkey()), pat()));
		assert_noop!(PatientIdentity::register(signed(&pat()), commitment("thief")), Error::<Test>::AlreadyRegistered);
		assert_noop!(PatientIdentity::set_recovery_threshold(signed(&pat()), 0), Error::<Test>::NotRegistered);
		assert!(!<PatientIdentity as PatientRegistry<_, _>>::may_act_for(
			&pat(),
			&pat(),
			DelegateAction::ManageConsent,
			12
		));
		assert!(<PatientIdentity as PatientRegistry<_, _>>::may_act_for(
			&newkey(),
			&pat(),
			DelegateAction::ManageConsent,
			12
		));
	});
}

#[test]
fn recovery_delay_is_the_constant_unless_genesis_shortens_it() {
	use polkadot_sdk::sp_runtime::BuildStorage;
	test(|| assert_eq!(RecoveryDelayBlocks::<Test>::get(), 10));
	let storage = crate::GenesisConfig::<Test> { patients: vec![], recovery_delay: Some(3) }
		.build_storage()
		.expect("genesis builds");
	polkadot_sdk::sp_io::TestExternalities::new(storage).execute_with(|| {
		assert_eq!(RecoveryDelayBlocks::<Test>::get(), 3);
	});
}
