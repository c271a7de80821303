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
//! - `anchor`: what the chain's rules read about a record — author, organisation, subject
//!   (patient account or pseudonym), content hash of the encrypted document with its hash
//!   algorithm, category, FHIR resource type, security labels, status, clinical time and, for a
//!   later version, its record's first version. Under 160 bytes of state. The opaque storage
//!   pointer (encrypted URI or CID — never plain personal data) and the metadata hash are
//!   carried by the `RecordAnchored` event only. Anchors are never erased; each author holds one
//!   deposit that grows with each anchor ([`AnchorDeposits`]).
//! - `indexes`: anchors by content hash, by patient and by organisation are not kept in state
//!   (every anchor would pay four more entries for them): the node derives them from the
//!   anchors of finalized blocks and serves them as `health_anchorsByHash`,
//!   `health_anchorsOfPatient` and `health_anchorsOfOrganization`.
//! - `labels`: an anchor's labels are those its category implies (a psychiatric note is `PSY`,
//!   genomic data `GDIS`, substance-use treatment `SUD`) plus those its author declares; the
//!   author can add labels, never remove the implied ones. Access checks about an anchor
//!   ([`Pallet::anchor_access`]) take category and labels from the anchor, not from the caller.
//! - `who may anchor`: a member of an active organisation whose kind the consortium permits to
//!   anchor the category and which holds the required attestations (compliance fails closed),
//!   with the patient's consent to `Store` it; a new version needs consent to `Amend`. A patient
//!   (or a delegate with `AnchorRecords`) who is not a member anchors only patient-reported and
//!   device data about themself. Several authors may anchor the same content hash; nobody can
//!   fill a hash's index to block another. The whole rule is in one file, [`authorization`].
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
//! ## Calls by role
//!
//! - **Provider** (a member of an active, compliant organisation, with the patient's consent):
//!   [`Pallet::anchor_record`], [`Pallet::supersede`] (the authoring organisation),
//!   [`Pallet::anchor_batch`] (records of declared patients, or a de-identified dataset).
//! - **Patient** (or a delegate with `AnchorRecords`): [`Pallet::anchor_record`] for their own
//!   patient-reported and device data.
//! - **Authoring organisation or patient**: [`Pallet::set_status`] (entered in error, withdrawn).
//! - **Readers** (runtime API `AnchorsApi`): [`Pallet::anchor`], [`Pallet::verify_record`],
//!   [`Pallet::verify_batch_inclusion`], [`Pallet::anchor_access`], [`Pallet::latest_version`].
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

pub mod authorization;
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

pub use healthchain_primitives::{
	merkle, AccessDecision, AccessQuery, AttestationType, ClinicalTime, ComplianceCheck, ComplianceRefusal,
	ConsentAction, ConsentCheck, DataContext, DelegateAction, MemberRole, Membership, OrganizationDirectory,
	OrganizationKind, PatientRegistry, RecordAttestations, RecordDirectory, RecordFacts,
};

/// What a consent check is about: a record about to be anchored (with its clinical time), or an
/// anchored one.
enum Target {
	New(Option<ClinicalTime>),
	Existing(AnchorId),
}
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
	sp_runtime::ArithmeticError,
};

