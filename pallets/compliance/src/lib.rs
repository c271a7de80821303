//! # Compliance Pallet
//!
//! Proof before data: accredited auditors attest that providers meet HIPAA, GDPR, ISO 27001 or
//! de-identification standards; consortium governance decides which attestations an organisation
//! of a given kind must hold, valid now, to anchor records of a given category; and every other
//! pallet asks [`ComplianceCheck::is_compliant`] before it lets data in.
//!
//! ## Terminology
//!
//! - `attestor`: an organisation of kind `Auditor` that governance has *accredited* for named
//!   [`AttestationType`]s until an expiry block. Its member accounts with role `Auditor` (or its
//!   administrator) issue attestations.
//! - `attestation`: attestor → [`Subject`] (an organisation, or a record/dataset hash) of a type,
//!   with an evidence hash (the audit report, kept off-chain), an issue block, an expiry block and
//!   possibly a revocation. A deposit is held from the issuing account until it is removed.
//! - `withdrawal`: governance withdraws an accreditation; every attestation that attestor issued for
//!   that type up to then is flagged (`AttestorNotAccredited`) at once, without touching each one.
//! - `requirement`: for an [`OrganizationKind`] and a [`RecordCategory`], the attestation types an
//!   organisation must hold to anchor records of that category.
//! - Block numbers bound validity: an attestation or accreditation is valid while
//!   `now < expires_at`.
//!
//! ## Scenario: City Lab becomes able to anchor lab results
//!
//! 1. The council accredits Assure Audit (an `Auditor` organisation) for `HipaaSecurityRule` with
//!    [`Pallet::accredit`] and requires, with [`Pallet::set_requirement`], that laboratories hold a
//!    valid `HipaaSecurityRule` attestation to anchor `LabResult` records.
//! 2. City Lab tries to anchor a report: refused, `MissingAttestation(HipaaSecurityRule)`.
//! 3. Assure Audit's auditor audits City Lab and calls [`Pallet::attest`] with the report's hash and
//!    a one-year expiry; `AttestationIssued` is emitted. City Lab now passes `is_compliant`.
//! 4. A breach is found: the auditor [`Pallet::revoke`]s the attestation; City Lab is refused again
//!    with `AttestationRevoked`. Had the council instead withdrawn Assure Audit's accreditation
//!    ([`Pallet::withdraw_accreditation`]), every attestation it issued would be refused with
//!    `AttestorNotAccredited`.
//! 5. Once expired or revoked, the issuer calls [`Pallet::remove_attestation`] to release the
//!    deposit; the events keep the history.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod migrations;
mod try_state;
pub mod types;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use healthchain_primitives::{ComplianceCheck, MemberRole, Membership, OrganizationDirectory, RecordAttestations};
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use polkadot_sdk::{
	frame_support::{
		pallet_prelude::*,
		traits::{Consideration, Footprint},
	},
	frame_system::{self, pallet_prelude::*},
	sp_core::H256,
	sp_runtime::traits::{Saturating, Zero},
};

/// An attestation record.
pub type AttestationOf<T> =
	Attestation<<T as frame_system::Config>::AccountId, BlockNumberFor<T>, <T as Config>::Consideration>;
/// Attestation types required for one (kind, category).
pub type RequiredTypesOf<T> = BoundedVec<AttestationType, <T as Config>::MaxRequiredTypes>;

#[polkadot_sdk::frame_support::pallet]
pub mod pallet {
	use super::*;

	/// The in-code storage version.
	pub(crate) const STORAGE_VERSION: StorageVersion = StorageVersion::new(1);

	#[pallet::pallet]
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Default bounds for test runtimes: `#[derive_impl(config_preludes::TestDefaultConfig)]` fills
	/// in every bound and the unit weights; a mock names only how the pallet is wired (and a bound
	/// it wants smaller).
	pub mod config_preludes {
		use super::*;
		use polkadot_sdk::frame_support::{
			derive_impl,
			traits::{ConstU32, ConstU64},
		};
		use polkadot_sdk::frame_system;

