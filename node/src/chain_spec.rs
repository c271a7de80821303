//! Chain specifications, built from the runtime's genesis presets.

use polkadot_sdk::{sc_chain_spec::ChainSpecExtension, sc_service::ChainType, *};
use serde::{Deserialize, Serialize};

/// Chain-spec extensions a parachain node needs: which relay chain, and (for older tooling) the
/// parachain id. The node reads the id from the runtime (`GetParachainInfo`) first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ChainSpecExtension)]
#[serde(deny_unknown_fields)]
pub struct Extensions {
	/// The relay chain of the parachain.
	#[serde(alias = "relayChain", alias = "RelayChain")]
	pub relay_chain: String,
	/// The id of the parachain.
	#[serde(alias = "paraId", alias = "ParaId")]
	pub para_id: Option<u32>,
}

impl Extensions {
	/// The extensions of `chain_spec`, if it has them.
	pub fn try_get(chain_spec: &dyn sc_service::ChainSpec) -> Option<&Self> {
		sc_chain_spec::get_extension(chain_spec.extensions())
	}
}

/// The chain spec type of Healthchain.
pub type ChainSpec = sc_service::GenericChainSpec<Extensions>;

fn properties() -> sc_chain_spec::Properties {
	let mut properties = sc_chain_spec::Properties::new();
	properties.insert("tokenSymbol".into(), "HCU".into());
	properties.insert("tokenDecimals".into(), 12.into());
	properties.insert("ss58Format".into(), 42.into());
	properties
}

fn wasm() -> Result<&'static [u8], String> {
	healthchain_runtime::WASM_BINARY.ok_or_else(|| {
		"the runtime's WASM blob was not built (was SKIP_WASM_BUILD set when building the node?)"
			.to_string()
	})
}

/// The development chain: Alice alone collates; blocks are sealed locally in `--dev`.
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(
		wasm()?,
		Extensions {
			relay_chain: "rococo-local".into(),
			para_id: Some(healthchain_runtime::genesis_config_presets::PARACHAIN_ID),
		},
	)
	.with_name("Healthchain Development")
	.with_id("healthchain_dev")
	.with_chain_type(ChainType::Development)
	.with_genesis_config_preset_name(sp_genesis_builder::DEV_RUNTIME_PRESET)
	.with_properties(properties())
	.build())
}

/// A local test network against a local relay chain: Alice and Bob collate.
pub fn local_chain_spec() -> Result<ChainSpec, String> {
	Ok(ChainSpec::builder(
		wasm()?,
		Extensions {
			relay_chain: "rococo-local".into(),
			para_id: Some(healthchain_runtime::genesis_config_presets::PARACHAIN_ID),
		},
	)
	.with_name("Healthchain Local Testnet")
	.with_id("healthchain_local")
	.with_chain_type(ChainType::Local)
	.with_genesis_config_preset_name(sp_genesis_builder::LOCAL_TESTNET_RUNTIME_PRESET)
	.with_protocol_id("healthchain-local")
	.with_properties(properties())
	.build())
}

/// Resolve a `--chain` argument: `dev`, `local`, or a path to a chain-spec JSON file.
pub fn load_spec(id: &str) -> Result<Box<dyn sc_service::ChainSpec>, String> {
	Ok(match id {
		"dev" | "healthchain-dev" | "development" => Box::new(development_chain_spec()?),
		"" | "local" | "healthchain-local" | "local_testnet" => Box::new(local_chain_spec()?),
		path => {
			let p = std::path::PathBuf::from(path);
			if !p.exists() {
				return Err(format!(
					"unknown chain `{path}`: use `dev`, `local`, or the path of a chain-spec JSON file"
				));
			}
			Box::new(ChainSpec::from_json_file(p)?)
		},
	})
}
