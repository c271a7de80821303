use super::*;

fn p(n: u8) -> Pseudonym {
	Pseudonym::repeat_byte(n)
}

/// A pseudonym key the patient's wallet derived for one organisation, funded by someone else.
fn key(name: &str) -> AccountId {
	let k = account(name);
	let _ = Balances::force_set_balance(RuntimeOrigin::root(), k.clone(), 1_000);
	k
}

fn registry_subject(ps: u8) -> Option<AccountId> {
	<PatientIdentity as PatientRegistry<_, _>>::resolve_pseudonym(&p(ps))
}

#[test]
fn pseudonym_key_publishes_its_own_consent_subject_with_a_hiding_link() {
	test(|| {
		let c = register(&pat(), "pat-id");
		let salt = [9u8; 32];
		let link = pseudonym_link(&c, &p(1), &salt);
		let lab_key = key("PatForCityLab");
		assert_ok!(PatientIdentity::publish_pseudonym(signed(&lab_key), p(1), 7, link));
		assert_eq!(
			last_event(),
			Event::PseudonymPublished { pseudonym: p(1), subject: lab_key.clone(), audience: 7, link_commitment: link }
				.into()
		);
		// The pseudonym's subject is its key, not the patient: its consents are the key's.
		assert_eq!(registry_subject(1), Some(lab_key.clone()));
		assert!(<PatientIdentity as PatientRegistry<_, _>>::is_active_subject(&lab_key));
		assert!(!<PatientIdentity as PatientRegistry<_, _>>::is_active_patient(&lab_key));
		assert_eq!(<PatientIdentity as PatientRegistry<_, _>>::controller_of(&lab_key), Some(lab_key.clone()));
		assert!(<PatientIdentity as PatientRegistry<_, _>>::may_act_for(
			&lab_key,
			&lab_key,
			DelegateAction::ManageConsent,
			1
		));
		assert!(held(&lab_key) > 0);
		// The patient proves the link by opening it; a wrong salt or commitment proves nothing.
		assert!(PatientIdentity::verify_pseudonym_link(&p(1), &c, &salt));
		assert!(!PatientIdentity::verify_pseudonym_link(&p(1), &c, &[8u8; 32]));
		assert!(!PatientIdentity::verify_pseudonym_link(&p(1), &commitment("other"), &salt));
		assert!(!PatientIdentity::verify_pseudonym_link(&p(2), &c, &salt));
	});
}

#[test]
fn pseudonym_key_acts_for_its_pseudonym_only() {
	test(|| {
		register(&pat(), "pat-id");
		let k = key("PatForCityLab");
		assert_ok!(PatientIdentity::publish_pseudonym(signed(&k), p(1), 7, H256::zero()));
		let reg = |agent: &AccountId, subject: &AccountId| {
			<PatientIdentity as PatientRegistry<_, _>>::may_act_for(agent, subject, DelegateAction::ManageConsent, 1)
		};
		// Neither the patient nor anyone else acts for the pseudonym, and it acts for nobody.
		assert!(!reg(&pat(), &k));
		assert!(!reg(&sam(), &k));
		assert!(!reg(&k, &pat()));
		// It has no delegates: naming one would name the patient.
		assert!(
			<PatientIdentity as PatientRegistry<_, _>>::delegates_with(&k, DelegateAction::ManageConsent, 1).is_empty()
		);
		assert_noop!(
			delegate(&k, sam(), DelegateRole::Guardian, &[DelegateAction::Recovery], None),
			Error::<Test>::NotRegistered
		);
	});
}

#[test]
fn pseudonym_in_use_is_refused() {
	test(|| {
		let (a, b) = (key("A"), key("B"));
		assert_ok!(PatientIdentity::publish_pseudonym(signed(&a), p(1), 7, H256::zero()));
		assert_noop!(
			PatientIdentity::publish_pseudonym(signed(&b), p(1), 8, H256::zero()),
			Error::<Test>::PseudonymInUse
		);
	});
}

#[test]
fn pseudonym_key_must_be_fresh() {
	test(|| {
		// A patient's own key would link the pseudonym to the patient: refused.
		register(&pat(), "pat-id");
		assert_noop!(
			PatientIdentity::publish_pseudonym(signed(&pat()), p(1), 7, H256::zero()),
			Error::<Test>::PseudonymKeyInUse
		);
		// One pseudonym per key.
		let k = key("PatForCityLab");
		assert_ok!(PatientIdentity::publish_pseudonym(signed(&k), p(1), 7, H256::zero()));
		assert_noop!(
			PatientIdentity::publish_pseudonym(signed(&k), p(2), 8, H256::zero()),
			Error::<Test>::PseudonymKeyInUse
		);
		// And a pseudonym key never becomes a patient or a patient's key.
		assert_noop!(PatientIdentity::register(signed(&k), commitment("k")), Error::<Test>::AlreadyRegistered);
		assert_noop!(PatientIdentity::rotate_key(signed(&pat()), k.clone()), Error::<Test>::InvalidNewAccount);
	});
}

