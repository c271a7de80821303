//! Storage migrations of the consent pallet.

use crate::*;
use polkadot_sdk::frame_support::{migrations::VersionedMigration, storage_alias, traits::UncheckedOnRuntimeUpgrade};

/// The v2 forms of the values v3 changed, and storage aliases that read and write them (the v1
/// and v2 migrations work on these forms).
pub mod v2_types {
	use super::*;

	/// A v2 (and v3) scope: the actions as a bit mask (bit `i`: the `i`-th [`ConsentAction`]).
	#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
	#[scale_info(skip_type_params(MaxCodes))]
	pub struct OldScope<MaxCodes: Get<u32>> {
		pub actions: u8,
		pub categories: BoundedVec<RecordCategory, MaxCodes>,
		pub resource_types: BoundedVec<FhirResourceType, MaxCodes>,
		pub purposes: BoundedVec<PurposeOfUse, MaxCodes>,
		pub labels: BoundedVec<SecurityLabel, MaxCodes>,
	}

	impl<M: Get<u32>> OldScope<M> {
		/// The scope with its actions as a set.
		pub fn upgrade(self) -> Scope<M> {
			let OldScope { actions, categories, resource_types, purposes, labels } = self;
			Scope { actions: ActionSet::from_mask(actions.into()), categories, resource_types, purposes, labels }
		}
	}

	/// A v2 provision: a decision over a scope.
	#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
	#[scale_info(skip_type_params(MaxCodes))]
	pub struct OldProvision<MaxCodes: Get<u32>> {
		pub decision: Decision,
		pub scope: OldScope<MaxCodes>,
	}

	/// A v2 consent: flat exceptions, no emergency choice.
	#[derive(Encode, Decode)]
	pub struct OldConsentRecord<AccountId, BlockNumber, Ticket, MaxCodes: Get<u32>, MaxExceptions: Get<u32>> {
		pub patient: AccountId,
		pub granted_by: AccountId,
		pub grantee: Grantee<AccountId>,
		pub provision: OldProvision<MaxCodes>,
		pub exceptions: BoundedVec<OldProvision<MaxCodes>, MaxExceptions>,
		pub policy: H256,
		pub start: BlockNumber,
		pub end: Option<BlockNumber>,
		pub recorded_at: BlockNumber,
		pub source: ConsentSource,
		pub deposit: Deposit<AccountId, Ticket>,
	}

	/// A v2 episode: no override list.
	#[derive(Encode, Decode, Clone)]
	pub struct OldEpisode<AccountId, BlockNumber, Ticket> {
		pub requester: AccountId,
		pub organization: OrganizationId,
		pub patient: AccountId,
		pub purpose: PurposeOfUse,
		pub reason: BreakGlassReason,
		pub opened_at: BlockNumber,
		pub expires_at: BlockNumber,
		pub review_deadline: BlockNumber,
		pub review: Review<AccountId, BlockNumber>,
		pub overdue: bool,
		pub deposit: Option<Deposit<AccountId, Ticket>>,
	}

	/// A v2 access-log entry: no record, no recipient.
	#[derive(Encode, Decode, Clone)]
	pub struct OldAccessLogEntry<AccountId, BlockNumber> {
		pub seq: u64,
		pub accessor: AccountId,
		pub organization: OrganizationId,
		pub action: ConsentAction,
		pub category: RecordCategory,
		pub purpose: PurposeOfUse,
		pub decision: AccessDecision,
		pub outcome: AccessOutcome,
		pub at: BlockNumber,
	}

	/// A v2 consent of `T`.
	pub type OldConsentOf<T> = OldConsentRecord<
		<T as frame_system::Config>::AccountId,
		BlockNumberFor<T>,
		<T as Config>::Consideration,
		<T as Config>::MaxCodes,
		<T as Config>::MaxExceptions,
	>;
	/// A v2 episode of `T`.
	pub type OldEpisodeOf<T> =
		OldEpisode<<T as frame_system::Config>::AccountId, BlockNumberFor<T>, <T as Config>::Consideration>;
	/// A v2 entry of `T`.
	pub type OldEntryOf<T> = OldAccessLogEntry<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;

