//! Table-driven: every governance call refuses every non-governance origin.
use super::*;

#[test]
fn governance_calls_refuse_wrong_origins() {
	test(|| {
		accredit(HSR, 500);
		let id = attest_lab(HSR, 100);
		let origins = [
			RuntimeOrigin::signed(AUDITOR),
			RuntimeOrigin::signed(AUDIT_ADMIN),
			RuntimeOrigin::signed(STRANGER),
			RuntimeOrigin::none(),
		];
		type Call = fn(RuntimeOrigin) -> polkadot_sdk::sp_runtime::DispatchResult;
		let calls: Vec<(&str, Call)> = vec![
			("accredit", |o| Compliance::accredit(o, AUDIT, HPR, 100)),
			("withdraw_accreditation", |o| Compliance::withdraw_accreditation(o, AUDIT, HSR)),
			("set_requirement", |o| {
				Compliance::set_requirement(
					o,
					OrganizationKind::Hospital,
					RecordCategory::Imaging,
					vec![HSR].try_into().expect("bounded"),
				)
			}),
		];
		for (name, call) in &calls {
			for o in &origins {
				assert_noop!(call(o.clone()), DispatchError::BadOrigin);
				let _ = name;
			}
		}
		// Signed calls refuse unsigned and root origins.
		for o in [RuntimeOrigin::none(), RuntimeOrigin::root()] {
			assert_noop!(
				Compliance::attest(o.clone(), Subject::Organization(LAB), HSR, H256::zero(), 50),
				DispatchError::BadOrigin
			);
			assert_noop!(Compliance::remove_attestation(o, id), DispatchError::BadOrigin);
		}
		assert_noop!(Compliance::revoke(RuntimeOrigin::none(), id, RevocationReason::Other), DispatchError::BadOrigin);
	});
}
