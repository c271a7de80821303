//! Test runtime: System, Balances, and the real identity, organisations and consent pallets.

use crate as pallet_consent;
use healthchain_primitives::{DelegateAction, MemberRole, OrganizationKind};
use polkadot_sdk::{
	frame_support::{
		assert_ok, derive_impl, parameter_types,
		traits::{fungible::HoldConsideration, ConstU64, LinearStoragePrice},
	},
	frame_system::{self, EnsureRoot},
	pallet_balances,
	sp_core::H256,
	sp_io,
	sp_runtime::{
		testing::{TestSignature, UintAuthorityId},
		BuildStorage,
	},
};

pub type AccountId = u64;
type Block = frame_system::mocking::MockBlock<Test>;

#[polkadot_sdk::frame_support::runtime]
mod runtime {
	#[runtime::runtime]
	#[runtime::derive(
		RuntimeCall,
		RuntimeEvent,
		RuntimeError,
		RuntimeOrigin,
		RuntimeHoldReason,
		RuntimeFreezeReason,
		RuntimeTask,
		RuntimeViewFunction
	)]
	pub struct Test;

	#[runtime::pallet_index(0)]
	pub type System = frame_system;
	#[runtime::pallet_index(1)]
	pub type Balances = pallet_balances;
	#[runtime::pallet_index(2)]
	pub type PatientIdentity = pallet_patient_identity;
	#[runtime::pallet_index(3)]
	pub type Organizations = pallet_organizations;
	#[runtime::pallet_index(4)]
	pub type Consent = pallet_consent;
	#[runtime::pallet_index(5)]
	pub type Compliance = pallet_compliance;
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountData = pallet_balances::AccountData<u64>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

type Price = LinearStoragePrice<ConstU64<10>, ConstU64<1>, u64>;
parameter_types! {
	pub const IdHold: RuntimeHoldReason = RuntimeHoldReason::PatientIdentity(pallet_patient_identity::HoldReason::PatientDeposit);
	pub const OrgHold: RuntimeHoldReason = RuntimeHoldReason::Organizations(pallet_organizations::HoldReason::MemberDeposit);
	pub const ConsentHold: RuntimeHoldReason = RuntimeHoldReason::Consent(pallet_consent::HoldReason::ConsentDeposit);
	pub const AttHold: RuntimeHoldReason = RuntimeHoldReason::Compliance(pallet_compliance::HoldReason::AttestationDeposit);
}

#[derive_impl(pallet_patient_identity::config_preludes::TestDefaultConfig)]
impl pallet_patient_identity::Config for Test {
	type Consideration = HoldConsideration<AccountId, Balances, IdHold, Price>;
	type Signature = TestSignature;
	type Signer = UintAuthorityId;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = pallet_patient_identity::benchmarking::TestSigner;
}

#[derive_impl(pallet_organizations::config_preludes::TestDefaultConfig)]
impl pallet_organizations::Config for Test {
	type Consideration = HoldConsideration<AccountId, Balances, OrgHold, Price>;
	type GovernanceOrigin = EnsureRoot<AccountId>;
}

#[derive_impl(pallet_compliance::config_preludes::TestDefaultConfig)]
impl pallet_compliance::Config for Test {
	type Organizations = Organizations;
	type Consideration = HoldConsideration<AccountId, Balances, AttHold, Price>;
	type GovernanceOrigin = EnsureRoot<AccountId>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchSetup;
}

#[derive_impl(pallet_consent::config_preludes::TestDefaultConfig)]
impl pallet_consent::Config for Test {
	type Patients = PatientIdentity;
	type Organizations = Organizations;
	type Compliance = Compliance;
	type Records = TestRecords;
	type Consideration = HoldConsideration<AccountId, Balances, ConsentHold, Price>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchSetup;
}

std::thread_local! {
	static RECORDS: core::cell::RefCell<std::collections::BTreeMap<u64, healthchain_primitives::RecordFacts<AccountId>>> =
		Default::default();
}

/// Anchored records as the tests declare them (the record-anchors pallet is not in this runtime).
pub struct TestRecords;
impl healthchain_primitives::RecordDirectory<AccountId> for TestRecords {
	fn record_facts(id: u64) -> Option<healthchain_primitives::RecordFacts<AccountId>> {
		RECORDS.with(|r| r.borrow().get(&id).cloned())
	}
}

