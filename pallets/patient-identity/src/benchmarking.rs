//! Benchmarks (v2) of the patient-identity pallet, each in its worst case.

use super::*;
use crate::Pallet as PatientIdentity;
use polkadot_sdk::{
	frame_benchmarking::v2::*, frame_support::traits::Consideration, frame_system::RawOrigin, sp_core::H256,
};

/// What the benchmarks need from the runtime: a registration signature from a fresh patient.
pub trait BenchmarkHelper<AccountId, Signature> {
	/// A new patient account, and its signature over `payload` built with that account.
	fn patient_and_signature(build_payload: &dyn Fn(&AccountId) -> Vec<u8>) -> (AccountId, Signature);
}

/// The helper of test runtimes whose accounts are `u64` and whose signatures are
/// `sp_runtime::testing::TestSignature` (the mocks of the pallets built on this one).
#[cfg(feature = "std")]
pub struct TestSigner;
#[cfg(feature = "std")]
impl BenchmarkHelper<u64, polkadot_sdk::sp_runtime::testing::TestSignature> for TestSigner {
	fn patient_and_signature(
		build: &dyn Fn(&u64) -> Vec<u8>,
	) -> (u64, polkadot_sdk::sp_runtime::testing::TestSignature) {
		let who = 777;
		(who, polkadot_sdk::sp_runtime::testing::TestSignature(who, build(&who)))
	}
}

fn funded<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who: T::AccountId = account(name, index, 0);
	fund::<T>(&who);
	who
}

fn fund<T: Config>(who: &T::AccountId) {
	// Enough for many deposits of the largest item this pallet stores.
	for _ in 0..(T::MaxDelegates::get() + 4) {
		T::Consideration::ensure_successful(who, Footprint::from_mel::<ActiveRecoveryOf<T>>());
	}
}

fn h(n: u32) -> H256 {
	H256(polkadot_sdk::sp_crypto_hashing::blake2_256(&n.to_le_bytes()))
}

fn registered<T: Config>(name: &'static str, index: u32) -> T::AccountId {
	let who = funded::<T>(name, index);
	assert!(PatientIdentity::<T>::register(RawOrigin::Signed(who.clone()).into(), h(index + 1_000_000)).is_ok());
	who
}

fn with_guardians<T: Config>(patient: &T::AccountId, n: u32) -> Vec<T::AccountId> {
	let mut out = Vec::new();
	for i in 0..n {
		let g: T::AccountId = account("guardian", i, 0);
		fund::<T>(&g);
		assert!(PatientIdentity::<T>::add_delegate(
			RawOrigin::Signed(patient.clone()).into(),
			g.clone(),
			DelegateRole::Guardian,
			DelegateScope::all(),
			None,
		)
		.is_ok());
		out.push(g);
	}
	out
}

