// Placeholder until generated; replaced by the output of `healthchain-node benchmark pallet`.
#![allow(unused_parens, unused_imports, missing_docs)]
use core::marker::PhantomData;
use polkadot_sdk::frame_support::{traits::Get, weights::{constants::RocksDbWeight, Weight}};

pub trait WeightInfo {
	fn register() -> Weight;
	fn register_for() -> Weight;
	fn deactivate(d: u32) -> Weight;
	fn publish_pseudonym() -> Weight;
	fn retire_pseudonym() -> Weight;
	fn add_delegate() -> Weight;
	fn remove_delegate() -> Weight;
	fn set_recovery_threshold() -> Weight;
	fn rotate_key() -> Weight;
	fn accept_rotation(p: u32) -> Weight;
	fn initiate_recovery() -> Weight;
	fn approve_recovery() -> Weight;
	fn cancel_recovery() -> Weight;
	fn claim_recovery(p: u32) -> Weight;
}

pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: polkadot_sdk::frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn register() -> Weight { Weight::from_parts(50_000_000, 4000).saturating_add(T::DbWeight::get().reads_writes(3, 3)) }
	fn register_for() -> Weight { Weight::from_parts(120_000_000, 4000).saturating_add(T::DbWeight::get().reads_writes(5, 4)) }
	fn deactivate(d: u32) -> Weight { Weight::from_parts(60_000_000, 4000).saturating_add(Weight::from_parts(20_000_000, 2600).saturating_mul(d.into())).saturating_add(T::DbWeight::get().reads_writes(5, 5)) }
	fn publish_pseudonym() -> Weight { Weight::from_parts(50_000_000, 4000).saturating_add(T::DbWeight::get().reads_writes(3, 3)) }
	fn retire_pseudonym() -> Weight { Weight::from_parts(50_000_000, 4000).saturating_add(T::DbWeight::get().reads_writes(3, 3)) }
	fn add_delegate() -> Weight { Weight::from_parts(60_000_000, 8000).saturating_add(T::DbWeight::get().reads_writes(3, 2)) }
	fn remove_delegate() -> Weight { Weight::from_parts(60_000_000, 8000).saturating_add(T::DbWeight::get().reads_writes(4, 3)) }
	fn set_recovery_threshold() -> Weight { Weight::from_parts(30_000_000, 8000).saturating_add(T::DbWeight::get().reads_writes(2, 1)) }
	fn rotate_key() -> Weight { Weight::from_parts(30_000_000, 4000).saturating_add(T::DbWeight::get().reads_writes(2, 1)) }
	fn accept_rotation(p: u32) -> Weight { Weight::from_parts(80_000_000, 8000).saturating_add(Weight::from_parts(10_000_000, 2600).saturating_mul(p.into())).saturating_add(T::DbWeight::get().reads_writes(7, 7)) }
	fn initiate_recovery() -> Weight { Weight::from_parts(60_000_000, 8000).saturating_add(T::DbWeight::get().reads_writes(5, 3)) }
	fn approve_recovery() -> Weight { Weight::from_parts(40_000_000, 8000).saturating_add(T::DbWeight::get().reads_writes(2, 1)) }
	fn cancel_recovery() -> Weight { Weight::from_parts(40_000_000, 4000).saturating_add(T::DbWeight::get().reads_writes(3, 3)) }
	fn claim_recovery(p: u32) -> Weight { Weight::from_parts(90_000_000, 8000).saturating_add(Weight::from_parts(10_000_000, 2600).saturating_mul(p.into())).saturating_add(T::DbWeight::get().reads_writes(8, 8)) }
}

impl WeightInfo for () {
	fn register() -> Weight { Weight::from_parts(50_000_000, 4000).saturating_add(RocksDbWeight::get().reads_writes(3, 3)) }
	fn register_for() -> Weight { Weight::from_parts(120_000_000, 4000) }
	fn deactivate(d: u32) -> Weight { Weight::from_parts(60_000_000, 4000).saturating_add(Weight::from_parts(20_000_000, 0).saturating_mul(d.into())) }
	fn publish_pseudonym() -> Weight { Weight::from_parts(50_000_000, 4000) }
	fn retire_pseudonym() -> Weight { Weight::from_parts(50_000_000, 4000) }
	fn add_delegate() -> Weight { Weight::from_parts(60_000_000, 8000) }
	fn remove_delegate() -> Weight { Weight::from_parts(60_000_000, 8000) }
	fn set_recovery_threshold() -> Weight { Weight::from_parts(30_000_000, 8000) }
	fn rotate_key() -> Weight { Weight::from_parts(30_000_000, 4000) }
	fn accept_rotation(p: u32) -> Weight { Weight::from_parts(80_000_000, 8000).saturating_add(Weight::from_parts(10_000_000, 0).saturating_mul(p.into())) }
	fn initiate_recovery() -> Weight { Weight::from_parts(60_000_000, 8000) }
	fn approve_recovery() -> Weight { Weight::from_parts(40_000_000, 8000) }
	fn cancel_recovery() -> Weight { Weight::from_parts(40_000_000, 4000) }
	fn claim_recovery(p: u32) -> Weight { Weight::from_parts(90_000_000, 8000).saturating_add(Weight::from_parts(10_000_000, 0).saturating_mul(p.into())) }
}
