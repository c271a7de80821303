//! Invariants of this pallet's storage: checked after every unit test (the mock's `test`) and
//! by try-runtime (`try_state`).

use crate::*;

impl<T: Config> Pallet<T> {
	/// Invariants of this pallet's storage.
	#[cfg(any(feature = "try-runtime", feature = "std", test))]
	pub fn do_try_state() -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
		let next = NextOrganizationId::<T>::get();
		for (id, o) in Organizations::<T>::iter() {
			ensure!(id < next, "organisation id not below NextOrganizationId");
			let count = Members::<T>::iter_prefix(id).count() as u32;
			ensure!(count == o.member_count, "member_count out of sync");
			ensure!(
				Members::<T>::get(id, &o.admin).map(|m| m.role) == Some(MemberRole::Administrator),
				"admin is not an Administrator member"
			);
			ensure!(o.member_count <= T::MaxMembers::get(), "too many members");
		}
		for (org, who, _) in Members::<T>::iter() {
			ensure!(OrganizationOfAccount::<T>::get(&who) == Some(org), "member index out of sync");
		}
		for (who, org) in OrganizationOfAccount::<T>::iter() {
			ensure!(Members::<T>::contains_key(org, &who), "index names a non-member");
		}
		Ok(())
	}
}
