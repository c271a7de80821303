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

pub(crate) fn add_guardian(patient: &AccountId, g: &AccountId) {
	assert_ok!(PatientIdentity::add_delegate(
		signed(patient),
		g.clone(),
		DelegateRole::Guardian,
		DelegateScope::of(&[DelegateAction::Recovery, DelegateAction::Notify]),
		None
	));
}