	/// `Consents` in its v2 form.
	#[storage_alias]
	pub type Consents<T: Config> = StorageMap<Pallet<T>, Twox64Concat, ConsentId, OldConsentOf<T>, OptionQuery>;
	/// `Episodes` in its v2 form.
	#[storage_alias]
	pub type Episodes<T: Config> = StorageMap<Pallet<T>, Twox64Concat, EpisodeId, OldEpisodeOf<T>, OptionQuery>;
	/// `Disclosures` in its v2 form.
	#[storage_alias]
	pub type Disclosures<T: Config> = StorageNMap<
		Pallet<T>,
		(
			NMapKey<Blake2_128Concat, <T as frame_system::Config>::AccountId>,
			NMapKey<Twox64Concat, OrganizationId>,
			NMapKey<Twox64Concat, u32>,
		),
		OldEntryOf<T>,
		OptionQuery,
	>;
}

/// v0 → v1: bind member grants to an organisation, give each organisation its own
/// access-log ring per patient, count each clinician's unreviewed break-glass episodes and index
/// each clinician's newest episode per patient.
pub mod v1 {
	use super::*;

	/// The v0 grantee: a bare account, not bound to an organisation.
	#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
	pub enum OldGrantee<AccountId> {
		/// Any organisation the account belonged to.
		Account(AccountId),
		/// An organisation.
		Organization(OrganizationId),
		/// A kind of organisation.
		OrganizationKind(OrganizationKind),
	}

	/// A v0 consent record.
	#[derive(Encode, Decode)]
	pub struct OldConsentRecord<AccountId, BlockNumber, Ticket, MaxCodes: Get<u32>, MaxExceptions: Get<u32>> {
		pub patient: AccountId,
		pub granted_by: AccountId,
		pub grantee: OldGrantee<AccountId>,
		pub provision: v2_types::OldProvision<MaxCodes>,
		pub exceptions: BoundedVec<v2_types::OldProvision<MaxCodes>, MaxExceptions>,
		pub policy: H256,
		pub start: BlockNumber,
		pub end: Option<BlockNumber>,
		pub recorded_at: BlockNumber,
		pub source: ConsentSource,
		pub deposit: Deposit<AccountId, Ticket>,
	}

	type V0ConsentOf<T> = OldConsentRecord<
		<T as frame_system::Config>::AccountId,
		BlockNumberFor<T>,
		<T as Config>::Consideration,
		<T as Config>::MaxCodes,
		<T as Config>::MaxExceptions,
	>;

	/// The v0 access log: one ring per patient, shared by every organisation.
	#[storage_alias]
	pub type AccessLog<T: Config> = StorageDoubleMap<
		Pallet<T>,
		Blake2_128Concat,
		<T as frame_system::Config>::AccountId,
		Twox64Concat,
		u32,
		v2_types::OldEntryOf<T>,
		OptionQuery,
	>;

	/// The organisation a v0 account grant is bound to: the account's organisation now, or an
	/// id no organisation has (so the grant matches nobody) if it left the consortium.
	fn bind<T: Config>(account: &T::AccountId) -> OrganizationId {
		T::Organizations::organization_of(account).unwrap_or(OrganizationId::MAX)
	}

