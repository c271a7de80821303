// Placeholder until generated; replaced by the output of `healthchain-node benchmark pallet`.
#![allow(unused_parens, unused_imports, missing_docs)]
use core::marker::PhantomData;
use polkadot_sdk::frame_support::{traits::Get, weights::{constants::RocksDbWeight, Weight}};

pub trait WeightInfo {
	fn anchor_record() -> Weight;
	fn supersede() -> Weight;
	fn set_status() -> Weight;
	fn anchor_batch(p: u32) -> Weight;
}

pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: polkadot_sdk::frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn anchor_record() -> Weight { Weight::from_parts(90_000_000, 12000).saturating_add(T::DbWeight::get().reads_writes(14, 9)) }
	fn supersede() -> Weight { Weight::from_parts(110_000_000, 14000).saturating_add(T::DbWeight::get().reads_writes(16, 10)) }
	fn set_status() -> Weight { Weight::from_parts(30_000_000, 4000).saturating_add(T::DbWeight::get().reads_writes(2, 1)) }
	fn anchor_batch(p: u32) -> Weight { Weight::from_parts(60_000_000, 8000).saturating_add(Weight::from_parts(40_000_000, 6000).saturating_mul(p.into())).saturating_add(T::DbWeight::get().reads_writes(8, 4)).saturating_add(T::DbWeight::get().reads((4 * p).into())) }
}

impl WeightInfo for () {
	fn anchor_record() -> Weight { Weight::from_parts(90_000_000, 12000).saturating_add(RocksDbWeight::get().reads_writes(14, 9)) }
	fn supersede() -> Weight { Weight::from_parts(110_000_000, 14000) }
	fn set_status() -> Weight { Weight::from_parts(30_000_000, 4000) }
	fn anchor_batch(p: u32) -> Weight { Weight::from_parts(60_000_000, 8000).saturating_add(Weight::from_parts(40_000_000, 0).saturating_mul(p.into())) }
}
