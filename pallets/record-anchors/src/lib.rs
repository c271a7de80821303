//! # Record Anchors Pallet
//!
//! Tamper-evident anchors for health records kept off-chain. The records (prescriptions, X-rays,
//! MRI, lab reports, notes, claims, device data…) stay encrypted at the provider or a storage
//! service; the chain keeps what proves them — who anchored what, about which patient or
//! pseudonym, when, of which kind, and its hash — and lets anyone holding a document check that it
//! was not altered. Nothing is anchored without the patient's consent and the provider's
//! compliance.
//!
//! ## Terminology
//!
//! - `anchor`: author, organisation, subject (patient account or pseudonym), content hash of the
//!   encrypted document with its hash algorithm, category, FHIR resource type, security labels,
//!   an opaque storage pointer (encrypted URI or CID — never plain personal data), an optional
//!   metadata hash. A deposit is held; anchors are never erased.
//! - `version`: an anchor may supersede an earlier one (FHIR Provenance `revision`, HIPAA right to
//!   amend) with an [`AmendmentReason`]; the first version's id names the record, and the latest
//!   version of any record is one read away. Anchors can be marked entered-in-error or withdrawn;
//!   history stays.
//! - `batch`: one call anchors a Merkle root over many records of high-volume producers (labs,
//!   devices), with the consent of every declared patient checked (or, for a de-identified
//!   research dataset, each contributing patient's research consent and a de-identification
//!   attestation of the root). Anyone verifies a record's inclusion with
//!   `healthchain_primitives::merkle`.
//!
//! ## Scenario: a lab report for Pat
//!
//! 1. City Lab (compliant: it holds a valid HIPAA Security attestation) finishes Pat's blood panel,
//!    encrypts the PDF, stores it, and calls [`Pallet::anchor_record`] with the PDF's hash, category
//!    `LabResult`, type `DiagnosticReport` and the encrypted pointer. The chain checks City Lab's
//!    compliance and Pat's consent to `Store` lab results with City Lab; `RecordAnchored` tells Pat's
//!    app a new record exists.
//! 2. Pat's physician receives the PDF and checks its hash against the anchor
//!    ([`Pallet::verify_record`]); a tampered file does not match.
//! 3. A value was wrong: City Lab anchors the corrected report with [`Pallet::supersede`]
//!    (`Correction`); the first version is marked superseded, the latest is found at once.
//! 4. Overnight the lab's analyser produces 1,000 results: [`Pallet::anchor_batch`] anchors their
//!    Merkle root in one call.
//! 5. A research institute anchors a de-identified dataset with [`Pallet::anchor_batch`] in
//!    `Deidentified` scope: refused unless every contributing patient opted in and the dataset
//!    carries a de-identification attestation.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod types;
pub mod weights;

#[cfg(feature = "runtime-benchmarks")]
pub mod benchmarking;
#[cfg(test)]
mod mock;
#[cfg(test)]
mod tests;

pub use healthchain_primitives::{
	delegate_action, merkle, AccessQuery, AttestationType, ComplianceCheck, ComplianceRefusal,
	ConsentAction, ConsentCheck, OrganizationDirectory, OrganizationKind, PatientRegistry,
	RecordAttestations,
};
pub use pallet::*;
pub use types::*;
pub use weights::WeightInfo;

use alloc::vec::Vec;
use polkadot_sdk::{
	frame_support::{
		pallet_prelude::*,
		traits::{Consideration, Footprint},
	},
	frame_system::{self, pallet_prelude::*},
	sp_core::H256,

};

/// An anchor record.
pub type AnchorOf<T> = Anchor<
	<T as frame_system::Config>::AccountId,
	BlockNumberFor<T>,
	<T as Config>::Consideration,
	<T as Config>::MaxLabels,
	<T as Config>::MaxPointerLen,
>;
/// A batch record.
pub type BatchOf<T> =
	Batch<<T as frame_system::Config>::AccountId, BlockNumberFor<T>, <T as Config>::Consideration>;
