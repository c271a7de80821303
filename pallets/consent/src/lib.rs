//! # Consent Pallet
//!
//! The patient decides who sees what, for which purpose, until when — and the chain enforces it.
//! Consents are modelled on HL7 FHIR `Consent`: a grantee, a root provision (permit or deny over
//! actions, record categories, FHIR resource types, purposes of use and security labels), nested
//! exception provisions, a policy hash and a validity period. Default is deny.
//!
//! ## Terminology
//!
//! - `patient` (the consent subject): a patient, by their stable id, or the key of a pseudonym
//!   (see the patient-identity pallet). A pseudonym's key grants the consents that govern the
//!   records anchored under it, exactly as a patient does for their own; nothing here relates it
//!   to the patient's account, so a patient's consents at two organisations cannot be joined.
//! - `grantee`: one member account at one organisation, one organisation, every active
//!   organisation of a kind, or every active member.
//! - `provision`: a [`Decision`] over a [`Scope`] (actions, categories, resource types, purposes,
//!   labels) and a [`DataScope`] (specific records and their later versions, record sources —
//!   custodian organisation or author —, a clinical-time window, disclosure recipients), with
//!   optionally its own actor and period. Empty lists mean "any". A permit must name every
//!   *sensitive* label (PSY, HIV, SUD, …) it permits; a deny naming labels applies only to data
//!   carrying one of them. Provisions nest ([`Exception`], FHIR `provision.provision`): a nested
//!   provision applies where its parent does and overrides it there.
//! - `emergency override`: per consent, whether a break-glass episode may override its denies
//!   ([`EmergencyOverride`], default `Allowed`).
//! - `decision`: [`Pallet::check_access`] and every store decision of other pallets go through
//!   one pure function, [`decision::decide`]: within a consent an exception overrides its root
//!   (FHIR nesting); across consents an explicit deny overrides every permit; a permit must name
//!   each sensitive label of the data, whose labels include those its category implies (a
//!   psychiatric note is `PSY` whether or not the caller says so). Nothing matching: deny. The
//!   answer names the consent and provision used, or why access was denied
//!   ([`AccessDecision`]). The module docs of [`decision`] state the rule in full.
//! - `access request`: a provider asks; the patient (or a delegate allowed to approve) approves,
//!   which creates a time-limited consent for the requester at their organisation, or denies.
//!   Nobody approves their own request, and an approval never outweighs the patient's explicit
//!   deny. Requests expire; one organisation holds at most `MaxRequestsPerOrganization` of a
//!   patient's pending requests.
//! - `break-glass`: a clinician of a care-providing organisation (hospital, clinic) opens
//!   time-boxed emergency access (purpose ETREAT or BTG) without consent. It permits reading and
//!   using the patient's data for emergency care and documenting the care given (`Access`, `Use`,
//!   `Store`), never disclosing or amending, and only to the clinician while they stay at that
//!   organisation. It is loud (an event naming requester, patient, reason and the emergency
//!   contacts to notify) and is reviewed afterwards by someone independent of the requester: the
//!   privacy officer of *another* organisation or an accredited auditor. An "unjustified" review
//!   ends access at once and stays on the patient's record. Each clinician holds at most
//!   `MaxOpenEpisodesPerRequester` unreviewed episodes, so no member can exhaust the
//!   organisation's capacity; unreviewed episodes past their deadline are flagged and listed.
//! - `research consent`: the patient opts categories into de-identified research, optionally only
//!   for named studies (ethics-approval hashes); withdrawal applies to future releases.
//! - `access log`: members record each access or disclosure they make; the chain attaches the
//!   decision in force. State keeps the last `AccessLogCapacity` entries per patient *and
//!   recording organisation* in a ring, so no organisation can push another's entries out;
//!   every entry is also emitted as an `AccessRecorded` event, which archives (indexers) keep for
//!   the six years HIPAA's accounting of disclosures (§164.528) requires. This keeps state bounded
//!   per patient while the full history stays verifiable from blocks.
//!
//! ## Lifetime: when does a consent count?
//!
//! A consent counts from its `validity.start` (default: when granted) until `validity.expires_at`,
//! the first block it no longer counts (`None`: until revoked) — the chain's one convention for
//! time, [`Validity`]. A provision's own `period` follows the same convention inside it. A consent
//! also stops counting, at once, when it is revoked ([`Pallet::revoke_consent`], by the patient or
//! a delegate with `ManageConsent`, even a deactivated patient), when the patient is deactivated
//! (every decision then answers `DenyUnknownPatient`), or, for a grantee, when the grantee's
//! organisation is suspended (`DenyRequesterNotMember`). An expired consent stays in storage, and
//! counts toward `MaxConsentsPerPatient`, until anyone reaps it ([`Pallet::reap_consent`]), which
//! releases its deposit. A consent created by approving a request expires `grant_duration` blocks
//! after the approval (at most `MaxGrantDuration`); requests expire `RequestLifetime` blocks after
//! they are made, break-glass episodes at most `MaxBreakGlassDuration` after they open. Durations
//! are in blocks; the runtime's `DAYS` assumes its block time.
//!
//! ## Calls by role
//!
//! - **Patient** (or a delegate with the scope): [`Pallet::grant_consent`],
//!   [`Pallet::revoke_consent`], [`Pallet::respond_to_request`] (`ApproveAccess`),
//!   [`Pallet::set_research_consent`], [`Pallet::withdraw_research_consent`].
//! - **Provider** (a member of an active organisation): [`Pallet::request_access`],
//!   [`Pallet::record_access`]; a clinician of a hospital or clinic: [`Pallet::break_glass`].
//! - **Reviewer** (a privacy officer of another organisation, or an accredited auditor):
//!   [`Pallet::close_review`].
//! - **Anyone**: [`Pallet::reap_consent`], [`Pallet::reap_request`],
//!   [`Pallet::flag_overdue_review`] — housekeeping the rules allow once a deadline has passed.
//! - **Readers** (runtime API `ConsentApi`): [`Pallet::check_access`], [`Pallet::access_log`],
//!   [`Pallet::consents`], [`Pallet::break_glass_episodes`], [`Pallet::overdue_break_glass`],
//!   [`Pallet::research_consent`].
//!
//! ## Scenario: Pat's consents at work
//!
//! 1. Pat calls [`Pallet::grant_consent`]: City Hospital (organisation 0) may access and use all
//!    her records for TREAT, except a nested deny of label PSY. Her pharmacy may access only
//!    prescriptions; her insurer only claims, for HPAYMT.
//! 2. The pharmacy asks for her X-ray: [`Pallet::check_access`] says `DenyNoConsent`. It asks
//!    through [`Pallet::request_access`]; Pat (notified by the `AccessRequested` event) answers with
//!    [`Pallet::respond_to_request`] — denied.
//! 3. Pat changes her mind about the insurer and calls [`Pallet::revoke_consent`]: refused from
//!    the next check on.
//! 4. Pat collapses in another city. Dr Ortiz, an ER physician there, calls
//!    [`Pallet::break_glass`] (ETREAT, `PatientIncapacitated`, 4 hours): `BreakGlassOpened` names
//!    him, Pat and the reason, and lists Pat's emergency contacts. The hospital's privacy officer
//!    later closes the review with [`Pallet::close_review`].
//! 5. Each access is recorded with [`Pallet::record_access`] — naming the anchored record, and
//!    for a disclosure its recipient; Pat lists who accessed what, when, why and for whom from her
//!    access log.
//! 6. Pat's portal hands her a FHIR `Consent`: "no provider may see what the second hospital
//!    holds, except my GP; my 2019 results only to the clinic; never my psychiatric notes, not even
//!    in an emergency". Her wallet converts it (crate `healthchain-fhir-consent`) and calls
//!    [`Pallet::grant_consent`] with nested provisions naming their actor, record sources, a data
//!    period and `EmergencyOverride::Refused`.
//! 7. Pat opts lab results into research with [`Pallet::set_research_consent`] and later withdraws
//!    with [`Pallet::withdraw_research_consent`].

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub mod decision;
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
	ComplianceCheck, ConsentCheck, DelegateAction, Deposit, Membership, OrganizationDirectory, PatientRegistry,
	RecordDirectory, MAX_QUERY_LABELS,
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
	sp_runtime::traits::{Saturating, Zero},
};

