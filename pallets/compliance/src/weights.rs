// Placeholder until generated; replaced by the output of `healthchain-node benchmark pallet`.
#![allow(unused_parens, unused_imports, missing_docs)]
use core::marker::PhantomData;
use polkadot_sdk::frame_support::{traits::Get, weights::{constants::RocksDbWeight, Weight}};

pub trait WeightInfo {
	fn accredit() -> Weight;
	fn withdraw_accreditation() -> Weight;
	fn attest() -> Weight;
	fn revoke() -> Weight;
	fn remove_attestation() -> Weight;
	fn set_requirement(t: u32) -> Weight;
}

pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: polkadot_sdk::frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn accredit() -> Weight { Weight::from_parts(25_000_000, 3500).saturating_add(T::DbWeight::get().reads_writes(1, 1)) }
	fn withdraw_accreditation() -> Weight { Weight::from_parts(25_000_000, 3500).saturating_add(T::DbWeight::get().reads_writes(1, 2)) }
	fn attest() -> Weight { Weight::from_parts(60_000_000, 6000).saturating_add(T::DbWeight::get().reads_writes(6, 4)) }
	fn revoke() -> Weight { Weight::from_parts(35_000_000, 4000).saturating_add(T::DbWeight::get().reads_writes(3, 1)) }
	fn remove_attestation() -> Weight { Weight::from_parts(50_000_000, 6000).saturating_add(T::DbWeight::get().reads_writes(4, 3)) }
	fn set_requirement(t: u32) -> Weight { Weight::from_parts(20_000_000, 1500).saturating_add(Weight::from_parts(500_000, 0).saturating_mul(t.into())).saturating_add(T::DbWeight::get().writes(1)) }
}

impl WeightInfo for () {
	fn accredit() -> Weight { Weight::from_parts(25_000_000, 3500).saturating_add(RocksDbWeight::get().reads_writes(1, 1)) }
	fn withdraw_accreditation() -> Weight { Weight::from_parts(25_000_000, 3500) }
	fn attest() -> Weight { Weight::from_parts(60_000_000, 6000) }
	fn revoke() -> Weight { Weight::from_parts(35_000_000, 4000) }
	fn remove_attestation() -> Weight { Weight::from_parts(50_000_000, 6000) }
	fn set_requirement(t: u32) -> Weight { Weight::from_parts(20_000_000, 1500).saturating_add(Weight::from_parts(500_000, 0).saturating_mul(t.into())) }
}
