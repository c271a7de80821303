//! Invariants of this pallet's storage: checked after every unit test (the mock's `test`) and
//! by try-runtime (`try_state`).

use crate::*;

impl<T: Config> Pallet<T> {
	/// Invariants of this pallet's storage.
	#[cfg(any(feature = "try-runtime", feature = "std", test))]
	pub fn do_try_state() -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
		let next = NextAnchorId::<T>::get();
		let mut anchors: u64 = 0;
		let mut authors = alloc::collections::BTreeMap::<T::AccountId, u32>::new();
		for (id, a) in Anchors::<T>::iter() {
			anchors = anchors.saturating_add(1);
			let n = authors.entry(a.author.clone()).or_default();
			*n = n.saturating_add(1);
			ensure!(id < next, "anchor id beyond counter");
			let implied = a.category.mandatory_labels();
			ensure!(implied.iter().all(|l| a.labels.contains(l)), "anchor lacks a label its category implies");
			if let Some(original) = a.original {
				ensure!(original < id, "a version older than its record");
				ensure!(
					Anchors::<T>::get(original).is_some_and(|o| o.original.is_none()),
					"a version names an anchor that is not a record's first version"
				);
				ensure!(LatestVersion::<T>::contains_key(original), "a versioned record without latest version");
			}
			if a.status == AnchorStatus::Superseded {
				let latest = LatestVersion::<T>::get(a.record(id)).ok_or("superseded record without latest version")?;
				ensure!(latest != id, "superseded anchor is the latest version");
			}
		}
		ensure!(anchors == next, "anchors are never erased: one per id issued");
		for (record, latest) in LatestVersion::<T>::iter() {
			let a = Anchors::<T>::get(latest).ok_or("latest version is not an anchor")?;
			ensure!(a.original == Some(record), "latest version of another record");
		}
		for (author, (n, _)) in AnchorDeposits::<T>::iter() {
			ensure!(authors.remove(&author) == Some(n), "an author's deposit counts another number of anchors");
		}
		ensure!(authors.is_empty(), "anchors without their author's deposit");
		for (id, b) in Batches::<T>::iter() {
			ensure!(id < NextBatchId::<T>::get(), "batch id beyond counter");
			ensure!(b.count >= b.groups, "batch with an empty group");
		}
		Ok(())
	}
}
