//! What institutions' wallets expect of a chain: batches (`pallet-utility`), operational keys that
//! act for an institution's main account within a role (`pallet-proxy`), and accounts controlled by
//! several officers together (`pallet-multisig`).
//!
//! A hospital keeps its organisation's administrator account cold — often a 2-of-3 multisig of its
//! officers — and gives each system a proxy of the narrowest [`ProxyType`] it needs: the records
//! system anchors documents and records accesses (`Records`), the HR system adds and removes staff
//! (`Staff`), the board's delegate votes in the council (`Governance`). A stolen proxy key can do
//! only what its type allows, and never move funds unless it is `Any`.

use super::*;
use codec::{Decode, DecodeWithMemTracking, Encode, MaxEncodedLen};
use frame_support::traits::InstanceFilter;
use scale_info::TypeInfo;

/// What a proxy key may do for the account that named it.
#[derive(
	Copy,
	Clone,
	Eq,
	PartialEq,
	Ord,
	PartialOrd,
	Encode,
	Decode,
	DecodeWithMemTracking,
	Debug,
	MaxEncodedLen,
	TypeInfo,
	Default,
)]
pub enum ProxyType {
	/// Anything the account may do (the most permissive type, as `pallet-proxy` requires of the
	/// default).
	#[default]
	Any,
	/// Anything but moving funds (`Balances`).
	NonTransfer,
	/// A provider's clinical systems: anchoring, superseding and withdrawing records, asking
	/// patients for access, recording accesses and opening break-glass episodes.
	Records,
	/// An organisation's administration: staff and roles, and its registration document.
	Staff,
	/// A council member's votes and proposals.
	Governance,
	/// Rejecting a proxy's announced call (the emergency brake of a time-delayed proxy).
	CancelProxy,
}

impl InstanceFilter<RuntimeCall> for ProxyType {
	fn filter(&self, call: &RuntimeCall) -> bool {
		use pallet_consent::Call as ConsentCall;
		use pallet_organizations::Call as OrgCall;
		match self {
			ProxyType::Any => true,
			ProxyType::NonTransfer => !matches!(call, RuntimeCall::Balances(..)),
			ProxyType::Records => matches!(
				call,
				RuntimeCall::RecordAnchors(..)
					| RuntimeCall::Consent(
						ConsentCall::request_access { .. }
							| ConsentCall::reap_request { .. }
							| ConsentCall::record_access { .. }
							| ConsentCall::break_glass { .. }
					) | RuntimeCall::Utility(..)
			),
			ProxyType::Staff => matches!(
				call,
				RuntimeCall::Organizations(
					OrgCall::add_member { .. }
						| OrgCall::set_member_role { .. }
						| OrgCall::remove_member { .. }
						| OrgCall::update_registration_document { .. }
				) | RuntimeCall::Utility(..)
			),
			ProxyType::Governance => {
				matches!(call, RuntimeCall::Council(..) | RuntimeCall::Utility(..))
			},
			ProxyType::CancelProxy => matches!(
				call,
				RuntimeCall::Proxy(pallet_proxy::Call::reject_announcement { .. })
					| RuntimeCall::Utility(..)
					| RuntimeCall::Multisig(..)
			),
		}
	}

	fn is_superset(&self, o: &Self) -> bool {
		match (self, o) {
			(x, y) if x == y => true,
			(ProxyType::Any, _) => true,
			(_, ProxyType::Any) => false,
			// None of the narrower types moves funds.
			(ProxyType::NonTransfer, _) => true,
			_ => false,
		}
	}
}

impl pallet_utility::Config for Runtime {
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type PalletsOrigin = OriginCaller;
	type WeightInfo = pallet_utility::weights::SubstrateWeight<Runtime>;
}

parameter_types! {
	// One storage item (the multisig's pending call) of 88 bytes plus 32 per signatory.
	pub const MultisigDepositBase: Balance = deposit(1, 88);
	pub const MultisigDepositFactor: Balance = deposit(0, 32);
	// One storage item per proxied account, plus 33 bytes (account and type) per proxy.
	pub const ProxyDepositBase: Balance = deposit(1, 8);
	pub const ProxyDepositFactor: Balance = deposit(0, 33);
}

/// Officers' shared accounts: up to 20 signatories; the first approval holds the deposit until the
/// call executes or is cancelled.
impl pallet_multisig::Config for Runtime {
	type MaxSignatories = ConstU32<20>;
	// Held from the first approver, in the chain's currency.
	type DepositBase = MultisigDepositBase;
	type DepositFactor = MultisigDepositFactor;
	type Currency = Balances;
	// Timepoints are the chain's own block numbers.
	type BlockNumberProvider = System;
	type RuntimeCall = RuntimeCall;
	type RuntimeEvent = RuntimeEvent;
	type WeightInfo = pallet_multisig::weights::SubstrateWeight<Runtime>;
}

/// Operational keys: up to 32 proxies per account, each of one [`ProxyType`]; a time-delayed
/// proxy's announcements (up to 32 pending) hold one storage item per announcer plus 68 bytes
/// (account, call hash, block) each.
impl pallet_proxy::Config for Runtime {
	type ProxyType = ProxyType;
	type MaxProxies = ConstU32<32>;
	type ProxyDepositBase = ProxyDepositBase;
	type ProxyDepositFactor = ProxyDepositFactor;
	// Time-delayed proxies announce a call's hash first.
	type MaxPending = ConstU32<32>;
	type AnnouncementDepositBase = ConstU128<{ deposit(1, 8) }>;
	type AnnouncementDepositFactor = ConstU128<{ deposit(0, 68) }>;
	type CallHasher = BlakeTwo256;
	// Deposits are reserved in the chain's currency; delays count the chain's own blocks.
	type Currency = Balances;
	type BlockNumberProvider = System;
	type RuntimeEvent = RuntimeEvent;
	type RuntimeCall = RuntimeCall;
	type WeightInfo = pallet_proxy::weights::SubstrateWeight<Runtime>;
}
