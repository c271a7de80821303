//! Test runtime: System, Balances and this pallet; governance is root.

use crate as pallet_organizations;
use polkadot_sdk::{
	frame_support::{
		derive_impl, parameter_types,
		traits::{fungible::HoldConsideration, ConstU32, ConstU64, LinearStoragePrice},
	},
	frame_system::{self, EnsureRoot},
	pallet_balances, sp_io,
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
	// `Orgs`: `Organizations` is this pallet's storage map of organisations.
	pub type Orgs = pallet_organizations;
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
	pub const HoldReasonId: RuntimeHoldReason =
		RuntimeHoldReason::Orgs(crate::HoldReason::MemberDeposit);
}

#[derive_impl(crate::config_preludes::TestDefaultConfig)]
impl crate::Config for Test {
	type Consideration =
		HoldConsideration<AccountId, Balances, HoldReasonId, LinearStoragePrice<ConstU64<10>, ConstU64<1>, u64>>;
	type GovernanceOrigin = EnsureRoot<AccountId>;
	type MaxMembers = ConstU32<4>;
}

pub const ADMIN: AccountId = 1;
pub const DOCTOR: AccountId = 2;
pub const NURSE: AccountId = 3;
pub const OTHER_ADMIN: AccountId = 4;
pub const STRANGER: AccountId = 9;

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().expect("builds");
	pallet_balances::GenesisConfig::<Test> { balances: (1..=9).map(|a| (a, 1_000)).collect(), ..Default::default() }
		.assimilate_storage(&mut t)
		.expect("balances");
	let mut ext = sp_io::TestExternalities::new(t);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

pub fn test(f: impl FnOnce()) {
	new_test_ext().execute_with(|| {
		f();
		crate::Pallet::<Test>::do_try_state().expect("invariants hold");
	});
}

pub fn last_event() -> RuntimeEvent {
	System::events().pop().expect("event").event
}

pub fn held(who: AccountId) -> u64 {
	use polkadot_sdk::frame_support::traits::fungible::InspectHold;
	Balances::balance_on_hold(&HoldReasonId::get(), &who)
}
