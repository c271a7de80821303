use super::*;
use polkadot_sdk::sp_runtime::BuildStorage;

#[test]
fn directory_answers_role_and_organisation_of_accounts() {
	test(|| {
		let org = admit_hospital();
		assert_ok!(Orgs::add_member(RuntimeOrigin::signed(ADMIN), DOCTOR, MemberRole::Physician));
		type D = Orgs;
		assert_eq!(<D as OrganizationDirectory<_>>::organization_of(&DOCTOR), Some(org));
		assert_eq!(<D as OrganizationDirectory<_>>::role_of(&DOCTOR), Some(MemberRole::Physician));
		assert_eq!(<D as OrganizationDirectory<_>>::kind_of(org), Some(OrganizationKind::Hospital));
		assert_eq!(
			<D as OrganizationDirectory<_>>::membership(&DOCTOR),
			Some(Membership { organization: org, kind: OrganizationKind::Hospital, role: MemberRole::Physician })
		);
		assert_eq!(<D as OrganizationDirectory<_>>::membership(&STRANGER), None);
		assert!(MemberRole::Physician.is_clinical());
		assert!(!MemberRole::ClaimsOfficer.is_clinical());
	});
}

#[test]
fn retired_organisation_members_are_not_active() {
	test(|| {
		let org = admit_hospital();
		assert_ok!(Orgs::add_member(RuntimeOrigin::signed(ADMIN), DOCTOR, MemberRole::Physician));
		assert_ok!(Orgs::retire(RuntimeOrigin::root(), org));
		assert_eq!(<Orgs as OrganizationDirectory<_>>::membership(&DOCTOR), None);
		assert_eq!(<Orgs as OrganizationDirectory<_>>::organization_of(&DOCTOR), Some(org));
		// Members of a retired organisation can still leave and get deposits back.
		assert_ok!(Orgs::remove_member(RuntimeOrigin::signed(DOCTOR), DOCTOR));
		assert_eq!(held(ADMIN), 0);
	});
}

#[test]
fn genesis_organisations_and_members_are_registered() {
	let mut t = polkadot_sdk::frame_system::GenesisConfig::<Test>::default()
		.build_storage()
		.expect("builds");
	crate::GenesisConfig::<Test> {
		organizations: vec![
			(ADMIN, OrganizationKind::Laboratory, H256::repeat_byte(2), vec![(DOCTOR, MemberRole::LabTechnician)]),
			(OTHER_ADMIN, OrganizationKind::Auditor, H256::repeat_byte(3), vec![]),
		],
	}
	.assimilate_storage(&mut t)
	.expect("genesis");
	polkadot_sdk::sp_io::TestExternalities::new(t).execute_with(|| {
		assert_eq!(
			Orgs::membership(&DOCTOR),
			Some(Membership { organization: 0, kind: OrganizationKind::Laboratory, role: MemberRole::LabTechnician })
		);
		assert_eq!(
			Orgs::membership(&OTHER_ADMIN),
			Some(Membership { organization: 1, kind: OrganizationKind::Auditor, role: MemberRole::Administrator })
		);
		Orgs::do_try_state().expect("invariants");
	});
}
