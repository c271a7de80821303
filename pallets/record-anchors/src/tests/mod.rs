//! Tests of the record-anchors pallet, by topic.

mod anchoring;
mod batches;
mod migrations;
mod queries;
mod versions;

use crate::{mock::*, *};
pub(crate) use healthchain_primitives::{
	ConsentAction as A, FhirResourceType as F, PurposeOfUse as P, RecordCategory as C, SecurityLabel as L,
};
pub(crate) use polkadot_sdk::{
	frame_support::{assert_noop, assert_ok},
	sp_runtime::DispatchError,
};

pub(crate) fn doc(n: u8) -> H256 {
	H256::repeat_byte(n)
}

pub(crate) fn anchor_as(
	who: AccountId,
	subject: SubjectOf<Test>,
	hash: H256,
	category: RecordCategory,
	rt: FhirResourceType,
) -> polkadot_sdk::sp_runtime::DispatchResult {
	RecordAnchors::anchor_record(
		RuntimeOrigin::signed(who),
		subject,
		hash,
		HashAlgorithm::Blake2b256,
		category,
		rt,
		Default::default(),
		sealed_pointer(),
		None,
		P::TREAT,
		None,
	)
}

pub(crate) fn lab_report(hash: H256) -> AnchorId {
	assert_ok!(anchor_as(LAB_TECH, RecordSubject::Patient(PAT), hash, C::LabResult, F::DiagnosticReport));
	NextAnchorId::<Test>::get() - 1
}

pub(crate) fn group(
	subject: SubjectOf<Test>,
	category: RecordCategory,
	labels: Vec<SecurityLabel>,
	count: u32,
	records_root: H256,
) -> BatchGroupOf<Test> {
	BatchGroup { subject, category, labels: BoundedVec::truncate_from(labels), count, records_root }
}

/// Pat grants `grantee` a consent: `decision` over `actions` on `categories` naming `labels`.
pub(crate) fn pat_grants(
	grantee: pallet_consent::Grantee<AccountId>,
	decision: pallet_consent::Decision,
	actions: &[ConsentAction],
	categories: &[RecordCategory],
	labels: &[SecurityLabel],
) {
	assert_ok!(Consent::grant_consent(
		RuntimeOrigin::signed(PAT),
		PAT,
		grantee,
		pallet_consent::Provision::over(decision, pallet_consent::Scope::of(actions, categories, &[], labels)),
		Default::default(),
		H256::zero(),
		None,
		None,
		pallet_consent::EmergencyOverride::Allowed
	));
}

/// A sealed pointer as a custodian writes it: tag, nonce, ciphertext and AEAD tag.
pub(crate) fn sealed_pointer() -> PointerOf<Test> {
	let mut p = vec![SEALED_POINTER_TAG];
	p.extend([7u8; 24]);
	p.extend(b"location");
	p.extend([9u8; 16]);
	BoundedVec::truncate_from(p)
}

/// The lab technician corrects anchor `prev` with a new version of hash `hash`.
pub(crate) fn correct(prev: AnchorId, hash: H256) -> polkadot_sdk::sp_runtime::DispatchResult {
	RecordAnchors::supersede(
		RuntimeOrigin::signed(LAB_TECH),
		prev,
		hash,
		HashAlgorithm::Blake2b256,
		Default::default(),
		Default::default(),
		None,
		AmendmentReason::Correction,
		P::TREAT,
	)
}