/// A subject.
pub type SubjectOf<T> = RecordSubject<<T as frame_system::Config>::AccountId>;
/// Labels of an anchor.
pub type LabelsOf<T> = BoundedVec<SecurityLabel, <T as Config>::MaxLabels>;
/// A storage pointer.
pub type PointerOf<T> = BoundedVec<u8, <T as Config>::MaxPointerLen>;

#[polkadot_sdk::frame_support::pallet]
pub mod pallet {
	use super::*;

	#[pallet::pallet]
	pub struct Pallet<T>(_);

	#[pallet::config]
	pub trait Config: polkadot_sdk::frame_system::Config {
		/// Patients, pseudonyms and delegates.
		type Patients: PatientRegistry<Self::AccountId, BlockNumberFor<Self>>;
		/// The consortium directory.
		type Organizations: OrganizationDirectory<Self::AccountId>;
		/// Compliance of organisations.
		type Compliance: ComplianceCheck<BlockNumberFor<Self>>;
		/// Attestations of records and datasets (de-identification).
		type RecordAttestations: RecordAttestations<BlockNumberFor<Self>>;
		/// Patients' consents.
		type Consent: ConsentCheck<Self::AccountId, BlockNumberFor<Self>>;
		/// Deposit held for anchors and batches.
		type Consideration: Consideration<Self::AccountId, Footprint>;
		/// Maximum security labels of an anchor.
		#[pallet::constant]
		type MaxLabels: Get<u32>;
		/// Maximum bytes of a storage pointer.
		#[pallet::constant]
		type MaxPointerLen: Get<u32>;
		/// Maximum anchors of the same content hash.
		#[pallet::constant]
		type MaxAnchorsPerHash: Get<u32>;
		/// Maximum patients a batch declares.
		#[pallet::constant]
		type MaxBatchPatients: Get<u32>;
		/// Maximum page size of queries.
		#[pallet::constant]
		type MaxPageSize: Get<u32>;
		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Sets up authors and consenting patients for the benchmarks.
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: benchmarking::BenchmarkHelper<Self::AccountId>;
	}

