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
		"the runtime's WASM blob was not built (was SKIP_WASM_BUILD set when building the node?)".to_string()
	})
}

/// The genesis storage of runtime preset `preset`, built by the runtime linked into this node
/// rather than by executing its WASM: the same code (a test checks both give the same storage),
/// without compiling a 9 MB blob at every start of a dev chain.
pub fn native_genesis(preset: &str) -> Result<sp_core::storage::Storage, String> {
	use sp_runtime::BuildStorage;
	let patch = healthchain_runtime::genesis_config_presets::get_preset(&preset.into())
		.ok_or_else(|| format!("the runtime has no genesis preset `{preset}`"))?;
	let patch: serde_json::Value =
		serde_json::from_slice(&patch).map_err(|e| format!("genesis preset `{preset}`: {e}"))?;
	let mut config = serde_json::to_value(healthchain_runtime::RuntimeGenesisConfig::default())
		.map_err(|e| format!("default genesis config: {e}"))?;
	sc_chain_spec::json_merge(&mut config, patch);
	let config: healthchain_runtime::RuntimeGenesisConfig =
		serde_json::from_value(config).map_err(|e| format!("genesis preset `{preset}`: {e}"))?;
	let mut storage = config.build_storage()?;
	storage
		.top
		.insert(sp_core::storage::well_known_keys::CODE.to_vec(), wasm()?.to_vec());
	Ok(storage)
}

/// The development chain: Alice alone collates; blocks are sealed locally in `--dev`. Its
/// genesis is built natively ([`native_genesis`]).
pub fn development_chain_spec() -> Result<ChainSpec, String> {
	let mut spec = development_chain_spec_from_preset()?;
	sc_chain_spec::ChainSpec::set_storage(&mut spec, native_genesis(sp_genesis_builder::DEV_RUNTIME_PRESET)?);
	Ok(spec)
}

/// The development chain with its genesis left to the runtime's genesis builder.
pub fn development_chain_spec_from_preset() -> Result<ChainSpec, String> {
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

/// A local test network against a local relay chain: two members collate (the hospital's Dave and
/// the laboratory's Eve). Its code is the runtime embedded in this node; `scripts/chain-spec.sh`
/// swaps in the production runtime for a real relay chain.
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

#[cfg(test)]
mod tests {
	use super::*;
	use sp_runtime::BuildStorage;

	#[test]
	fn native_dev_genesis_equals_the_wasm_genesis_builders() {
		let native = development_chain_spec().unwrap().build_storage().unwrap();
		let wasm = development_chain_spec_from_preset().unwrap().build_storage().unwrap();
		assert_eq!(native.top.len(), wasm.top.len());
		for (k, v) in &wasm.top {
			assert_eq!(native.top.get(k), Some(v), "key 0x{}", hex::encode(k));
		}
		assert_eq!(native.children_default, wasm.children_default);
	}

	#[test]
	fn chain_names_resolve_to_the_presets_and_unknown_ones_are_refused() {
		for id in ["dev", "development", "healthchain-dev"] {
			assert_eq!(load_spec(id).expect("dev").id(), "healthchain_dev", "{id}");
		}
		for id in ["", "local", "local_testnet"] {
			assert_eq!(load_spec(id).expect("local").chain_type(), sc_service::ChainType::Local, "{id}");
		}
		let err = load_spec("no/such/spec.json").expect_err("refused");
		assert!(err.contains("unknown chain `no/such/spec.json`"), "{err}");
		assert!(local_chain_spec().expect("local").build_storage().is_ok(), "the local preset builds its genesis");
	}
}
