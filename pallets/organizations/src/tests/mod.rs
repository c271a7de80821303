//! Tests of the organisations pallet, by topic.

mod directory;
mod governance;
mod members;

use crate::{mock::*, *};
pub(crate) use healthchain_primitives::Membership;
pub(crate) use polkadot_sdk::{
	frame_support::{assert_noop, assert_ok},
	sp_runtime::DispatchError,
};

pub(crate) fn admit_hospital() -> OrganizationId {
	assert_ok!(Orgs::admit(RuntimeOrigin::root(), ADMIN, OrganizationKind::Hospital, H256::repeat_byte(1)));
	NextOrganizationId::<Test>::get() - 1
}