	/// The unversioned migration; use [`MigrateV0ToV1`].
	pub struct UncheckedMigrateV0ToV1<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for UncheckedMigrateV0ToV1<T> {
		fn on_runtime_upgrade() -> Weight {
			let (mut reads, mut writes) = (0u64, 0u64);
			v2_types::Consents::<T>::translate::<V0ConsentOf<T>, _>(|_, old| {
				reads.saturating_inc();
				writes.saturating_inc();
				let grantee = match old.grantee {
					OldGrantee::Account(account) => {
						let organization = bind::<T>(&account);
						Grantee::Member { account, organization }
					},
					OldGrantee::Organization(o) => Grantee::Organization(o),
					OldGrantee::OrganizationKind(k) => Grantee::OrganizationKind(k),
				};
				Some(v2_types::OldConsentRecord {
					patient: old.patient,
					granted_by: old.granted_by,
					grantee,
					provision: old.provision,
					exceptions: old.exceptions,
					policy: old.policy,
					start: old.start,
					end: old.end,
					recorded_at: old.recorded_at,
					source: old.source,
					deposit: old.deposit,
				})
			});
			// Re-file the shared rings by recording organisation, oldest first.
			let mut entries: Vec<(T::AccountId, v2_types::OldEntryOf<T>)> =
				AccessLog::<T>::drain().map(|(patient, _, e)| (patient, e)).collect();
			entries.sort_by_key(|(_, e)| e.seq);
			let capacity = u64::from(T::AccessLogCapacity::get());
			for (patient, entry) in entries {
				reads.saturating_inc();
				let recorded = DisclosureCount::<T>::get(&patient, entry.organization);
				let slot = (recorded % capacity) as u32;
				v2_types::Disclosures::<T>::insert((&patient, entry.organization, slot), entry.clone());
				DisclosureCount::<T>::insert(&patient, entry.organization, recorded.saturating_add(1));
				writes.saturating_accrue(3);
			}
			for (id, e) in v2_types::Episodes::<T>::iter() {
				reads.saturating_inc();
				if e.review == Review::Pending {
					OpenEpisodes::<T>::mutate(&e.requester, |n| *n = n.saturating_add(1));
					writes.saturating_inc();
				}
				// Index each clinician's newest episode for each patient.
				if LatestEpisode::<T>::get(&e.patient, (&e.requester, e.purpose)).is_none_or(|latest| latest < id) {
					LatestEpisode::<T>::insert(&e.patient, (&e.requester, e.purpose), id);
					writes.saturating_inc();
				}
			}
			T::DbWeight::get().reads_writes(reads, writes)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, polkadot_sdk::sp_runtime::TryRuntimeError> {
			let consents = Consents::<T>::iter_keys().count() as u64;
			let entries = AccessLog::<T>::iter_keys().count() as u64;
			Ok((consents, entries).encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
			let (consents, entries): (u64, u64) =
				Decode::decode(&mut &state[..]).map_err(|_| "undecodable pre-upgrade state")?;
			ensure!(v2_types::Consents::<T>::iter().count() as u64 == consents, "consents lost or undecodable");
			ensure!(AccessLog::<T>::iter_keys().next().is_none(), "old access log left behind");
			ensure!(v2_types::Disclosures::<T>::iter_keys().count() as u64 <= entries, "entries invented");
			// The pallet's invariants are checked after v2, which changes the episode history.
			Ok(())
		}
	}

	/// v0 → v1, run once (guarded by the pallet's storage version).
	pub type MigrateV0ToV1<T> =
		VersionedMigration<0, 1, UncheckedMigrateV0ToV1<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;
}

/// v1 → v2: a patient's break-glass history records, with each episode, whether it awaits
/// review, so that making room for a new episode reads one episode instead of the history.
pub mod v2 {
	use super::*;

	/// The unversioned migration; use [`MigrateV1ToV2`].
	pub struct UncheckedMigrateV1ToV2<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for UncheckedMigrateV1ToV2<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut reads = 0u64;
			let mut writes = 0u64;
			PatientEpisodes::<T>::translate::<BoundedVec<EpisodeId, T::AccessLogCapacity>, _>(|_, ids| {
				reads.saturating_inc();
				writes.saturating_inc();
				let entries: Vec<HistoryEntry> = ids
					.into_iter()
					.filter_map(|episode| {
						reads.saturating_inc();
						// An id without its episode was already forgotten: it leaves the list.
						v2_types::Episodes::<T>::get(episode)
							.map(|e| HistoryEntry { episode, pending: e.review == Review::Pending })
					})
					.collect();
				Some(BoundedVec::truncate_from(entries))
			});
			T::DbWeight::get().reads_writes(reads, writes)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, polkadot_sdk::sp_runtime::TryRuntimeError> {
			Ok((PatientEpisodes::<T>::iter_keys().count() as u64).encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
			let patients: u64 = Decode::decode(&mut &state[..]).map_err(|_| "undecodable pre-upgrade state")?;
			ensure!(PatientEpisodes::<T>::iter().count() as u64 == patients, "histories lost or undecodable");
			// The pallet's invariants are checked after v3, which changes consents and episodes.
			Ok(())
		}
	}

	/// v1 → v2, run once (guarded by the pallet's storage version).
	pub type MigrateV1ToV2<T> =
		VersionedMigration<1, 2, UncheckedMigrateV1ToV2<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;
}

/// v2 → v4 in one step (a v2 chain lands on v4's layout directly): provisions gain an actor, a period and data constraints of their own, and nest (each
/// exception names its parent; v2 exceptions all nest in the root); consents record whether
/// emergency access may override them (v2 consents: allowed, as before); episodes record the
/// refusals they override (v2 episodes: none recorded) and the review's ruling on them;
/// access-log entries gain the record and recipient (v2 entries: none); actions become sets
/// (as in [`v4`]).
pub mod v3 {
	use super::*;
	use v2_types::*;

	fn provision<T: Config>(old: OldProvision<T::MaxCodes>) -> ProvisionOf<T> {
		Provision::over(old.decision, old.scope.upgrade())
	}

