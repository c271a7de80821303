//! Benchmarks (v2) of the record-anchors pallet. `anchor_record` is the hot path: compare its
//! ref_time with `pallet_balances::transfer_keep_alive` from the same run (`scripts/benchmark.sh`
//! prints both). As there, the signer's own account is whitelisted.

use super::*;
use crate::Pallet as RecordAnchors;
use polkadot_sdk::{
	frame_benchmarking::{self, v2::*},
	frame_system::RawOrigin,
};

/// What the benchmarks need from the runtime.
pub trait BenchmarkHelper<AccountId> {
	/// A compliant laboratory member able to anchor `LabResult`s, and `n` patients who
	/// consented to that laboratory storing their lab results.
	fn author_and_patients(n: u32) -> (AccountId, Vec<AccountId>);
}

fn pointer<T: Config>() -> PointerOf<T> {
	// The longest sealed pointer.
	let mut p = alloc::vec![0xAB; T::MaxPointerLen::get() as usize];
	if let Some(first) = p.first_mut() {
		*first = SEALED_POINTER_TAG;
	}
	BoundedVec::truncate_from(p)
}

fn labels<T: Config>() -> LabelsOf<T> {
	BoundedVec::truncate_from(
		[SecurityLabel::N, SecurityLabel::M, SecurityLabel::L, SecurityLabel::U]
			.iter()
			.cycle()
			.take(T::MaxLabels::get() as usize)
			.copied()
			.collect(),
	)
}

fn fund<T: Config>(who: &T::AccountId) {
	// Enough for a few anchors (one growing deposit) and a batch's deposit.
	T::Consideration::ensure_successful(who, Footprint::from_parts(8, AnchorOf::<T>::max_encoded_len()));
	T::Consideration::ensure_successful(who, Footprint::from_mel::<BatchOf<T>>());
}

fn anchored<T: Config>(author: &T::AccountId, patient: &T::AccountId) -> AnchorId {
	assert!(RecordAnchors::<T>::anchor_record(
		RawOrigin::Signed(author.clone()).into(),
		RecordSubject::Patient(patient.clone()),
		H256::repeat_byte(1),
		HashAlgorithm::Blake2b256,
		RecordCategory::LabResult,
		FhirResourceType::DiagnosticReport,
		labels::<T>(),
		pointer::<T>(),
		Some(H256::zero()),
		PurposeOfUse::TREAT,
		None,
	)
	.is_ok());
	NextAnchorId::<T>::get() - 1
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn anchor_record() {
		let (author, patients) = T::BenchmarkHelper::author_and_patients(1);
		fund::<T>(&author);
		// The signer's account is read and written by the fee payment of every transaction, as
		// for `pallet_balances`' benchmarks: not counted again here.
		whitelist_account!(author);
		let patient = patients.first().cloned().expect("one patient");
		// The author's deposit exists (their first anchor opened it): the steady state of a
		// provider that anchors all day. Opening it costs the same reads and writes.
		anchored::<T>(&author, &patient);
		#[extrinsic_call]
		_(
			RawOrigin::Signed(author),
			RecordSubject::Patient(patient),
			H256::repeat_byte(7),
			HashAlgorithm::Blake2b256,
			RecordCategory::LabResult,
			FhirResourceType::DiagnosticReport,
			labels::<T>(),
			pointer::<T>(),
			Some(H256::zero()),
			PurposeOfUse::TREAT,
			Some(1_700_000_000),
		);
		assert_eq!(NextAnchorId::<T>::get(), 2);
	}

	#[benchmark]
	fn supersede() {
		let (author, patients) = T::BenchmarkHelper::author_and_patients(1);
		fund::<T>(&author);
		// The signer's account is read and written by the fee payment of every transaction, as
		// for `pallet_balances`' benchmarks: not counted again here.
		whitelist_account!(author);
		let patient = patients.first().cloned().expect("one patient");
		let prev = anchored::<T>(&author, &patient);
		#[extrinsic_call]
		_(
			RawOrigin::Signed(author),
			prev,
			H256::repeat_byte(2),
			HashAlgorithm::Blake2b256,
			labels::<T>(),
			pointer::<T>(),
			None,
			AmendmentReason::Correction,
			PurposeOfUse::TREAT,
		);
		assert_eq!(Anchors::<T>::get(prev).map(|a| a.status), Some(AnchorStatus::Superseded));
	}

	#[benchmark]
	fn set_status() {
		let (author, patients) = T::BenchmarkHelper::author_and_patients(1);
		fund::<T>(&author);
		// The signer's account is read and written by the fee payment of every transaction, as
		// for `pallet_balances`' benchmarks: not counted again here.
		whitelist_account!(author);
		let patient = patients.first().cloned().expect("one patient");
		let id = anchored::<T>(&author, &patient);
		#[extrinsic_call]
		_(RawOrigin::Signed(author), id, AnchorStatus::EnteredInError);
		assert_eq!(Anchors::<T>::get(id).map(|a| a.status), Some(AnchorStatus::EnteredInError));
	}

	#[benchmark]
	fn anchor_batch(g: Linear<1, { T::MaxBatchGroups::get() }>) {
		// One group of 50 lab results per consenting patient: every group pays its own
		// compliance and consent checks.
		let (author, patients) = T::BenchmarkHelper::author_and_patients(g);
		fund::<T>(&author);
		// The signer's account is read and written by the fee payment of every transaction, as
		// for `pallet_balances`' benchmarks: not counted again here.
		whitelist_account!(author);
		let groups: Vec<BatchGroupOf<T>> = (0..g)
			.map(|i| BatchGroup {
				subject: RecordSubject::Patient(
					patients.get(i as usize % patients.len().max(1)).cloned().expect("a patient"),
				),
				category: RecordCategory::LabResult,
				labels: Default::default(),
				count: 50,
				records_root: H256::repeat_byte(3),
			})
			.collect();
		#[extrinsic_call]
		_(
			RawOrigin::Signed(author),
			BoundedVec::truncate_from(groups),
			FhirResourceType::DiagnosticReport,
			BatchScope::Identified,
			PurposeOfUse::TREAT,
		);
		assert_eq!(NextBatchId::<T>::get(), 1);
	}

	impl_benchmark_test_suite!(RecordAnchors, crate::mock::new_test_ext(), crate::mock::Test);
}