/// A consent record.
pub type ConsentOf<T> = ConsentRecord<
	<T as frame_system::Config>::AccountId,
	BlockNumberFor<T>,
	<T as Config>::Consideration,
	<T as Config>::MaxCodes,
	<T as Config>::MaxRefs,
	<T as Config>::MaxExceptions,
>;
/// A scope.
pub type ScopeOf<T> = Scope<<T as Config>::MaxCodes>;
/// A provision.
pub type ProvisionOf<T> = Provision<
	<T as frame_system::Config>::AccountId,
	BlockNumberFor<T>,
	<T as Config>::MaxCodes,
	<T as Config>::MaxRefs,
>;
/// A nested provision.
pub type ExceptionOf<T> = Exception<
	<T as frame_system::Config>::AccountId,
	BlockNumberFor<T>,
	<T as Config>::MaxCodes,
	<T as Config>::MaxRefs,
>;
/// Nested provisions of a consent.
pub type ExceptionsOf<T> = BoundedVec<ExceptionOf<T>, <T as Config>::MaxExceptions>;
/// An access request.
pub type AccessRequestOf<T> = AccessRequest<
	<T as frame_system::Config>::AccountId,
	BlockNumberFor<T>,
	<T as Config>::Consideration,
	<T as Config>::MaxCodes,
>;
/// A break-glass episode.
pub type EpisodeOf<T> = BreakGlassEpisode<
	<T as frame_system::Config>::AccountId,
	BlockNumberFor<T>,
	<T as Config>::Consideration,
	<T as Config>::MaxConsentsPerPatient,
>;
/// A research consent.
pub type ResearchConsentOf<T> = ResearchConsent<
	<T as frame_system::Config>::AccountId,
	BlockNumberFor<T>,
	<T as Config>::Consideration,
	<T as Config>::MaxCodes,
	<T as Config>::MaxStudies,
>;
/// An access-log entry.
pub type AccessLogEntryOf<T> = AccessLogEntry<<T as frame_system::Config>::AccountId, BlockNumberFor<T>>;
/// Accounts notified of an event (a patient's emergency contacts or approvers).
pub type NotifiedOf<T> = BoundedVec<<T as frame_system::Config>::AccountId, <T as Config>::MaxNotified>;

#[polkadot_sdk::frame_support::pallet]
pub mod pallet {
	use super::*;