	/// The unversioned migration; use [`MigrateV2ToV4`].
	pub struct UncheckedMigrateV2ToV3<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for UncheckedMigrateV2ToV3<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut count = 0u64;
			crate::Consents::<T>::translate::<OldConsentOf<T>, _>(|_, old| {
				count.saturating_inc();
				let exceptions: Vec<ExceptionOf<T>> = old
					.exceptions
					.into_iter()
					.map(|p| Exception { parent: 0, provision: provision::<T>(p) })
					.collect();
				Some(ConsentRecord {
					patient: old.patient,
					granted_by: old.granted_by,
					grantee: old.grantee,
					provision: provision::<T>(old.provision),
					exceptions: BoundedVec::truncate_from(exceptions),
					emergency: EmergencyOverride::Allowed,
					policy: old.policy,
					validity: Validity { start: old.start, expires_at: old.end },
					recorded_at: old.recorded_at,
					source: old.source,
					deposit: old.deposit,
				})
			});
			crate::Episodes::<T>::translate::<OldEpisodeOf<T>, _>(|_, e| {
				count.saturating_inc();
				Some(BreakGlassEpisode {
					requester: e.requester,
					organization: e.organization,
					patient: e.patient,
					purpose: e.purpose,
					reason: e.reason,
					opened_at: e.opened_at,
					expires_at: e.expires_at,
					review_deadline: e.review_deadline,
					review: e.review,
					overdue: e.overdue,
					deposit: e.deposit,
					overrides: Default::default(),
					override_upheld: None,
				})
			});
			crate::Disclosures::<T>::translate::<OldEntryOf<T>, _>(|_, e| {
				count.saturating_inc();
				Some(AccessLogEntry {
					seq: e.seq,
					accessor: e.accessor,
					organization: e.organization,
					action: e.action,
					category: e.category,
					record: None,
					recipient: None,
					purpose: e.purpose,
					decision: e.decision,
					outcome: e.outcome,
					at: e.at,
				})
			});
			count.saturating_accrue(v4::upgrade_requests::<T>());
			T::DbWeight::get().reads_writes(count, count)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, polkadot_sdk::sp_runtime::TryRuntimeError> {
			let counts = (
				v2_types::Consents::<T>::iter_keys().count() as u64,
				v2_types::Episodes::<T>::iter_keys().count() as u64,
				v2_types::Disclosures::<T>::iter_keys().count() as u64,
			);
			Ok(counts.encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
			let (consents, episodes, entries): (u64, u64, u64) =
				Decode::decode(&mut &state[..]).map_err(|_| "undecodable pre-upgrade state")?;
			ensure!(crate::Consents::<T>::iter().count() as u64 == consents, "consents lost or undecodable");
			ensure!(crate::Episodes::<T>::iter().count() as u64 == episodes, "episodes lost or undecodable");
			ensure!(crate::Disclosures::<T>::iter().count() as u64 == entries, "entries lost or undecodable");
			Pallet::<T>::do_try_state()
		}
	}

	/// v2 → v4, run once (guarded by the pallet's storage version).
	pub type MigrateV2ToV4<T> =
		VersionedMigration<2, 4, UncheckedMigrateV2ToV3<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;
}

/// v3 → v4: the actions of a scope (in consents' provisions and access requests) become a set of
/// [`ConsentAction`] codes, which clients read and write by name, instead of a bit mask.
pub mod v4 {
	use super::*;
	use healthchain_primitives::Plain;
	use v2_types::OldScope;

	/// A v3 provision: the actions as a mask.
	#[derive(Encode, Decode, Clone, PartialEq, Eq, Debug, TypeInfo)]
	#[scale_info(skip_type_params(MaxCodes, MaxRefs))]
	pub struct OldProvision<AccountId: Plain, BlockNumber: Plain, MaxCodes: Get<u32>, MaxRefs: Get<u32>> {
		pub decision: Decision,
		pub scope: OldScope<MaxCodes>,
		pub actor: Option<Grantee<AccountId>>,
		pub period: Option<Validity<BlockNumber>>,
		pub data: DataScope<AccountId, MaxRefs>,
	}

	impl<A: Plain, B: Plain, M: Get<u32>, R: Get<u32>> OldProvision<A, B, M, R> {
		fn upgrade(self) -> Provision<A, B, M, R> {
			let OldProvision { decision, scope, actor, period, data } = self;
			Provision { decision, scope: scope.upgrade(), actor, period, data }
		}
	}

