//! Invariants of this pallet's storage: checked after every unit test (the mock's `test`) and
//! by try-runtime (`try_state`).

use crate::*;

impl<T: Config> Pallet<T> {
	/// Invariants of this pallet's storage.
	#[cfg(any(feature = "try-runtime", feature = "std", test))]
	pub fn do_try_state() -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
		for (who, info) in Patients::<T>::iter() {
			ensure!(
				Commitments::<T>::get(info.commitment) == Some(CommitmentStatus::Active(who.clone())),
				"patient's commitment does not point back to the patient"
			);
			ensure!(info.pending_rotation.as_ref() != Some(&info.controller), "rotation to the same key");
			ensure!(Controllers::<T>::get(&info.controller) == Some(who.clone()), "controller does not point back");
		}
		for (key, id) in Controllers::<T>::iter() {
			ensure!(Patients::<T>::get(&id).is_some_and(|p| p.controller == key), "stale controller entry");
		}
		for (commitment, status) in Commitments::<T>::iter() {
			if let CommitmentStatus::Active(who) = status {
				ensure!(
					Patients::<T>::get(&who).map(|p| p.commitment) == Some(commitment),
					"active commitment's account does not hold it"
				);
			}
		}
		for (patient, delegates) in Delegates::<T>::iter() {
			ensure!(Patients::<T>::contains_key(&patient), "delegates of an unregistered patient");
			ensure!(!delegates.is_empty(), "empty delegate list stored");
			for (i, d) in delegates.iter().enumerate() {
				ensure!(d.account != patient, "patient is their own delegate");
				ensure!(
					delegates.iter().skip(i.saturating_add(1)).all(|o| o.account != d.account),
					"duplicate delegate"
				);
			}
		}
		for (key, p) in PseudonymKeys::<T>::iter() {
			ensure!(
				Pseudonyms::<T>::get(p).is_some_and(|i| i.subject == key),
				"pseudonym key names a pseudonym it does not control"
			);
			ensure!(
				!Patients::<T>::contains_key(&key) && !Controllers::<T>::contains_key(&key),
				"a pseudonym key is also a patient or a controlling key"
			);
		}
		for (p, info) in Pseudonyms::<T>::iter() {
			ensure!(PseudonymKeys::<T>::get(&info.subject) == Some(p), "pseudonym without its key");
		}
		for (lost, r) in Recoveries::<T>::iter() {
			ensure!(Patients::<T>::contains_key(&lost), "recovery of an unregistered patient");
			ensure!(!r.approvals.is_empty(), "recovery without its initiator's approval");
			ensure!(r.claimable_at < r.expires_at, "recovery lapses before it can be claimed");
			ensure!(
				r.approvals.iter().all(|a| r.guardians.contains(a)),
				"approval by a guardian not named at the start"
			);
		}
		for (who, _) in RetiredAccounts::<T>::iter() {
			ensure!(!Controllers::<T>::contains_key(&who), "a retired key controls an identity");
			ensure!(!PseudonymKeys::<T>::contains_key(&who), "a retired key controls a pseudonym");
		}
		for (p, _) in RetiredPseudonyms::<T>::iter() {
			ensure!(!Pseudonyms::<T>::contains_key(p), "a retired pseudonym is published");
		}
		Ok(())
	}
}