	/// The in-code storage version.
	pub(crate) const STORAGE_VERSION: StorageVersion = StorageVersion::new(4);

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
			type MaxCodes = ConstU32<8>;
			type MaxRefs = ConstU32<3>;
			type MaxExceptions = ConstU32<4>;
			type MaxConsentsPerPatient = ConstU32<6>;
			type MaxPendingRequests = ConstU32<3>;
			type MaxRequestsPerOrganization = ConstU32<2>;
			type RequestLifetime = ConstU64<20>;
			type MaxGrantDuration = ConstU64<100>;
			type MaxBreakGlassDuration = ConstU64<50>;
			type ReviewPeriod = ConstU64<30>;
			type MaxPendingReviews = ConstU32<3>;
			type MaxOpenEpisodesPerRequester = ConstU32<2>;
			type MaxStudies = ConstU32<3>;
			type MaxNotified = ConstU32<4>;
			type AccessLogCapacity = ConstU32<3>;
			type WeightInfo = ();
		}
	}

	#[pallet::config(with_default)]
	pub trait Config: polkadot_sdk::frame_system::Config {
		/// Patients and their delegates.
		#[pallet::no_default]
		type Patients: PatientRegistry<Self::AccountId, BlockNumberFor<Self>>;

		/// The consortium directory.
		#[pallet::no_default]
		type Organizations: OrganizationDirectory<Self::AccountId>;

		/// Accreditation of auditors (who may review any organisation's break-glass episodes).
		#[pallet::no_default]
		type Compliance: ComplianceCheck<BlockNumberFor<Self>>;

		/// Facts of anchored records (their version line, custodian, author, clinical time), for
		/// provisions about specific records and queries about an anchor.
		#[pallet::no_default]
		type Records: RecordDirectory<Self::AccountId>;

		/// Deposit held for consents, requests, episodes and research consents.
		#[pallet::no_default]
		type Consideration: Consideration<Self::AccountId, Footprint>;

		/// Maximum codes in each list of a scope.
		#[pallet::constant]
		type MaxCodes: Get<u32>;
		/// Maximum record references, record sources and recipients in each provision.
		#[pallet::constant]
		type MaxRefs: Get<u32>;
		/// Maximum nested provisions of a consent.
		#[pallet::constant]
		type MaxExceptions: Get<u32>;
		/// Maximum active consents of one patient.
		#[pallet::constant]
		type MaxConsentsPerPatient: Get<u32>;
		/// Maximum pending access requests for one patient.
		#[pallet::constant]
		type MaxPendingRequests: Get<u32>;
		/// Maximum pending requests one organisation may hold for one patient (so one member
		/// cannot fill the patient's queue).
		#[pallet::constant]
		type MaxRequestsPerOrganization: Get<u32>;
		/// Blocks an access request stays answerable.
		#[pallet::constant]
		#[pallet::no_default_bounds]
		type RequestLifetime: Get<BlockNumberFor<Self>>;
		/// Longest grant an approved request creates, in blocks.
		#[pallet::constant]
		#[pallet::no_default_bounds]
		type MaxGrantDuration: Get<BlockNumberFor<Self>>;
		/// Longest break-glass episode, in blocks (hard limit).
		#[pallet::constant]
		#[pallet::no_default_bounds]
		type MaxBreakGlassDuration: Get<BlockNumberFor<Self>>;
		/// Blocks after opening within which an episode must be reviewed.
		#[pallet::constant]
		#[pallet::no_default_bounds]
		type ReviewPeriod: Get<BlockNumberFor<Self>>;
		/// Maximum unreviewed episodes per organisation.
		#[pallet::constant]
		type MaxPendingReviews: Get<u32>;
		/// Maximum unreviewed episodes one clinician may hold.
		#[pallet::constant]
		type MaxOpenEpisodesPerRequester: Get<u32>;
		/// Maximum studies a research consent may name.
		#[pallet::constant]
		type MaxStudies: Get<u32>;
		/// Maximum accounts named in a notification.
		#[pallet::constant]
		type MaxNotified: Get<u32>;
		/// Entries of each (patient, recording organisation) access-log ring.
		#[pallet::constant]
		type AccessLogCapacity: Get<u32>;

		/// Weights of this pallet's calls.
		type WeightInfo: WeightInfo;

		/// Sets up patients and members for the benchmarks.
		#[pallet::no_default]
		#[cfg(feature = "runtime-benchmarks")]
		type BenchmarkHelper: benchmarking::BenchmarkHelper<Self::AccountId>;
	}

	/// Reasons this pallet holds funds.
	#[pallet::composite_enum]
	pub enum HoldReason {
		/// Deposit for consent state.
		#[codec(index = 0)]
		ConsentDeposit,
	}

	/// The next consent id.
	#[pallet::storage]
	pub type NextConsentId<T> = StorageValue<_, ConsentId, ValueQuery>;
	/// Consents by id.
	#[pallet::storage]
	pub type Consents<T: Config> = StorageMap<_, Twox64Concat, ConsentId, ConsentOf<T>, OptionQuery>;
	/// Consent ids of each patient.
	#[pallet::storage]
	pub type PatientConsents<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, BoundedVec<ConsentId, T::MaxConsentsPerPatient>, ValueQuery>;

	/// The next access-request id.
	#[pallet::storage]
	pub type NextRequestId<T> = StorageValue<_, RequestId, ValueQuery>;
	/// Pending access requests by id.
	#[pallet::storage]
	pub type Requests<T: Config> = StorageMap<_, Twox64Concat, RequestId, AccessRequestOf<T>, OptionQuery>;
	/// Pending request ids of each patient.
	#[pallet::storage]
	pub type PatientRequests<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, BoundedVec<RequestId, T::MaxPendingRequests>, ValueQuery>;

	/// The next break-glass episode id.
	#[pallet::storage]
	pub type NextEpisodeId<T> = StorageValue<_, EpisodeId, ValueQuery>;
	/// Break-glass episodes awaiting review, or reviewed and kept for the patient's record.
	#[pallet::storage]
	pub type Episodes<T: Config> = StorageMap<_, Twox64Concat, EpisodeId, EpisodeOf<T>, OptionQuery>;
	/// Unreviewed episode ids of each organisation.
	#[pallet::storage]
	pub type PendingReviews<T: Config> =
		StorageMap<_, Twox64Concat, OrganizationId, BoundedVec<EpisodeId, T::MaxPendingReviews>, ValueQuery>;
	/// The most recent episodes of each patient, oldest first, with their review state
	/// (bounded like the access log).
	#[pallet::storage]
	pub type PatientEpisodes<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, BoundedVec<HistoryEntry, T::AccessLogCapacity>, ValueQuery>;

	/// Research consents of patients.
	#[pallet::storage]
	pub type ResearchConsents<T: Config> =
		StorageMap<_, Blake2_128Concat, T::AccountId, ResearchConsentOf<T>, OptionQuery>;

	/// The latest break-glass episode each clinician opened for each patient and purpose, so
	/// that a decision finds it with one read instead of scanning the patient's history.
	#[pallet::storage]
	pub type LatestEpisode<T: Config> = StorageDoubleMap<
		_,
		Blake2_128Concat,
		T::AccountId,
		Blake2_128Concat,
		(T::AccountId, PurposeOfUse),
		EpisodeId,
		OptionQuery,
	>;

	/// Unreviewed episodes each clinician holds.
	#[pallet::storage]
	pub type OpenEpisodes<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, u32, ValueQuery>;

	/// The accounting of disclosures: one ring per (patient, recording organisation), slot →
	/// entry, so that an organisation can only ever displace its own entries.
	#[pallet::storage]
	pub type Disclosures<T: Config> = StorageNMap<
		_,
		(NMapKey<Blake2_128Concat, T::AccountId>, NMapKey<Twox64Concat, OrganizationId>, NMapKey<Twox64Concat, u32>),
		AccessLogEntryOf<T>,
		OptionQuery,
	>;
	/// How many entries each organisation recorded about each patient (its ring's cursor).
	#[pallet::storage]
	pub type DisclosureCount<T: Config> =
		StorageDoubleMap<_, Blake2_128Concat, T::AccountId, Twox64Concat, OrganizationId, u64, ValueQuery>;
	/// The sequence number of each patient's next access-log entry (across organisations).
	#[pallet::storage]
	pub type AccessLogNext<T: Config> = StorageMap<_, Blake2_128Concat, T::AccountId, u64, ValueQuery>;

	#[pallet::event]
	#[pallet::generate_deposit(pub(super) fn deposit_event)]
	pub enum Event<T: Config> {
		/// A consent was granted.
		ConsentGranted {
			id: ConsentId,
			patient: T::AccountId,
			granted_by: T::AccountId,
			grantee: Grantee<T::AccountId>,
			decision: Decision,
			exceptions: u32,
			/// When it is in force.
			validity: Validity<BlockNumberFor<T>>,
			policy: H256,
			source: ConsentSource,
			/// Whether break-glass access may override the consent's denies.
			emergency: EmergencyOverride,
		},
		/// A consent was revoked; it stopped counting at once.
		ConsentRevoked { id: ConsentId, patient: T::AccountId, revoked_by: T::AccountId },
		/// An expired consent was removed and its deposit released.
		ConsentExpired { id: ConsentId, patient: T::AccountId },
		/// A provider asked for access; the patient and `notify` (delegates who may approve or
		/// are to be notified) should answer.
		AccessRequested {
			id: RequestId,
			requester: T::AccountId,
			organization: OrganizationId,
			patient: T::AccountId,
			justification: H256,
			expires_at: BlockNumberFor<T>,
			notify: NotifiedOf<T>,
		},
		/// The patient (or a delegate) approved a request; `consent` is the grant created.
		AccessRequestApproved {
			id: RequestId,
			patient: T::AccountId,
			approved_by: T::AccountId,
			consent: ConsentId,
			/// When the grant expires (the first block it no longer counts).
			expires_at: BlockNumberFor<T>,
		},
		/// The patient (or a delegate) denied a request.
		AccessRequestDenied { id: RequestId, patient: T::AccountId, denied_by: T::AccountId, requester: T::AccountId },
		/// An unanswered request expired and was removed.
		AccessRequestExpired { id: RequestId, patient: T::AccountId, requester: T::AccountId },
		/// EMERGENCY ACCESS: a clinician broke the glass. `notify` are the patient's emergency
		/// contacts.
		BreakGlassOpened {
			id: EpisodeId,
			requester: T::AccountId,
			organization: OrganizationId,
			patient: T::AccountId,
			purpose: PurposeOfUse,
			reason: BreakGlassReason,
			expires_at: BlockNumberFor<T>,
			review_deadline: BlockNumberFor<T>,
			notify: NotifiedOf<T>,
			/// The patient's consents that refuse this clinician emergency reading, which the
			/// episode overrides (empty when none): the reviewer must weigh them.
			overrides: BoundedVec<ConsentId, T::MaxConsentsPerPatient>,
		},
		/// A break-glass episode was reviewed; an unjustified one ended access at once.
		BreakGlassReviewed {
			id: EpisodeId,
			organization: OrganizationId,
			patient: T::AccountId,
			requester: T::AccountId,
			reviewer: T::AccountId,
			reviewer_organization: OrganizationId,
			justified: bool,
			finding: H256,
			/// The patient's refusals the episode overrode.
			overrides: BoundedVec<ConsentId, T::MaxConsentsPerPatient>,
			/// The ruling on that override (`None` when nothing was overridden); `false` puts
			/// the refusals back in force.
			override_upheld: Option<bool>,
		},
		/// A break-glass episode passed its review deadline unreviewed.
		BreakGlassReviewOverdue {
			id: EpisodeId,
			organization: OrganizationId,
			patient: T::AccountId,
			requester: T::AccountId,
		},
		/// The patient opted categories into de-identified research.
		ResearchConsentSet {
			patient: T::AccountId,
			categories: BoundedVec<RecordCategory, T::MaxCodes>,
			studies: BoundedVec<H256, T::MaxStudies>,
		},
		/// The patient withdrew research consent (applies to future releases).
		ResearchConsentWithdrawn { patient: T::AccountId },
		/// A member recorded an access or disclosure (accounting of disclosures).
		AccessRecorded {
			patient: T::AccountId,
			seq: u64,
			accessor: T::AccountId,
			organization: OrganizationId,
			action: ConsentAction,
			category: RecordCategory,
			record: Option<u64>,
			recipient: Option<Recipient<T::AccountId>>,
			purpose: PurposeOfUse,
			decision: AccessDecision,
			outcome: AccessOutcome,
		},
	}

	#[pallet::error]
	pub enum Error<T> {
		/// The subject is neither an active patient nor the key of a published pseudonym.
		UnknownPatient,
		/// The caller may not act for this patient for this action.
		NotAuthorizedForPatient,
		/// The root provision (or the request) names no action.
		InvalidActions,
		/// The validity period is empty or already over.
		InvalidPeriod,
		/// The patient has `MaxConsentsPerPatient` consents.
		TooManyConsents,
		/// No such consent.
		UnknownConsent,
		/// The consent is still valid.
		NotExpired,
		/// The caller is not a member of an active organisation.
		NotActiveMember,
		/// The patient has `MaxPendingRequests` pending requests.
		TooManyRequests,
		/// No such request.
		UnknownRequest,
		/// The request expired.
		RequestExpired,
		/// The requested grant duration is zero or exceeds `MaxGrantDuration`.
		InvalidDuration,
		/// Only clinical roles may break the glass.
		NotClinician,
		/// Break-glass purpose must be ETREAT or BTG.
		InvalidPurpose,
		/// The organisation has `MaxPendingReviews` unreviewed episodes.
		TooManyPendingReviews,
		/// No such episode.
		UnknownEpisode,
		/// The episode was reviewed already.
		AlreadyReviewed,
		/// Only the organisation's privacy officer or an auditor may review.
		NotReviewer,
		/// The review deadline has not passed.
		NotOverdue,
		/// The episode is already flagged.
		AlreadyFlagged,
		/// The patient has no research consent.
		NoResearchConsent,
		/// The research consent names no category.
		EmptyResearchConsent,
		/// Only clinicians of care-providing organisations (hospitals, clinics) may break the glass.
		NotCareProvider,
		/// The clinician holds `MaxOpenEpisodesPerRequester` unreviewed episodes.
		TooManyOpenEpisodes,
		/// The patient's episode history is full of episodes awaiting review.
		EpisodeHistoryFull,
		/// Nobody may approve or deny their own access request.
		SelfApproval,
		/// The reviewer is not independent of the requester: the requester themself, or a member
		/// of the requester's organisation.
		ReviewerNotIndependent,
		/// The requester's organisation holds `MaxRequestsPerOrganization` pending requests of
		/// this patient.
		TooManyRequestsFromOrganization,
		/// The query carries more than `MAX_QUERY_LABELS` labels.
		TooManyLabels,
		/// A nested provision names itself, a later one or a missing one as its parent.
		InvalidNesting,
		/// Provisions are nested deeper than `decision::MAX_NESTING_DEPTH`.
		NestingTooDeep,
		/// A provision's data period ends before it starts.
		InvalidDataPeriod,
		/// A provision's period is empty.
		InvalidProvisionPeriod,
		/// No anchored record has this id.
		UnknownRecord,
		/// The record is not about this patient.
		RecordNotOfPatient,
		/// A disclosure must name its recipient.
		RecipientRequired,
		/// Only a disclosure has a recipient.
		RecipientOnlyForDisclosure,
		/// The recipient is not a member of an active organisation, or not an active organisation.
		UnknownRecipient,
		/// The episode overrode the patient's refusals: the review must rule on the override.
		OverrideNotAddressed,
		/// The episode overrode no refusal: there is no override to rule on.
		NoOverrideToAddress,
	}

	#[pallet::hooks]
	impl<T: Config> Hooks<BlockNumberFor<T>> for Pallet<T> {
		fn integrity_test() {
			assert!(T::AccessLogCapacity::get() > 0);
			assert!(T::MaxOpenEpisodesPerRequester::get() > 0);
			assert!(T::MaxRequestsPerOrganization::get() > 0);
			assert!(!T::ReviewPeriod::get().is_zero());
			assert!(!T::MaxBreakGlassDuration::get().is_zero());
		}

		#[cfg(feature = "try-runtime")]
		fn try_state(_n: BlockNumberFor<T>) -> Result<(), polkadot_sdk::sp_runtime::TryRuntimeError> {
			Self::do_try_state()
		}
	}

	#[pallet::call]
	impl<T: Config> Pallet<T> {
		/// Grant a consent for `patient`: `grantee`, a root `provision`, nested `exceptions`
		/// (each naming its parent, parents first), the hash of the `policy` agreed to, when it is
		/// in force (`start` defaults to now; `expires_at`, the first block it no longer is,
		/// defaults to "until revoked": the convention of [`Validity`]), and whether a break-glass
		/// episode may override its denies (`emergency`). A deposit is held from the caller.
		///
		/// - Origin: signed by the patient, or a delegate with `ManageConsent`.
		/// - Checks: the patient is active; the root provision names at least one action and no
		///   (`InvalidActions`); the nesting is well formed (`InvalidNesting`,
		///   `NestingTooDeep`); the period and each provision's period are not empty
		///   (`InvalidPeriod`, `InvalidProvisionPeriod`), each data period ends after it starts;
		///   each referenced record exists and is about the patient (its first version is filled
		///   in); the patient has room for another consent.
		/// - Emits: `ConsentGranted`.
		#[pallet::call_index(0)]
		#[pallet::weight(T::WeightInfo::grant_consent())]
		pub fn grant_consent(
			origin: OriginFor<T>,
			patient: T::AccountId,
			grantee: Grantee<T::AccountId>,
			provision: ProvisionOf<T>,
			exceptions: ExceptionsOf<T>,
			policy: H256,
			start: Option<BlockNumberFor<T>>,
			expires_at: Option<BlockNumberFor<T>>,
			emergency: EmergencyOverride,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let now = frame_system::Pallet::<T>::block_number();
			Self::ensure_may_act(&who, &patient, DelegateAction::ManageConsent, now)?;
			let start = start.unwrap_or(now);
			if let Some(end) = expires_at {
				ensure!(end > start && end > now, Error::<T>::InvalidPeriod);
			}
			let (provision, exceptions) = Self::validated_provisions(&patient, provision, exceptions)?;
			Self::insert_consent(
				who.clone(),
				who,
				patient,
				grantee,
				provision,
				exceptions,
				policy,
				Validity { start, expires_at },
				ConsentSource::Direct,
				emergency,
				None,
			)
			.map(|_| ())
		}

		/// Revoke a consent; it stops counting at once and its deposit is released.
		///
		/// - Origin: signed by the patient, or a delegate with `ManageConsent`.
		/// - Checks: the consent exists; the patient is active (a key that was rotated away or
		///   deactivated controls nothing).
		/// - Emits: `ConsentRevoked`.
		#[pallet::call_index(1)]
		#[pallet::weight(T::WeightInfo::revoke_consent())]
		pub fn revoke_consent(origin: OriginFor<T>, id: ConsentId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let consent = Consents::<T>::get(id).ok_or(Error::<T>::UnknownConsent)?;
			let now = frame_system::Pallet::<T>::block_number();
			Self::ensure_may_act(&who, &consent.patient, DelegateAction::ManageConsent, now)?;
			let patient = consent.patient.clone();
			Self::remove_consent(id, consent);
			Self::deposit_event(Event::ConsentRevoked { id, patient, revoked_by: who });
			Ok(())
		}

		/// Remove a consent whose period ended and release its deposit to whoever paid it.
		///
		/// - Origin: any signed account.
		/// - Checks: the consent exists and its `end` has passed.
		/// - Emits: `ConsentExpired`.
		#[pallet::call_index(2)]
		#[pallet::weight(T::WeightInfo::reap_consent())]
		pub fn reap_consent(origin: OriginFor<T>, id: ConsentId) -> DispatchResult {
			ensure_signed(origin)?;
			let consent = Consents::<T>::get(id).ok_or(Error::<T>::UnknownConsent)?;
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(consent.validity.has_expired(&now), Error::<T>::NotExpired);
			let patient = consent.patient.clone();
			Self::remove_consent(id, consent);
			Self::deposit_event(Event::ConsentExpired { id, patient });
			Ok(())
		}

		/// Ask `patient` for access within `scope`, for `grant_duration` blocks once approved, with
		/// the hash of a justification. A deposit is held from the caller; it moves to the consent
		/// on approval and returns on denial or expiry.
		///
		/// - Origin: signed by a member of an active organisation.
		/// - Checks: the patient is active; the scope names an action; the duration is within
		///   `MaxGrantDuration`; the patient has room for another pending request, and the
		///   caller's organisation holds fewer than `MaxRequestsPerOrganization` of them.
		/// - Emits: `AccessRequested` (with the patient's approvers and emergency contacts).
		#[pallet::call_index(3)]
		#[pallet::weight(T::WeightInfo::request_access())]
		pub fn request_access(
			origin: OriginFor<T>,
			patient: T::AccountId,
			scope: ScopeOf<T>,
			justification: H256,
			grant_duration: BlockNumberFor<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let organization = T::Organizations::membership(&who)
				.ok_or(Error::<T>::NotActiveMember)?
				.organization;
			ensure!(T::Patients::is_active_subject(&patient), Error::<T>::UnknownPatient);
			ensure!(!scope.actions.is_empty(), Error::<T>::InvalidActions);
			ensure!(
				!grant_duration.is_zero() && grant_duration <= T::MaxGrantDuration::get(),
				Error::<T>::InvalidDuration
			);
			let mut pending = PatientRequests::<T>::get(&patient);
			let from_org = pending
				.iter()
				.filter(|r| Requests::<T>::get(r).is_some_and(|r| r.organization == organization))
				.count() as u32;
			ensure!(from_org < T::MaxRequestsPerOrganization::get(), Error::<T>::TooManyRequestsFromOrganization);
			let id = NextRequestId::<T>::get();
			pending.try_push(id).map_err(|_| Error::<T>::TooManyRequests)?;
			let now = frame_system::Pallet::<T>::block_number();
			let expires_at = now.saturating_add(T::RequestLifetime::get());
			let deposit = Deposit::for_item::<ConsentOf<T>>(who.clone())?;
			let notify = Self::notify_list(&patient, &[DelegateAction::Notify, DelegateAction::ApproveAccess], now);
			NextRequestId::<T>::put(id.saturating_add(1));
			Requests::<T>::insert(
				id,
				AccessRequest {
					requester: who.clone(),
					organization,
					patient: patient.clone(),
					scope,
					justification,
					grant_duration,
					expires_at,
					deposit,
				},
			);
			PatientRequests::<T>::insert(&patient, pending);
			Self::deposit_event(Event::AccessRequested {
				id,
				requester: who,
				organization,
				patient,
				justification,
				expires_at,
				notify,
			});
			Ok(())
		}

		/// Answer an access request. Approval creates a consent (grantee: the requester at the
		/// organisation they asked from, permit over the requested scope, until now + the
		/// requested duration); denial releases the requester's deposit. The grant is a permit
		/// like any other: the patient's explicit denies still override it.
		///
		/// - Origin: signed by the patient, or a delegate with `ApproveAccess`.
		/// - Checks: the caller is not the requester; the request exists and has not expired; on
		///   approval, the patient has room for another consent.
		/// - Emits: `AccessRequestApproved` and `ConsentGranted`, or `AccessRequestDenied`.
		#[pallet::call_index(4)]
		#[pallet::weight(T::WeightInfo::respond_to_request())]
		pub fn respond_to_request(origin: OriginFor<T>, id: RequestId, approve: bool) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let request = Requests::<T>::get(id).ok_or(Error::<T>::UnknownRequest)?;
			let now = frame_system::Pallet::<T>::block_number();
			Self::ensure_may_act(&who, &request.patient, DelegateAction::ApproveAccess, now)?;
			ensure!(who != request.requester, Error::<T>::SelfApproval);
			ensure!(now < request.expires_at, Error::<T>::RequestExpired);
			let AccessRequest { requester, organization, patient, scope, grant_duration, deposit, .. } = request;
			if approve {
				let expires_at = now.saturating_add(grant_duration);
				let consent = Self::insert_consent(
					who.clone(),
					deposit.payer.clone(),
					patient.clone(),
					Grantee::Member { account: requester, organization },
					Provision::over(Decision::Permit, scope),
					Default::default(),
					H256::zero(),
					Validity { start: now, expires_at: Some(expires_at) },
					ConsentSource::AccessRequest(id),
					EmergencyOverride::Allowed,
					Some(deposit.ticket),
				)?;
				Self::remove_request(id, &patient);
				Self::deposit_event(Event::AccessRequestApproved {
					id,
					patient,
					approved_by: who,
					consent,
					expires_at,
				});
			} else {
				deposit.release();
				Self::remove_request(id, &patient);
				Self::deposit_event(Event::AccessRequestDenied { id, patient, denied_by: who, requester });
			}
			Ok(())
		}

		/// Remove an unanswered request after it expired and return the requester's deposit.
		///
		/// - Origin: any signed account.
		/// - Checks: the request exists and has expired.
		/// - Emits: `AccessRequestExpired`.
		#[pallet::call_index(5)]
		#[pallet::weight(T::WeightInfo::reap_request())]
		pub fn reap_request(origin: OriginFor<T>, id: RequestId) -> DispatchResult {
			ensure_signed(origin)?;
			let request = Requests::<T>::get(id).ok_or(Error::<T>::UnknownRequest)?;
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(now >= request.expires_at, Error::<T>::NotExpired);
			request.deposit.release();
			Self::remove_request(id, &request.patient);
			Self::deposit_event(Event::AccessRequestExpired {
				id,
				patient: request.patient,
				requester: request.requester,
			});
			Ok(())
		}

		/// Break the glass: open emergency access to `patient` for `duration` blocks without
		/// consent. Until it expires (or is reviewed as unjustified), the caller may access, use
		/// and document (store) the patient's data with purpose ETREAT/BTG while a member of the
		/// same organisation — never disclose or amend it. A review is due within `ReviewPeriod`;
		/// a deposit is held until then.
		///
		/// - Origin: signed by a clinical member (physician, nurse, pharmacist, lab technician,
		///   radiologist) of an active hospital or clinic.
		/// - Checks: the patient is active; purpose is ETREAT or BTG; 0 < duration ≤
		///   `MaxBreakGlassDuration`; the caller holds fewer than `MaxOpenEpisodesPerRequester`
		///   unreviewed episodes; the organisation has room for another pending review; the
		///   patient's episode history is not full of unreviewed episodes.
		/// - Emits: `BreakGlassOpened`, naming the patient's emergency contacts.
		#[pallet::call_index(6)]
		#[pallet::weight(T::WeightInfo::break_glass())]
		pub fn break_glass(
			origin: OriginFor<T>,
			patient: T::AccountId,
			purpose: PurposeOfUse,
			reason: BreakGlassReason,
			duration: BlockNumberFor<T>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let Membership { organization, kind, role } =
				T::Organizations::membership(&who).ok_or(Error::<T>::NotActiveMember)?;
			ensure!(kind.provides_emergency_care(), Error::<T>::NotCareProvider);
			ensure!(role.is_clinical(), Error::<T>::NotClinician);
			ensure!(T::Patients::is_active_subject(&patient), Error::<T>::UnknownPatient);
			ensure!(purpose.is_emergency(), Error::<T>::InvalidPurpose);
			ensure!(!duration.is_zero() && duration <= T::MaxBreakGlassDuration::get(), Error::<T>::InvalidDuration);
			let open = OpenEpisodes::<T>::get(&who);
			ensure!(open < T::MaxOpenEpisodesPerRequester::get(), Error::<T>::TooManyOpenEpisodes);
			let id = NextEpisodeId::<T>::get();
			let mut pending = PendingReviews::<T>::get(organization);
			pending.try_push(id).map_err(|_| Error::<T>::TooManyPendingReviews)?;
			let now = frame_system::Pallet::<T>::block_number();
			let expires_at = now.saturating_add(duration);
			let review_deadline = now.saturating_add(T::ReviewPeriod::get());
			let deposit = Deposit::for_item::<EpisodeOf<T>>(who.clone())?;
			let notify = Self::notify_list(&patient, &[DelegateAction::Notify], now);
			let overrides = Self::refusals_of(&patient, &who, organization, kind, now);
			let mut history = PatientEpisodes::<T>::get(&patient);
			if history.is_full() {
				// Forget the oldest *reviewed* episode of the patient (its events remain); an
				// episode awaiting review is never dropped from the patient's view. The review
				// state is in the list: one episode is read, the one dropped.
				let pos = history.iter().position(|e| !e.pending).ok_or(Error::<T>::EpisodeHistoryFull)?;
				let old = history.remove(pos).episode;
				if let Some(ep) = Episodes::<T>::take(old) {
					if LatestEpisode::<T>::get(&patient, (&ep.requester, ep.purpose)) == Some(old) {
						LatestEpisode::<T>::remove(&patient, (&ep.requester, ep.purpose));
					}
				}
			}
			history
				.try_push(HistoryEntry { episode: id, pending: true })
				.map_err(|_| Error::<T>::EpisodeHistoryFull)?;
			NextEpisodeId::<T>::put(id.saturating_add(1));
			Episodes::<T>::insert(
				id,
				BreakGlassEpisode {
					requester: who.clone(),
					organization,
					patient: patient.clone(),
					purpose,
					reason,
					opened_at: now,
					expires_at,
					review_deadline,
					review: Review::Pending,
					overdue: false,
					deposit: Some(deposit),
					overrides: overrides.clone(),
					override_upheld: None,
				},
			);
			PendingReviews::<T>::insert(organization, pending);
			PatientEpisodes::<T>::insert(&patient, history);
			OpenEpisodes::<T>::insert(&who, open.saturating_add(1));
			LatestEpisode::<T>::insert(&patient, (&who, purpose), id);
			Self::deposit_event(Event::BreakGlassOpened {
				id,
				requester: who,
				organization,
				patient,
				purpose,
				reason,
				expires_at,
				review_deadline,
				notify,
				overrides,
			});
			Ok(())
		}

		/// Close the review of a break-glass episode as justified or not, with the hash of the
		/// finding. The requester's deposit is released. An unjustified review ends the
		/// episode's access at once; the finding stays on the patient's record. When the episode
		/// overrode the patient's explicit refusals, the review must rule on that override too
		/// (`override_upheld`): not upheld puts the refusals back in force at once, even for a
		/// justified episode.
		///
		/// - Origin: signed by someone independent of the requester: the privacy officer of
		///   another active organisation, or an auditor (or administrator) of an accredited
		///   auditor organisation.
		/// - Checks: the episode exists and is pending review; the caller is neither the requester
		///   nor a member of the requester's organisation; `override_upheld` is given exactly
		///   when the episode overrode a refusal (`OverrideNotAddressed`, `NoOverrideToAddress`).
		/// - Emits: `BreakGlassReviewed`, with the overridden consents and the ruling.
		#[pallet::call_index(7)]
		#[pallet::weight(T::WeightInfo::close_review())]
		pub fn close_review(
			origin: OriginFor<T>,
			id: EpisodeId,
			justified: bool,
			finding: H256,
			override_upheld: Option<bool>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let mut ep = Episodes::<T>::get(id).ok_or(Error::<T>::UnknownEpisode)?;
			ensure!(ep.review == Review::Pending, Error::<T>::AlreadyReviewed);
			match (ep.overrides.is_empty(), override_upheld) {
				(false, None) => return Err(Error::<T>::OverrideNotAddressed.into()),
				(true, Some(_)) => return Err(Error::<T>::NoOverrideToAddress.into()),
				_ => {},
			}
			let Membership { organization: org, kind, role } =
				T::Organizations::membership(&who).ok_or(Error::<T>::NotReviewer)?;
			let now = frame_system::Pallet::<T>::block_number();
			let privacy_officer = role == MemberRole::PrivacyOfficer;
			let auditor = kind == OrganizationKind::Auditor
				&& matches!(role, MemberRole::Auditor | MemberRole::Administrator)
				&& T::Compliance::is_accredited_auditor(org, now);
			ensure!(privacy_officer || auditor, Error::<T>::NotReviewer);
			ensure!(who != ep.requester && org != ep.organization, Error::<T>::ReviewerNotIndependent);
			ep.override_upheld = override_upheld;
			ep.review = if justified {
				Review::Justified { reviewer: who.clone(), at: now, finding }
			} else {
				Review::Unjustified { reviewer: who.clone(), at: now, finding }
			};
			if let Some(deposit) = ep.deposit.take() {
				deposit.release();
			}
			let mut pending = PendingReviews::<T>::get(ep.organization);
			pending.retain(|e| *e != id);
			if pending.is_empty() {
				PendingReviews::<T>::remove(ep.organization);
			} else {
				PendingReviews::<T>::insert(ep.organization, pending);
			}
			let (organization, patient, requester) = (ep.organization, ep.patient.clone(), ep.requester.clone());
			let overrides = ep.overrides.clone();
			Episodes::<T>::insert(id, ep);
			PatientEpisodes::<T>::mutate(&patient, |history| {
				for entry in history.iter_mut().filter(|e| e.episode == id) {
					entry.pending = false;
				}
			});
			OpenEpisodes::<T>::mutate_exists(&requester, |n| {
				*n = n.map(|n| n.saturating_sub(1)).filter(|n| *n > 0);
			});
			Self::deposit_event(Event::BreakGlassReviewed {
				id,
				organization,
				patient,
				requester,
				reviewer: who,
				reviewer_organization: org,
				justified,
				finding,
				overrides,
				override_upheld,
			});
			Ok(())
		}

		/// Flag an episode whose review deadline passed without a review (loudly, for auditors).
		///
		/// - Origin: any signed account.
		/// - Checks: the episode is pending review, past its deadline and not flagged yet.
		/// - Emits: `BreakGlassReviewOverdue`.
		#[pallet::call_index(8)]
		#[pallet::weight(T::WeightInfo::flag_overdue_review())]
		pub fn flag_overdue_review(origin: OriginFor<T>, id: EpisodeId) -> DispatchResult {
			ensure_signed(origin)?;
			let mut ep = Episodes::<T>::get(id).ok_or(Error::<T>::UnknownEpisode)?;
			ensure!(ep.review == Review::Pending, Error::<T>::AlreadyReviewed);
			let now = frame_system::Pallet::<T>::block_number();
			ensure!(now > ep.review_deadline, Error::<T>::NotOverdue);
			ensure!(!ep.overdue, Error::<T>::AlreadyFlagged);
			ep.overdue = true;
			let (organization, patient, requester) = (ep.organization, ep.patient.clone(), ep.requester.clone());
			Episodes::<T>::insert(id, ep);
			Self::deposit_event(Event::BreakGlassReviewOverdue { id, organization, patient, requester });
			Ok(())
		}

		/// Opt `categories` into de-identified research use, optionally only for the named
		/// `studies` (ethics-approval hashes); replaces an earlier opt-in.
		///
		/// - Origin: signed by the patient, or a delegate with `ManageConsent`.
		/// - Checks: the patient is active; at least one category.
		/// - Emits: `ResearchConsentSet`.
		#[pallet::call_index(9)]
		#[pallet::weight(T::WeightInfo::set_research_consent())]
		pub fn set_research_consent(
			origin: OriginFor<T>,
			patient: T::AccountId,
			categories: BoundedVec<RecordCategory, T::MaxCodes>,
			studies: BoundedVec<H256, T::MaxStudies>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let now = frame_system::Pallet::<T>::block_number();
			Self::ensure_may_act(&who, &patient, DelegateAction::ManageConsent, now)?;
			ensure!(!categories.is_empty(), Error::<T>::EmptyResearchConsent);
			let deposit = match ResearchConsents::<T>::get(&patient) {
				Some(old) => old.deposit,
				None => Deposit::for_item::<ResearchConsentOf<T>>(who.clone())?,
			};
			ResearchConsents::<T>::insert(
				&patient,
				ResearchConsent { categories: categories.clone(), studies: studies.clone(), since: now, deposit },
			);
			Self::deposit_event(Event::ResearchConsentSet { patient, categories, studies });
			Ok(())
		}

		/// Withdraw research consent; releases already made are unaffected, future ones refused.
		///
		/// - Origin: signed by the patient, or a delegate with `ManageConsent`.
		/// - Checks: the patient is active; a research consent exists.
		/// - Emits: `ResearchConsentWithdrawn`.
		#[pallet::call_index(10)]
		#[pallet::weight(T::WeightInfo::withdraw_research_consent())]
		pub fn withdraw_research_consent(origin: OriginFor<T>, patient: T::AccountId) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let now = frame_system::Pallet::<T>::block_number();
			Self::ensure_may_act(&who, &patient, DelegateAction::ManageConsent, now)?;
			let rc = ResearchConsents::<T>::get(&patient).ok_or(Error::<T>::NoResearchConsent)?;
			rc.deposit.release();
			ResearchConsents::<T>::remove(&patient);
			Self::deposit_event(Event::ResearchConsentWithdrawn { patient });
			Ok(())
		}

		/// Record an access or disclosure the caller made, of an anchored `record` (whose
		/// category, resource type and labels then replace the ones given) or of data of a
		/// category; a disclosure names its `recipient`. The chain evaluates and attaches the
		/// decision in force (which consent or break-glass episode authorised it, or why it was
		/// not), keeps the entry in the ring of the caller's organisation for this patient (so it
		/// can only ever displace its own organisation's entries) and emits it.
		///
		/// - Origin: signed by a member of an active organisation.
		/// - Checks: the patient is an active patient; at most `MaxCodes` labels; the record, if
		///   any, exists and is about the patient; a `Disclose` names a recipient that is an
		///   active member or organisation, and no other action names one.
		/// - Emits: `AccessRecorded`, with the record and recipient.
		#[pallet::call_index(11)]
		#[pallet::weight(T::WeightInfo::record_access(T::MaxConsentsPerPatient::get()))]
		pub fn record_access(
			origin: OriginFor<T>,
			patient: T::AccountId,
			action: ConsentAction,
			category: RecordCategory,
			resource_type: Option<FhirResourceType>,
			labels: BoundedVec<SecurityLabel, T::MaxCodes>,
			purpose: PurposeOfUse,
			outcome: AccessOutcome,
			record: Option<u64>,
			recipient: Option<Recipient<T::AccountId>>,
		) -> DispatchResult {
			let who = ensure_signed(origin)?;
			let organization = T::Organizations::membership(&who)
				.ok_or(Error::<T>::NotActiveMember)?
				.organization;
			ensure!(T::Patients::is_active_subject(&patient), Error::<T>::UnknownPatient);
			let category = match record {
				Some(id) => {
					let facts = T::Records::record_facts(id).ok_or(Error::<T>::UnknownRecord)?;
					ensure!(facts.subject == patient, Error::<T>::RecordNotOfPatient);
					facts.category
				},
				None => category,
			};
			match (action, &recipient) {
				(ConsentAction::Disclose, None) => return Err(Error::<T>::RecipientRequired.into()),
				(ConsentAction::Disclose, Some(r)) => {
					ensure!(Self::recipient_facts(r).is_some(), Error::<T>::UnknownRecipient)
				},
				(_, Some(_)) => return Err(Error::<T>::RecipientOnlyForDisclosure.into()),
				(_, None) => {},
			}
			let now = frame_system::Pallet::<T>::block_number();
			let query = AccessQuery {
				requester: who.clone(),
				patient: patient.clone(),
				action,
				category,
				resource_type,
				labels: labels.into_inner(),
				purpose,
				data: record.map_or(DataContext::Unspecified, DataContext::Anchor),
				recipient: recipient.clone(),
			};
			let decision = Self::check_access(&query, now);
			let seq = AccessLogNext::<T>::get(&patient);
			let recorded = DisclosureCount::<T>::get(&patient, organization);
			let slot = (recorded % u64::from(T::AccessLogCapacity::get())) as u32;
			Disclosures::<T>::insert(
				(&patient, organization, slot),
				AccessLogEntry {
					seq,
					accessor: who.clone(),
					organization,
					action,
					category,
					record,
					recipient: recipient.clone(),
					purpose,
					decision: decision.clone(),
					outcome,
					at: now,
				},
			);
			AccessLogNext::<T>::insert(&patient, seq.saturating_add(1));
			DisclosureCount::<T>::insert(&patient, organization, recorded.saturating_add(1));
			Self::deposit_event(Event::AccessRecorded {
				patient,
				seq,
				accessor: who,
				organization,
				action,
				category,
				record,
				recipient,
				purpose,
				decision,
				outcome,
			});
			Ok(())
		}
	}
}

