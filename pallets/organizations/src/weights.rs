// Placeholder until generated; replaced by the output of `healthchain-node benchmark pallet`.
#![allow(unused_parens, unused_imports, missing_docs)]
use core::marker::PhantomData;
use polkadot_sdk::frame_support::{traits::Get, weights::{constants::RocksDbWeight, Weight}};

pub trait WeightInfo {
	fn admit() -> Weight;
	fn suspend() -> Weight;
	fn reinstate() -> Weight;
	fn retire() -> Weight;
	fn add_member() -> Weight;
	fn set_member_role() -> Weight;
	fn remove_member() -> Weight;
	fn update_registration_document() -> Weight;
}

pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: polkadot_sdk::frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn admit() -> Weight { Weight::from_parts(30_000_000, 3500).saturating_add(T::DbWeight::get().reads_writes(2, 4)) }
	fn suspend() -> Weight { Weight::from_parts(20_000_000, 3500).saturating_add(T::DbWeight::get().reads_writes(1, 1)) }
	fn reinstate() -> Weight { Weight::from_parts(20_000_000, 3500).saturating_add(T::DbWeight::get().reads_writes(1, 1)) }
	fn retire() -> Weight { Weight::from_parts(20_000_000, 3500).saturating_add(T::DbWeight::get().reads_writes(1, 1)) }
	fn add_member() -> Weight { Weight::from_parts(50_000_000, 3600).saturating_add(T::DbWeight::get().reads_writes(4, 4)) }
	fn set_member_role() -> Weight { Weight::from_parts(25_000_000, 3600).saturating_add(T::DbWeight::get().reads_writes(3, 1)) }
	fn remove_member() -> Weight { Weight::from_parts(50_000_000, 3600).saturating_add(T::DbWeight::get().reads_writes(4, 4)) }
	fn update_registration_document() -> Weight { Weight::from_parts(20_000_000, 3500).saturating_add(T::DbWeight::get().reads_writes(2, 1)) }
}

impl WeightInfo for () {
	fn admit() -> Weight { Weight::from_parts(30_000_000, 3500).saturating_add(RocksDbWeight::get().reads_writes(2, 4)) }
	fn suspend() -> Weight { Weight::from_parts(20_000_000, 3500) }
	fn reinstate() -> Weight { Weight::from_parts(20_000_000, 3500) }
	fn retire() -> Weight { Weight::from_parts(20_000_000, 3500) }
	fn add_member() -> Weight { Weight::from_parts(50_000_000, 3600) }
	fn set_member_role() -> Weight { Weight::from_parts(25_000_000, 3600) }
	fn remove_member() -> Weight { Weight::from_parts(50_000_000, 3600) }
	fn update_registration_document() -> Weight { Weight::from_parts(20_000_000, 3500) }
}
