use super::*;
use polkadot_sdk::sp_core::Pair;

fn sign_registration(
	patient_key: &str,
	commitment: Commitment,
	provider: &AccountId,
	nonce: u32,
	expires_at: u64,
) -> polkadot_sdk::sp_runtime::MultiSignature {
	let patient = account(patient_key);
	let payload = PatientIdentity::registration_payload(&patient, commitment, provider, nonce, expires_at);
	polkadot_sdk::sp_runtime::MultiSignature::Sr25519(pair(patient_key).sign(&payload.encode()))
}

#[test]
fn patient_registers_commitment_and_deposit_is_held() {
	test(|| {
		let c = register(&pat(), "pat-id");
		let info = Patients::<Test>::get(pat()).expect("registered");
		assert_eq!(info.commitment, c);
		assert_eq!(Commitments::<Test>::get(c), Some(CommitmentStatus::Active(pat())));
		assert!(held(&pat()) > 0);
		assert_eq!(
			last_event(),
			Event::PatientRegistered { patient: pat(), commitment: c, registered_by: pat() }.into()
		);
	});
}

#[test]
fn second_registration_of_same_account_is_refused() {
	test(|| {
		register(&pat(), "pat-id");
		assert_noop!(PatientIdentity::register(signed(&pat()), commitment("other")), Error::<Test>::AlreadyRegistered);
	});
}

#[test]
fn commitment_in_use_by_another_account_is_refused() {
	test(|| {
		let c = register(&pat(), "pat-id");
		assert_noop!(PatientIdentity::register(signed(&sam()), c), Error::<Test>::CommitmentInUse);
	});
}

#[test]
fn retired_commitment_can_never_be_reused() {
	test(|| {
		let c = register(&pat(), "pat-id");
		assert_ok!(PatientIdentity::deactivate(signed(&pat())));
		assert_noop!(PatientIdentity::register(signed(&pat()), c), Error::<Test>::AccountRetired);
		assert_noop!(PatientIdentity::register(signed(&sam()), c), Error::<Test>::CommitmentRetired);
	});
}

#[test]
fn registration_without_funds_for_deposit_fails_and_changes_nothing() {
	test(|| {
		let c = commitment("poor-id");
		assert!(PatientIdentity::register(signed(&poor()), c).is_err());
		assert!(!Patients::<Test>::contains_key(poor()));
		assert!(!Commitments::<Test>::contains_key(c));
	});
}

#[test]
fn unsigned_and_root_origins_cannot_register() {
	test(|| {
		assert_noop!(PatientIdentity::register(RuntimeOrigin::none(), commitment("x")), DispatchError::BadOrigin);
		assert_noop!(PatientIdentity::register(RuntimeOrigin::root(), commitment("x")), DispatchError::BadOrigin);
		assert_noop!(PatientIdentity::deactivate(RuntimeOrigin::root()), DispatchError::BadOrigin);
	});
}

#[test]
fn provider_registers_patient_with_patients_signature() {
	test(|| {
		let c = commitment("pat-id");
		let sig = sign_registration("Pat", c, &lab(), 0, 50);
		assert_ok!(PatientIdentity::register_for(signed(&lab()), pat(), c, 0, 50, sig));
		let info = Patients::<Test>::get(pat()).expect("registered");
		assert_eq!(info.deposit.map(|d| d.payer), Some(lab()));
		assert!(held(&lab()) > 0);
		assert_eq!(held(&pat()), 0);
		assert_eq!(RegistrationNonce::<Test>::get(pat()), 1);
		assert_eq!(
			last_event(),
			Event::PatientRegistered { patient: pat(), commitment: c, registered_by: lab() }.into()
		);
	});
}

#[test]
fn replayed_registration_signature_is_refused() {
	test(|| {
		let c = commitment("pat-id");
		let sig = sign_registration("Pat", c, &lab(), 0, 50);
		assert_ok!(PatientIdentity::register_for(signed(&lab()), pat(), c, 0, 50, sig.clone()));
		assert_ok!(PatientIdentity::deactivate(signed(&pat())));
		// Same signed payload again: the nonce moved on.
		assert_noop!(PatientIdentity::register_for(signed(&lab()), pat(), c, 0, 50, sig), Error::<Test>::StaleNonce);
	});
}

#[test]
fn registration_signature_for_another_provider_is_refused() {
	test(|| {
		let c = commitment("pat-id");
		let sig = sign_registration("Pat", c, &lab(), 0, 50);
		assert_noop!(PatientIdentity::register_for(signed(&sam()), pat(), c, 0, 50, sig), Error::<Test>::BadSignature);
	});
}

#[test]
fn registration_signature_over_other_commitment_is_refused() {
	test(|| {
		let sig = sign_registration("Pat", commitment("pat-id"), &lab(), 0, 50);
		assert_noop!(
			PatientIdentity::register_for(signed(&lab()), pat(), commitment("forged"), 0, 50, sig),
			Error::<Test>::BadSignature
		);
	});
}

