//! Invariants of this pallet's storage: checked after every unit test (the mock's `test`) and
//! by try-runtime (`try_state`).

use crate::*;

impl<T: Config> Pallet<T> {
	/// Invariants of this pallet's storage.
	#[cfg(any(feature = "try-runtime", feature = "std", test))]
	pub fn do_try_state() -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
		for (id, c) in Consents::<T>::iter() {
			ensure!(id < NextConsentId::<T>::get(), "consent id beyond counter");
			ensure!(PatientConsents::<T>::get(&c.patient).contains(&id), "consent not indexed");
			ensure!(!c.provision.scope.actions.is_empty(), "root provision without action");
			ensure!(decision::nesting_is_valid(&c.exceptions).is_ok(), "malformed nesting");
		}
		for (patient, ids) in PatientConsents::<T>::iter() {
			ensure!(!ids.is_empty(), "empty consent index");
			for id in ids.iter() {
				ensure!(Consents::<T>::get(id).is_some_and(|c| c.patient == patient), "dangling consent index");
			}
		}
		for (id, r) in Requests::<T>::iter() {
			ensure!(PatientRequests::<T>::get(&r.patient).contains(&id), "request not indexed");
		}
		for (org, ids) in PendingReviews::<T>::iter() {
			for id in ids.iter() {
				ensure!(
					Episodes::<T>::get(id).is_some_and(|e| e.organization == org && e.review == Review::Pending),
					"pending review index out of sync"
				);
			}
		}
		for (id, e) in Episodes::<T>::iter() {
			if e.review == Review::Pending {
				ensure!(PendingReviews::<T>::get(e.organization).contains(&id), "pending episode not indexed");
				ensure!(e.deposit.is_some(), "pending episode without deposit");
			}
			ensure!(e.opened_at < e.expires_at, "episode expires before it opens");
		}
		let capacity = u64::from(T::AccessLogCapacity::get());
		for (patient, org, recorded) in DisclosureCount::<T>::iter() {
			let count = Disclosures::<T>::iter_prefix((&patient, org)).count() as u64;
			ensure!(count == recorded.min(capacity), "access log ring size");
			ensure!(recorded <= AccessLogNext::<T>::get(&patient), "organisation recorded more than the patient's log");
		}
		for ((patient, org, _), entry) in Disclosures::<T>::iter() {
			ensure!(entry.organization == org, "entry in another organisation's ring");
			ensure!(entry.seq < AccessLogNext::<T>::get(&patient), "entry beyond the patient's sequence");
		}
		// Each clinician's count of unreviewed episodes matches the episodes.
		let mut open: alloc::collections::BTreeMap<T::AccountId, u32> = Default::default();
		for (_, e) in Episodes::<T>::iter() {
			if e.review == Review::Pending {
				let n = open.entry(e.requester.clone()).or_default();
				*n = n.saturating_add(1);
			}
		}
		for (who, n) in OpenEpisodes::<T>::iter() {
			ensure!(open.remove(&who) == Some(n), "open episode count out of sync");
		}
		ensure!(open.is_empty(), "clinician with unreviewed episodes not counted");
		// Every episode in a patient's history is stored, and no pending one was dropped.
		for (patient, entries) in PatientEpisodes::<T>::iter() {
			for entry in entries.iter() {
				ensure!(
					Episodes::<T>::get(entry.episode)
						.is_some_and(|e| e.patient == patient && (e.review == Review::Pending) == entry.pending),
					"history names a missing episode or misstates its review"
				);
			}
		}
		for (id, e) in Episodes::<T>::iter() {
			ensure!(
				PatientEpisodes::<T>::get(&e.patient).iter().any(|entry| entry.episode == id),
				"episode dropped from the patient's history"
			);
		}
		for (patient, (requester, purpose), id) in LatestEpisode::<T>::iter() {
			ensure!(
				Episodes::<T>::get(id)
					.is_some_and(|e| e.patient == patient && e.requester == requester && e.purpose == purpose),
				"latest-episode index names another episode"
			);
		}
		Ok(())
	}
}
