//! Benchmarks (v2) of the compliance pallet.

use super::*;
use crate::Pallet as Compliance;
use polkadot_sdk::{frame_benchmarking::v2::*, frame_system::RawOrigin};

/// What the benchmarks need from the runtime: organisations to attest and be attested.
pub trait BenchmarkHelper<AccountId> {
	/// An active auditor organisation with `auditor` as an `Auditor` member.
	fn auditor_organization(auditor: &AccountId) -> OrganizationId;
	/// An active organisation of `kind` to be attested.
	fn subject_organization(kind: OrganizationKind) -> OrganizationId;
}

fn gov<T: Config>() -> T::RuntimeOrigin {
	T::GovernanceOrigin::try_successful_origin().expect("governance origin")
}

fn setup<T: Config>() -> (T::AccountId, OrganizationId, OrganizationId) {
	let auditor: T::AccountId = account("auditor", 0, 0);
	let attestor = T::BenchmarkHelper::auditor_organization(&auditor);
	let subject = T::BenchmarkHelper::subject_organization(OrganizationKind::Laboratory);
	let far = frame_system::Pallet::<T>::block_number() + T::MaxAttestationValidity::get();
	assert!(
		Compliance::<T>::accredit(gov::<T>(), attestor, AttestationType::HipaaSecurityRule, far + 1u32.into()).is_ok()
	);
	for _ in 0..T::MaxAttestationsPerSubject::get() {
		T::Consideration::ensure_successful(&auditor, Footprint::from_mel::<AttestationOf<T>>());
	}
	(auditor, attestor, subject)
}

fn fill<T: Config>(auditor: &T::AccountId, subject: OrganizationId, n: u32) {
	let until = frame_system::Pallet::<T>::block_number() + 10u32.into();
	for _ in 0..n {
		assert!(Compliance::<T>::attest(
			RawOrigin::Signed(auditor.clone()).into(),
			Subject::Organization(subject),
			AttestationType::HipaaSecurityRule,
			H256::zero(),
			until
		)
		.is_ok());
	}
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn accredit() {
		let auditor: T::AccountId = account("auditor", 0, 0);
		let attestor = T::BenchmarkHelper::auditor_organization(&auditor);
		let until = frame_system::Pallet::<T>::block_number() + 100u32.into();
		#[extrinsic_call]
		_(gov::<T>() as T::RuntimeOrigin, attestor, AttestationType::Gdpr, until);
		assert!(Accreditations::<T>::contains_key(attestor, AttestationType::Gdpr));
	}

	#[benchmark]
	fn withdraw_accreditation() {
		let (_, attestor, _) = setup::<T>();
		#[extrinsic_call]
		_(gov::<T>() as T::RuntimeOrigin, attestor, AttestationType::HipaaSecurityRule);
		assert!(LastWithdrawal::<T>::contains_key(attestor, AttestationType::HipaaSecurityRule));
	}

	#[benchmark]
	fn attest() {
		let (auditor, _, subject) = setup::<T>();
		fill::<T>(&auditor, subject, T::MaxAttestationsPerSubject::get() - 1);
		let until = frame_system::Pallet::<T>::block_number() + 10u32.into();
		#[extrinsic_call]
		_(
			RawOrigin::Signed(auditor),
			Subject::Organization(subject),
			AttestationType::HipaaSecurityRule,
			H256::zero(),
			until,
		);
		assert_eq!(
			SubjectAttestations::<T>::get(Subject::Organization(subject)).len() as u32,
			T::MaxAttestationsPerSubject::get()
		);
	}

	#[benchmark]
	fn revoke() {
		let (auditor, _, subject) = setup::<T>();
		fill::<T>(&auditor, subject, 1);
		let id = NextAttestationId::<T>::get() - 1;
		#[extrinsic_call]
		_(RawOrigin::Signed(auditor), id, RevocationReason::NonCompliance);
		assert!(Attestations::<T>::get(id).is_some_and(|a| a.revoked.is_some()));
	}

	#[benchmark]
	fn remove_attestation() {
		let (auditor, _, subject) = setup::<T>();
		fill::<T>(&auditor, subject, T::MaxAttestationsPerSubject::get());
		let id = NextAttestationId::<T>::get() - 1;
		assert!(Compliance::<T>::revoke(RawOrigin::Signed(auditor.clone()).into(), id, RevocationReason::Other).is_ok());
		#[extrinsic_call]
		_(RawOrigin::Signed(auditor), id);
		assert!(!Attestations::<T>::contains_key(id));
	}

	#[benchmark]
	fn set_requirement(t: Linear<1, { T::MaxRequiredTypes::get().min(AttestationType::ALL.len() as u32) }>) {
		let types: RequiredTypesOf<T> = AttestationType::ALL[..t as usize].to_vec().try_into().expect("bounded");
		#[extrinsic_call]
		_(gov::<T>() as T::RuntimeOrigin, OrganizationKind::Laboratory, RecordCategory::LabResult, types);
		assert_eq!(Requirements::<T>::get(OrganizationKind::Laboratory, RecordCategory::LabResult).len() as u32, t);
	}

	impl_benchmark_test_suite!(Compliance, crate::mock::new_test_ext(), crate::mock::Test);
}