	/// Reasons this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// Deposit for an anchor or a batch.
		#[codec(index = 0)]
		AnchorDeposit,
	}

	/// The next anchor id.
	#[pallet::storage]
	pub type NextAnchorId<T> = StorageValue<_, AnchorId, ValueQuery>;
	/// Anchors by id.
	#[pallet::storage]
	pub type Anchors<T: Config> = StorageMap<_, Twox64Concat, AnchorId, AnchorOf<T>, OptionQuery>;
	/// Anchor ids by content hash.
	#[pallet::storage]
	pub type AnchorsByHash<T: Config> =
		StorageMap<_, Identity, H256, BoundedVec<AnchorId, T::MaxAnchorsPerHash>, ValueQuery>;
	/// The latest version of each record, by the id of its first version.
	#[pallet::storage]
	pub type LatestVersion<T: Config> = StorageMap<_, Twox64Concat, AnchorId, AnchorId, OptionQuery>;
	/// Number of anchors per subject.
	#[pallet::storage]
	pub type SubjectAnchorCount<T: Config> = StorageMap<_, Blake2_128Concat, SubjectOf<T>, u32, ValueQuery>;
	/// Anchors per subject, by position.
	#[pallet::storage]
	pub type SubjectAnchors<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, SubjectOf<T>, Twox64Concat, u32, AnchorId, OptionQuery>;
	/// Number of anchors per organisation.
	#[pallet::storage]
	pub type OrganizationAnchorCount<T: Config> = StorageMap<_, Twox64Concat, OrganizationId, u32, ValueQuery>;
	/// Anchors per organisation, by position.
	#[pallet::storage]
	pub type OrganizationAnchors<T: Config> =
		StorageDoubleMap<_, Twox64Concat, OrganizationId, Twox64Concat, u32, AnchorId, OptionQuery>;
	/// The next batch id.
	#[pallet::storage]
	pub type NextBatchId<T> = StorageValue<_, BatchId, ValueQuery>;
	/// Batches by id.
	#[pallet::storage]
	pub type Batches<T: Config> = StorageMap<_, Twox64Concat, BatchId, BatchOf<T>, OptionQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A record was anchored (the patient's app learns a new record exists).
		RecordAnchored {
			id: AnchorId,
			subject: SubjectOf<T>,
			author: T::AccountId,
			organization: Option<OrganizationId>,
			content_hash: H256,
			category: RecordCategory,
			resource_type: FhirResourceType,
		},
		/// A new version superseded an earlier one.
		RecordSuperseded { previous: AnchorId, id: AnchorId, original: AnchorId, reason: AmendmentReason, subject: SubjectOf<T> },
		/// An anchor's status changed.
		RecordStatusChanged { id: AnchorId, status: AnchorStatus, by: T::AccountId, subject: SubjectOf<T> },
		/// A batch root was anchored.
		BatchAnchored {
			id: BatchId,
			author: T::AccountId,
			organization: OrganizationId,
			root: H256,
			count: u32,
			category: RecordCategory,
			patients: u32,
			scope: BatchScope,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The caller is not a member of an active organisation (nor the patient).
		NotActiveMember,
		/// The patient is not an active patient.
		UnknownPatient,
		/// No such pseudonym.
		UnknownPseudonym,
		/// The pseudonym was published for another organisation.
		PseudonymOfAnotherOrganization,
		/// The organisation is suspended or retired.
		OrganizationInactive,
		/// Compliance: a required attestation is missing.
		MissingAttestation,
		/// Compliance: the required attestation expired.
		AttestationExpired,
		/// Compliance: the required attestation was revoked.
		AttestationRevoked,
		/// Compliance: the attestor's accreditation was withdrawn.
		AttestorNotAccredited,
		/// No consent permits storing this record for this organisation.
		NoConsent,
		/// A consent provision denies storing this record.
		ConsentDenied,
		/// The record carries a sensitive label the consent does not name.
		SensitiveLabelNotPermitted,
		/// The content hash has `MaxAnchorsPerHash` anchors.
		TooManyAnchorsForHash,
		/// No such anchor.
		UnknownAnchor,
		/// Only the current version can be superseded or have its status changed.
		NotCurrent,
		/// Only the author's organisation or the patient may do this.
		NotAuthorized,
		/// The status must be `EnteredInError` or `Withdrawn`.
		InvalidStatus,
		/// A batch needs at least one record and one declared patient.
		EmptyBatch,
		/// Only research institutions anchor de-identified datasets.
		NotResearchInstitution,
		/// A contributing patient has not opted this category (or study) into research.
		NoResearchConsent,
		/// The dataset has no valid de-identification attestation.
		NotDeidentified,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxPageSize::get() > 0);
			assert!(T::MaxAnchorsPerHash::get() > 0);
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Anchor a record about `subject`.
		///
		/// - Origin: signed by a member of an active organisation; or by the patient (or a
		///   delegate with `ANCHOR_RECORDS`) for their own records.
		/// - Checks: for organisations, compliance for `category` and the patient's consent to
		///   `Store` it for `purpose` (a pseudonym must have been published for the caller's
		///   organisation, which is the patient's consent to anchor under it); room for another
		///   anchor of the same hash. A deposit is held from the caller.
		/// - Emits: `RecordAnchored`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::anchor_record())]
		pub fn anchor_record(
			origin: OriginFor<T>,
			subject: SubjectOf<T>,
			content_hash: H256,
			hash_algorithm: HashAlgorithm,
			category: RecordCategory,
			resource_type: FhirResourceType,
			labels: LabelsOf<T>,
			pointer: PointerOf<T>,
			metadata_hash: Option<H256>,
			purpose: PurposeOfUse,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let organization = Self::authorize_store(&who, &subject, category, resource_type, &labels, purpose)?;
			Self::insert_anchor(
				who, organization, subject, content_hash, hash_algorithm, category, resource_type,
				labels, pointer, metadata_hash, None,
			)
			.map(|_| ())
		}

		/// Anchor a new version of a record, superseding `previous` (which keeps its history and
		/// becomes `Superseded`). Subject, category and resource type carry over.
		///
		/// - Origin: signed by a member of the organisation that anchored `previous`, or by the
		///   patient for their own records.
		/// - Checks: `previous` is current; the same compliance and consent checks as anchoring.
		/// - Emits: `RecordAnchored`, `RecordSuperseded`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::supersede())]
		pub fn supersede(
			origin: OriginFor<T>,
			previous: AnchorId,
			content_hash: H256,
			hash_algorithm: HashAlgorithm,
			labels: LabelsOf<T>,
			pointer: PointerOf<T>,
			metadata_hash: Option<H256>,
			reason: AmendmentReason,
			purpose: PurposeOfUse,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let old = Anchors::<T>::get(previous).ok_or(Error::<T>::UnknownAnchor)?;
			ensure!(old.status == AnchorStatus::Current, Error::<T>::NotCurrent);
			let organization =
				Self::authorize_store(&who, &old.subject, old.category, old.resource_type, &labels, purpose)?;
			ensure!(organization == old.organization, Error::<T>::NotAuthorized);
			let id = Self::insert_anchor(
				who, organization, old.subject.clone(), content_hash, hash_algorithm, old.category,
				old.resource_type, labels, pointer, metadata_hash, Some((previous, reason, old.original)),
			)?;
			Anchors::<T>::mutate(previous, |a| {
				if let Some(a) = a {
					a.status = AnchorStatus::Superseded;
				}
			});
			Self::deposit_event(Event::RecordSuperseded { previous, id, original: old.original, reason, subject: old.subject });
			Ok(())
		}

		/// Mark an anchor `EnteredInError` or `Withdrawn`. The anchor stays (history is never
		/// erased) and verifies, but its status tells readers not to rely on it.
		///
		/// - Origin: signed by a member of the organisation that anchored it, or the patient.
		/// - Checks: the anchor is current; the status is `EnteredInError` or `Withdrawn`.
		/// - Emits: `RecordStatusChanged`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_status())]
		pub fn set_status(origin: OriginFor<T>, id: AnchorId, status: AnchorStatus) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut anchor = Anchors::<T>::get(id).ok_or(Error::<T>::UnknownAnchor)?;
			ensure!(matches!(status, AnchorStatus::EnteredInError | AnchorStatus::Withdrawn), Error::<T>::InvalidStatus);
			ensure!(anchor.status == AnchorStatus::Current, Error::<T>::NotCurrent);
			let same_org = anchor.organization.is_some() &&
				T::Organizations::organization_of(&who) == anchor.organization;
			let patient = match &anchor.subject {
				RecordSubject::Patient(p) => p == &who,
				RecordSubject::Pseudonym(ps) => T::Patients::resolve_pseudonym(ps).as_ref() == Some(&who),
			};
			ensure!(same_org || patient || anchor.author == who, Error::<T>::NotAuthorized);
			anchor.status = status;
			let subject = anchor.subject.clone();
			Anchors::<T>::insert(id, anchor);
			Self::deposit_event(Event::RecordStatusChanged { id, status, by: who, subject });
			Ok(())
		}

		/// Anchor the Merkle `root` over `count` records of `category` in one call.
		/// `Identified` batches declare their `patients`, each of whose consent to `Store` is
		/// checked; `Deidentified` batches (research datasets) check each contributing patient's
		/// research consent for the study and a de-identification attestation of the root.
		///
		/// - Origin: signed by a member of an active organisation (a research institution for
		///   de-identified datasets).
		/// - Checks: compliance for `category` (identified batches); consents as above.
		/// - Emits: `BatchAnchored`.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::anchor_batch(patients.len() as u32))]
		pub fn anchor_batch(
			origin: OriginFor<T>,
			root: H256,
			count: u32,
			category: RecordCategory,
			resource_type: FhirResourceType,
			patient_set_commitment: H256,
			patients: BoundedVec<T::AccountId, T::MaxBatchPatients>,
			scope: BatchScope,
			purpose: PurposeOfUse,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let (organization, kind, _) =
				T::Organizations::active_member(&who).ok_or(Error::<T>::NotActiveMember)?;
			ensure!(count > 0 && !patients.is_empty(), Error::<T>::EmptyBatch);
			let now = frame_system::Pallet::<T>::block_number();
			match &scope {
				BatchScope::Identified => {
					T::Compliance::is_compliant(organization, category, now).map_err(Self::compliance_error)?;
					for p in patients.iter() {
						Self::check_consent(&who, p, category, resource_type, &[], purpose, now)?;
					}
				},
				BatchScope::Deidentified { study } => {
					ensure!(kind == OrganizationKind::ResearchInstitution, Error::<T>::NotResearchInstitution);
					for p in patients.iter() {
						ensure!(T::Consent::research_permitted(p, category, Some(*study)), Error::<T>::NoResearchConsent);
					}
					let safe_harbor = T::RecordAttestations::record_attested(root, AttestationType::DeidentificationSafeHarbor, now);
					let expert = T::RecordAttestations::record_attested(root, AttestationType::DeidentificationExpertDetermination, now);
					ensure!(safe_harbor.is_ok() || expert.is_ok(), Error::<T>::NotDeidentified);
				},
			}
			let ticket = T::Consideration::new(&who, Footprint::from_mel::<BatchOf<T>>())?;
			let id = NextBatchId::<T>::get();
			NextBatchId::<T>::put(id.saturating_add(1));
			let declared = patients.len() as u32;
			Batches::<T>::insert(
				id,
				Batch {
					author: who.clone(),
					organization,
					root,
					count,
					category,
					patient_set_commitment,
					scope: scope.clone(),
					anchored_at: now,
					deposit: (who.clone(), ticket),
				},
			);
			Self::deposit_event(Event::BatchAnchored { id, author: who, organization, root, count, category, patients: declared, scope });
			Ok(())
		}
	}

	#[pallet::view_functions]
	impl<T: Config> Pallet<T> {
		/// Anchors of a content hash.
		pub fn anchors_by_hash(content_hash: H256) -> Vec<(AnchorId, AnchorOf<T>)> {
			Self::by_hash(content_hash)
		}

		/// Anchor ids about `subject`, from position `start`, at most `limit` (capped).
		pub fn anchors_of_subject(subject: SubjectOf<T>, start: u32, limit: u32) -> Page<AnchorId> {
			Self::subject_page(&subject, start, limit)
		}

		/// Anchor ids of `org`, from position `start`, at most `limit` (capped).
		pub fn anchors_of_organization(org: OrganizationId, start: u32, limit: u32) -> Page<AnchorId> {
			Self::organization_page(org, start, limit)
		}

		/// Whether `content_hash` is what anchor `id` anchored.
		pub fn verify(id: AnchorId, content_hash: H256) -> bool {
			Self::verify_record(id, content_hash)
		}

		/// Whether `content_hash` is record `index` of batch `batch`, by `proof`.
		pub fn verify_in_batch(batch: BatchId, content_hash: H256, index: u32, proof: Vec<H256>) -> bool {
			Self::verify_batch_inclusion(batch, content_hash, index, &proof)
		}

		/// The latest version of the record anchor `id` belongs to.
		pub fn latest_version(id: AnchorId) -> Option<AnchorId> {
			Self::latest_of(id)
		}
	}
}

