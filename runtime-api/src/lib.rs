//! # Healthchain runtime APIs
//!
//! Read-side entry points for dApps (polkadot.js `api.call.<api>.<method>`, with types from the
//! metadata) and for the node's `health_*` JSON-RPC. Each API is versioned; new methods raise the
//! version.

#![cfg_attr(not(feature = "std"), no_std)]

extern crate alloc;

pub use healthchain_primitives::{
	ComplianceRefusal, MemberRole, OrganizationId, OrganizationKind, RecordCategory,
};
use polkadot_sdk::sp_core::H256;

polkadot_sdk::sp_api::decl_runtime_apis! {
	/// Patients' identity status.
	#[api_version(1)]
	pub trait PatientIdentityApi<AccountId> where AccountId: codec::Codec {
		/// The active identity commitment of `who`, if `who` is a registered patient.
		fn commitment_of(who: AccountId) -> Option<H256>;
		/// The account controlling a pseudonym.
		fn resolve_pseudonym(pseudonym: H256) -> Option<AccountId>;
		/// Whether `agent` may take `action` (a delegate-scope bit) for `patient` now.
		fn may_act_for(agent: AccountId, patient: AccountId, action: u32) -> bool;
	}

	/// The consortium directory and compliance.
	#[api_version(1)]
	pub trait ComplianceApi<AccountId> where AccountId: codec::Codec {
		/// `who`'s organisation, its kind and `who`'s role, if the organisation is active.
		fn membership(who: AccountId) -> Option<(OrganizationId, OrganizationKind, MemberRole)>;
		/// Whether `org` may anchor records of `category` now; if not, why.
		fn is_compliant(org: OrganizationId, category: RecordCategory) -> Result<(), ComplianceRefusal>;
	}
}
