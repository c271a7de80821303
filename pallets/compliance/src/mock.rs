//! Test runtime: System, Balances, the real organisations pallet and this one; governance is root.

use crate as pallet_compliance;
use healthchain_primitives::{MemberRole, OrganizationKind};
use polkadot_sdk::{
	frame_support::{
		assert_ok, derive_impl, parameter_types,
		traits::{fungible::HoldConsideration, ConstU32, ConstU64, LinearStoragePrice},
	},
	frame_system::{self, EnsureRoot},
	pallet_balances,
	sp_core::H256,
	sp_io,
	sp_runtime::BuildStorage,
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
	pub type Organizations = pallet_organizations;
	#[runtime::pallet_index(3)]
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

parameter_types! {
	pub const OrgHold: RuntimeHoldReason = RuntimeHoldReason::Organizations(pallet_organizations::HoldReason::MemberDeposit);
	pub const AttHold: RuntimeHoldReason = RuntimeHoldReason::Compliance(crate::HoldReason::AttestationDeposit);
}

type Price = LinearStoragePrice<ConstU64<10>, ConstU64<1>, u64>;

#[derive_impl(pallet_organizations::config_preludes::TestDefaultConfig)]
impl pallet_organizations::Config for Test {
	type Consideration = HoldConsideration<AccountId, Balances, OrgHold, Price>;
	type GovernanceOrigin = EnsureRoot<AccountId>;
}

#[derive_impl(crate::config_preludes::TestDefaultConfig)]
impl crate::Config for Test {
	type Organizations = Organizations;
	type Consideration = HoldConsideration<AccountId, Balances, AttHold, Price>;
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type MaxAttestationsPerSubject = ConstU32<3>;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchHelper;
}

// Organisation 0: Assure Audit (auditor), admin 1, auditor account 2, nurse-like member 3.
// Organisation 1: City Lab (laboratory), admin 10.
// Organisation 2: Second Audit (auditor), admin 20, auditor 21.
pub const AUDIT: u32 = 0;
pub const LAB: u32 = 1;
pub const AUDIT2: u32 = 2;
pub const AUDIT_ADMIN: AccountId = 1;
pub const AUDITOR: AccountId = 2;
pub const AUDIT_CLERK: AccountId = 3;
pub const LAB_ADMIN: AccountId = 10;
pub const AUDITOR2: AccountId = 21;
pub const STRANGER: AccountId = 99;

pub fn new_test_ext() -> sp_io::TestExternalities {
	use MemberRole as R;
	use OrganizationKind as K;
	let organizations = vec![
		(AUDIT_ADMIN, K::Auditor, H256::repeat_byte(1), vec![(AUDITOR, R::Auditor), (AUDIT_CLERK, R::System)]),
		(LAB_ADMIN, K::Laboratory, H256::repeat_byte(2), vec![]),
		(20, K::Auditor, H256::repeat_byte(3), vec![(AUDITOR2, R::Auditor)]),
	];
	let genesis = RuntimeGenesisConfig {
		balances: pallet_balances::GenesisConfig {
			balances: [1, 2, 3, 10, 20, 21, 99].into_iter().map(|a| (a, 10_000)).collect(),
			..Default::default()
		},
		organizations: pallet_organizations::GenesisConfig { organizations },
		..Default::default()
	};
	let mut ext = sp_io::TestExternalities::new(genesis.build_storage().expect("genesis builds"));
	ext.execute_with(|| System::set_block_number(1));
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

pub fn held(who: AccountId) -> u64 {
	use polkadot_sdk::frame_support::traits::fungible::InspectHold;
	Balances::balance_on_hold(&AttHold::get(), &who)
}

#[cfg(feature = "runtime-benchmarks")]
pub struct BenchHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::benchmarking::BenchmarkHelper<AccountId> for BenchHelper {
	fn auditor_organization(auditor: &AccountId) -> u32 {
		let _ = Balances::force_set_balance(RuntimeOrigin::root(), *auditor, 1_000_000);
		let admin = 1000 + *auditor;
		let _ = Balances::force_set_balance(RuntimeOrigin::root(), admin, 1_000_000);
		assert_ok!(Organizations::admit(RuntimeOrigin::root(), admin, OrganizationKind::Auditor, H256::zero()));
		assert_ok!(Organizations::add_member(RuntimeOrigin::signed(admin), *auditor, MemberRole::Auditor));
		pallet_organizations::NextOrganizationId::<Test>::get() - 1
	}
	fn subject_organization(kind: OrganizationKind) -> u32 {
		let admin = 5000 + u64::from(pallet_organizations::NextOrganizationId::<Test>::get());
		assert_ok!(Organizations::admit(RuntimeOrigin::root(), admin, kind, H256::zero()));
		pallet_organizations::NextOrganizationId::<Test>::get() - 1
	}
}
