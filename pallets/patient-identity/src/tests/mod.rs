//! Tests of the patient-identity pallet, by topic. Every test checks the pallet's invariants
//! (`do_try_state`) when it ends.

mod delegates;
mod invariants;
mod migrations;
mod privacy;
mod pseudonyms;
mod recovery;
mod registration;
mod rotation;

use crate::{mock::*, *};
pub(crate) use polkadot_sdk::{
	frame_support::{assert_noop, assert_ok},
	sp_runtime::DispatchError,
};

pub(crate) fn signed(who: &AccountId) -> RuntimeOrigin {
	RuntimeOrigin::signed(who.clone())
}

pub(crate) fn register(who: &AccountId, id: &str) -> Commitment {
	let c = commitment(id);
	assert_ok!(PatientIdentity::register(signed(who), c));
	c
}

/// `patient` names `who` a delegate in `role`, allowed `actions`, until `expires_at`.
pub(crate) fn delegate(
	patient: &AccountId,
	who: AccountId,
	role: DelegateRole,
	actions: &[DelegateAction],
	expires_at: Option<u64>,
) -> DispatchResult {
	PatientIdentity::add_delegate(signed(patient), who, role, DelegateScope::of(actions), expires_at)
}

pub(crate) fn add_guardian(patient: &AccountId, g: &AccountId) {
	assert_ok!(delegate(
		patient,
		g.clone(),
		DelegateRole::Guardian,
		&[DelegateAction::Recovery, DelegateAction::Notify],
		None
	));
}
