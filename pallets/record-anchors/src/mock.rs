//! Test runtime: System, Balances, and the real identity, organisations and consent pallets.

extern crate alloc;
use crate as pallet_record_anchors;
use healthchain_primitives::{ConsentAction, MemberRole, OrganizationKind, RecordCategory};
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
	#[runtime::pallet_index(6)]
	pub type RecordAnchors = pallet_record_anchors;
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
	type Records = RecordAnchors;
	type Consideration = HoldConsideration<AccountId, Balances, ConsentHold, Price>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchSetup;
}

parameter_types! {
	pub const AnchorHold: RuntimeHoldReason = RuntimeHoldReason::RecordAnchors(crate::HoldReason::AnchorDeposit);
}

#[derive_impl(crate::config_preludes::TestDefaultConfig)]
impl crate::Config for Test {
	type Patients = PatientIdentity;
	type Organizations = Organizations;
	type Compliance = Compliance;
	type RecordAttestations = Compliance;
	type Consent = Consent;
	type Consideration = HoldConsideration<AccountId, Balances, AnchorHold, Price>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchSetup;
}

// Patients: Pat consents; Quinn does not.
pub const PAT: AccountId = 1;
pub const QUINN: AccountId = 2;
pub const UNREGISTERED: AccountId = 4;
// Organisations: 0 lab (admin 10, tech 11), 1 hospital (admin 20, radiologist 21),
// 2 auditor (admin 30, auditor 31), 3 research institute (admin 40, researcher 41),
// 4 pharmacy (admin 50, pharmacist 51; no attestation).
pub const LAB: u32 = 0;
pub const HOSPITAL: u32 = 1;
pub const AUDIT: u32 = 2;
pub const RESEARCH: u32 = 3;
pub const LAB_TECH: AccountId = 11;
pub const RADIOLOGIST: AccountId = 21;
pub const AUDITOR: AccountId = 31;
pub const RESEARCHER: AccountId = 41;
pub const PHARMACIST: AccountId = 51;
pub const STRANGER: AccountId = 99;

/// The consortium of the constants above, its compliance and the two patients, as genesis state.
fn genesis() -> RuntimeGenesisConfig {
	use healthchain_primitives::{AttestationType as A, RecordCategory as C};
	use MemberRole as R;
	use OrganizationKind as K;
	let funded = [1, 2, 3, 4, 10, 11, 20, 21, 30, 31, 40, 41, 50, 51, 99];
	let organizations = [
		(10, K::Laboratory, LAB_TECH, R::LabTechnician),
		(20, K::Hospital, RADIOLOGIST, R::Radiologist),
		(30, K::Auditor, AUDITOR, R::Auditor),
		(40, K::ResearchInstitution, RESEARCHER, R::Researcher),
		(50, K::Pharmacy, PHARMACIST, R::Pharmacist),
	];
	let requirements = [
		(K::Laboratory, C::LabResult),
		(K::Hospital, C::Imaging),
		(K::Hospital, C::LabResult),
		(K::Pharmacy, C::Prescription),
	];
	RuntimeGenesisConfig {
		balances: pallet_balances::GenesisConfig {
			balances: funded.into_iter().map(|a| (a, 100_000)).collect(),
			..Default::default()
		},
		patient_identity: pallet_patient_identity::GenesisConfig {
			patients: vec![(PAT, H256::repeat_byte(1)), (QUINN, H256::repeat_byte(2))],
			..Default::default()
		},
		organizations: pallet_organizations::GenesisConfig {
			organizations: organizations
				.into_iter()
				.map(|(admin, kind, member, role)| (admin, kind, H256::zero(), vec![(member, role)]))
				.collect(),
		},
		compliance: pallet_compliance::GenesisConfig {
			accreditations: A::ALL.iter().map(|kind| (AUDIT, *kind, 900)).collect(),
			requirements: requirements
				.into_iter()
				.map(|(k, c)| (k, c, vec![A::HipaaSecurityRule]))
				.collect(),
			attestations: [LAB, HOSPITAL]
				.into_iter()
				.map(|org| (AUDITOR, AUDIT, org, A::HipaaSecurityRule, H256::zero(), 500))
				.collect(),
		},
		..Default::default()
	}
}

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut ext = sp_io::TestExternalities::new(genesis().build_storage().expect("genesis builds"));
	ext.execute_with(grant_consents);
	// The consents too are the starting state benchmarks return to between runs.
	ext.commit_all().expect("commits");
	ext
}

/// Pat's consents every test starts from: labs may store lab results, hospitals imaging,
/// pharmacies prescriptions.
fn grant_consents() {
	System::set_block_number(1);
	for (kind, cat) in [
		(OrganizationKind::Laboratory, RecordCategory::LabResult),
		(OrganizationKind::Hospital, RecordCategory::Imaging),
		(OrganizationKind::Pharmacy, RecordCategory::Prescription),
	] {
		assert_ok!(Consent::grant_consent(
			RuntimeOrigin::signed(PAT),
			PAT,
			pallet_consent::Grantee::OrganizationKind(kind),
			pallet_consent::Provision::over(
				pallet_consent::Decision::Permit,
				pallet_consent::Scope::of(&[ConsentAction::Store, ConsentAction::Amend], &[cat], &[], &[]),
			),
			Default::default(),
			H256::zero(),
			None,
			None,
			pallet_consent::EmergencyOverride::Allowed
		));
	}
	System::reset_events();
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

pub fn held(who: AccountId) -> u64 {
	use polkadot_sdk::frame_support::traits::fungible::InspectHold;
	Balances::balance_on_hold(&AnchorHold::get(), &who)
}

/// Sets up the benchmarks: a compliant lab member and a consenting patient for this pallet's; the
/// consent and compliance pallets' helpers too (this runtime must name them, though their
/// benchmarks run in their own crates), from the same world.
pub struct BenchSetup;
#[cfg(feature = "runtime-benchmarks")]
impl pallet_compliance::benchmarking::BenchmarkHelper<AccountId> for BenchSetup {
	fn auditor_organization(_auditor: &AccountId) -> u32 {
		AUDIT
	}
	fn subject_organization(_kind: OrganizationKind) -> u32 {
		LAB
	}
}
#[cfg(feature = "runtime-benchmarks")]
impl pallet_consent::benchmarking::BenchmarkHelper<AccountId> for BenchSetup {
	fn patient(_index: u32) -> AccountId {
		PAT
	}
	fn member(_kind: OrganizationKind, _role: MemberRole, _index: u32) -> (AccountId, u32) {
		(LAB_TECH, LAB)
	}
	fn privacy_officer(_org: u32) -> AccountId {
		LAB_TECH
	}
}
#[cfg(feature = "runtime-benchmarks")]
impl crate::benchmarking::BenchmarkHelper<AccountId> for BenchSetup {
	fn author_and_patients(n: u32) -> (AccountId, alloc::vec::Vec<AccountId>) {
		let mut patients = vec![PAT];
		patients.truncate(n.max(1) as usize);
		(LAB_TECH, patients)
	}
}
