//! Tests of the compliance pallet, by topic.

mod accreditation;
mod attestations;
mod migrations;
mod origins;
mod requirements;

use crate::{mock::*, *};
pub(crate) use polkadot_sdk::{
	frame_support::{assert_noop, assert_ok},
	sp_runtime::DispatchError,
};

pub(crate) const HSR: AttestationType = AttestationType::HipaaSecurityRule;
pub(crate) const HPR: AttestationType = AttestationType::HipaaPrivacyRule;

pub(crate) fn accredit(kind: AttestationType, until: u64) {
	assert_ok!(Compliance::accredit(RuntimeOrigin::root(), AUDIT, kind, until));
}

pub(crate) fn require_for_lab(types: Vec<AttestationType>) {
	assert_ok!(Compliance::set_requirement(
		RuntimeOrigin::root(),
		OrganizationKind::Laboratory,
		RecordCategory::LabResult,
		types.try_into().expect("bounded")
	));
}

pub(crate) fn attest_lab(kind: AttestationType, until: u64) -> AttestationId {
	assert_ok!(Compliance::attest(
		RuntimeOrigin::signed(AUDITOR),
		Subject::Organization(LAB),
		kind,
		H256::repeat_byte(0xEE),
		until
	));
	NextAttestationId::<Test>::get() - 1
}

pub(crate) fn lab_compliance() -> Result<(), ComplianceRefusal> {
	Compliance::is_compliant(LAB, RecordCategory::LabResult, System::block_number())
}