impl<T: Config> Pallet<T> {
	fn compliance_error(r: ComplianceRefusal) -> DispatchError {
		let e = match r {
			ComplianceRefusal::UnknownOrganization | ComplianceRefusal::OrganizationInactive =>
				Error::<T>::OrganizationInactive,
			ComplianceRefusal::MissingAttestation(_) => Error::<T>::MissingAttestation,
			ComplianceRefusal::AttestationExpired(_) => Error::<T>::AttestationExpired,
			ComplianceRefusal::AttestationRevoked(_) => Error::<T>::AttestationRevoked,
			ComplianceRefusal::AttestorNotAccredited(_) => Error::<T>::AttestorNotAccredited,
		};
		e.into()
	}

	fn check_consent(
		who: &T::AccountId,
		patient: &T::AccountId,
		category: RecordCategory,
		resource_type: FhirResourceType,
		labels: &[SecurityLabel],
		purpose: PurposeOfUse,
		now: BlockNumberFor<T>,
	) -> DispatchResult {
		let query = AccessQuery {
			requester: who.clone(),
			patient: patient.clone(),
			action: ConsentAction::Store,
			category,
			resource_type: Some(resource_type),
			labels: labels.to_vec(),
			purpose,
		};
		match T::Consent::check_access(&query, now) {
			d if d.is_permit() => Ok(()),
			healthchain_primitives::AccessDecision::Deny { .. } => Err(Error::<T>::ConsentDenied.into()),
			healthchain_primitives::AccessDecision::DenySensitiveLabel(_) =>
				Err(Error::<T>::SensitiveLabelNotPermitted.into()),
			healthchain_primitives::AccessDecision::DenyUnknownPatient => Err(Error::<T>::UnknownPatient.into()),
			healthchain_primitives::AccessDecision::DenyRequesterNotMember =>
				Err(Error::<T>::NotActiveMember.into()),
			_ => Err(Error::<T>::NoConsent.into()),
		}
	}

