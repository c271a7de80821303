use super::*;

#[test]
fn admin_adds_member_with_deposit_and_removal_returns_it() {
	test(|| {
		let org = admit_hospital();
		assert_ok!(Orgs::add_member(RuntimeOrigin::signed(ADMIN), DOCTOR, MemberRole::Physician));
		assert_eq!(last_event(), Event::MemberAdded { org, who: DOCTOR, role: MemberRole::Physician }.into());
		assert!(held(ADMIN) > 0);
		assert_eq!(Organizations::<Test>::get(org).map(|o| o.member_count), Some(2));
		assert_ok!(Orgs::remove_member(RuntimeOrigin::signed(ADMIN), DOCTOR));
		assert_eq!(last_event(), Event::MemberRemoved { org, who: DOCTOR }.into());
		assert_eq!(held(ADMIN), 0);
	});
}

#[test]
fn member_may_leave_by_themselves() {
	test(|| {
		admit_hospital();
		assert_ok!(Orgs::add_member(RuntimeOrigin::signed(ADMIN), NURSE, MemberRole::Nurse));
		assert_ok!(Orgs::remove_member(RuntimeOrigin::signed(NURSE), NURSE));
		assert_eq!(held(ADMIN), 0);
	});
}

#[test]
fn member_management_errors() {
	test(|| {
		let org = admit_hospital();
		assert_noop!(
			Orgs::add_member(RuntimeOrigin::signed(STRANGER), DOCTOR, MemberRole::Physician),
			Error::<Test>::NotAdmin
		);
		assert_noop!(
			Orgs::add_member(RuntimeOrigin::signed(ADMIN), DOCTOR, MemberRole::Administrator),
			Error::<Test>::InvalidRole
		);
		assert_ok!(Orgs::add_member(RuntimeOrigin::signed(ADMIN), DOCTOR, MemberRole::Physician));
		assert_noop!(
			Orgs::add_member(RuntimeOrigin::signed(DOCTOR), NURSE, MemberRole::Nurse),
			Error::<Test>::NotAdmin
		);
		assert_noop!(
			Orgs::add_member(RuntimeOrigin::signed(ADMIN), DOCTOR, MemberRole::Nurse),
			Error::<Test>::AlreadyMember
		);
		assert_ok!(Orgs::add_member(RuntimeOrigin::signed(ADMIN), NURSE, MemberRole::Nurse));
		assert_ok!(Orgs::add_member(RuntimeOrigin::signed(ADMIN), 5, MemberRole::System));
		assert_noop!(
			Orgs::add_member(RuntimeOrigin::signed(ADMIN), 6, MemberRole::Nurse),
			Error::<Test>::TooManyMembers
		);
		assert_noop!(Orgs::remove_member(RuntimeOrigin::signed(STRANGER), DOCTOR), Error::<Test>::NotAdmin);
		assert_noop!(Orgs::remove_member(RuntimeOrigin::signed(ADMIN), ADMIN), Error::<Test>::CannotRemoveAdmin);
		assert_noop!(Orgs::remove_member(RuntimeOrigin::signed(ADMIN), STRANGER), Error::<Test>::NotMember);
		assert_noop!(
			Orgs::set_member_role(RuntimeOrigin::signed(ADMIN), STRANGER, MemberRole::Nurse),
			Error::<Test>::NotMember
		);
		assert_noop!(
			Orgs::set_member_role(RuntimeOrigin::signed(ADMIN), ADMIN, MemberRole::Nurse),
			Error::<Test>::CannotRemoveAdmin
		);
		assert_noop!(
			Orgs::set_member_role(RuntimeOrigin::signed(ADMIN), DOCTOR, MemberRole::Administrator),
			Error::<Test>::InvalidRole
		);
		assert_noop!(
			Orgs::set_member_role(RuntimeOrigin::signed(DOCTOR), NURSE, MemberRole::Physician),
			Error::<Test>::NotAdmin
		);
		assert_ok!(Orgs::set_member_role(RuntimeOrigin::signed(ADMIN), NURSE, MemberRole::PrivacyOfficer));
		assert_eq!(last_event(), Event::MemberRoleChanged { org, who: NURSE, role: MemberRole::PrivacyOfficer }.into());
		for o in [RuntimeOrigin::root(), RuntimeOrigin::none()] {
			assert_noop!(Orgs::add_member(o.clone(), 8, MemberRole::Nurse), DispatchError::BadOrigin);
			assert_noop!(Orgs::remove_member(o.clone(), DOCTOR), DispatchError::BadOrigin);
			assert_noop!(Orgs::set_member_role(o.clone(), DOCTOR, MemberRole::Nurse), DispatchError::BadOrigin);
			assert_noop!(Orgs::update_registration_document(o, H256::zero()), DispatchError::BadOrigin);
		}
	});
}

#[test]
fn suspended_organisation_cannot_add_members() {
	test(|| {
		let org = admit_hospital();
		assert_ok!(Orgs::suspend(RuntimeOrigin::root(), org, SuspensionReason::ComplianceLapse));
		assert_noop!(
			Orgs::add_member(RuntimeOrigin::signed(ADMIN), DOCTOR, MemberRole::Physician),
			Error::<Test>::NotActive
		);
	});
}

#[test]
fn admin_updates_registration_document_until_retired() {
	test(|| {
		let org = admit_hospital();
		assert_ok!(Orgs::update_registration_document(RuntimeOrigin::signed(ADMIN), H256::repeat_byte(5)));
		assert_eq!(
			last_event(),
			Event::RegistrationDocumentUpdated { org, registration_document: H256::repeat_byte(5) }.into()
		);
		assert_ok!(Orgs::retire(RuntimeOrigin::root(), org));
		assert_noop!(
			Orgs::update_registration_document(RuntimeOrigin::signed(ADMIN), H256::zero()),
			Error::<Test>::AlreadyRetired
		);
	});
}