		/// The bounds the pallet's own tests use.
		pub struct TestDefaultConfig;

		#[derive_impl(frame_system::config_preludes::TestDefaultConfig, no_aggregated_types)]
		impl frame_system::DefaultConfig for TestDefaultConfig {}

		#[polkadot_sdk::frame_support::register_default_impl(TestDefaultConfig)]
		impl DefaultConfig for TestDefaultConfig {
			type MaxAttestationsPerSubject = ConstU32<4>;
			type MaxRequiredTypes = ConstU32<4>;
			type MaxAttestationValidity = ConstU64<1000>;
			type WeightInfo = ();
		}
	}

	#[pallet::config(with_default)]
	pub trait Config: polkadot_sdk::frame_system::Config {
		/// The consortium directory.
		#[pallet::no_default]
		type Organizations: OrganizationDirectory<Self::AccountId>;

		/// Deposit held for each attestation.
		#[pallet::no_default]
		type Consideration: Consideration<Self::AccountId, Footprint>;

		/// Consortium governance: accredits attestors, sets requirements, may revoke attestations.
		#[pallet::no_default]
		type GovernanceOrigin: EnsureOrigin<Self::RuntimeOrigin>;

		/// Maximum attestations stored per subject.
		#[pallet::constant]
		type MaxAttestationsPerSubject: Get<u32>;

		/// Maximum attestation types one requirement may list.
		#[pallet::constant]
		type MaxRequiredTypes: Get<u32>;

		/// Longest validity, in blocks, of an attestation.
		#[pallet::constant]
		#[pallet::no_default_bounds]
		type MaxAttestationValidity: Get<BlockNumberFor<Self>>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Sets up organisations for the benchmarks.
		#[pallet::no_default]
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: benchmarking::BenchmarkHelper<Self::AccountId>;
	}

