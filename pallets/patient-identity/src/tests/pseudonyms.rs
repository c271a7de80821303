use super::*;

fn p(n: u8) -> Pseudonym {
	Pseudonym::repeat_byte(n)
}

#[test]
fn controller_publishes_pseudonym_with_hiding_link() {
	test(|| {
		let c = register(&pat(), "pat-id");
		let salt = [9u8; 32];
		let link = pseudonym_link(&c, &p(1), &salt);
		let lab_key = pat();
		ok!(PatientIdentity::publish_pseudonym(signed(&lab_key), p(1), 7, link));
		assert_eq!(
			last_event(),
			Event::PseudonymPublished { pseudonym: p(1), controller: lab_key.clone(), audience: 7, link_commitment: link }
				.into()
		);
		assert_eq!(<PatientIdentity as PatientRegistry<_, _>>::resolve_pseudonym(&p(1)), Some(lab_key.clone()));
		assert!(held(&lab_key) > 0);
		// The patient proves the link by opening it; a wrong salt or commitment proves nothing.
		assert!(PatientIdentity::verify_pseudonym_link(&p(1), &c, &salt));
		assert!(!PatientIdentity::verify_pseudonym_link(&p(1), &c, &[8u8; 32]));
		assert!(!PatientIdentity::verify_pseudonym_link(&p(1), &commitment("other"), &salt));
		assert!(!PatientIdentity::verify_pseudonym_link(&p(2), &c, &salt));
	});
}

#[test]
fn pseudonym_in_use_is_refused() {
	test(|| {
		register(&pat(), "pat-id");
		register(&sam(), "sam-id");
		ok!(PatientIdentity::publish_pseudonym(signed(&pat()), p(1), 7, H256::zero()));
		noop!(PatientIdentity::publish_pseudonym(signed(&sam()), p(1), 8, H256::zero()), Error::<Test>::PseudonymInUse);
	});
}

#[test]
fn too_many_pseudonyms_is_refused() {
	test(|| {
		register(&pat(), "pat-id");
		for i in 0..4 {
			ok!(PatientIdentity::publish_pseudonym(signed(&pat()), p(i), 1, H256::zero()));
		}
		noop!(PatientIdentity::publish_pseudonym(signed(&pat()), p(9), 1, H256::zero()), Error::<Test>::TooManyPseudonyms);
	});
}

#[test]
fn only_controller_retires_pseudonym_and_deposit_returns() {
	test(|| {
		register(&pat(), "pat-id");
		let registration = held(&pat());
		ok!(PatientIdentity::publish_pseudonym(signed(&pat()), p(1), 7, H256::zero()));
		noop!(PatientIdentity::retire_pseudonym(signed(&sam()), p(1)), Error::<Test>::NotPseudonymController);
		noop!(PatientIdentity::retire_pseudonym(signed(&pat()), p(2)), Error::<Test>::UnknownPseudonym);
		noop!(PatientIdentity::retire_pseudonym(RuntimeOrigin::root(), p(1)), DErr::BadOrigin);
		ok!(PatientIdentity::retire_pseudonym(signed(&pat()), p(1)));
		assert_eq!(held(&pat()), registration);
		assert_eq!(last_event(), Event::PseudonymRetired { pseudonym: p(1), controller: pat() }.into());
		assert!(<PatientIdentity as PatientRegistry<_, _>>::resolve_pseudonym(&p(1)).is_none());
	});
}

#[test]
fn publish_pseudonym_requires_signed_origin() {
	test(|| {
		noop!(PatientIdentity::publish_pseudonym(RuntimeOrigin::none(), p(1), 7, H256::zero()), DErr::BadOrigin);
	});
}

#[test]
fn only_an_active_patient_publishes_a_pseudonym() {
	test(|| {
		// A provider cannot mint a pseudonym of its own to anchor under without a patient.
		let provider_key = account("HospitalKey");
		let _ = Balances::force_set_balance(RuntimeOrigin::root(), provider_key.clone(), 1_000);
		noop!(PatientIdentity::publish_pseudonym(signed(&provider_key), p(1), 7, H256::zero()), Error::<Test>::NotRegistered);
		register(&pat(), "pat-id");
		ok!(PatientIdentity::publish_pseudonym(signed(&pat()), p(1), 7, H256::zero()));
	});
}

#[test]
fn retired_pseudonym_is_never_published_again() {
	test(|| {
		register(&pat(), "pat-id");
		register(&sam(), "sam-id");
		ok!(PatientIdentity::publish_pseudonym(signed(&pat()), p(1), 7, H256::zero()));
		ok!(PatientIdentity::retire_pseudonym(signed(&pat()), p(1)));
		noop!(PatientIdentity::publish_pseudonym(signed(&sam()), p(1), 3, H256::zero()), Error::<Test>::PseudonymRetired);
		noop!(PatientIdentity::publish_pseudonym(signed(&pat()), p(1), 7, H256::zero()), Error::<Test>::PseudonymRetired);
		assert!(<PatientIdentity as PatientRegistry<_, _>>::resolve_pseudonym(&p(1)).is_none());
	});
}

#[test]
fn deactivation_retires_the_patients_pseudonyms() {
	test(|| {
		register(&pat(), "pat-id");
		ok!(PatientIdentity::publish_pseudonym(signed(&pat()), p(1), 7, H256::zero()));
		ok!(PatientIdentity::publish_pseudonym(signed(&pat()), p(2), 8, H256::zero()));
		ok!(PatientIdentity::deactivate(signed(&pat())));
		for n in [1, 2] {
			assert!(<PatientIdentity as PatientRegistry<_, _>>::resolve_pseudonym(&p(n)).is_none());
			assert!(RetiredPseudonyms::<Test>::contains_key(p(n)));
		}
		assert_eq!(held(&pat()), 0);
	});
}
