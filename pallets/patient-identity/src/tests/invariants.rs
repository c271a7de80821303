//! Property test: over random sequences of calls, the commitment↔account maps stay each other's
//! inverse and every other invariant of `do_try_state` holds.

use super::*;
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Op {
	Register(u8, u8),
	Deactivate(u8),
	AddGuardian(u8, u8),
	RemoveDelegate(u8, u8),
	Threshold(u8, u8),
	Rotate(u8, u8),
	Accept(u8, u8),
	Initiate(u8, u8, u8),
	Approve(u8, u8),
	Claim(u8, u8),
	Cancel(u8, u8),
	Publish(u8, u8),
	Retire(u8, u8),
	Advance(u8),
}

fn who(i: u8) -> AccountId {
	static ACCOUNTS: std::sync::OnceLock<Vec<AccountId>> = std::sync::OnceLock::new();
	let all = ACCOUNTS.get_or_init(|| vec![pat(), sam(), ann(), lab(), newkey(), account("Zed")]);
	all[(i % 6) as usize].clone()
}

fn op() -> impl Strategy<Value = Op> {
	prop_oneof![
		(any::<u8>(), 0u8..4).prop_map(|(a, c)| Op::Register(a, c)),
		any::<u8>().prop_map(Op::Deactivate),
		(any::<u8>(), any::<u8>()).prop_map(|(a, b)| Op::AddGuardian(a, b)),
		(any::<u8>(), any::<u8>()).prop_map(|(a, b)| Op::RemoveDelegate(a, b)),
		(any::<u8>(), 0u8..3).prop_map(|(a, t)| Op::Threshold(a, t)),
		(any::<u8>(), any::<u8>()).prop_map(|(a, b)| Op::Rotate(a, b)),
		(any::<u8>(), any::<u8>()).prop_map(|(a, b)| Op::Accept(a, b)),
		(any::<u8>(), any::<u8>(), any::<u8>()).prop_map(|(a, b, c)| Op::Initiate(a, b, c)),
		(any::<u8>(), any::<u8>()).prop_map(|(a, b)| Op::Approve(a, b)),
		(any::<u8>(), any::<u8>()).prop_map(|(a, b)| Op::Claim(a, b)),
		(any::<u8>(), any::<u8>()).prop_map(|(a, l)| Op::Cancel(a, l)),
		(any::<u8>(), 0u8..6).prop_map(|(a, p)| Op::Publish(a, p)),
		(any::<u8>(), 0u8..6).prop_map(|(a, p)| Op::Retire(a, p)),
		(1u8..12).prop_map(Op::Advance),
	]
}

fn apply(op: Op) {
	let s = |i: u8| signed(&who(i));
	let _ = match op {
		Op::Register(a, c) => PatientIdentity::register(s(a), commitment(&format!("id-{c}"))),
		Op::Deactivate(a) => PatientIdentity::deactivate(s(a)).map(|_| ()).map_err(|e| e.error),
		Op::AddGuardian(a, b) => PatientIdentity::add_delegate(
			s(a),
			who(b),
			DelegateRole::Guardian,
			DelegateScope::of(&[DelegateAction::Recovery]),
			None,
		),
		Op::RemoveDelegate(a, b) => PatientIdentity::remove_delegate(s(a), who(a), who(b)),
		Op::Threshold(a, t) => PatientIdentity::set_recovery_threshold(s(a), t),
		Op::Rotate(a, b) => PatientIdentity::rotate_key(s(a), who(b)),
		Op::Accept(a, b) => PatientIdentity::accept_rotation(s(a), who(b)).map(|_| ()).map_err(|e| e.error),
		Op::Initiate(g, l, n) => PatientIdentity::initiate_recovery(s(g), who(l), who(n)),
		Op::Approve(g, l) => PatientIdentity::approve_recovery(s(g), who(l)),
		Op::Claim(n, l) => PatientIdentity::claim_recovery(s(n), who(l)).map(|_| ()).map_err(|e| e.error),
		Op::Cancel(a, l) => PatientIdentity::cancel_recovery(s(a), who(l)),
		Op::Publish(a, p) => PatientIdentity::publish_pseudonym(s(a), H256::repeat_byte(p), 1, H256::zero()),
		Op::Retire(a, p) => PatientIdentity::retire_pseudonym(s(a), H256::repeat_byte(p)),
		Op::Advance(n) => {
			run_to(System::block_number() + u64::from(n));
			Ok(())
		},
	};
}

proptest! {
	#![proptest_config(ProptestConfig::with_cases(64))]
	#[test]
	fn commitment_maps_stay_inverse_over_random_calls(ops in proptest::collection::vec(op(), 1..60)) {
		new_test_ext().execute_with(|| {
			for o in ops {
				apply(o);
				PatientIdentity::do_try_state().expect("invariants hold after every call");
			}
			// Deposits held equal what the remaining state accounts for: releasing everything
			// returns every hold.
			// (An identity is deactivated by the key that controls it now.)
			for (_, info) in Patients::<Test>::iter().collect::<Vec<_>>() {
				assert_ok!(PatientIdentity::deactivate(signed(&info.controller)));
			}
			// Pseudonyms are retired by their own keys (nothing links them to the identity).
			for (ps, info) in Pseudonyms::<Test>::iter().collect::<Vec<_>>() {
				assert_ok!(PatientIdentity::retire_pseudonym(signed(&info.subject), ps));
			}
			PatientIdentity::do_try_state().expect("invariants hold after retiring everything");
			for i in 0..6 {
				assert_eq!(held(&who(i)), 0, "deposit leaked for account {}", i);
			}
		});
	}
}