/// Declare an anchored record for the tests.
pub fn add_record(facts: healthchain_primitives::RecordFacts<AccountId>) {
	RECORDS.with(|r| r.borrow_mut().insert(facts.id, facts));
}

/// Sets up patients, members and organisations for the benchmark tests (the compliance pallet's
/// helper too: this runtime must name one, though its benchmarks run in its own crate).
pub struct BenchSetup;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_compliance::benchmarking::BenchmarkHelper<AccountId> for BenchSetup {
	fn auditor_organization(_auditor: &AccountId) -> u32 {
		AUDIT_ORG
	}
	fn subject_organization(_kind: OrganizationKind) -> u32 {
		HOSPITAL
	}
}
#[cfg(feature = "runtime-benchmarks")]
impl crate::benchmarking::BenchmarkHelper<AccountId> for BenchSetup {
	fn patient(index: u32) -> AccountId {
		let who = 1000 + u64::from(index);
		let _ = Balances::force_set_balance(RuntimeOrigin::root(), who, 1_000_000);
		assert_ok!(PatientIdentity::register(RuntimeOrigin::signed(who), H256::repeat_byte(200 + index as u8)));
		who
	}
	fn member(kind: OrganizationKind, role: MemberRole, index: u32) -> (AccountId, u32) {
		let admin = 2000 + u64::from(index);
		let who = 3000 + u64::from(index);
		for a in [admin, who] {
			let _ = Balances::force_set_balance(RuntimeOrigin::root(), a, 1_000_000);
		}
		let org = pallet_organizations::NextOrganizationId::<Test>::get();
		assert_ok!(Organizations::admit(RuntimeOrigin::root(), admin, kind, H256::zero()));
		assert_ok!(Organizations::add_member(RuntimeOrigin::signed(admin), who, role));
		(who, org)
	}
	fn privacy_officer(org: u32) -> AccountId {
		let admin = pallet_organizations::Organizations::<Test>::get(org).expect("org").admin;
		let who = 4000 + u64::from(org);
		let _ = Balances::force_set_balance(RuntimeOrigin::root(), who, 1_000_000);
		assert_ok!(Organizations::add_member(RuntimeOrigin::signed(admin), who, MemberRole::PrivacyOfficer));
		who
	}
}