fn org() -> healthchain_primitives::OrganizationId {
	0
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn register() {
		let who = funded::<T>("patient", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), h(1));
		assert!(Patients::<T>::contains_key(&who));
	}

	#[benchmark]
	fn register_for() {
		let provider = funded::<T>("provider", 0);
		let expiry = frame_system::Pallet::<T>::block_number() + 10u32.into();
		let commitment = h(2);
		let p = provider.clone();
		let (patient, signature) = T::BenchmarkHelper::patient_and_signature(&move |patient| {
			PatientIdentity::<T>::registration_payload(patient, commitment, &p, 0, expiry).encode()
		});
		#[extrinsic_call]
		_(RawOrigin::Signed(provider), patient.clone(), commitment, 0, expiry, signature);
		assert!(Patients::<T>::contains_key(&patient));
	}

	#[benchmark]
	fn deactivate(d: Linear<0, { T::MaxDelegates::get() }>) {
		let who = registered::<T>("patient", 0);
		with_guardians::<T>(&who, d);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()));
		assert!(!Patients::<T>::contains_key(&who));
	}

	#[benchmark]
	fn publish_pseudonym() {
		let who = funded::<T>("pseudonym-key", 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), h(7), org(), h(8));
		assert!(Pseudonyms::<T>::contains_key(h(7)));
	}

	#[benchmark]
	fn retire_pseudonym() {
		let who = funded::<T>("pseudonym-key", 0);
		let p = h(2_000_000);
		assert!(PatientIdentity::<T>::publish_pseudonym(RawOrigin::Signed(who.clone()).into(), p, org(), h(3)).is_ok());
		#[extrinsic_call]
		_(RawOrigin::Signed(who), p);
		assert!(!Pseudonyms::<T>::contains_key(p));
	}

	#[benchmark]
	fn add_delegate() {
		let who = registered::<T>("patient", 0);
		with_guardians::<T>(&who, T::MaxDelegates::get() - 1);
		let d: T::AccountId = account("delegate", 0, 0);
		#[extrinsic_call]
		_(
			RawOrigin::Signed(who.clone()),
			d,
			DelegateRole::EmergencyContact,
			DelegateScope::of(&[DelegateAction::Notify]),
			None,
		);
		assert_eq!(Delegates::<T>::get(&who).len() as u32, T::MaxDelegates::get());
	}

	#[benchmark]
	fn remove_delegate() {
		let who = registered::<T>("patient", 0);
		let gs = with_guardians::<T>(&who, T::MaxDelegates::get());
		assert!(PatientIdentity::<T>::set_recovery_threshold(
			RawOrigin::Signed(who.clone()).into(),
			T::MaxDelegates::get().min(T::MaxGuardianApprovals::get()) as u8
		)
		.is_ok());
		let last = gs.last().cloned().expect("at least one delegate");
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), who.clone(), last);
		assert_eq!(Delegates::<T>::get(&who).len() as u32, T::MaxDelegates::get() - 1);
	}

	#[benchmark]
	fn set_recovery_threshold() {
		let who = registered::<T>("patient", 0);
		with_guardians::<T>(&who, T::MaxDelegates::get());
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), 1);
		assert_eq!(Patients::<T>::get(&who).map(|p| p.recovery_threshold), Some(1));
	}

	#[benchmark]
	fn rotate_key() {
		let who = registered::<T>("patient", 0);
		let new: T::AccountId = account("new", 0, 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(who.clone()), new.clone());
		assert_eq!(Patients::<T>::get(&who).and_then(|p| p.pending_rotation), Some(new));
	}

	#[benchmark]
	fn accept_rotation() {
		let who = registered::<T>("patient", 0);
		with_guardians::<T>(&who, T::MaxDelegates::get());
		let new: T::AccountId = account("new", 0, 0);
		assert!(PatientIdentity::<T>::rotate_key(RawOrigin::Signed(who.clone()).into(), new.clone()).is_ok());
		#[extrinsic_call]
		_(RawOrigin::Signed(new.clone()), who.clone());
		assert_eq!(Controllers::<T>::get(&new), Some(who));
	}

	#[benchmark]
	fn initiate_recovery() {
		let who = registered::<T>("patient", 0);
		let gs = with_guardians::<T>(&who, T::MaxDelegates::get());
		assert!(PatientIdentity::<T>::set_recovery_threshold(RawOrigin::Signed(who.clone()).into(), 1).is_ok());
		let g = gs.last().cloned().expect("guardian");
		let new: T::AccountId = account("new", 0, 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(g), who.clone(), new);
		assert!(Recoveries::<T>::contains_key(&who));
	}

	#[benchmark]
	fn approve_recovery() {
		let who = registered::<T>("patient", 0);
		let gs = with_guardians::<T>(&who, T::MaxDelegates::get());
		assert!(PatientIdentity::<T>::set_recovery_threshold(RawOrigin::Signed(who.clone()).into(), 2).is_ok());
		let new: T::AccountId = account("new", 0, 0);
		assert!(
			PatientIdentity::<T>::initiate_recovery(RawOrigin::Signed(gs[0].clone()).into(), who.clone(), new).is_ok()
		);
		let g = gs.last().cloned().expect("guardian");
		#[extrinsic_call]
		_(RawOrigin::Signed(g), who.clone());
		assert_eq!(Recoveries::<T>::get(&who).map(|r| r.approvals.len()), Some(2));
	}

	#[benchmark]
	fn cancel_recovery() {
		// Worst case: the guardians' vote that reaches the threshold, counting every vote.
		let who = registered::<T>("patient", 0);
		let gs = with_guardians::<T>(&who, T::MaxDelegates::get());
		let threshold = gs.len().min(T::MaxGuardianApprovals::get() as usize) as u8;
		assert!(PatientIdentity::<T>::set_recovery_threshold(RawOrigin::Signed(who.clone()).into(), threshold).is_ok());
		let new: T::AccountId = account("new", 0, 0);
		assert!(
			PatientIdentity::<T>::initiate_recovery(RawOrigin::Signed(gs[0].clone()).into(), who.clone(), new).is_ok()
		);
		let last = usize::from(threshold).saturating_sub(1);
		for g in gs.iter().take(last) {
			assert!(PatientIdentity::<T>::cancel_recovery(RawOrigin::Signed(g.clone()).into(), who.clone()).is_ok());
		}
		let g = gs[last].clone();
		#[extrinsic_call]
		_(RawOrigin::Signed(g), who.clone());
		assert!(!Recoveries::<T>::contains_key(&who));
	}

	#[benchmark]
	fn claim_recovery() {
		let who = registered::<T>("patient", 0);
		let gs = with_guardians::<T>(&who, T::MaxDelegates::get());
		assert!(PatientIdentity::<T>::set_recovery_threshold(RawOrigin::Signed(who.clone()).into(), 1).is_ok());
		let new: T::AccountId = account("new", 0, 0);
		assert!(PatientIdentity::<T>::initiate_recovery(
			RawOrigin::Signed(gs[0].clone()).into(),
			who.clone(),
			new.clone()
		)
		.is_ok());
		let later = frame_system::Pallet::<T>::block_number() + RecoveryDelayBlocks::<T>::get();
		frame_system::Pallet::<T>::set_block_number(later);
		#[extrinsic_call]
		_(RawOrigin::Signed(new.clone()), who.clone());
		assert_eq!(Controllers::<T>::get(&new), Some(who));
	}

	impl_benchmark_test_suite!(PatientIdentity, crate::mock::new_test_ext(), crate::mock::Test);
}