	/// Who may store a record about `subject`; returns the organisation it is stored for.
	fn authorize_store(
		who: &T::AccountId,
		subject: &SubjectOf<T>,
		category: RecordCategory,
		resource_type: FhirResourceType,
		labels: &[SecurityLabel],
		purpose: PurposeOfUse,
	) -> Result<Option<OrganizationId>, DispatchError> {
		let now = frame_system::Pallet::<T>::block_number();
		if let RecordSubject::Patient(p) = subject {
			if T::Patients::may_act_for(who, p, delegate_action::ANCHOR_RECORDS, now) {
				return Ok(None);
			}
			ensure!(T::Patients::is_active_patient(p), Error::<T>::UnknownPatient);
		}
		let (org, _, _) = T::Organizations::active_member(who).ok_or(Error::<T>::NotActiveMember)?;
		T::Compliance::is_compliant(org, category, now).map_err(Self::compliance_error)?;
		match subject {
			RecordSubject::Patient(p) => Self::check_consent(who, p, category, resource_type, labels, purpose, now)?,
			RecordSubject::Pseudonym(ps) => {
				ensure!(T::Patients::resolve_pseudonym(ps).is_some(), Error::<T>::UnknownPseudonym);
				ensure!(
					T::Patients::pseudonym_audience(ps) == Some(org),
					Error::<T>::PseudonymOfAnotherOrganization
				);
			},
		}
		Ok(Some(org))
	}

