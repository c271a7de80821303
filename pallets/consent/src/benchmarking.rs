//! Benchmarks (v2) of the consent pallet, each in its worst case (full scopes, full exception
//! lists, the patient's consent list and episode history full for `record_access`, a history only
//! its last episode can leave for `break_glass`).

use super::*;
use crate::Pallet as ConsentPallet;
use polkadot_sdk::{
	frame_benchmarking::v2::*,
	frame_system::RawOrigin,
	sp_runtime::traits::{One, Zero},
};

/// What the benchmarks need from the runtime.
pub trait BenchmarkHelper<AccountId> {
	/// A registered, active patient able to pay deposits.
	fn patient(index: u32) -> AccountId;
	/// A funded member of a fresh active organisation of `kind` with `role`.
	fn member(kind: OrganizationKind, role: MemberRole, index: u32) -> (AccountId, OrganizationId);
	/// A funded privacy officer of organisation `org`.
	fn privacy_officer(org: OrganizationId) -> AccountId;
	/// An anchored record about `patient`, if the runtime has records (for provisions that
	/// reference records: each reference is read when a consent is granted).
	fn record(_patient: &AccountId) -> Option<u64> {
		None
	}
}

fn full_scope<T: Config>() -> ScopeOf<T> {
	let n = T::MaxCodes::get() as usize;
	Scope {
		actions: ActionSet::all(),
		categories: BoundedVec::truncate_from(RecordCategory::ALL.iter().cycle().take(n).copied().collect()),
		resource_types: BoundedVec::truncate_from(FhirResourceType::ALL.iter().cycle().take(n).copied().collect()),
		purposes: BoundedVec::truncate_from(PurposeOfUse::ALL.iter().cycle().take(n).copied().collect()),
		labels: BoundedVec::truncate_from(SecurityLabel::ALL.iter().cycle().take(n).copied().collect()),
	}
}

/// A provision with full scope and every data dimension full: record references (when the
/// runtime has records), sources, a data period and recipients.
fn full_provision<T: Config>(decision: Decision, scope: ScopeOf<T>, records: &[u64]) -> ProvisionOf<T> {
	let n = T::MaxRefs::get() as usize;
	let data = DataScope {
		records: BoundedVec::truncate_from(
			records
				.iter()
				.map(|anchor| DataReference { anchor: *anchor, original: 0 })
				.collect(),
		),
		sources: BoundedVec::truncate_from((0..n).map(|i| RecordSource::Custodian(i as u32)).collect()),
		data_period: Some(DataPeriod { start: Some(0), end: Some(i64::MAX) }),
		recipients: BoundedVec::truncate_from((0..n).map(|i| Grantee::Organization(i as u32)).collect()),
	};
	Provision { decision, scope, actor: Some(Grantee::AnyMember), period: None, data }
}

/// Distinct records about `patient`, enough for every reference of a full consent (none if the
/// runtime has no records), so that granting reads each one.
fn records<T: Config>(patient: &T::AccountId) -> Vec<u64> {
	let n = T::MaxRefs::get().saturating_mul(T::MaxExceptions::get().saturating_add(1));
	(0..n).filter_map(|_| T::BenchmarkHelper::record(patient)).collect()
}

/// The references of provision `i` (0 the root) among `records`.
fn refs<T: Config>(records: &[u64], i: usize) -> &[u64] {
	records.chunks((T::MaxRefs::get() as usize).max(1)).nth(i).unwrap_or(&[])
}

fn full_exceptions<T: Config>(records: &[u64]) -> ExceptionsOf<T> {
	let mut s = full_scope::<T>();
	s.actions = ActionSet::default();
	// The deepest chain the nesting allows, then siblings of its last provision.
	BoundedVec::truncate_from(
		(0..T::MaxExceptions::get())
			.map(|i| Exception {
				parent: i.min(u32::from(decision::MAX_NESTING_DEPTH) - 1) as u8,
				provision: full_provision::<T>(Decision::Deny, s.clone(), refs::<T>(records, i as usize + 1)),
			})
			.collect(),
	)
}