/// An anchor record.
pub type AnchorOf<T> = Anchor<<T as frame_system::Config>::AccountId, <T as Config>::MaxLabels>;
/// A batch record.
pub type BatchOf<T> = Batch<<T as frame_system::Config>::AccountId, BlockNumberFor<T>, <T as Config>::Consideration>;
/// A group of a batch.
pub type BatchGroupOf<T> = BatchGroup<<T as frame_system::Config>::AccountId, <T as Config>::MaxLabels>;
/// The groups of a batch.
pub type BatchGroupsOf<T> = BoundedVec<BatchGroupOf<T>, <T as Config>::MaxBatchGroups>;
/// A proof that a record is in a batch.
pub type BatchProofOf<T> = BatchProof<<T as frame_system::Config>::AccountId, <T as Config>::MaxLabels>;
/// What a `BatchAnchored` event says about each group.
pub type GroupSummariesOf<T> = BoundedVec<(SubjectOf<T>, RecordCategory, u32), <T as Config>::MaxBatchGroups>;
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
	#[pallet::storage_version(STORAGE_VERSION)]
	pub struct Pallet<T>(_);

	/// Default bounds for test runtimes: `#[derive_impl(config_preludes::TestDefaultConfig)]` fills
	/// in every bound and the unit weights; a mock names only how the pallet is wired (and a bound
	/// it wants smaller).
	pub mod config_preludes {
		use super::*;
		use polkadot_sdk::frame_support::{derive_impl, traits::ConstU32};
		use polkadot_sdk::frame_system;

		/// The bounds the pallet's own tests use.
		pub struct TestDefaultConfig;

		#[derive_impl(frame_system::config_preludes::TestDefaultConfig, no_aggregated_types)]
		impl frame_system::DefaultConfig for TestDefaultConfig {}

		#[polkadot_sdk::frame_support::register_default_impl(TestDefaultConfig)]
		impl DefaultConfig for TestDefaultConfig {
			type MaxLabels = ConstU32<4>;
			type MaxPointerLen = ConstU32<64>;
			type MaxBatchGroups = ConstU32<8>;
			type WeightInfo = ();
		}
	}

	#[pallet::config(with_default)]
	pub trait Config: polkadot_sdk::frame_system::Config {
		/// Patients, pseudonyms and delegates.
		#[pallet::no_default]
		type Patients: PatientRegistry<Self::AccountId, BlockNumberFor<Self>>;
		/// The consortium directory.
		#[pallet::no_default]
		type Organizations: OrganizationDirectory<Self::AccountId>;
		/// Compliance of organisations.
		#[pallet::no_default]
		type Compliance: ComplianceCheck<BlockNumberFor<Self>>;
		/// Attestations of records and datasets (de-identification).
		#[pallet::no_default]
		type RecordAttestations: RecordAttestations<BlockNumberFor<Self>>;
		/// Patients' consents.
		#[pallet::no_default]
		type Consent: ConsentCheck<Self::AccountId, BlockNumberFor<Self>>;
		/// Deposit held for anchors and batches.
		#[pallet::no_default]
		type Consideration: Consideration<Self::AccountId, Footprint>;
		/// Maximum security labels of an anchor.
		#[pallet::constant]
		type MaxLabels: Get<u32>;
		/// Maximum bytes of a storage pointer.
		#[pallet::constant]
		type MaxPointerLen: Get<u32>;
		/// Maximum groups (subject, category, labels) a batch declares.
		#[pallet::constant]
		type MaxBatchGroups: Get<u32>;
		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Sets up authors and consenting patients for the benchmarks.
		#[pallet::no_default]
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

	/// The in-code storage version.
	pub(crate) const STORAGE_VERSION: StorageVersion = StorageVersion::new(3);

	/// The next anchor id.
	#[pallet::storage]
	pub type NextAnchorId<T> = StorageValue<_, AnchorId, ValueQuery>;
	/// Anchors by id. Ids are issued in sequence by the chain, never chosen by a user, so the
	/// key is the id itself.
	#[pallet::storage]
	pub type Anchors<T: Config> = StorageMap<_, Identity, AnchorId, AnchorOf<T>, OptionQuery>;
	/// The latest version of each record that has more than one, by the id of its first
	/// version (a record never superseded is its own latest version and has no entry).
	#[pallet::storage]
	pub type LatestVersion<T: Config> = StorageMap<_, Identity, AnchorId, AnchorId, OptionQuery>;
	/// The deposit each author holds for their anchors: how many anchors it covers, and the
	/// ticket. One hold per author, grown by each anchor (anchors are never erased).
	#[pallet::storage]
	pub type AnchorDeposits<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, (u32, T::Consideration), OptionQuery>;
	/// The next batch id.
	#[pallet::storage]
	pub type NextBatchId<T> = StorageValue<_, BatchId, ValueQuery>;
	/// Batches by id.
	#[pallet::storage]
	pub type Batches<T: Config> = StorageMap<_, Twox64Concat, BatchId, BatchOf<T>, OptionQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A record was anchored (the patient's app learns a new record exists). The pointer and
		/// metadata hash are only here: the chain's rules never read them, so they are not kept
		/// in state (an indexer or the gateway keeps them from this event).
		RecordAnchored {
			id: AnchorId,
			subject: SubjectOf<T>,
			author: T::AccountId,
			organization: Option<OrganizationId>,
			content_hash: H256,
			hash_algorithm: HashAlgorithm,
			category: RecordCategory,
			resource_type: FhirResourceType,
			/// Its labels: those the category implies and those the author declared.
			labels: LabelsOf<T>,
			/// The record's clinical time (of the observation, not the block).
			clinical_time: Option<ClinicalTime>,
			/// Where the (encrypted) document is kept: a CID or a sealed pointer, or empty.
			pointer: PointerOf<T>,
			/// Hash of further metadata kept off-chain.
			metadata_hash: Option<H256>,
		},
		/// A new version superseded an earlier one.
		RecordSuperseded {
			previous: AnchorId,
			id: AnchorId,
			original: AnchorId,
			reason: AmendmentReason,
			subject: SubjectOf<T>,
		},
		/// An anchor's status changed.
		RecordStatusChanged { id: AnchorId, status: AnchorStatus, by: T::AccountId, subject: SubjectOf<T> },
		/// A batch was anchored: `groups` says which subjects it holds records about, of which
		/// category, and how many (each subject's app learns records about them exist).
		BatchAnchored {
			id: BatchId,
			author: T::AccountId,
			organization: OrganizationId,
			root: H256,
			count: u32,
			groups: GroupSummariesOf<T>,
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
		/// Compliance: the attestor organisation is suspended or retired.
		AttestorInactive,
		/// Compliance: the consortium has not permitted this organisation kind to anchor this
		/// category (no requirement is set; compliance fails closed).
		NotPermittedForKind,
		/// No consent permits storing this record for this organisation.
		NoConsent,
		/// A consent provision denies storing this record.
		ConsentDenied,
		/// The record carries a sensitive label the consent does not name.
		SensitiveLabelNotPermitted,
		/// A patient (or their delegate) who is not a member anchors only patient-reported or
		/// device data.
		NotPatientReportable,
		/// The record's labels (implied by its category and declared) exceed `MaxLabels`.
		TooManyLabels,
		/// The caller may not set this status: a patient may only withdraw a provider's record;
		/// marking it entered-in-error takes an active clinical or system member of the
		/// authoring organisation.
		StatusNotPermitted,
		/// No such anchor.
		UnknownAnchor,
		/// Only the current version can be superseded or have its status changed.
		NotCurrent,
		/// Only the author's organisation or the patient may do this.
		NotAuthorized,
		/// The status must be `EnteredInError` or `Withdrawn`.
		InvalidStatus,
		/// A batch needs at least one group, and every group at least one record.
		EmptyBatch,
		/// The batch's record count overflows.
		BatchTooLarge,
		/// A group's labels lack one its category implies (e.g. `PSY` for psychiatric notes).
		ImpliedLabelMissing,
		/// Only research institutions anchor de-identified datasets.
		NotResearchInstitution,
		/// A contributing patient has not opted this category (or study) into research.
		NoResearchConsent,
		/// The dataset has no valid de-identification attestation.
		NotDeidentified,
		/// The caller's role does not handle this category for this purpose (for example an
		/// administrator or a claims officer anchoring a psychiatric note).
		RoleNotPermitted,
		/// The pointer is neither empty, a CID nor a sealed (encrypted) pointer: plain text such
		/// as a URL would stay on the ledger for good (see [`types::is_valid_pointer`]).
		InvalidPointer,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::MaxLabels::get() >= 2, "MaxLabels must hold a category's implied label and one more");
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Anchor a record about `subject`, with the `clinical_time` of the observation it documents
		/// (seconds since the Unix epoch; consents' data periods are matched against it).
		///
		/// - Origin: signed by a member of an active organisation; or, for patient-reported and
		///   device data only, by the patient (or a delegate with `AnchorRecords`) who is not a
		///   member.
		/// - Checks: the pointer's format ([`types::is_valid_pointer`]); for organisations, a
		///   role that handles `category` for `purpose`, compliance for `category` (fails closed)
		///   and the subject's consent to `Store` it for `purpose`, over the labels the category
		///   implies plus `labels`; a pseudonym must have been published for the caller's
		///   organisation and its key must consent the same way. The labels fit `MaxLabels`. The
		///   caller's deposit ([`AnchorDeposits`]) grows by one anchor's footprint.
		/// - Emits: `RecordAnchored` (with the pointer and metadata hash, which are not kept in
		///   state).
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
			clinical_time: Option<ClinicalTime>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			ensure!(is_valid_pointer(&pointer), Error::<T>::InvalidPointer);
			let labels = Self::effective_labels(category, &labels, &[])?;
			let organization = Self::authorize(
				&who,
				&subject,
				ConsentAction::Store,
				category,
				resource_type,
				&labels,
				purpose,
				Target::New(clinical_time),
			)?;
			Self::insert_anchor(
				who,
				organization,
				subject,
				content_hash,
				hash_algorithm,
				category,
				resource_type,
				labels,
				pointer,
				metadata_hash,
				None,
				clinical_time,
			)
			.map(|_| ())
		}

		/// Anchor a new version of a record, superseding `previous` (which keeps its history and
		/// becomes `Superseded`). Subject, category and resource type carry over.
		///
		/// The new version keeps every label of `previous` and may add `labels`.
		///
		/// - Origin: signed by a member of the organisation that anchored `previous`, or by the
		///   patient for their own patient-reported records.
		/// - Checks: `previous` is current; the same compliance checks as anchoring and the
		///   patient's consent to `Amend` the record.
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
			ensure!(is_valid_pointer(&pointer), Error::<T>::InvalidPointer);
			let old = Anchors::<T>::get(previous).ok_or(Error::<T>::UnknownAnchor)?;
			ensure!(old.status == AnchorStatus::Current, Error::<T>::NotCurrent);
			// Only the authoring organisation (or, for a patient's own report, a non-member acting
			// for the patient) amends a record: checked before anything else is asked.
			let caller_org = T::Organizations::membership(&who).map(|m| m.organization);
			ensure!(caller_org == old.organization, Error::<T>::NotAuthorized);
			let labels = Self::effective_labels(old.category, &labels, &old.labels)?;
			let organization = Self::authorize(
				&who,
				&old.subject,
				ConsentAction::Amend,
				old.category,
				old.resource_type,
				&labels,
				purpose,
				Target::Existing(previous),
			)?;
			ensure!(organization == old.organization, Error::<T>::NotAuthorized);
			let original = old.record(previous);
			let subject = old.subject.clone();
			let id = Self::insert_anchor(
				who,
				organization,
				old.subject.clone(),
				content_hash,
				hash_algorithm,
				old.category,
				old.resource_type,
				labels,
				pointer,
				metadata_hash,
				Some(original),
				old.clinical_time,
			)?;
			LatestVersion::<T>::insert(original, id);
			Anchors::<T>::insert(previous, Anchor { status: AnchorStatus::Superseded, ..old });
			Self::deposit_event(Event::RecordSuperseded { previous, id, original, reason, subject });
			Ok(())
		}

		/// Mark an anchor `EnteredInError` or `Withdrawn`. The anchor stays (history is never
		/// erased) and verifies, but its status tells readers not to rely on it.
		///
		/// - Origin: signed by an active clinical or system member of the organisation that
		///   anchored it (either status); or by the active patient it is about (or whoever
		///   controls its pseudonym), who may withdraw a provider's record and set either status
		///   on their own patient-reported records.
		/// - Checks: the anchor is current; the status is `EnteredInError` or `Withdrawn`.
		/// - Emits: `RecordStatusChanged`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::set_status())]
		pub fn set_status(origin: OriginFor<T>, id: AnchorId, status: AnchorStatus) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut anchor = Anchors::<T>::get(id).ok_or(Error::<T>::UnknownAnchor)?;
			ensure!(
				matches!(status, AnchorStatus::EnteredInError | AnchorStatus::Withdrawn),
				Error::<T>::InvalidStatus
			);
			ensure!(anchor.status == AnchorStatus::Current, Error::<T>::NotCurrent);
			let member = T::Organizations::membership(&who).filter(|m| {
				Some(m.organization) == anchor.organization && (m.role.is_clinical() || m.role == MemberRole::System)
			});
			let patient = match &anchor.subject {
				RecordSubject::Patient(p) => T::Patients::controller_of(p).as_ref() == Some(&who),
				RecordSubject::Pseudonym(ps) => {
					T::Patients::resolve_pseudonym(ps)
						.and_then(|p| T::Patients::controller_of(&p))
						.as_ref() == Some(&who)
				},
			};
			let organization_member_of_anchor =
				anchor.organization.is_some() && T::Organizations::organization_of(&who) == anchor.organization;
			ensure!(member.is_some() || patient || organization_member_of_anchor, Error::<T>::NotAuthorized);
			let allowed =
				member.is_some() || (patient && (anchor.organization.is_none() || status == AnchorStatus::Withdrawn));
			ensure!(allowed, Error::<T>::StatusNotPermitted);
			anchor.status = status;
			let subject = anchor.subject.clone();
			Anchors::<T>::insert(id, anchor);
			Self::deposit_event(Event::RecordStatusChanged { id, status, by: who, subject });
			Ok(())
		}

		/// Anchor many records in one call, declared as `groups`: each group is the records about
		/// one subject, of one category, with the same labels, with its count and the Merkle root
		/// over their leaves (each leaf commits to the group's subject, category and labels, see
		/// `healthchain_primitives::merkle`). The batch root is computed on chain over the groups,
		/// so a record can only ever be proven to be in the group that covers it.
		///
		/// - Origin: signed by a member of an active organisation (a research institution for
		///   de-identified datasets).
		/// - Checks: at least one group, each with records and the labels its category implies;
		///   for each group, the same compliance and consent checks as one anchor about its
		///   subject (`Identified`), or compliance, the subject's research consent for the study
		///   and a de-identification attestation of the batch root (`Deidentified`).
		/// - Emits: `BatchAnchored` with each group's subject, category and count.
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::anchor_batch(groups.len() as u32))]
		pub fn anchor_batch(
			origin: OriginFor<T>,
			groups: BatchGroupsOf<T>,
			resource_type: FhirResourceType,
			scope: BatchScope,
			purpose: PurposeOfUse,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let Membership { organization, kind, role } =
				T::Organizations::membership(&who).ok_or(Error::<T>::NotActiveMember)?;
			ensure!(!groups.is_empty(), Error::<T>::EmptyBatch);
			let now = frame_system::Pallet::<T>::block_number();
			let mut count: u32 = 0;
			let mut nodes: Vec<H256> = Vec::with_capacity(groups.len());
			let mut summaries: Vec<(SubjectOf<T>, RecordCategory, u32)> = Vec::with_capacity(groups.len());
			// The categories the caller's standing was decided for.
			let mut standing_for: Vec<RecordCategory> = Vec::new();
			if let BatchScope::Deidentified { .. } = scope {
				ensure!(kind == OrganizationKind::ResearchInstitution, Error::<T>::NotResearchInstitution);
			}
			for g in groups.iter() {
				ensure!(g.count > 0, Error::<T>::EmptyBatch);
				ensure!(
					g.category.mandatory_labels().iter().all(|l| g.labels.contains(l)),
					Error::<T>::ImpliedLabelMissing
				);
				count = count.checked_add(g.count).ok_or(Error::<T>::BatchTooLarge)?;
				match &scope {
					BatchScope::Identified => {
						// The same rules, in the same order, as for one anchor; the caller's
						// standing depends only on the category, so it is decided once per category.
						if let RecordSubject::Patient(p) = &g.subject {
							ensure!(T::Patients::is_active_patient(p), Error::<T>::UnknownPatient);
						}
						if !standing_for.contains(&g.category) {
							Self::standing(organization, role, g.category, purpose, now)?;
							standing_for.push(g.category);
						}
						Self::member_may_store(
							&who,
							organization,
							&g.subject,
							ConsentAction::Store,
							g.category,
							resource_type,
							&g.labels,
							purpose,
							Target::New(None),
							now,
						)?;
					},
					BatchScope::Deidentified { study } => {
						T::Compliance::is_compliant(organization, g.category, now).map_err(Self::compliance_error)?;
						let patient = Self::patient_of(&g.subject).ok_or(Error::<T>::UnknownPseudonym)?;
						ensure!(
							T::Consent::research_permitted(&patient, g.category, Some(*study)),
							Error::<T>::NoResearchConsent
						);
					},
				}
				nodes.push(Self::group_node(g));
				summaries.push((g.subject.clone(), g.category, g.count));
			}
			let root = merkle::root_of(&nodes);
			if let BatchScope::Deidentified { .. } = scope {
				let safe_harbor =
					T::RecordAttestations::record_attested(root, AttestationType::DeidentificationSafeHarbor, now);
				let expert = T::RecordAttestations::record_attested(
					root,
					AttestationType::DeidentificationExpertDetermination,
					now,
				);
				ensure!(safe_harbor.is_ok() || expert.is_ok(), Error::<T>::NotDeidentified);
			}
			let deposit = Deposit::for_item::<BatchOf<T>>(who.clone())?;
			let id = NextBatchId::<T>::get();
			NextBatchId::<T>::put(id.checked_add(1).ok_or(ArithmeticError::Overflow)?);
			let declared = groups.len() as u32;
			Batches::<T>::insert(
				id,
				Batch {
					author: who.clone(),
					organization,
					root,
					count,
					groups: declared,
					scope: scope.clone(),
					anchored_at: now,
					deposit,
				},
			);
			Self::deposit_event(Event::BatchAnchored {
				id,
				author: who,
				organization,
				root,
				count,
				groups: BoundedVec::truncate_from(summaries),
				scope,
			});
			Ok(())
		}
	}
}