#[test]
fn only_the_pseudonym_key_retires_it_and_its_deposit_returns() {
	test(|| {
		let k = key("PatForCityLab");
		assert_ok!(PatientIdentity::publish_pseudonym(signed(&k), p(1), 7, H256::zero()));
		register(&pat(), "pat-id");
		assert_noop!(PatientIdentity::retire_pseudonym(signed(&pat()), p(1)), Error::<Test>::NotPseudonymController);
		assert_noop!(PatientIdentity::retire_pseudonym(signed(&k), p(2)), Error::<Test>::UnknownPseudonym);
		assert_noop!(PatientIdentity::retire_pseudonym(RuntimeOrigin::root(), p(1)), DispatchError::BadOrigin);
		assert_ok!(PatientIdentity::retire_pseudonym(signed(&k), p(1)));
		assert_eq!(held(&k), 0);
		assert_eq!(last_event(), Event::PseudonymRetired { pseudonym: p(1), subject: k.clone() }.into());
		assert_eq!(registry_subject(1), None);
		// The key is retired with it: its consents stop counting and it controls nothing again.
		assert!(!<PatientIdentity as PatientRegistry<_, _>>::is_active_subject(&k));
		assert!(!<PatientIdentity as PatientRegistry<_, _>>::may_act_for(&k, &k, DelegateAction::ManageConsent, 1));
		assert_noop!(
			PatientIdentity::publish_pseudonym(signed(&k), p(3), 7, H256::zero()),
			Error::<Test>::AccountRetired
		);
		assert_noop!(PatientIdentity::register(signed(&k), commitment("k")), Error::<Test>::AccountRetired);
	});
}

#[test]
fn publish_pseudonym_requires_signed_origin() {
	test(|| {
		assert_noop!(
			PatientIdentity::publish_pseudonym(RuntimeOrigin::none(), p(1), 7, H256::zero()),
			DispatchError::BadOrigin
		);
	});
}

#[test]
fn retired_pseudonym_is_never_published_again() {
	test(|| {
		let (k, other) = (key("A"), key("B"));
		assert_ok!(PatientIdentity::publish_pseudonym(signed(&k), p(1), 7, H256::zero()));
		assert_ok!(PatientIdentity::retire_pseudonym(signed(&k), p(1)));
		assert_noop!(
			PatientIdentity::publish_pseudonym(signed(&other), p(1), 3, H256::zero()),
			Error::<Test>::PseudonymRetired
		);
		assert_eq!(registry_subject(1), None);
	});
}

#[test]
fn pseudonyms_are_unlinkable_from_state_and_events() {
	test(|| {
		// Pat registers, then her wallet publishes a pseudonym for each of two organisations
		// with keys it derived; each organisation funds its key.
		let c = register(&pat(), "pat-id");
		let keys = [key("PatForLab"), key("PatForClinic")];
		for (i, k) in keys.iter().enumerate() {
			let ps = p(i as u8 + 1);
			assert_ok!(PatientIdentity::publish_pseudonym(
				signed(k),
				ps,
				i as u32 + 7,
				pseudonym_link(&c, &ps, &[i as u8; 32])
			));
		}
		add_guardian(&pat(), &sam());
		assert_ok!(PatientIdentity::rotate_key(signed(&pat()), newkey()));
		assert_ok!(PatientIdentity::accept_rotation(signed(&newkey()), pat()));
		// Nothing in state or events holds two of: Pat's id, Pat's keys or commitment, each key.
		let pat_side: Vec<Vec<u8>> = vec![pat().encode(), newkey().encode(), c.encode()];
		let tokens: Vec<Vec<Vec<u8>>> = std::iter::once(pat_side)
			.chain(keys.iter().enumerate().map(|(i, k)| vec![k.encode(), p(i as u8 + 1).encode()]))
			.collect();
		let items = healthchain_primitives::observer::everything_observed(
			System::events().iter().map(|e| e.event.encode()).collect(),
		);
		for item in &items {
			let sides = healthchain_primitives::observer::sides_mentioned(item, &tokens);
			assert!(sides <= 1, "one storage item or event links a pseudonym: {item:?}");
		}
	});
}
