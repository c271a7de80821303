//! Benchmarks (v2) of the organisations pallet.

use super::*;
use crate::Pallet as Organizations;
use polkadot_sdk::{frame_benchmarking::v2::*, frame_system::RawOrigin};

fn admitted<T: Config>(members: u32) -> (OrganizationId, T::AccountId) {
	let admin: T::AccountId = account("admin", 0, 0);
	let origin = T::GovernanceOrigin::try_successful_origin().expect("governance origin");
	assert!(Organizations::<T>::admit(origin, admin.clone(), OrganizationKind::Hospital, H256::zero()).is_ok());
	let org = NextOrganizationId::<T>::get() - 1;
	T::Consideration::ensure_successful(&admin, Footprint::from_mel::<(T::AccountId, MemberOf<T>)>());
	for i in 0..members {
		T::Consideration::ensure_successful(&admin, Footprint::from_mel::<(T::AccountId, MemberOf<T>)>());
		let m: T::AccountId = account("member", i, 0);
		assert!(Organizations::<T>::add_member(RawOrigin::Signed(admin.clone()).into(), m, MemberRole::Nurse).is_ok());
	}
	(org, admin)
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn admit() -> Result<(), BenchmarkError> {
		let origin = T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		let admin: T::AccountId = account("admin", 0, 0);
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, admin.clone(), OrganizationKind::Laboratory, H256::repeat_byte(1));
		assert!(OrganizationOfAccount::<T>::contains_key(&admin));
		Ok(())
	}

	#[benchmark]
	fn suspend() -> Result<(), BenchmarkError> {
		let (org, _) = admitted::<T>(0);
		let origin = T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, org, SuspensionReason::ComplianceLapse);
		assert!(!<Organizations<T> as OrganizationDirectory<_>>::is_active(org));
		Ok(())
	}

	#[benchmark]
	fn reinstate() -> Result<(), BenchmarkError> {
		let (org, _) = admitted::<T>(0);
		let origin = T::GovernanceOrigin::try_successful_origin().map_err(|_| BenchmarkError::Weightless)?;
		assert!(Organizations::<T>::suspend(origin.clone(), org, SuspensionReason::Other).is_ok());
		#[extrinsic_call]
		_(origin as T::RuntimeOrigin, org);
		assert!(<Organizations<T> as OrganizationDirectory<_>>::is_active(org));
		Ok(())
	}

	#[benchmark]
	fn retire() {
		let (org, admin) = admitted::<T>(0);
		#[extrinsic_call]
		_(RawOrigin::Signed(admin), org);
		assert!(!<Organizations<T> as OrganizationDirectory<_>>::is_active(org));
	}

	#[benchmark]
	fn add_member() {
		let (org, admin) = admitted::<T>(T::MaxMembers::get() - 2);
		let who: T::AccountId = account("new", 0, 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(admin), who.clone(), MemberRole::Physician);
		assert_eq!(OrganizationOfAccount::<T>::get(&who), Some(org));
	}

	#[benchmark]
	fn set_member_role() {
		let (org, admin) = admitted::<T>(1);
		let who: T::AccountId = account("member", 0, 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(admin), who.clone(), MemberRole::Physician);
		assert_eq!(Members::<T>::get(org, &who).map(|m| m.role), Some(MemberRole::Physician));
	}

	#[benchmark]
	fn remove_member() {
		let (_, admin) = admitted::<T>(1);
		let who: T::AccountId = account("member", 0, 0);
		#[extrinsic_call]
		_(RawOrigin::Signed(admin), who.clone());
		assert!(!OrganizationOfAccount::<T>::contains_key(&who));
	}

	#[benchmark]
	fn update_registration_document() {
		let (org, admin) = admitted::<T>(0);
		#[extrinsic_call]
		_(RawOrigin::Signed(admin), H256::repeat_byte(9));
		assert_eq!(
			crate::pallet::Organizations::<T>::get(org).map(|o| o.registration_document),
			Some(H256::repeat_byte(9))
		);
	}

	impl_benchmark_test_suite!(Organizations, crate::mock::new_test_ext(), crate::mock::Test);
}