// Patients.
pub const PAT: AccountId = 1;
pub const SAM: AccountId = 2; // Pat's emergency contact
pub const ANN: AccountId = 3; // Pat's guardian who may approve and manage consent
pub const UNREGISTERED: AccountId = 4;
// Organisations: 0 hospital (admin 10), 1 pharmacy (admin 20), 2 insurer (admin 30),
// 3 auditor (admin 40), 4 second hospital (admin 50).
pub const HOSPITAL: u32 = 0;
pub const PHARMACY: u32 = 1;
pub const INSURER: u32 = 2;
pub const AUDIT_ORG: u32 = 3;
pub const HOSPITAL2: u32 = 4;
pub const CLINIC: u32 = 5;
pub const PRIVACY_OFFICER2: AccountId = 52;
pub const NURSE: AccountId = 15;
pub const CLINIC_DOCTOR: AccountId = 61;
pub const INSURER_PHYSICIAN: AccountId = 32;
pub const DOCTOR: AccountId = 11;
pub const PSYCHIATRIST: AccountId = 12;
pub const PRIVACY_OFFICER: AccountId = 13;
pub const CLERK: AccountId = 14;
pub const PHARMACIST: AccountId = 21;
pub const CLAIMS: AccountId = 31;
pub const AUDITOR: AccountId = 41;
pub const ER_DOCTOR: AccountId = 51;
pub const STRANGER: AccountId = 99;

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().expect("builds");
	pallet_balances::GenesisConfig::<Test> {
		balances: [1, 2, 3, 4, 10, 11, 12, 13, 14, 15, 20, 21, 30, 31, 32, 40, 41, 50, 51, 52, 60, 61, 99]
			.into_iter()
			.map(|a| (a, 100_000))
			.collect(),
		..Default::default()
	}
	.assimilate_storage(&mut t)
	.expect("balances");
	let mut ext = sp_io::TestExternalities::new(t);
	ext.execute_with(|| {
		System::set_block_number(1);
		let root = || RuntimeOrigin::root();
		let s = RuntimeOrigin::signed;
		assert_ok!(Organizations::admit(root(), 10, OrganizationKind::Hospital, H256::zero()));
		assert_ok!(Organizations::add_member(s(10), DOCTOR, MemberRole::Physician));
		assert_ok!(Organizations::add_member(s(10), PSYCHIATRIST, MemberRole::Physician));
		assert_ok!(Organizations::add_member(s(10), PRIVACY_OFFICER, MemberRole::PrivacyOfficer));
		assert_ok!(Organizations::add_member(s(10), CLERK, MemberRole::ClaimsOfficer));
		assert_ok!(Organizations::add_member(s(10), NURSE, MemberRole::Nurse));
		assert_ok!(Organizations::admit(root(), 20, OrganizationKind::Pharmacy, H256::zero()));
		assert_ok!(Organizations::add_member(s(20), PHARMACIST, MemberRole::Pharmacist));
		assert_ok!(Organizations::admit(root(), 30, OrganizationKind::Insurer, H256::zero()));
		assert_ok!(Organizations::add_member(s(30), CLAIMS, MemberRole::ClaimsOfficer));
		assert_ok!(Organizations::add_member(s(30), INSURER_PHYSICIAN, MemberRole::Physician));
		assert_ok!(Organizations::admit(root(), 40, OrganizationKind::Auditor, H256::zero()));
		assert_ok!(Organizations::add_member(s(40), AUDITOR, MemberRole::Auditor));
		assert_ok!(Organizations::admit(root(), 50, OrganizationKind::Hospital, H256::zero()));
		assert_ok!(Organizations::add_member(s(50), ER_DOCTOR, MemberRole::Physician));
		assert_ok!(Organizations::add_member(s(50), PRIVACY_OFFICER2, MemberRole::PrivacyOfficer));
		assert_ok!(Organizations::admit(root(), 60, OrganizationKind::Clinic, H256::zero()));
		assert_ok!(Organizations::add_member(s(60), CLINIC_DOCTOR, MemberRole::Physician));
		// The auditor organisation is accredited (so its auditors may review break-glass).
		assert_ok!(Compliance::accredit(
			root(),
			AUDIT_ORG,
			healthchain_primitives::AttestationType::HipaaPrivacyRule,
			10_000
		));
		// Every care, pharmacy and insurer organisation may hold every category and holds its
		// attestation, so that consent decides; tests withdraw standing where they test it.
		for kind in [
			OrganizationKind::Hospital,
			OrganizationKind::Clinic,
			OrganizationKind::Pharmacy,
			OrganizationKind::Insurer,
		] {
			for category in healthchain_primitives::RecordCategory::ALL {
				assert_ok!(Compliance::set_requirement(
					root(),
					kind,
					*category,
					vec![healthchain_primitives::AttestationType::HipaaPrivacyRule]
						.try_into()
						.expect("bounded")
				));
			}
		}
		for org in [HOSPITAL, PHARMACY, INSURER, HOSPITAL2, CLINIC] {
			assert_ok!(Compliance::attest(
				s(AUDITOR),
				pallet_compliance::Subject::Organization(org),
				healthchain_primitives::AttestationType::HipaaPrivacyRule,
				H256::zero(),
				900
			));
		}

		assert_ok!(PatientIdentity::register(s(PAT), H256::repeat_byte(1)));
		assert_ok!(PatientIdentity::add_delegate(
			s(PAT),
			SAM,
			pallet_patient_identity::DelegateRole::EmergencyContact,
			pallet_patient_identity::DelegateScope::of(&[DelegateAction::Notify]),
			None
		));
		assert_ok!(PatientIdentity::add_delegate(
			s(PAT),
			ANN,
			pallet_patient_identity::DelegateRole::Guardian,
			pallet_patient_identity::DelegateScope::of(&[DelegateAction::ManageConsent, DelegateAction::ApproveAccess]),
			None
		));
		System::reset_events();
	});
	ext
}

pub fn test(f: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		f();
		crate::Pallet::<Test>::do_try_state().expect("invariants hold");
	});
}

pub fn run_to(n: u64) {
	System::set_block_number(n);
}

pub fn last_event() -> RuntimeEvent {
	System::events().pop().expect("event").event
}

pub fn events() -> Vec<RuntimeEvent> {
	System::events().into_iter().map(|r| r.event).collect()
}

pub fn held(who: AccountId) -> u64 {
	use polkadot_sdk::frame_support::traits::fungible::InspectHold;
	Balances::balance_on_hold(&ConsentHold::get(), &who)
}
