//! A test runtime: System, Balances and this pallet, with real sr25519 signatures.

use crate as pallet_patient_identity;
use polkadot_sdk::{
	frame_support::{
		derive_impl, parameter_types,
		traits::{fungible::HoldConsideration, ConstU64, LinearStoragePrice},
	},
	frame_system, pallet_balances,
	sp_core::{sr25519, Pair, H256},
	sp_io,
	sp_runtime::{
		traits::{IdentifyAccount, IdentityLookup, Verify},
		AccountId32, BuildStorage, MultiSignature,
	},
};

pub type AccountId = AccountId32;
pub type Balance = u64;
type Block = polkadot_sdk::frame_system::mocking::MockBlock<Test>;

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
}

#[derive_impl(frame_system::config_preludes::TestDefaultConfig)]
impl frame_system::Config for Test {
	type Block = Block;
	type AccountId = AccountId;
	type Lookup = IdentityLookup<AccountId>;
	type AccountData = pallet_balances::AccountData<Balance>;
}

#[derive_impl(pallet_balances::config_preludes::TestDefaultConfig)]
impl pallet_balances::Config for Test {
	type AccountStore = System;
	type RuntimeHoldReason = RuntimeHoldReason;
}

/// Deposit: 10 per item plus 1 per byte.
pub const ITEM_DEPOSIT: Balance = 10;
pub const BYTE_DEPOSIT: Balance = 1;

parameter_types! {
	pub const HoldReasonId: RuntimeHoldReason =
		RuntimeHoldReason::PatientIdentity(crate::HoldReason::PatientDeposit);
}

#[derive_impl(crate::config_preludes::TestDefaultConfig)]
impl crate::Config for Test {
	type Consideration = HoldConsideration<
		AccountId,
		Balances,
		HoldReasonId,
		LinearStoragePrice<ConstU64<ITEM_DEPOSIT>, ConstU64<BYTE_DEPOSIT>, Balance>,
	>;
	type Signature = MultiSignature;
	type Signer = <MultiSignature as Verify>::Signer;
	#[cfg(feature = "runtime-benchmarks")]
	type BenchmarkHelper = BenchHelper;
}

/// The sr25519 key pair of a test account, from a seed word.
pub fn pair(name: &str) -> sr25519::Pair {
	sr25519::Pair::from_string(&format!("//{name}"), None).expect("static seed is valid")
}

/// The account of a test key.
pub fn account(name: &str) -> AccountId {
	polkadot_sdk::sp_runtime::MultiSigner::from(pair(name).public()).into_account()
}

pub fn pat() -> AccountId {
	account("Pat")
}
pub fn sam() -> AccountId {
	account("Sam")
}
pub fn ann() -> AccountId {
	account("Ann")
}
pub fn lab() -> AccountId {
	account("Lab")
}
pub fn newkey() -> AccountId {
	account("PatNew")
}
pub fn poor() -> AccountId {
	account("Poor")
}

/// A commitment of the right shape (the chain never checks how it was computed; tests of the
/// account binding use [`crate::identity_commitment`]).
pub fn commitment(identifier: &str) -> H256 {
	let mut input = crate::COMMITMENT_TAG.to_vec();
	input.extend_from_slice(&[7u8; 32]); // the wallet's secret salt
	input.extend_from_slice(identifier.as_bytes());
	H256(sp_io::hashing::blake2_256(&input))
}

pub const ENDOWMENT: Balance = 10_000;

pub fn new_test_ext() -> sp_io::TestExternalities {
	let mut t = frame_system::GenesisConfig::<Test>::default().build_storage().expect("builds");
	pallet_balances::GenesisConfig::<Test> {
		balances: [pat(), sam(), ann(), lab(), newkey(), account("Zed")]
			.into_iter()
			.map(|a| (a, ENDOWMENT))
			.chain(core::iter::once((poor(), 5)))
			.collect(),
		..Default::default()
	}
	.assimilate_storage(&mut t)
	.expect("balances genesis");
	crate::GenesisConfig::<Test> {
		patients: vec![(account("Genesis"), commitment("genesis-demo"))],
		recovery_delay: None,
	}
	.assimilate_storage(&mut t)
	.expect("identity genesis");
	let mut ext = sp_io::TestExternalities::new(t);
	ext.execute_with(|| System::set_block_number(1));
	ext
}

/// Runs a test and checks the pallet's invariants afterwards.
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
	System::events().pop().expect("an event was emitted").event
}

pub fn held(who: &AccountId) -> Balance {
	use polkadot_sdk::frame_support::traits::fungible::InspectHold;
	Balances::balance_on_hold(&HoldReasonId::get(), who)
}

#[cfg(feature = "runtime-benchmarks")]
pub struct BenchHelper;
#[cfg(feature = "runtime-benchmarks")]
impl crate::benchmarking::BenchmarkHelper<AccountId, MultiSignature> for BenchHelper {
	fn patient_and_signature(build_payload: &dyn Fn(&AccountId) -> Vec<u8>) -> (AccountId, MultiSignature) {
		let p = pair("BenchPatient");
		let who = account("BenchPatient");
		let sig = p.sign(&build_payload(&who));
		(who, MultiSignature::Sr25519(sig))
	}
}
