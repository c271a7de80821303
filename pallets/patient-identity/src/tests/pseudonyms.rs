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
		// Published from a per-organisation key, not the patient's account.
		let lab_key = account("PatForLab");
		let _ = Balances::force_set_balance(RuntimeOrigin::root(), lab_key.clone(), 1_000);
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
		ok!(PatientIdentity::publish_pseudonym(signed(&pat()), p(1), 7, H256::zero()));
		noop!(PatientIdentity::publish_pseudonym(signed(&sam()), p(1), 8, H256::zero()), Error::<Test>::PseudonymInUse);
	});
}

#[test]
fn too_many_pseudonyms_is_refused() {
	test(|| {
		for i in 0..4 {
			ok!(PatientIdentity::publish_pseudonym(signed(&pat()), p(i), 1, H256::zero()));
		}
		noop!(PatientIdentity::publish_pseudonym(signed(&pat()), p(9), 1, H256::zero()), Error::<Test>::TooManyPseudonyms);
	});
}

#[test]
fn only_controller_retires_pseudonym_and_deposit_returns() {
	test(|| {
		ok!(PatientIdentity::publish_pseudonym(signed(&pat()), p(1), 7, H256::zero()));
		noop!(PatientIdentity::retire_pseudonym(signed(&sam()), p(1)), Error::<Test>::NotPseudonymController);
		noop!(PatientIdentity::retire_pseudonym(signed(&pat()), p(2)), Error::<Test>::UnknownPseudonym);
		noop!(PatientIdentity::retire_pseudonym(RuntimeOrigin::root(), p(1)), DErr::BadOrigin);
		ok!(PatientIdentity::retire_pseudonym(signed(&pat()), p(1)));
		assert_eq!(held(&pat()), 0);
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