impl<T: Config> Pallet<T> {
	fn ensure_may_act(
		who: &T::AccountId,
		patient: &T::AccountId,
		action: DelegateAction,
		now: BlockNumberFor<T>,
	) -> DispatchResult {
		ensure!(T::Patients::is_active_subject(patient), Error::<T>::UnknownPatient);
		ensure!(T::Patients::may_act_for(who, patient, action, now), Error::<T>::NotAuthorizedForPatient);
		Ok(())
	}

	/// The patient's delegates holding any of `actions`, without repeats, bounded.
	fn notify_list(patient: &T::AccountId, actions: &[DelegateAction], now: BlockNumberFor<T>) -> NotifiedOf<T> {
		let mut all: Vec<T::AccountId> = Vec::new();
		for action in actions {
			for who in T::Patients::delegates_with(patient, *action, now) {
				if !all.contains(&who) {
					all.push(who);
				}
			}
		}
		all.truncate(T::MaxNotified::get() as usize);
		BoundedVec::truncate_from(all)
	}

	/// Checks a consent's provisions as `grant_consent` states, and fills each record
	/// reference's first version from the anchor.
	fn validated_provisions(
		patient: &T::AccountId,
		mut provision: ProvisionOf<T>,
		mut exceptions: ExceptionsOf<T>,
	) -> Result<(ProvisionOf<T>, ExceptionsOf<T>), DispatchError> {
		ensure!(!provision.scope.actions.is_empty(), Error::<T>::InvalidActions);
		decision::nesting_is_valid(&exceptions).map_err(|e| match e {
			decision::NestingError::ParentNotEarlier => Error::<T>::InvalidNesting,
			decision::NestingError::TooDeep => Error::<T>::NestingTooDeep,
		})?;
		for p in core::iter::once(&mut provision).chain(exceptions.iter_mut().map(|e| &mut e.provision)) {
			if let Some(Validity { start, expires_at: Some(end) }) = &p.period {
				ensure!(end > start, Error::<T>::InvalidProvisionPeriod);
			}
			if let Some(DataPeriod { start: Some(s), end: Some(e) }) = &p.data.data_period {
				ensure!(e >= s, Error::<T>::InvalidDataPeriod);
			}
			for r in p.data.records.iter_mut() {
				let facts = T::Records::record_facts(r.anchor).ok_or(Error::<T>::UnknownRecord)?;
				ensure!(&facts.subject == patient, Error::<T>::RecordNotOfPatient);
				r.original = facts.original;
			}
		}
		Ok((provision, exceptions))
	}