	/// Reasons this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// Deposit for an attestation.
		#[codec(index = 0)]
		AttestationDeposit,
	}

	/// Accreditations of attestor organisations, per attestation type.
	#[pallet::storage]
	pub type Accreditations<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		OrganizationId,
		Twox64Concat,
		AttestationType,
		Accreditation<BlockNumberFor<T>>,
		OptionQuery,
	>;

	/// The last block at which governance withdrew an attestor's accreditation for a type; every
	/// attestation of that type it issued at or before that block is flagged.
	#[pallet::storage]
	pub type LastWithdrawal<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		OrganizationId,
		Twox64Concat,
		AttestationType,
		BlockNumberFor<T>,
		OptionQuery,
	>;

	/// The id of the next attestation.
	#[pallet::storage]
	pub type NextAttestationId<T> = StorageValue<_, AttestationId, ValueQuery>;

	/// Attestations by id.
	#[pallet::storage]
	pub type Attestations<T: Config> = StorageMap<_, Twox64Concat, AttestationId, AttestationOf<T>, OptionQuery>;

	/// Attestation ids by subject.
	#[pallet::storage]
	pub type SubjectAttestations<T: Config> =
		StorageMap<_, Blake2_128Concat, Subject, BoundedVec<AttestationId, T::MaxAttestationsPerSubject>, ValueQuery>;

	/// Attestation types required of an organisation kind to anchor a record category.
	#[pallet::storage]
	pub type Requirements<T: Config> = StorageDoubleMap<
		_,
		Twox64Concat,
		OrganizationKind,
		Twox64Concat,
		RecordCategory,
		RequiredTypesOf<T>,
		ValueQuery,
	>;

	#[pallet::genesis_config]
	#[derive(polkadot_sdk::frame_support::DefaultNoBound)]
	pub struct GenesisConfig<T: Config> {
		/// Accreditations: attestor organisation, type, expiry block.
		pub accreditations: alloc::vec::Vec<(OrganizationId, AttestationType, BlockNumberFor<T>)>,
		/// Requirements: organisation kind, record category, required types.
		pub requirements: alloc::vec::Vec<(OrganizationKind, RecordCategory, alloc::vec::Vec<AttestationType>)>,
		/// Attestations issued at genesis (deposit taken from the issuer): issuer account,
		/// attestor organisation, subject organisation, type, evidence hash, expiry block.
		pub attestations:
			alloc::vec::Vec<(T::AccountId, OrganizationId, OrganizationId, AttestationType, H256, BlockNumberFor<T>)>,
	}

	#[pallet::genesis_build]
	impl<T: Config> BuildGenesisConfig for GenesisConfig<T> {
		fn build(&self) {
			for (org, kind, expires_at) in &self.accreditations {
				Accreditations::<T>::insert(
					org,
					kind,
					Accreditation { granted_at: Zero::zero(), expires_at: *expires_at },
				);
			}
			for (kind, category, types) in &self.requirements {
				let types: RequiredTypesOf<T> = types.clone().try_into().expect("genesis requirement within bounds");
				Requirements::<T>::insert(kind, category, types);
			}
			for (issuer, attestor, subject, kind, evidence, expires_at) in &self.attestations {
				Pallet::<T>::store_attestation(
					issuer.clone(),
					*attestor,
					Subject::Organization(*subject),
					*kind,
					*evidence,
					Zero::zero(),
					*expires_at,
				)
				.expect("genesis attestation is valid");
			}
		}
	}

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// Governance accredited an attestor for a type until `expires_at`.
		AttestorAccredited { attestor: OrganizationId, kind: AttestationType, expires_at: BlockNumberFor<T> },
		/// Governance withdrew an accreditation; every attestation of this type the attestor issued
		/// is flagged from now on.
		AccreditationWithdrawn {
			attestor: OrganizationId,
			kind: AttestationType,
			flagged_attestations_issued_up_to: BlockNumberFor<T>,
		},
		/// An attestation was issued.
		AttestationIssued {
			id: AttestationId,
			attestor: OrganizationId,
			issued_by: T::AccountId,
			subject: Subject,
			kind: AttestationType,
			evidence: H256,
			expires_at: BlockNumberFor<T>,
		},
		/// An attestation was revoked.
		AttestationRevoked {
			id: AttestationId,
			subject: Subject,
			kind: AttestationType,
			by: RevokedBy,
			reason: RevocationReason,
		},
		/// An expired or revoked attestation was removed and its deposit released.
		AttestationRemoved { id: AttestationId, subject: Subject },
		/// Governance set the attestation types required of `org_kind` to anchor `category`.
		RequirementSet { org_kind: OrganizationKind, category: RecordCategory, required: RequiredTypesOf<T> },
	}

	#[pallet::error]
	pub enum Error<T> {
		/// No such organisation.
		UnknownOrganization,
		/// Only active organisations may be accredited, attest or be attested.
		OrganizationInactive,
		/// Only organisations of kind `Auditor` can be accredited.
		NotAnAuditor,
		/// The expiry is not in the future, or too far.
		InvalidExpiry,
		/// The attestor holds no valid accreditation for this type.
		NotAccredited,
		/// The caller is not an auditor or administrator of an attestor organisation.
		NotAttestorMember,
		/// The subject has `MaxAttestationsPerSubject` attestations; remove stale ones first.
		TooManyAttestations,
		/// No such attestation.
		UnknownAttestation,
		/// The attestation is already revoked.
		AlreadyRevoked,
		/// Only the attestor organisation or governance may revoke this attestation.
		NotAttestationOwner,
		/// The attestation is still valid; revoke it or wait for expiry before removing it.
		StillValid,
		/// A requirement lists a type twice.
		DuplicateType,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxAttestationsPerSubject::get() > 0);
			assert!(!T::MaxAttestationValidity::get().is_zero());
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Accredit an auditor organisation for `kind` until block `expires_at` (replacing any
		/// earlier accreditation for that type).
		///
		/// - Origin: governance.
		/// - Checks: the organisation exists, is active and is of kind `Auditor`; the expiry is in
		///   the future.
		/// - Emits: `AttestorAccredited`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::accredit())]
		pub fn accredit(
			origin: OriginFor<T>,
			attestor: OrganizationId,
			kind: AttestationType,
			expires_at: BlockNumberFor<T>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			let org_kind = T::Organizations::kind_of(attestor).ok_or(Error::<T>::UnknownOrganization)?;
			ensure!(T::Organizations::is_active(attestor), Error::<T>::OrganizationInactive);
			ensure!(org_kind == OrganizationKind::Auditor, Error::<T>::NotAnAuditor);
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(expires_at > now, Error::<T>::InvalidExpiry);
			Accreditations::<T>::insert(attestor, kind, Accreditation { granted_at: now, expires_at });
			Self::deposit_event(Event::AttestorAccredited { attestor, kind, expires_at });
			Ok(())
		}

		/// Withdraw an attestor's accreditation for `kind`. Every attestation of that type it
		/// issued up to now is flagged at once (`AttestorNotAccredited`), even if it is accredited
		/// again later.
		///
		/// - Origin: governance.
		/// - Checks: the accreditation exists.
		/// - Emits: `AccreditationWithdrawn`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::withdraw_accreditation())]
		pub fn withdraw_accreditation(
			origin: OriginFor<T>,
			attestor: OrganizationId,
			kind: AttestationType,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			ensure!(Accreditations::<T>::contains_key(attestor, kind), Error::<T>::NotAccredited);
			let now = frame_system::Pallet::<T>::block_number();
			Accreditations::<T>::remove(attestor, kind);
			LastWithdrawal::<T>::insert(attestor, kind, now);
			Self::deposit_event(Event::AccreditationWithdrawn {
				attestor,
				kind,
				flagged_attestations_issued_up_to: now,
			});
			Ok(())
		}

		/// Issue an attestation of `kind` about `subject`, with the hash of the evidence and an
		/// expiry block. A deposit is held from the caller.
		///
		/// - Origin: signed by an `Auditor` member (or the administrator) of an active attestor
		///   organisation holding a valid accreditation for `kind`.
		/// - Checks: the expiry is in the future and within `MaxAttestationValidity`; an
		///   organisation subject exists; the subject has room for another attestation.
		/// - Emits: `AttestationIssued`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::attest())]
		pub fn attest(
			origin: OriginFor<T>,
			subject: Subject,
			kind: AttestationType,
			evidence: H256,
			expires_at: BlockNumberFor<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let Membership { organization: attestor, role, .. } =
				T::Organizations::membership(&who).ok_or(Error::<T>::NotAttestorMember)?;
			ensure!(matches!(role, MemberRole::Auditor | MemberRole::Administrator), Error::<T>::NotAttestorMember);
			let now = frame_system::Pallet::<T>::block_number();
			let accreditation = Accreditations::<T>::get(attestor, kind).ok_or(Error::<T>::NotAccredited)?;
			ensure!(now < accreditation.expires_at, Error::<T>::NotAccredited);
			ensure!(
				expires_at > now && expires_at <= now.saturating_add(T::MaxAttestationValidity::get()),
				Error::<T>::InvalidExpiry
			);
			if let Subject::Organization(org) = subject {
				ensure!(T::Organizations::kind_of(org).is_some(), Error::<T>::UnknownOrganization);
			}
			Self::store_attestation(who, attestor, subject, kind, evidence, now, expires_at)?;
			Ok(())
		}

		/// Revoke an attestation: it stops counting at once.
		///
		/// - Origin: governance, or signed by an `Auditor` member (or the administrator) of the
		///   attestor organisation.
		/// - Checks: the attestation exists and is not revoked.
		/// - Emits: `AttestationRevoked`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::revoke())]
		pub fn revoke(origin: OriginFor<T>, id: AttestationId, reason: RevocationReason) -> DispatchResult {
			let by = match T::GovernanceOrigin::try_origin(origin) {
				Ok(_) => RevokedBy::Governance,
				Err(origin) => {
					let who = ensure_signed(origin)?;
					let att = Attestations::<T>::get(id).ok_or(Error::<T>::UnknownAttestation)?;
					let member = T::Organizations::organization_of(&who);
					let role = T::Organizations::role_of(&who);
					ensure!(
						member == Some(att.attestor)
							&& matches!(role, Some(MemberRole::Auditor | MemberRole::Administrator)),
						Error::<T>::NotAttestationOwner
					);
					RevokedBy::Attestor
				},
			};
			let mut att = Attestations::<T>::get(id).ok_or(Error::<T>::UnknownAttestation)?;
			ensure!(att.revoked.is_none(), Error::<T>::AlreadyRevoked);
			let now = frame_system::Pallet::<T>::block_number();
			att.revoked = Some(Revocation { at: now, by, reason });
			let (subject, kind) = (att.subject, att.kind);
			Attestations::<T>::insert(id, att);
			Self::deposit_event(Event::AttestationRevoked { id, subject, kind, by, reason });
			Ok(())
		}

		/// Remove an attestation that no longer counts (expired, revoked, or flagged) and release
		/// its deposit. The events keep its history.
		///
		/// - Origin: signed by the account that issued it.
		/// - Checks: the attestation exists and is not valid now.
		/// - Emits: `AttestationRemoved`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::remove_attestation())]
		pub fn remove_attestation(origin: OriginFor<T>, id: AttestationId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let att = Attestations::<T>::get(id).ok_or(Error::<T>::UnknownAttestation)?;
			ensure!(att.issued_by == who, Error::<T>::NotAttestationOwner);
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(Self::standing(&att, now) != AttestationStanding::Valid, Error::<T>::StillValid);
			let mut list = SubjectAttestations::<T>::get(att.subject);
			list.retain(|i| *i != id);
			att.deposit.release();
			Attestations::<T>::remove(id);
			if list.is_empty() {
				SubjectAttestations::<T>::remove(att.subject);
			} else {
				SubjectAttestations::<T>::insert(att.subject, list);
			}
			Self::deposit_event(Event::AttestationRemoved { id, subject: att.subject });
			Ok(())
		}

		/// Set the attestation types an organisation of `org_kind` must hold, valid, to anchor
		/// records of `category` (an empty list removes the requirement, and with it the kind's
		/// permission to anchor the category: compliance fails closed). Takes effect at once.
		///
		/// - Origin: governance.
		/// - Checks: no type is listed twice.
		/// - Emits: `RequirementSet`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::set_requirement(T::MaxRequiredTypes::get()))]
		pub fn set_requirement(
			origin: OriginFor<T>,
			org_kind: OrganizationKind,
			category: RecordCategory,
			required: RequiredTypesOf<T>,
		) -> DispatchResult {
			T::GovernanceOrigin::ensure_origin(origin)?;
			for (i, t) in required.iter().enumerate() {
				ensure!(!required.iter().skip(i.saturating_add(1)).any(|o| o == t), Error::<T>::DuplicateType);
			}
			if required.is_empty() {
				Requirements::<T>::remove(org_kind, category);
			} else {
				Requirements::<T>::insert(org_kind, category, required.clone());
			}
			Self::deposit_event(Event::RequirementSet { org_kind, category, required });
			Ok(())
		}
	}
}