impl<T: Config> Pallet<T> {
	/// The labels of a record: those its category implies, those it carries over (`kept`, from a
	/// previous version), then the declared ones, without repeats, within `MaxLabels`.
	fn effective_labels(
		category: RecordCategory,
		declared: &[SecurityLabel],
		kept: &[SecurityLabel],
	) -> Result<LabelsOf<T>, DispatchError> {
		let mut all = category.effective_labels(kept);
		for l in declared {
			if !all.contains(l) {
				all.push(*l);
			}
		}
		LabelsOf::<T>::try_from(all).map_err(|_| Error::<T>::TooManyLabels.into())
	}

	/// The consent subject of records about `subject`: the patient (by id), or a pseudonym's key
	/// (whose own consents govern the pseudonym).
	fn patient_of(subject: &SubjectOf<T>) -> Option<T::AccountId> {
		match subject {
			RecordSubject::Patient(p) => Some(p.clone()),
			RecordSubject::Pseudonym(ps) => T::Patients::resolve_pseudonym(ps),
		}
	}

	/// The consent decision for `requester` taking `action` on anchor `id` with `purpose` now.
	pub fn anchor_access(
		requester: &T::AccountId,
		id: AnchorId,
		action: ConsentAction,
		purpose: PurposeOfUse,
	) -> Option<AccessDecision> {
		let anchor = Anchors::<T>::get(id)?;
		let patient = Self::patient_of(&anchor.subject)?;
		let query = AccessQuery {
			requester: requester.clone(),
			patient,
			action,
			category: anchor.category,
			resource_type: Some(anchor.resource_type),
			labels: anchor.labels.into_inner(),
			purpose,
			data: DataContext::Anchor(id),
			recipient: None,
		};
		Some(T::Consent::check_access(&query, frame_system::Pallet::<T>::block_number()))
	}