	/// A v3 consent: its provisions' actions as masks.
	#[derive(Encode, Decode)]
	pub struct OldConsentRecord<A: Plain, B: Plain, Ticket, M: Get<u32>, R: Get<u32>, E: Get<u32>> {
		pub patient: A,
		pub granted_by: A,
		pub grantee: Grantee<A>,
		pub provision: OldProvision<A, B, M, R>,
		pub exceptions: BoundedVec<(u8, OldProvision<A, B, M, R>), E>,
		pub emergency: EmergencyOverride,
		pub policy: H256,
		pub validity: Validity<B>,
		pub recorded_at: B,
		pub source: ConsentSource,
		pub deposit: Deposit<A, Ticket>,
	}

	/// A v3 access request: its scope's actions as a mask.
	#[derive(Encode, Decode)]
	pub struct OldAccessRequest<AccountId, BlockNumber, Ticket, MaxCodes: Get<u32>> {
		pub requester: AccountId,
		pub organization: OrganizationId,
		pub patient: AccountId,
		pub scope: OldScope<MaxCodes>,
		pub justification: H256,
		pub grant_duration: BlockNumber,
		pub expires_at: BlockNumber,
		pub deposit: Deposit<AccountId, Ticket>,
	}

	type AccountOf<T> = <T as frame_system::Config>::AccountId;
	type OldConsentOf<T> = OldConsentRecord<
		AccountOf<T>,
		BlockNumberFor<T>,
		<T as Config>::Consideration,
		<T as Config>::MaxCodes,
		<T as Config>::MaxRefs,
		<T as Config>::MaxExceptions,
	>;
	type OldRequestOf<T> =
		OldAccessRequest<AccountOf<T>, BlockNumberFor<T>, <T as Config>::Consideration, <T as Config>::MaxCodes>;

	/// Rewrites every access request with its actions as a set; returns how many.
	pub(crate) fn upgrade_requests<T: Config>() -> u64 {
		let mut count = 0u64;
		crate::Requests::<T>::translate::<OldRequestOf<T>, _>(|_, r| {
			count.saturating_inc();
			Some(AccessRequest {
				requester: r.requester,
				organization: r.organization,
				patient: r.patient,
				scope: r.scope.upgrade(),
				justification: r.justification,
				grant_duration: r.grant_duration,
				expires_at: r.expires_at,
				deposit: r.deposit,
			})
		});
		count
	}

	/// The unversioned migration; use [`MigrateV3ToV4`].
	pub struct UncheckedMigrateV3ToV4<T>(core::marker::PhantomData<T>);

	impl<T: Config> UncheckedOnRuntimeUpgrade for UncheckedMigrateV3ToV4<T> {
		fn on_runtime_upgrade() -> Weight {
			let mut count = upgrade_requests::<T>();
			crate::Consents::<T>::translate::<OldConsentOf<T>, _>(|_, c| {
				count.saturating_inc();
				let exceptions: Vec<ExceptionOf<T>> = c
					.exceptions
					.into_iter()
					.map(|(parent, p)| Exception { parent, provision: p.upgrade() })
					.collect();
				Some(ConsentRecord {
					patient: c.patient,
					granted_by: c.granted_by,
					grantee: c.grantee,
					provision: c.provision.upgrade(),
					exceptions: BoundedVec::truncate_from(exceptions),
					emergency: c.emergency,
					policy: c.policy,
					validity: c.validity,
					recorded_at: c.recorded_at,
					source: c.source,
					deposit: c.deposit,
				})
			});
			T::DbWeight::get().reads_writes(count, count)
		}

		#[cfg(feature = "try-runtime")]
		fn pre_upgrade() -> Result<Vec<u8>, polkadot_sdk::sp_runtime::TryRuntimeError> {
			Ok((crate::Consents::<T>::iter_keys().count() as u64, crate::Requests::<T>::iter_keys().count() as u64)
				.encode())
		}

		#[cfg(feature = "try-runtime")]
		fn post_upgrade(state: Vec<u8>) -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
			let (consents, requests): (u64, u64) =
				Decode::decode(&mut &state[..]).map_err(|_| "undecodable pre-upgrade state")?;
			ensure!(crate::Consents::<T>::iter().count() as u64 == consents, "consents lost or undecodable");
			ensure!(crate::Requests::<T>::iter().count() as u64 == requests, "requests lost or undecodable");
			Pallet::<T>::do_try_state()
		}
	}

	/// v3 → v4, run once (guarded by the pallet's storage version).
	pub type MigrateV3ToV4<T> =
		VersionedMigration<3, 4, UncheckedMigrateV3ToV4<T>, Pallet<T>, <T as frame_system::Config>::DbWeight>;
}
