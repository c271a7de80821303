use super::*;

#[test]
fn governance_admits_organisation_with_admin_as_first_member() {
	test(|| {
		let org = admit_hospital();
		assert_eq!(org, 0);
		let o = Organizations::<Test>::get(org).expect("admitted");
		assert_eq!(o.kind, OrganizationKind::Hospital);
		assert_eq!(o.status, OrganizationStatus::Active);
		assert_eq!(o.member_count, 1);
		assert_eq!(
			last_event(),
			Event::OrganizationAdmitted {
				org,
				kind: OrganizationKind::Hospital,
				admin: ADMIN,
				registration_document: H256::repeat_byte(1)
			}
			.into()
		);
		assert_eq!(
			Orgs::membership(&ADMIN),
			Some(Membership { organization: org, kind: OrganizationKind::Hospital, role: MemberRole::Administrator })
		);
	});
}

#[test]
fn admitting_an_account_that_is_already_a_member_fails() {
	test(|| {
		admit_hospital();
		assert_noop!(
			Orgs::admit(RuntimeOrigin::root(), ADMIN, OrganizationKind::Pharmacy, H256::zero()),
			Error::<Test>::AlreadyMember
		);
	});
}

#[test]
fn suspend_reinstate_retire_lifecycle() {
	test(|| {
		let org = admit_hospital();
		assert_ok!(Orgs::suspend(RuntimeOrigin::root(), org, SuspensionReason::IncidentUnderInvestigation));
		assert_eq!(
			last_event(),
			Event::OrganizationSuspended { org, reason: SuspensionReason::IncidentUnderInvestigation }.into()
		);
		assert!(!<Orgs as OrganizationDirectory<_>>::is_active(org));
		assert_eq!(Orgs::membership(&ADMIN), None);
		assert_noop!(Orgs::suspend(RuntimeOrigin::root(), org, SuspensionReason::Other), Error::<Test>::NotActive);
		assert_ok!(Orgs::reinstate(RuntimeOrigin::root(), org));
		assert_eq!(last_event(), Event::OrganizationReinstated { org }.into());
		assert_noop!(Orgs::reinstate(RuntimeOrigin::root(), org), Error::<Test>::NotSuspended);
		assert_ok!(Orgs::retire(RuntimeOrigin::root(), org));
		assert_eq!(last_event(), Event::OrganizationRetired { org }.into());
		assert_noop!(Orgs::retire(RuntimeOrigin::root(), org), Error::<Test>::AlreadyRetired);
		assert_noop!(Orgs::reinstate(RuntimeOrigin::root(), org), Error::<Test>::NotSuspended);
	});
}

#[test]
fn administrator_may_retire_own_organisation_but_not_others() {
	test(|| {
		let org = admit_hospital();
		assert_noop!(Orgs::retire(RuntimeOrigin::signed(STRANGER), org), Error::<Test>::NotAdmin);
		assert_ok!(Orgs::retire(RuntimeOrigin::signed(ADMIN), org));
	});
}

#[test]
fn unknown_organisation_errors() {
	test(|| {
		assert_noop!(
			Orgs::suspend(RuntimeOrigin::root(), 5, SuspensionReason::Other),
			Error::<Test>::UnknownOrganization
		);
		assert_noop!(Orgs::reinstate(RuntimeOrigin::root(), 5), Error::<Test>::UnknownOrganization);
		assert_noop!(Orgs::retire(RuntimeOrigin::root(), 5), Error::<Test>::UnknownOrganization);
	});
}

/// Every governance call refuses every non-governance origin.
#[test]
fn governance_calls_refuse_wrong_origins() {
	test(|| {
		let org = admit_hospital();
		let origins = [RuntimeOrigin::signed(ADMIN), RuntimeOrigin::signed(STRANGER), RuntimeOrigin::none()];
		for o in origins {
			assert_noop!(Orgs::admit(o.clone(), 7, OrganizationKind::Clinic, H256::zero()), DispatchError::BadOrigin);
			assert_noop!(Orgs::suspend(o.clone(), org, SuspensionReason::Other), DispatchError::BadOrigin);
			assert_noop!(Orgs::reinstate(o.clone(), org), DispatchError::BadOrigin);
		}
		assert_noop!(Orgs::retire(RuntimeOrigin::none(), org), DispatchError::BadOrigin);
	});
}