	/// A recipient as the decision matches it, if it is an active member or organisation.
	fn recipient_facts(r: &Recipient<T::AccountId>) -> Option<decision::Requester<T::AccountId>> {
		match r {
			Recipient::Member(a) => T::Organizations::membership(a).map(|Membership { organization, kind, .. }| {
				decision::Requester { account: Some(a.clone()), organization, kind }
			}),
			Recipient::Organization(o) => T::Organizations::is_active(*o)
				.then(|| T::Organizations::kind_of(*o))
				.flatten()
				.map(|kind| decision::Requester { account: None, organization: *o, kind }),
		}
	}

	#[allow(clippy::too_many_arguments)]
	fn insert_consent(
		granted_by: T::AccountId,
		payer: T::AccountId,
		patient: T::AccountId,
		grantee: Grantee<T::AccountId>,
		provision: ProvisionOf<T>,
		exceptions: ExceptionsOf<T>,
		policy: H256,
		validity: Validity<BlockNumberFor<T>>,
		source: ConsentSource,
		emergency: EmergencyOverride,
		ticket: Option<T::Consideration>,
	) -> Result<ConsentId, DispatchError> {
		let mut ids = PatientConsents::<T>::get(&patient);
		let id = NextConsentId::<T>::get();
		ids.try_push(id).map_err(|_| Error::<T>::TooManyConsents)?;
		let ticket = match ticket {
			Some(t) => t,
			None => T::Consideration::new(&payer, Footprint::from_mel::<ConsentOf<T>>())?,
		};
		let decision = provision.decision;
		let exception_count = exceptions.len() as u32;
		NextConsentId::<T>::put(id.saturating_add(1));
		Consents::<T>::insert(
			id,
			ConsentRecord {
				patient: patient.clone(),
				granted_by: granted_by.clone(),
				grantee: grantee.clone(),
				provision,
				exceptions,
				emergency,
				policy,
				validity,
				recorded_at: frame_system::Pallet::<T>::block_number(),
				source,
				deposit: Deposit { payer, ticket },
			},
		);
		PatientConsents::<T>::insert(&patient, ids);
		Self::deposit_event(Event::ConsentGranted {
			id,
			patient,
			granted_by,
			grantee,
			decision,
			exceptions: exception_count,
			validity,
			policy,
			source,
			emergency,
		});
		Ok(id)
	}