#[test]
fn expired_registration_signature_is_refused() {
	test(|| {
		let c = commitment("pat-id");
		let sig = sign_registration("Pat", c, &lab(), 0, 6);
		run_to(6);
		assert_noop!(
			PatientIdentity::register_for(signed(&lab()), pat(), c, 0, 6, sig),
			Error::<Test>::SignatureExpired
		);
	});
}

#[test]
fn registration_signature_valid_until_the_block_before_it_expires() {
	test(|| {
		let c = commitment("pat-id");
		let sig = sign_registration("Pat", c, &lab(), 0, 6);
		run_to(5);
		assert_ok!(PatientIdentity::register_for(signed(&lab()), pat(), c, 0, 6, sig));
	});
}

#[test]
fn overly_long_lived_registration_signature_is_refused() {
	test(|| {
		let c = commitment("pat-id");
		let sig = sign_registration("Pat", c, &lab(), 0, 1_000);
		assert_noop!(
			PatientIdentity::register_for(signed(&lab()), pat(), c, 0, 1_000, sig),
			Error::<Test>::ValidityTooLong
		);
	});
}

#[test]
fn registration_with_future_nonce_is_refused() {
	test(|| {
		let c = commitment("pat-id");
		let sig = sign_registration("Pat", c, &lab(), 3, 50);
		assert_noop!(PatientIdentity::register_for(signed(&lab()), pat(), c, 3, 50, sig), Error::<Test>::StaleNonce);
	});
}

#[test]
fn deactivation_releases_every_deposit_and_tombstones_commitment() {
	test(|| {
		let c = register(&pat(), "pat-id");
		add_guardian(&pat(), &sam());
		add_guardian(&pat(), &ann());
		assert_ok!(PatientIdentity::set_recovery_threshold(signed(&pat()), 1));
		assert_ok!(PatientIdentity::initiate_recovery(signed(&sam()), pat(), newkey()));
		assert!(held(&pat()) > 0 && held(&sam()) > 0);
		run_to(3);
		assert_ok!(PatientIdentity::deactivate(signed(&pat())));
		assert_eq!(held(&pat()), 0);
		assert_eq!(held(&sam()), 0);
		assert_eq!(Commitments::<Test>::get(c), Some(CommitmentStatus::Retired(3)));
		assert!(!Delegates::<Test>::contains_key(pat()));
		assert!(!Recoveries::<Test>::contains_key(pat()));
		assert!(!<PatientIdentity as PatientRegistry<_, _>>::is_active_patient(&pat()));
		assert_eq!(
			last_event(),
			Event::PatientDeactivated { patient: pat(), commitment: c, delegates_removed: 2 }.into()
		);
	});
}

#[test]
fn deactivating_an_unregistered_account_fails() {
	test(|| {
		assert_noop!(PatientIdentity::deactivate(signed(&pat())), Error::<Test>::NotRegistered);
	});
}

#[test]
fn genesis_patients_are_active_without_deposit() {
	test(|| {
		let g = account("Genesis");
		assert!(<PatientIdentity as PatientRegistry<_, _>>::is_active_patient(&g));
		assert_eq!(Patients::<Test>::get(&g).and_then(|p| p.deposit), None);
		assert_ok!(PatientIdentity::deactivate(signed(&g)));
	});
}

#[test]
fn a_copied_commitment_never_opens_for_the_copier() {
	test(|| {
		// Pat's wallet binds her commitment to her account; Mallory front-runs it with a copy.
		let salt = [4u8; 32];
		let c = identity_commitment(&salt, b"NHS-943-476-5919", &pat());
		let mallory = account("Mallory");
		let _ = Balances::force_set_balance(RuntimeOrigin::root(), mallory.clone(), ENDOWMENT);
		assert_ok!(PatientIdentity::register(signed(&mallory), c));
		assert_noop!(PatientIdentity::register(signed(&pat()), c), Error::<Test>::CommitmentInUse);
		// At the desk, Pat's opening does not verify for Mallory's account: the copy is useless.
		assert!(!PatientIdentity::opens_commitment(&mallory, &salt, b"NHS-943-476-5919"));
		// Pat draws a new salt and registers; her opening verifies for her, a wrong one does not.
		let fresh = [5u8; 32];
		assert_ok!(PatientIdentity::register(signed(&pat()), identity_commitment(&fresh, b"NHS-943-476-5919", &pat())));
		assert!(PatientIdentity::opens_commitment(&pat(), &fresh, b"NHS-943-476-5919"));
		assert!(!PatientIdentity::opens_commitment(&pat(), &fresh, b"NHS-000-000-0000"));
		assert!(!PatientIdentity::opens_commitment(&pat(), &salt, b"NHS-943-476-5919"));
	});
}