	#[allow(clippy::too_many_arguments)]
	fn insert_anchor(
		who: T::AccountId,
		organization: Option<OrganizationId>,
		subject: SubjectOf<T>,
		content_hash: H256,
		hash_algorithm: HashAlgorithm,
		category: RecordCategory,
		resource_type: FhirResourceType,
		labels: LabelsOf<T>,
		pointer: PointerOf<T>,
		metadata_hash: Option<H256>,
		previous: Option<(AnchorId, AmendmentReason, AnchorId)>,
	) -> Result<AnchorId, DispatchError> {
		let mut same_hash = AnchorsByHash::<T>::get(content_hash);
		let id = NextAnchorId::<T>::get();
		same_hash.try_push(id).map_err(|_| Error::<T>::TooManyAnchorsForHash)?;
		let ticket = T::Consideration::new(&who, Footprint::from_mel::<AnchorOf<T>>())?;
		let original = previous.map_or(id, |(_, _, o)| o);
		let now = frame_system::Pallet::<T>::block_number();
		NextAnchorId::<T>::put(id.saturating_add(1));
		let subject_pos = SubjectAnchorCount::<T>::get(&subject);
		SubjectAnchors::<T>::insert(&subject, subject_pos, id);
		SubjectAnchorCount::<T>::insert(&subject, subject_pos.saturating_add(1));
		if let Some(org) = organization {
			let pos = OrganizationAnchorCount::<T>::get(org);
			OrganizationAnchors::<T>::insert(org, pos, id);
			OrganizationAnchorCount::<T>::insert(org, pos.saturating_add(1));
		}
		AnchorsByHash::<T>::insert(content_hash, same_hash);
		LatestVersion::<T>::insert(original, id);
		Anchors::<T>::insert(
			id,
			Anchor {
				author: who.clone(),
				organization,
				subject: subject.clone(),
				content_hash,
				hash_algorithm,
				category,
				resource_type,
				labels,
				pointer,
				metadata_hash,
				anchored_at: now,
				status: AnchorStatus::Current,
				original,
				supersedes: previous.map(|(p, r, _)| (p, r)),
				deposit: (who.clone(), ticket),
			},
		);
		Self::deposit_event(Event::RecordAnchored {
			id,
			subject,
			author: who,
			organization,
			content_hash,
			category,
			resource_type,
		});
		Ok(id)
	}

