// Placeholder until generated; replaced by the output of `healthchain-node benchmark pallet`.
#![allow(unused_parens, unused_imports, missing_docs)]
use core::marker::PhantomData;
use polkadot_sdk::frame_support::{traits::Get, weights::{constants::RocksDbWeight, Weight}};

pub trait WeightInfo {
	fn grant_consent() -> Weight;
	fn revoke_consent() -> Weight;
	fn reap_consent() -> Weight;
	fn request_access() -> Weight;
	fn respond_to_request() -> Weight;
	fn reap_request() -> Weight;
	fn break_glass() -> Weight;
	fn close_review() -> Weight;
	fn flag_overdue_review() -> Weight;
	fn set_research_consent() -> Weight;
	fn withdraw_research_consent() -> Weight;
	fn record_access(c: u32) -> Weight;
}

pub struct SubstrateWeight<T>(PhantomData<T>);
impl<T: polkadot_sdk::frame_system::Config> WeightInfo for SubstrateWeight<T> {
	fn grant_consent() -> Weight { Weight::from_parts(70_000_000, 9000).saturating_add(T::DbWeight::get().reads_writes(6, 4)) }
	fn revoke_consent() -> Weight { Weight::from_parts(60_000_000, 9000).saturating_add(T::DbWeight::get().reads_writes(5, 4)) }
	fn reap_consent() -> Weight { Weight::from_parts(60_000_000, 9000).saturating_add(T::DbWeight::get().reads_writes(4, 4)) }
	fn request_access() -> Weight { Weight::from_parts(80_000_000, 9000).saturating_add(T::DbWeight::get().reads_writes(8, 4)) }
	fn respond_to_request() -> Weight { Weight::from_parts(90_000_000, 12000).saturating_add(T::DbWeight::get().reads_writes(8, 6)) }
	fn reap_request() -> Weight { Weight::from_parts(50_000_000, 9000).saturating_add(T::DbWeight::get().reads_writes(3, 3)) }
	fn break_glass() -> Weight { Weight::from_parts(90_000_000, 12000).saturating_add(T::DbWeight::get().reads_writes(10, 6)) }
	fn close_review() -> Weight { Weight::from_parts(60_000_000, 9000).saturating_add(T::DbWeight::get().reads_writes(6, 4)) }
	fn flag_overdue_review() -> Weight { Weight::from_parts(30_000_000, 4000).saturating_add(T::DbWeight::get().reads_writes(1, 1)) }
	fn set_research_consent() -> Weight { Weight::from_parts(50_000_000, 4000).saturating_add(T::DbWeight::get().reads_writes(4, 2)) }
	fn withdraw_research_consent() -> Weight { Weight::from_parts(50_000_000, 4000).saturating_add(T::DbWeight::get().reads_writes(4, 2)) }
	fn record_access(c: u32) -> Weight { Weight::from_parts(60_000_000, 9000).saturating_add(Weight::from_parts(15_000_000, 3000).saturating_mul(c.into())).saturating_add(T::DbWeight::get().reads_writes(8, 3)).saturating_add(T::DbWeight::get().reads(c.into())) }
}

impl WeightInfo for () {
	fn grant_consent() -> Weight { Weight::from_parts(70_000_000, 9000).saturating_add(RocksDbWeight::get().reads_writes(6, 4)) }
	fn revoke_consent() -> Weight { Weight::from_parts(60_000_000, 9000) }
	fn reap_consent() -> Weight { Weight::from_parts(60_000_000, 9000) }
	fn request_access() -> Weight { Weight::from_parts(80_000_000, 9000) }
	fn respond_to_request() -> Weight { Weight::from_parts(90_000_000, 12000) }
	fn reap_request() -> Weight { Weight::from_parts(50_000_000, 9000) }
	fn break_glass() -> Weight { Weight::from_parts(90_000_000, 12000) }
	fn close_review() -> Weight { Weight::from_parts(60_000_000, 9000) }
	fn flag_overdue_review() -> Weight { Weight::from_parts(30_000_000, 4000) }
	fn set_research_consent() -> Weight { Weight::from_parts(50_000_000, 4000) }
	fn withdraw_research_consent() -> Weight { Weight::from_parts(50_000_000, 4000) }
	fn record_access(c: u32) -> Weight { Weight::from_parts(60_000_000, 9000).saturating_add(Weight::from_parts(15_000_000, 0).saturating_mul(c.into())) }
}
