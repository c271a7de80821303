//! Invariants of this pallet's storage: checked after every unit test (the mock's `test`) and
//! by try-runtime (`try_state`).

use crate::*;

impl<T: Config> Pallet<T> {
	/// Invariants of this pallet's storage.
	#[cfg(any(feature = "try-runtime", feature = "std", test))]
	pub fn do_try_state() -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
		let next = NextAttestationId::<T>::get();
		for (id, att) in Attestations::<T>::iter() {
			ensure!(id < next, "attestation id not below NextAttestationId");
			ensure!(SubjectAttestations::<T>::get(att.subject).contains(&id), "attestation not indexed");
			ensure!(att.issued_at < att.expires_at, "attestation expires before issue");
		}
		for (subject, ids) in SubjectAttestations::<T>::iter() {
			ensure!(!ids.is_empty(), "empty subject index stored");
			for id in ids.iter() {
				ensure!(
					Attestations::<T>::get(id).is_some_and(|a| a.subject == subject),
					"subject index names a missing or foreign attestation"
				);
			}
		}
		for (_, _, a) in Accreditations::<T>::iter() {
			ensure!(a.granted_at < a.expires_at, "accreditation expires before grant");
		}
		Ok(())
	}
}
