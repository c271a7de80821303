//! Tests of the consent pallet, by topic.

mod access_log;
mod break_glass;
mod decision_table;
mod decisions;
mod fhir_patterns;
mod grants;
mod migrations;
mod requests;
mod research;
mod vocabulary;

use crate::{mock::*, *};
pub(crate) use healthchain_primitives::{
	ConsentAction as A, PurposeOfUse as P, RecordCategory as C, SecurityLabel as L,
};
pub(crate) use polkadot_sdk::{
	frame_support::{assert_noop, assert_ok},
	sp_runtime::DispatchError,
};

pub(crate) fn codes<T: Clone, const N: usize>(
	items: [T; N],
) -> BoundedVec<T, polkadot_sdk::frame_support::traits::ConstU32<8>> {
	BoundedVec::truncate_from(items.to_vec())
}

pub(crate) fn scope(
	actions: &[ConsentAction],
	categories: &[RecordCategory],
	purposes: &[PurposeOfUse],
	labels: &[SecurityLabel],
) -> ScopeOf<Test> {
	Scope::of(actions, categories, purposes, labels)
}

pub(crate) fn permit(s: ScopeOf<Test>) -> ProvisionOf<Test> {
	Provision::over(Decision::Permit, s)
}

pub(crate) fn deny(s: ScopeOf<Test>) -> ProvisionOf<Test> {
	Provision::over(Decision::Deny, s)
}

/// Exceptions nested directly in the root.
pub(crate) fn flat(exceptions: Vec<ProvisionOf<Test>>) -> ExceptionsOf<Test> {
	BoundedVec::truncate_from(
		exceptions
			.into_iter()
			.map(|provision| Exception { parent: 0, provision })
			.collect(),
	)
}

/// `who` grants `patient` a consent to `grantee` over `provision` alone: no exceptions, no policy,
/// from now until revoked, emergency override allowed.
pub(crate) fn grant_as(
	who: AccountId,
	patient: AccountId,
	grantee: Grantee<AccountId>,
	provision: ProvisionOf<Test>,
) -> DispatchResult {
	Consent::grant_consent(
		RuntimeOrigin::signed(who),
		patient,
		grantee,
		provision,
		Default::default(),
		H256::zero(),
		None,
		None,
		EmergencyOverride::Allowed,
	)
}

/// Grant a consent as Pat; returns its id.
pub(crate) fn grant(
	grantee: Grantee<AccountId>,
	provision: ProvisionOf<Test>,
	exceptions: Vec<ProvisionOf<Test>>,
	end: Option<u64>,
) -> ConsentId {
	assert_ok!(Consent::grant_consent(
		RuntimeOrigin::signed(PAT),
		PAT,
		grantee,
		provision,
		flat(exceptions),
		H256::repeat_byte(0xAA),
		None,
		end,
		EmergencyOverride::Allowed
	));
	NextConsentId::<Test>::get() - 1
}

/// `who` records a successful `action` on `patient`'s `category` data for `purpose`, naming no
/// record, labels or recipient.
pub(crate) fn access(
	who: AccountId,
	patient: AccountId,
	action: ConsentAction,
	category: RecordCategory,
	purpose: PurposeOfUse,
) -> DispatchResult {
	let labels = Default::default();
	Consent::record_access(
		RuntimeOrigin::signed(who),
		patient,
		action,
		category,
		None,
		labels,
		purpose,
		AccessOutcome::Success,
		None,
		None,
	)
}

/// `by` breaks the glass on Pat's record for `purpose` (`BTG`: a life-threatening emergency;
/// otherwise the patient is incapacitated), for `duration` blocks.
pub(crate) fn break_glass(by: AccountId, purpose: PurposeOfUse, duration: u64) -> DispatchResult {
	let reason =
		if purpose == P::BTG { BreakGlassReason::LifeThreatening } else { BreakGlassReason::PatientIncapacitated };
	Consent::break_glass(RuntimeOrigin::signed(by), PAT, purpose, reason, duration)
}

pub(crate) fn query(
	requester: AccountId,
	action: ConsentAction,
	category: RecordCategory,
	labels: &[SecurityLabel],
	purpose: PurposeOfUse,
) -> AccessDecision {
	Consent::check_access(
		&AccessQuery {
			requester,
			patient: PAT,
			action,
			category,
			resource_type: None,
			labels: labels.to_vec(),
			purpose,
			data: DataContext::Unspecified,
			recipient: None,
		},
		System::block_number(),
	)
}