	fn remove_consent(id: ConsentId, consent: ConsentOf<T>) {
		let mut ids = PatientConsents::<T>::get(&consent.patient);
		ids.retain(|i| *i != id);
		consent.deposit.release();
		Consents::<T>::remove(id);
		if ids.is_empty() {
			PatientConsents::<T>::remove(&consent.patient);
		} else {
			PatientConsents::<T>::insert(&consent.patient, ids);
		}
	}

	fn remove_request(id: RequestId, patient: &T::AccountId) {
		let mut ids = PatientRequests::<T>::get(patient);
		ids.retain(|i| *i != id);
		Requests::<T>::remove(id);
		if ids.is_empty() {
			PatientRequests::<T>::remove(patient);
		} else {
			PatientRequests::<T>::insert(patient, ids);
		}
	}

	/// The open break-glass episode of `requester` (at `organization`) for `patient` that
	/// covers `action` with `purpose` at `now`: not expired, not reviewed as unjustified, and only
	/// for emergency care (`Access`, `Use`, and `Store` to document the care given).
	fn open_episode(
		patient: &T::AccountId,
		requester: &T::AccountId,
		organization: OrganizationId,
		action: ConsentAction,
		purpose: PurposeOfUse,
		now: BlockNumberFor<T>,
	) -> Option<(EpisodeId, EpisodeOf<T>)> {
		if !purpose.is_emergency()
			|| !matches!(action, ConsentAction::Access | ConsentAction::Use | ConsentAction::Store)
		{
			return None;
		}
		// A clinician's newest episode for the patient and purpose is the one that counts: a new
		// episode for the same emergency purpose replaces the earlier one.
		let id = LatestEpisode::<T>::get(patient, (requester, purpose))?;
		Episodes::<T>::get(id)
			.filter(|ep| {
				ep.organization == organization
					&& now < ep.expires_at
					&& !matches!(ep.review, Review::Unjustified { .. })
			})
			.map(|ep| (id, ep))
	}

