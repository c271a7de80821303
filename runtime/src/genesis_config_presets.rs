//! Genesis presets: `development` (one collator, Alice) and `local_testnet` (Alice and Bob).
//! Both fund the well-known dev accounts, make the first three of them the consortium council
//! and register a few demo patients (commitments only: the salts stay with the "patients").

use crate::{
	AccountId, BalancesConfig, CollatorSelectionConfig, CouncilMembershipConfig,
	ParachainInfoConfig, PatientIdentityConfig,
	RuntimeGenesisConfig, SessionConfig, SessionKeys, SudoConfig, EXISTENTIAL_DEPOSIT, UNIT,
};
use alloc::{vec, vec::Vec};
use cumulus_primitives_core::ParaId;
use polkadot_sdk::{
	frame_support::build_struct_json_patch,
	sp_core::H256,
	sp_genesis_builder::PresetId,
	sp_keyring::Sr25519Keyring,
	*,
};
use serde_json::Value;
use sp_consensus_aura::sr25519::AuthorityId as AuraId;

/// The default parachain id of Healthchain in development and local test networks.
pub const PARACHAIN_ID: u32 = 2000;
/// Name of the local test network preset.
pub const LOCAL_TESTNET_RUNTIME_PRESET: &str = "local_testnet";

/// Amount each dev account starts with.
const ENDOWMENT: u128 = 1_000_000 * UNIT;
/// Collators' candidacy bond.
const CANDIDACY_BOND: u128 = 16 * EXISTENTIAL_DEPOSIT;

/// A deterministic demo commitment: `blake2_256("healthchain/demo-patient" ‖ n)`. Real
/// commitments are `blake2_256(tag ‖ salt ‖ identifiers)` computed by the patient's wallet.
pub fn demo_commitment(n: u8) -> H256 {
	let mut input = b"healthchain/demo-patient".to_vec();
	input.push(n);
	H256(sp_core::hashing::blake2_256(&input))
}

fn session_keys(keys: AuraId) -> SessionKeys {
	SessionKeys { aura: keys }
}

fn genesis(
	invulnerables: Vec<(AccountId, AuraId)>,
	endowed_accounts: Vec<AccountId>,
	council: Vec<AccountId>,
	demo_patients: Vec<(AccountId, H256)>,
	root: AccountId,
	id: ParaId,
) -> Value {
	build_struct_json_patch!(RuntimeGenesisConfig {
		balances: BalancesConfig {
			balances: endowed_accounts.iter().cloned().map(|k| (k, ENDOWMENT)).collect::<Vec<_>>(),
		},
		parachain_info: ParachainInfoConfig { parachain_id: id },
		collator_selection: CollatorSelectionConfig {
			invulnerables: invulnerables.iter().cloned().map(|(acc, _)| acc).collect::<Vec<_>>(),
			candidacy_bond: CANDIDACY_BOND,
		},
		session: SessionConfig {
			keys: invulnerables
				.into_iter()
				.map(|(acc, aura)| (acc.clone(), acc, session_keys(aura)))
				.collect::<Vec<_>>(),
		},
		council_membership: CouncilMembershipConfig {
			members: council.try_into().expect("council fits MaxMembers; qed"),
		},
		patient_identity: PatientIdentityConfig { patients: demo_patients },
		sudo: SudoConfig { key: Some(root) },
	})
}

fn dev_accounts() -> Vec<AccountId> {
	Sr25519Keyring::well_known().map(|k| k.to_account_id()).collect()
}

fn council() -> Vec<AccountId> {
	vec![
		Sr25519Keyring::Alice.to_account_id(),
		Sr25519Keyring::Bob.to_account_id(),
		Sr25519Keyring::Charlie.to_account_id(),
	]
}

/// Demo patients: Dave and Eve's stash accounts hold demo commitments.
fn demo_patients() -> Vec<(AccountId, H256)> {
	vec![
		(Sr25519Keyring::DaveStash.to_account_id(), demo_commitment(1)),
		(Sr25519Keyring::EveStash.to_account_id(), demo_commitment(2)),
	]
}

fn local_testnet_genesis() -> Value {
	genesis(
		vec![
			(Sr25519Keyring::Alice.to_account_id(), Sr25519Keyring::Alice.public().into()),
			(Sr25519Keyring::Bob.to_account_id(), Sr25519Keyring::Bob.public().into()),
		],
		dev_accounts(),
		council(),
		demo_patients(),
		Sr25519Keyring::Alice.to_account_id(),
		PARACHAIN_ID.into(),
	)
}

fn development_config_genesis() -> Value {
	genesis(
		vec![(Sr25519Keyring::Alice.to_account_id(), Sr25519Keyring::Alice.public().into())],
		dev_accounts(),
		council(),
		demo_patients(),
		Sr25519Keyring::Alice.to_account_id(),
		PARACHAIN_ID.into(),
	)
}

/// Provides the JSON representation of predefined genesis config for given `id`.
pub fn get_preset(id: &PresetId) -> Option<vec::Vec<u8>> {
	let patch = match id.as_ref() {
		sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET => local_testnet_genesis(),
		sp_genesis_builder::DEV_RUNTIME_PRESET => development_config_genesis(),
		_ => return None,
	};
	Some(
		serde_json::to_string(&patch)
			.expect("serialization to json is expected to work. qed.")
			.into_bytes(),
	)
}

/// List of supported presets.
pub fn preset_names() -> Vec<PresetId> {
	vec![
		PresetId::from(sp_genesis_builder::DEV_RUNTIME_PRESET),
		PresetId::from(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET),
	]
}