	/// Holds the deposit for one more anchor of `who`: their deposit grows by one anchor's
	/// footprint (the first anchor opens it). Returns what `AnchorDeposits` is to hold; the
	/// caller writes it.
	fn grow_anchor_deposit(who: &T::AccountId) -> Result<(u32, T::Consideration), DispatchError> {
		let footprint = |n: u32| Footprint::from_parts(n as usize, AnchorOf::<T>::max_encoded_len());
		match AnchorDeposits::<T>::get(who) {
			Some((n, ticket)) => {
				let n = n.checked_add(1).ok_or(ArithmeticError::Overflow)?;
				Ok((n, ticket.update(who, footprint(n))?))
			},
			None => Ok((1, T::Consideration::new(who, footprint(1))?)),
		}
	}

	/// Writes a new anchor (a record's first version when `original` is `None`) and emits
	/// `RecordAnchored`: the id counter, the author's grown deposit and the anchor itself are
	/// all it writes.
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
		original: Option<AnchorId>,
		clinical_time: Option<ClinicalTime>,
	) -> Result<AnchorId, DispatchError> {
		let id = NextAnchorId::<T>::get();
		let next = id.checked_add(1).ok_or(ArithmeticError::Overflow)?;
		let deposit = Self::grow_anchor_deposit(&who)?;
		NextAnchorId::<T>::put(next);
		AnchorDeposits::<T>::insert(&who, deposit);
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
				labels: labels.clone(),
				status: AnchorStatus::Current,
				clinical_time,
				original,
			},
		);
		Self::deposit_event(Event::RecordAnchored {
			id,
			subject,
			author: who,
			organization,
			content_hash,
			hash_algorithm,
			category,
			resource_type,
			labels,
			clinical_time,
			pointer,
			metadata_hash,
		});
		Ok(id)
	}

	/// Whether `content_hash` is what anchor `id` anchored.
	pub fn verify_record(id: AnchorId, content_hash: H256) -> bool {
		Anchors::<T>::get(id).is_some_and(|a| a.content_hash == content_hash)
	}

	/// The node of a group in its batch's tree.
	pub fn group_node(g: &BatchGroupOf<T>) -> H256 {
		merkle::group_node(&g.subject.encode(), g.category, &g.labels, g.count, &g.records_root)
	}

	/// Whether `proof` shows a record in batch `batch`: the group's node is in the batch's tree
	/// and the record's leaf — bound to the group's subject, category and labels — is in the
	/// group's tree.
	pub fn verify_batch_inclusion(batch: BatchId, proof: &BatchProofOf<T>) -> bool {
		let Some(b) = Batches::<T>::get(batch) else { return false };
		if b.groups == 0 {
			return false;
		}
		let g = &proof.group;
		let leaf = merkle::record_leaf(&g.subject.encode(), &proof.content_hash, g.category, &g.labels);
		merkle::verify_leaf(&b.root, b.groups, Self::group_node(g), proof.group_index, &proof.group_path)
			&& merkle::verify_leaf(&g.records_root, g.count, leaf, proof.index, &proof.path)
	}

	/// Whether `content_hash` is record `index` of a batch anchored before record groups.
	pub fn verify_legacy_batch_inclusion(batch: BatchId, content_hash: H256, index: u32, proof: &[H256]) -> bool {
		Batches::<T>::get(batch)
			.is_some_and(|b| b.groups == 0 && merkle::legacy_verify(&b.root, b.count, &content_hash, index, proof))
	}

	/// Anchor `id` with the latest version of its record.
	pub fn anchor(id: AnchorId) -> Option<(AnchorOf<T>, AnchorId)> {
		let anchor = Anchors::<T>::get(id)?;
		let original = anchor.record(id);
		Some((anchor, LatestVersion::<T>::get(original).unwrap_or(original)))
	}

	/// The latest version of the record `id` belongs to.
	pub fn latest_version(id: AnchorId) -> Option<AnchorId> {
		Self::anchor(id).map(|(_, latest)| latest)
	}
}

impl<T: Config> RecordDirectory<T::AccountId> for Pallet<T> {
	fn record_facts(id: u64) -> Option<RecordFacts<T::AccountId>> {
		let a = Anchors::<T>::get(id)?;
		Some(RecordFacts {
			id,
			original: a.record(id),
			subject: Self::patient_of(&a.subject)?,
			custodian: a.organization,
			author: a.author,
			category: a.category,
			resource_type: a.resource_type,
			labels: a.labels.into_inner(),
			clinical_time: a.clinical_time,
		})
	}
}