fn fund<T: Config>(who: &T::AccountId) {
	for _ in 0..4 {
		T::Consideration::ensure_successful(who, Footprint::from_mel::<ConsentOf<T>>());
	}
}

fn grant_n<T: Config>(patient: &T::AccountId, grantee: Grantee<T::AccountId>, n: u32) {
	let records = records::<T>(patient);
	for _ in 0..n {
		T::Consideration::ensure_successful(patient, Footprint::from_mel::<ConsentOf<T>>());
		assert!(ConsentPallet::<T>::grant_consent(
			RawOrigin::Signed(patient.clone()).into(),
			patient.clone(),
			grantee.clone(),
			full_provision::<T>(Decision::Permit, full_scope::<T>(), refs::<T>(&records, 0)),
			full_exceptions::<T>(&records),
			H256::zero(),
			None,
			None,
			EmergencyOverride::Allowed,
		)
		.is_ok());
	}
}

fn request<T: Config>(patient: &T::AccountId) -> (T::AccountId, RequestId) {
	let (requester, _) = T::BenchmarkHelper::member(OrganizationKind::Hospital, MemberRole::Physician, 1);
	fund::<T>(&requester);
	assert!(ConsentPallet::<T>::request_access(
		RawOrigin::Signed(requester.clone()).into(),
		patient.clone(),
		full_scope::<T>(),
		H256::zero(),
		T::MaxGrantDuration::get(),
	)
	.is_ok());
	(requester, NextRequestId::<T>::get() - 1)
}

fn episode<T: Config>(patient: &T::AccountId) -> (OrganizationId, EpisodeId) {
	let (doctor, org) = T::BenchmarkHelper::member(OrganizationKind::Hospital, MemberRole::Physician, 2);
	fund::<T>(&doctor);
	assert!(ConsentPallet::<T>::break_glass(
		RawOrigin::Signed(doctor).into(),
		patient.clone(),
		PurposeOfUse::ETREAT,
		BreakGlassReason::PatientIncapacitated,
		T::MaxBreakGlassDuration::get(),
	)
	.is_ok());
	(org, NextEpisodeId::<T>::get() - 1)
}

/// Fill `patient`'s episode history (`AccessLogCapacity` entries) with episodes of `requester`
/// at `organization` that match nothing a benchmark asks: every one is read and compared. With
/// `pending`, all but the last await review (the eviction scan's worst case).
fn full_episode_history<T: Config>(
	patient: &T::AccountId,
	requester: &T::AccountId,
	organization: OrganizationId,
	pending: bool,
) {
	let capacity = T::AccessLogCapacity::get();
	let mut ids = Vec::new();
	for i in 0..capacity {
		let id = NextEpisodeId::<T>::get();
		NextEpisodeId::<T>::put(id.saturating_add(1));
		let reviewed = Review::Justified { reviewer: requester.clone(), at: Zero::zero(), finding: H256::zero() };
		Episodes::<T>::insert(
			id,
			BreakGlassEpisode {
				requester: requester.clone(),
				organization,
				patient: patient.clone(),
				purpose: PurposeOfUse::BTG,
				reason: BreakGlassReason::LifeThreatening,
				opened_at: Zero::zero(),
				expires_at: One::one(),
				review_deadline: One::one(),
				review: if pending && i + 1 < capacity { Review::Pending } else { reviewed },
				overdue: false,
				deposit: None,
				overrides: Default::default(),
				override_upheld: None,
			},
		);
		ids.push(HistoryEntry { episode: id, pending: pending && i + 1 < capacity });
	}
	if let Some(last) = ids.last() {
		LatestEpisode::<T>::insert(patient, (requester, PurposeOfUse::BTG), last.episode);
	}
	PatientEpisodes::<T>::insert(patient, BoundedVec::truncate_from(ids));
}

#[benchmarks]
mod benchmarks {
	use super::*;