impl<T: Config> Pallet<T> {
	fn store_attestation(
		issued_by: T::AccountId,
		attestor: OrganizationId,
		subject: Subject,
		kind: AttestationType,
		evidence: H256,
		issued_at: BlockNumberFor<T>,
		expires_at: BlockNumberFor<T>,
	) -> DispatchResult {
		let mut list = SubjectAttestations::<T>::get(subject);
		let id = NextAttestationId::<T>::get();
		list.try_push(id).map_err(|_| Error::<T>::TooManyAttestations)?;
		let deposit = Deposit::for_item::<AttestationOf<T>>(issued_by.clone())?;
		NextAttestationId::<T>::put(id.saturating_add(1));
		Attestations::<T>::insert(
			id,
			Attestation {
				attestor,
				issued_by: issued_by.clone(),
				subject,
				kind,
				evidence,
				issued_at,
				expires_at,
				revoked: None,
				deposit,
			},
		);
		SubjectAttestations::<T>::insert(subject, list);
		Self::deposit_event(Event::AttestationIssued { id, attestor, issued_by, subject, kind, evidence, expires_at });
		Ok(())
	}

	/// How attestation `id` stands at block `now` (`None`: no such attestation).
	pub fn attestation_standing(id: AttestationId, now: BlockNumberFor<T>) -> Option<AttestationStanding> {
		Attestations::<T>::get(id).map(|a| Self::standing(&a, now))
	}