	/// Evaluate `query` at `now`: the one decision every store and every access answer uses.
	/// Checks the patient and the requester (an active member whose role handles the category
	/// for the purpose, at an organisation compliant for the category); for a query about an
	/// anchored record, reads the record's category, labels, version line, custodian, author and
	/// clinical time from the anchor; derives the data's labels from its category and applies
	/// [`decision::decide`] to the patient's consents. An open break-glass episode answers
	/// emergency requests instead, naming the patient's deny when it overrides one
	/// ([`AccessDecision::PermitBreakGlassOverridingDeny`]) — unless the patient refused
	/// emergency override in that consent, or the review did not uphold the override
	/// ([`AccessDecision::DenyEmergencyOverrideRefused`]).
	pub fn check_access(q: &AccessQuery<T::AccountId>, now: BlockNumberFor<T>) -> AccessDecision {
		use decision::Fact;
		if q.labels.len() > MAX_QUERY_LABELS {
			return AccessDecision::DenyInvalidQuery;
		}
		if !T::Patients::is_active_subject(&q.patient) {
			return AccessDecision::DenyUnknownPatient;
		}
		let Some(Membership { organization, kind, role }) = T::Organizations::membership(&q.requester) else {
			return AccessDecision::DenyRequesterNotMember;
		};
		// An anchored record speaks for itself: what the caller says of it is replaced.
		let facts = match &q.data {
			DataContext::Anchor(id) => match T::Records::record_facts(*id) {
				Some(f) if f.subject == q.patient => Some(f),
				_ => return AccessDecision::DenyUnknownRecord,
			},
			_ => None,
		};
		let (category, resource_type, declared) = match &facts {
			Some(f) => (f.category, Some(f.resource_type), &f.labels[..]),
			None => (q.category, q.resource_type, &q.labels[..]),
		};
		// The requester's standing comes before any consent or emergency: a role that does not
		// handle the data, or an organisation not compliant for it, gets nothing.
		if !role.may_handle(category, q.purpose) {
			return AccessDecision::DenyRoleNotPermitted;
		}
		if let Err(refusal) = T::Compliance::is_compliant(organization, category, now) {
			return AccessDecision::DenyNotCompliant(refusal);
		}
		let requester = decision::Requester { account: Some(q.requester.clone()), organization, kind };
		let mut request =
			decision::Request::about(q.action, category, resource_type, category.effective_labels(declared), q.purpose);
		let known = |o: Option<OrganizationId>| o.map_or(Fact::Absent, Fact::Is);
		match (&q.data, facts) {
			(DataContext::New { custodian, author, clinical_time }, _) => {
				request.record = Fact::Absent;
				request.custodian = known(*custodian);
				request.author = Fact::Is(author.clone());
				request.clinical_time = clinical_time.map_or(Fact::Unknown, Fact::Is);
			},
			(_, Some(f)) => {
				request.record = Fact::Is((f.id, f.original));
				request.custodian = known(f.custodian);
				request.author = Fact::Is(f.author);
				request.clinical_time = f.clinical_time.map_or(Fact::Unknown, Fact::Is);
			},
			_ => {},
		}
		if q.action == ConsentAction::Disclose {
			if let Some(r) = &q.recipient {
				request.recipient = Self::recipient_facts(r).map_or(Fact::Unknown, Fact::Is);
			}
		}
		let consents = Self::consents(&q.patient);
		let decided = decision::decide(consents.iter().map(|(id, c)| (*id, c)), &requester, &request, now);
		let Some((episode, ep)) = Self::open_episode(&q.patient, &q.requester, organization, q.action, q.purpose, now)
		else {
			return decided;
		};
		// An open episode answers emergency requests, and says so when it overrides the
		// patient's explicit refusal; a refusal the patient keeps even in emergencies, or whose
		// override the review did not uphold, still denies.
		match decided {
			AccessDecision::Deny { consent, provision } => {
				let binding = consents.iter().filter(|(id, c)| {
					c.emergency == EmergencyOverride::Refused
						|| (ep.override_upheld == Some(false) && ep.overrides.contains(id))
				});
				match decision::decide(binding.map(|(id, c)| (*id, c)), &requester, &request, now) {
					AccessDecision::Deny { consent, provision } => {
						AccessDecision::DenyEmergencyOverrideRefused { episode, consent, provision }
					},
					_ => AccessDecision::PermitBreakGlassOverridingDeny { episode, consent, provision },
				}
			},
			_ => AccessDecision::PermitBreakGlass { episode },
		}
	}