	#[benchmark]
	fn grant_consent() {
		let patient = T::BenchmarkHelper::patient(0);
		grant_n::<T>(&patient, Grantee::Organization(0), T::MaxConsentsPerPatient::get() - 1);
		fund::<T>(&patient);
		let records = records::<T>(&patient);
		#[extrinsic_call]
		_(
			RawOrigin::Signed(patient.clone()),
			patient.clone(),
			Grantee::OrganizationKind(OrganizationKind::Pharmacy),
			full_provision::<T>(Decision::Permit, full_scope::<T>(), refs::<T>(&records, 0)),
			full_exceptions::<T>(&records),
			H256::zero(),
			None,
			None,
			EmergencyOverride::Allowed,
		);
		assert_eq!(PatientConsents::<T>::get(&patient).len() as u32, T::MaxConsentsPerPatient::get());
	}

	#[benchmark]
	fn revoke_consent() {
		let patient = T::BenchmarkHelper::patient(0);
		grant_n::<T>(&patient, Grantee::Organization(0), T::MaxConsentsPerPatient::get());
		let id = NextConsentId::<T>::get() - 1;
		#[extrinsic_call]
		_(RawOrigin::Signed(patient), id);
		assert!(!Consents::<T>::contains_key(id));
	}

	#[benchmark]
	fn reap_consent() {
		let patient = T::BenchmarkHelper::patient(0);
		fund::<T>(&patient);
		let records = records::<T>(&patient);
		let end = frame_system::Pallet::<T>::block_number() + 1u32.into();
		assert!(ConsentPallet::<T>::grant_consent(
			RawOrigin::Signed(patient.clone()).into(),
			patient.clone(),
			Grantee::Organization(0),
			full_provision::<T>(Decision::Permit, full_scope::<T>(), refs::<T>(&records, 0)),
			full_exceptions::<T>(&records),
			H256::zero(),
			None,
			Some(end),
			EmergencyOverride::Allowed,
		)
		.is_ok());
		let id = NextConsentId::<T>::get() - 1;
		frame_system::Pallet::<T>::set_block_number(end);
		#[extrinsic_call]
		_(RawOrigin::Signed(patient), id);
		assert!(!Consents::<T>::contains_key(id));
	}

	#[benchmark]
	fn request_access() {
		let patient = T::BenchmarkHelper::patient(0);
		let (requester, _) = T::BenchmarkHelper::member(OrganizationKind::Hospital, MemberRole::Physician, 1);
		fund::<T>(&requester);
		#[extrinsic_call]
		_(RawOrigin::Signed(requester), patient.clone(), full_scope::<T>(), H256::zero(), T::MaxGrantDuration::get());
		assert_eq!(PatientRequests::<T>::get(&patient).len(), 1);
	}

	#[benchmark]
	fn respond_to_request() {
		let patient = T::BenchmarkHelper::patient(0);
		let (_, id) = request::<T>(&patient);
		#[extrinsic_call]
		_(RawOrigin::Signed(patient.clone()), id, true);
		assert!(!Requests::<T>::contains_key(id));
	}

	#[benchmark]
	fn reap_request() {
		let patient = T::BenchmarkHelper::patient(0);
		let (requester, id) = request::<T>(&patient);
		let later = frame_system::Pallet::<T>::block_number() + T::RequestLifetime::get();
		frame_system::Pallet::<T>::set_block_number(later);
		#[extrinsic_call]
		_(RawOrigin::Signed(requester), id);
		assert!(!Requests::<T>::contains_key(id));
	}

	#[benchmark]
	fn break_glass() {
		// Worst case: the patient's history is full and only its last episode can make room, and
		// every consent of the patient is read for refusals the episode overrides.
		let patient = T::BenchmarkHelper::patient(0);
		let (doctor, org) = T::BenchmarkHelper::member(OrganizationKind::Hospital, MemberRole::Physician, 2);
		let (other, _) = T::BenchmarkHelper::member(OrganizationKind::Hospital, MemberRole::Nurse, 4);
		full_episode_history::<T>(&patient, &other, org, true);
		grant_n::<T>(&patient, Grantee::Organization(org), T::MaxConsentsPerPatient::get());
		fund::<T>(&doctor);
		#[extrinsic_call]
		_(
			RawOrigin::Signed(doctor),
			patient.clone(),
			PurposeOfUse::ETREAT,
			BreakGlassReason::LifeThreatening,
			T::MaxBreakGlassDuration::get(),
		);
		assert_eq!(PatientEpisodes::<T>::get(&patient).len() as u32, T::AccessLogCapacity::get());
	}