	/// The standing of `att` at `now`.
	pub fn standing(att: &AttestationOf<T>, now: BlockNumberFor<T>) -> AttestationStanding {
		if att.revoked.is_some() {
			return AttestationStanding::Revoked;
		}
		if LastWithdrawal::<T>::get(att.attestor, att.kind).is_some_and(|w| att.issued_at <= w) {
			return AttestationStanding::AttestorNotAccredited;
		}
		if !T::Organizations::is_active(att.attestor) {
			return AttestationStanding::AttestorInactive;
		}
		if now >= att.expires_at {
			return AttestationStanding::Expired;
		}
		AttestationStanding::Valid
	}

	/// Whether `subject` holds a valid attestation of `kind` at `now`; if not, why (from the most
	/// recently issued attestation of that type).
	pub fn check_subject(
		subject: Subject,
		kind: AttestationType,
		now: BlockNumberFor<T>,
	) -> Result<(), ComplianceRefusal> {
		let mut latest: Option<(BlockNumberFor<T>, AttestationStanding)> = None;
		for id in SubjectAttestations::<T>::get(subject) {
			let Some(att) = Attestations::<T>::get(id) else { continue };
			if att.kind != kind {
				continue;
			}
			let standing = Self::standing(&att, now);
			if standing == AttestationStanding::Valid {
				return Ok(());
			}
			if latest.as_ref().is_none_or(|(at, _)| att.issued_at >= *at) {
				latest = Some((att.issued_at, standing));
			}
		}
		Err(match latest.map(|(_, s)| s) {
			None | Some(AttestationStanding::Valid) => ComplianceRefusal::MissingAttestation(kind),
			Some(AttestationStanding::Expired) => ComplianceRefusal::AttestationExpired(kind),
			Some(AttestationStanding::Revoked) => ComplianceRefusal::AttestationRevoked(kind),
			Some(AttestationStanding::AttestorNotAccredited) => ComplianceRefusal::AttestorNotAccredited(kind),
			Some(AttestationStanding::AttestorInactive) => ComplianceRefusal::AttestorInactive(kind),
		})
	}
}

