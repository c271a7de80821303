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
	use healthchain_primitives::{AttestationType::HipaaPrivacyRule as HIPAA, RecordCategory};
	use MemberRole as R;
	use OrganizationKind as K;
	let funded = [1, 2, 3, 4, 10, 11, 12, 13, 14, 15, 20, 21, 30, 31, 32, 40, 41, 50, 51, 52, 60, 61, 99];
	let organizations = vec![
		(
			10,
			K::Hospital,
			vec![(DOCTOR, R::Physician), (PSYCHIATRIST, R::Physician), (PRIVACY_OFFICER, R::PrivacyOfficer)],
		),
		(20, K::Pharmacy, vec![(PHARMACIST, R::Pharmacist)]),
		(30, K::Insurer, vec![(CLAIMS, R::ClaimsOfficer), (INSURER_PHYSICIAN, R::Physician)]),
		(40, K::Auditor, vec![(AUDITOR, R::Auditor)]),
		(50, K::Hospital, vec![(ER_DOCTOR, R::Physician), (PRIVACY_OFFICER2, R::PrivacyOfficer)]),
		(60, K::Clinic, vec![(CLINIC_DOCTOR, R::Physician)]),
	];
	let t = RuntimeGenesisConfig {
		balances: pallet_balances::GenesisConfig {
			balances: funded.into_iter().map(|a| (a, 100_000)).collect(),
			..Default::default()
		},
		organizations: pallet_organizations::GenesisConfig {
			organizations: organizations
				.into_iter()
				.map(|(admin, kind, m)| (admin, kind, H256::zero(), m))
				.collect(),
		},
		// The auditor organisation is accredited (so its auditors may review break-glass). Every
		// care, pharmacy and insurer organisation may hold every category and holds its
		// attestation, so that consent decides; tests withdraw standing where they test it.
		compliance: pallet_compliance::GenesisConfig {
			accreditations: vec![(AUDIT_ORG, HIPAA, 10_000)],
			requirements: [K::Hospital, K::Clinic, K::Pharmacy, K::Insurer]
				.into_iter()
				.flat_map(|kind| RecordCategory::ALL.iter().map(move |c| (kind, *c, vec![HIPAA])))
				.collect(),
			attestations: [HOSPITAL, PHARMACY, INSURER, HOSPITAL2, CLINIC]
				.into_iter()
				.map(|org| (AUDITOR, AUDIT_ORG, org, HIPAA, H256::zero(), 900))
				.collect(),
		},
		..Default::default()
	}
	.build_storage()
	.expect("genesis builds");
	let mut ext = sp_io::TestExternalities::new(t);
	ext.execute_with(|| {
		System::set_block_number(1);
		let s = RuntimeOrigin::signed;
		// Members added by the admin (a deposit held), as a running chain adds them.
		assert_ok!(Organizations::add_member(s(10), CLERK, R::ClaimsOfficer));
		assert_ok!(Organizations::add_member(s(10), NURSE, R::Nurse));
		assert_ok!(PatientIdentity::register(s(PAT), H256::repeat_byte(1)));
		let delegate = |who, role, actions: &[DelegateAction]| {
			let scope = pallet_patient_identity::DelegateScope::of(actions);
			assert_ok!(PatientIdentity::add_delegate(s(PAT), who, role, scope, None));
		};
		delegate(SAM, pallet_patient_identity::DelegateRole::EmergencyContact, &[DelegateAction::Notify]);
		let manage = [DelegateAction::ManageConsent, DelegateAction::ApproveAccess];
		delegate(ANN, pallet_patient_identity::DelegateRole::Guardian, &manage);
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