	#[benchmark]
	fn close_review() {
		let patient = T::BenchmarkHelper::patient(0);
		let (org, id) = episode::<T>(&patient);
		// The reviewer is independent: another organisation's privacy officer.
		let (_, other) = T::BenchmarkHelper::member(OrganizationKind::Clinic, MemberRole::Physician, 9);
		let officer = T::BenchmarkHelper::privacy_officer(other);
		#[extrinsic_call]
		_(RawOrigin::Signed(officer), id, true, H256::zero(), None);
		assert!(PendingReviews::<T>::get(org).is_empty());
	}

	#[benchmark]
	fn flag_overdue_review() {
		let patient = T::BenchmarkHelper::patient(0);
		let (_, id) = episode::<T>(&patient);
		let later = frame_system::Pallet::<T>::block_number() + T::ReviewPeriod::get() + 1u32.into();
		frame_system::Pallet::<T>::set_block_number(later);
		#[extrinsic_call]
		_(RawOrigin::Signed(patient), id);
		assert!(Episodes::<T>::get(id).is_some_and(|e| e.overdue));
	}

	#[benchmark]
	fn set_research_consent() {
		let patient = T::BenchmarkHelper::patient(0);
		fund::<T>(&patient);
		let studies =
			BoundedVec::truncate_from((0..T::MaxStudies::get()).map(|i| H256::repeat_byte(i as u8)).collect());
		#[extrinsic_call]
		_(RawOrigin::Signed(patient.clone()), patient.clone(), full_scope::<T>().categories, studies);
		assert!(ResearchConsents::<T>::contains_key(&patient));
	}

	#[benchmark]
	fn withdraw_research_consent() {
		let patient = T::BenchmarkHelper::patient(0);
		fund::<T>(&patient);
		assert!(ConsentPallet::<T>::set_research_consent(
			RawOrigin::Signed(patient.clone()).into(),
			patient.clone(),
			full_scope::<T>().categories,
			Default::default()
		)
		.is_ok());
		#[extrinsic_call]
		_(RawOrigin::Signed(patient.clone()), patient.clone());
		assert!(!ResearchConsents::<T>::contains_key(&patient));
	}

	#[benchmark]
	fn record_access(c: Linear<0, { T::MaxConsentsPerPatient::get() }>) {
		let patient = T::BenchmarkHelper::patient(0);
		let (doctor, org) = T::BenchmarkHelper::member(OrganizationKind::Hospital, MemberRole::Physician, 3);
		grant_n::<T>(&patient, Grantee::Organization(org), c);
		// Worst case: full consents (every one decided) and an emergency purpose, so the
		// clinician's latest episode is looked up too, in a full history none of which is theirs.
		let (other, _) = T::BenchmarkHelper::member(OrganizationKind::Hospital, MemberRole::Nurse, 4);
		full_episode_history::<T>(&patient, &other, org, false);
		let labels =
			BoundedVec::truncate_from(SecurityLabel::ALL.iter().take(T::MaxCodes::get() as usize).copied().collect());
		#[extrinsic_call]
		_(
			RawOrigin::Signed(doctor),
			patient.clone(),
			ConsentAction::Access,
			RecordCategory::Imaging,
			Some(FhirResourceType::ImagingStudy),
			labels,
			PurposeOfUse::ETREAT,
			AccessOutcome::Success,
			None,
			None,
		);
		assert_eq!(AccessLogNext::<T>::get(&patient), 1);
	}

	impl_benchmark_test_suite!(ConsentPallet, crate::mock::new_test_ext(), crate::mock::Test);
}