impl<T: Config> ComplianceCheck<BlockNumberFor<T>> for Pallet<T> {
	fn is_compliant(
		org: OrganizationId,
		category: RecordCategory,
		now: BlockNumberFor<T>,
	) -> Result<(), ComplianceRefusal> {
		let kind = T::Organizations::kind_of(org).ok_or(ComplianceRefusal::UnknownOrganization)?;
		if !T::Organizations::is_active(org) {
			return Err(ComplianceRefusal::OrganizationInactive);
		}
		// Fail closed: a kind may anchor a category only where the consortium set a requirement.
		let required = Requirements::<T>::get(kind, category);
		if required.is_empty() {
			return Err(ComplianceRefusal::NotPermittedForKind);
		}
		for required in required {
			Self::check_subject(Subject::Organization(org), required, now)?;
		}
		Ok(())
	}

	fn is_accredited_auditor(org: OrganizationId, now: BlockNumberFor<T>) -> bool {
		T::Organizations::is_active(org)
			&& T::Organizations::kind_of(org) == Some(OrganizationKind::Auditor)
			&& Accreditations::<T>::iter_prefix(org).any(|(_, a)| now < a.expires_at)
	}
}

impl<T: Config> RecordAttestations<BlockNumberFor<T>> for Pallet<T> {
	fn record_attested(hash: H256, kind: AttestationType, now: BlockNumberFor<T>) -> Result<(), ComplianceRefusal> {
		Self::check_subject(Subject::Record(hash), kind, now)
	}
}