	/// The patient's consents in force at `now`, granted to `requester` (at `organization`, of
	/// `kind`), that refuse emergency reading ([`decision::refuses_emergency_reading`]).
	fn refusals_of(
		patient: &T::AccountId,
		requester: &T::AccountId,
		organization: OrganizationId,
		kind: OrganizationKind,
		now: BlockNumberFor<T>,
	) -> BoundedVec<ConsentId, T::MaxConsentsPerPatient> {
		let who = decision::Requester { account: Some(requester.clone()), organization, kind };
		BoundedVec::truncate_from(
			PatientConsents::<T>::get(patient)
				.into_iter()
				.filter(|id| {
					Consents::<T>::get(id).is_some_and(|c| {
						c.validity.is_active_at(&now)
							&& decision::grantee_matches(&c.grantee, &who)
							&& decision::refuses_emergency_reading(&c.provision, &c.exceptions)
					})
				})
				.collect::<Vec<_>>(),
		)
	}

	/// The patient's access log, oldest first.
	pub fn access_log(patient: &T::AccountId) -> Vec<AccessLogEntryOf<T>> {
		let mut entries: Vec<_> = Disclosures::<T>::iter_prefix_values((patient,)).collect();
		entries.sort_by_key(|e| e.seq);
		entries
	}

	/// The patient's consents (in force, not yet in force, or expired and not yet reaped), oldest
	/// first.
	pub fn consents(patient: &T::AccountId) -> Vec<(ConsentId, ConsentOf<T>)> {
		PatientConsents::<T>::get(patient)
			.into_iter()
			.filter_map(|id| Consents::<T>::get(id).map(|c| (id, c)))
			.collect()
	}

	/// The patient's research opt-in, if any.
	pub fn research_consent(patient: &T::AccountId) -> Option<ResearchConsentOf<T>> {
		ResearchConsents::<T>::get(patient)
	}

	/// The patient's recent break-glass episodes, oldest first.
	pub fn break_glass_episodes(patient: &T::AccountId) -> Vec<(EpisodeId, EpisodeOf<T>)> {
		PatientEpisodes::<T>::get(patient)
			.into_iter()
			.filter_map(|entry| Episodes::<T>::get(entry.episode).map(|e| (entry.episode, e)))
			.collect()
	}

	/// Unreviewed episodes of `org` past their review deadline at `now`.
	pub fn overdue_break_glass(org: OrganizationId, now: BlockNumberFor<T>) -> Vec<(EpisodeId, EpisodeOf<T>)> {
		PendingReviews::<T>::get(org)
			.into_iter()
			.filter_map(|id| Episodes::<T>::get(id).map(|e| (id, e)))
			.filter(|(_, e)| now > e.review_deadline)
			.collect()
	}
}

impl<T: Config> ConsentCheck<T::AccountId, BlockNumberFor<T>> for Pallet<T> {
	fn check_access(query: &AccessQuery<T::AccountId>, now: BlockNumberFor<T>) -> AccessDecision {
		Self::check_access(query, now)
	}

	fn research_permitted(patient: &T::AccountId, category: RecordCategory, study: Option<H256>) -> bool {
		T::Patients::is_active_subject(patient)
			&& ResearchConsents::<T>::get(patient).is_some_and(|rc| {
				rc.categories.contains(&category)
					&& (rc.studies.is_empty() || study.is_some_and(|s| rc.studies.contains(&s)))
			})
	}
}