	/// Anchors of a content hash.
	pub fn by_hash(content_hash: H256) -> Vec<(AnchorId, AnchorOf<T>)> {
		AnchorsByHash::<T>::get(content_hash)
			.into_iter()
			.filter_map(|id| Anchors::<T>::get(id).map(|a| (id, a)))
			.collect()
	}

	fn page(total: u32, start: u32, limit: u32, get: impl Fn(u32) -> Option<AnchorId>) -> Page<AnchorId> {
		let limit = limit.min(T::MaxPageSize::get());
		let end = start.saturating_add(limit).min(total);
		let items = (start..end).filter_map(get).collect();
		Page { items, next: (end < total).then_some(end), total }
	}

	/// A page of anchors about `subject`.
	pub fn subject_page(subject: &SubjectOf<T>, start: u32, limit: u32) -> Page<AnchorId> {
		Self::page(SubjectAnchorCount::<T>::get(subject), start, limit, |i| SubjectAnchors::<T>::get(subject, i))
	}

	/// A page of anchors of `org`.
	pub fn organization_page(org: OrganizationId, start: u32, limit: u32) -> Page<AnchorId> {
		Self::page(OrganizationAnchorCount::<T>::get(org), start, limit, |i| OrganizationAnchors::<T>::get(org, i))
	}

	/// Invariants of this pallet's storage.
	#[cfg(any(feature = "try-runtime", test))]
	pub fn do_try_state() -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
		let next = NextAnchorId::<T>::get();
		for (id, a) in Anchors::<T>::iter() {
			ensure!(id < next, "anchor id beyond counter");
			ensure!(AnchorsByHash::<T>::get(a.content_hash).contains(&id), "anchor not indexed by hash");
			let latest = LatestVersion::<T>::get(a.original).ok_or("record without latest version")?;
			if a.status == AnchorStatus::Superseded {
				ensure!(latest != id, "superseded anchor is the latest version");
			}
		}
		for (subject, count) in SubjectAnchorCount::<T>::iter() {
			ensure!(SubjectAnchors::<T>::iter_prefix(&subject).count() as u32 == count, "subject index count");
		}
		for (org, count) in OrganizationAnchorCount::<T>::iter() {
			ensure!(OrganizationAnchors::<T>::iter_prefix(org).count() as u32 == count, "organisation index count");
		}
		for (id, _) in Batches::<T>::iter() {
			ensure!(id < NextBatchId::<T>::get(), "batch id beyond counter");
		}
		Ok(())
	}

	/// Whether `content_hash` is what anchor `id` anchored.
	pub fn verify_record(id: AnchorId, content_hash: H256) -> bool {
		Anchors::<T>::get(id).is_some_and(|a| a.content_hash == content_hash)
	}

	/// Whether `content_hash` is record `index` of batch `batch`.
	pub fn verify_batch_inclusion(batch: BatchId, content_hash: H256, index: u32, proof: &[H256]) -> bool {
		Batches::<T>::get(batch).is_some_and(|b| merkle::verify(&b.root, b.count, &content_hash, index, proof))
	}

	/// The latest version of the record `id` belongs to.
	pub fn latest_of(id: AnchorId) -> Option<AnchorId> {
		Anchors::<T>::get(id).and_then(|a| LatestVersion::<T>::get(a.original))
	}
}
