//! Command-line interface of `healthchain-node`.

use polkadot_sdk::*;
use std::path::PathBuf;

/// Sub-commands.
#[derive(Debug, clap::Subcommand)]
#[allow(clippy::large_enum_variant)]
pub enum Subcommand {
	/// Build a chain specification (`--chain dev|local|<file>`; add `--raw` for the raw form).
	BuildSpec(sc_cli::BuildSpecCmd),

	/// Validate blocks.
	CheckBlock(sc_cli::CheckBlockCmd),

	/// Export blocks.
	ExportBlocks(sc_cli::ExportBlocksCmd),

	/// Export the state of a given block into a chain spec.
	ExportState(sc_cli::ExportStateCmd),

	/// Import blocks.
	ImportBlocks(sc_cli::ImportBlocksCmd),

	/// Revert the chain to a previous state.
	Revert(sc_cli::RevertCmd),

	/// Remove the whole chain (parachain and relay chain databases).
	PurgeChain(cumulus_client_cli::PurgeChainCmd),

	/// Export the genesis head data of the parachain (for registering it on a relay chain).
	#[command(alias = "export-genesis-state")]
	ExportGenesisHead(cumulus_client_cli::ExportGenesisHeadCommand),

	/// Export the genesis wasm of the parachain (for registering it on a relay chain).
	ExportGenesisWasm(cumulus_client_cli::ExportGenesisWasmCommand),

	/// Runtime benchmarks (`benchmark pallet` generates the pallets' `weights.rs`).
	#[command(subcommand)]
	Benchmark(frame_benchmarking_cli::BenchmarkCmd),

	/// Key management: generate keys, and insert a collator's Aura key into its keystore
	/// (`key insert --key-type aura --scheme sr25519 --base-path … --chain …`).
	#[command(subcommand)]
	Key(sc_cli::KeySubcommand),

	/// Check that a runtime blob is fit for a relay chain (size under `max_code_size`, host
	/// functions a validator provides) before registering it or proposing it as an upgrade.
	CheckRuntime(crate::check_runtime::CheckRuntimeCmd),
}

/// How a `--dev` chain seals blocks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sealing {
	/// A block as soon as transactions are ready (those arriving while one is sealed go into the
	/// next, sealed straight after).
	Instant,
	/// One block every this many milliseconds, with or without transactions.
	Interval(u64),
}

impl std::str::FromStr for Sealing {
	type Err = String;
	fn from_str(s: &str) -> Result<Self, Self::Err> {
		match s {
			"instant" => Ok(Sealing::Instant),
			ms => match ms.parse::<u64>() {
				Ok(0) => Err("the block interval must be at least 1 ms".into()),
				Ok(ms) => Ok(Sealing::Interval(ms)),
				Err(_) => {
					Err(format!("invalid sealing `{s}`: use `instant` or an interval in milliseconds, e.g. `6000`"))
				},
			},
		}
	}
}

const AFTER_HELP_EXAMPLE: &str = color_print::cstr!(
	r#"<bold><underline>Examples:</></>
   <bold>healthchain-node --dev</>
           Runs a development chain without a relay chain, sealing a block every 6 s.
   <bold>healthchain-node --dev --sealing instant --rpc-port 9944</>
           Seals a block as soon as transactions arrive.
   <bold>healthchain-node --chain local --collator -- --chain rococo-local.json</>
           Collates against a relay chain (its options go after the `--`).
 "#
);

/// The Healthchain node.
#[derive(Debug, clap::Parser)]
#[command(
	propagate_version = true,
	args_conflicts_with_subcommands = true,
	subcommand_negates_reqs = true,
	after_help = AFTER_HELP_EXAMPLE
)]
pub struct Cli {
	#[command(subcommand)]
	pub subcommand: Option<Subcommand>,

	#[command(flatten)]
	pub run: cumulus_client_cli::RunCmd,

	/// Block sealing of a development chain (`--dev`, or any chain spec of type Development):
	/// `instant` (one block per transaction) or an interval in milliseconds.
	#[arg(long, default_value = "6000")]
	pub sealing: Sealing,

	/// Where the executor keeps the machine code it compiled the runtime to, so that a restart
	/// (or another node on this machine running the same runtime) does not compile it again:
	/// defaults to `wasm-cache` in the base path; `none` disables the cache.
	#[arg(long, value_name = "DIR")]
	pub wasm_cache: Option<PathBuf>,

	/// Disable automatic hardware benchmarks at start.
	#[arg(long)]
	pub no_hardware_benchmarks: bool,

	/// Relay chain arguments (collator mode), after `--`.
	#[arg(raw = true)]
	pub relay_chain_args: Vec<String>,
}

impl Cli {
	/// The executor's compiled-code cache directory for a node with `config`, if any.
	pub fn wasm_cache_dir(&self, config: &sc_service::Configuration) -> Option<PathBuf> {
		match &self.wasm_cache {
			Some(dir) if dir.as_os_str() == "none" => None,
			Some(dir) => Some(dir.clone()),
			None => Some(config.base_path.path().join("wasm-cache")),
		}
	}
}

/// The relay chain's command line, as embedded in the collator.
#[derive(Debug)]
pub struct RelayChainCli {
	/// The actual relay chain cli object.
	pub base: polkadot_cli::RunCmd,
	/// Optional chain id that should be passed to the relay chain.
	pub chain_id: Option<String>,
	/// The base path that should be used by the relay chain.
	pub base_path: Option<PathBuf>,
}

impl RelayChainCli {
	/// Parse the relay chain CLI parameters using the para chain `Configuration`.
	///
	/// The arguments are those after `--` on the collator's command line; a bad one is refused with
	/// clap's message, naming the embedded relay-chain node.
	pub fn new<'a>(
		para_config: &sc_service::Configuration,
		relay_chain_args: impl Iterator<Item = &'a String>,
	) -> Result<Self, clap::Error> {
		let extension = crate::chain_spec::Extensions::try_get(&*para_config.chain_spec);
		let chain_id = extension.map(|e| e.relay_chain.clone());
		let base_path = para_config.base_path.path().join("polkadot");
		Ok(Self { base_path: Some(base_path), chain_id, base: parse_relay_chain_args(relay_chain_args)? })
	}
}

/// The name the embedded relay-chain node's arguments are parsed under (clap's first argument).
pub const RELAY_CHAIN_PROGRAM: &str = "relay-chain";

/// Parse the relay-chain arguments given after `--`. clap takes its first argument as the program's
/// name, so the embedded node's name goes first: none of the user's arguments is lost to it.
pub fn parse_relay_chain_args<'a>(
	relay_chain_args: impl Iterator<Item = &'a String>,
) -> Result<polkadot_cli::RunCmd, clap::Error> {
	<polkadot_cli::RunCmd as clap::Parser>::try_parse_from(
		std::iter::once(RELAY_CHAIN_PROGRAM).chain(relay_chain_args.map(String::as_str)),
	)
}

#[cfg(test)]
mod tests {
	use super::*;
	use sc_cli::SubstrateCli;

	#[test]
	fn sealing_is_instant_or_a_positive_interval() {
		assert_eq!("instant".parse::<Sealing>(), Ok(Sealing::Instant));
		assert_eq!("1000".parse::<Sealing>(), Ok(Sealing::Interval(1000)));
		assert_eq!("0".parse::<Sealing>(), Err("the block interval must be at least 1 ms".into()));
		let err = "fast".parse::<Sealing>().unwrap_err();
		assert!(err.contains("invalid sealing `fast`"), "{err}");
	}

	#[test]
	fn command_line_parses_dev_flags_and_relay_arguments() {
		let cli = Cli::try_from_iter([
			"healthchain-node",
			"--dev",
			"--sealing",
			"instant",
			"--wasm-cache",
			"none",
			"--",
			"--chain",
			"rococo-local.json",
		])
		.expect("parses");
		assert_eq!(cli.sealing, Sealing::Instant);
		assert_eq!(cli.wasm_cache.as_deref(), Some(std::path::Path::new("none")));
		assert_eq!(cli.relay_chain_args, vec!["--chain".to_string(), "rococo-local.json".to_string()]);
		assert_eq!(Cli::try_from_iter(["healthchain-node"]).expect("defaults").sealing, Sealing::Interval(6000));
		assert!(Cli::try_from_iter(["healthchain-node", "--sealing", "never"]).is_err());
	}

	#[test]
	fn relay_chain_arguments_keep_their_first_option() {
		// What zombienet passes to a collator with an embedded relay-chain node.
		let args: Vec<String> =
			["--base-path", "/data/relay", "--chain", "rococo-local.json", "--port", "30444", "--execution", "wasm"]
				.map(String::from)
				.to_vec();
		let relay = parse_relay_chain_args(args.iter()).expect("parses");
		assert_eq!(relay.base.shared_params.base_path, Some(PathBuf::from("/data/relay")));
		assert_eq!(relay.base.shared_params.chain.as_deref(), Some("rococo-local.json"));
		assert!(parse_relay_chain_args([].iter()).is_ok(), "no relay-chain arguments at all");
		let bad = ["--no-such-flag".to_string()];
		let err = parse_relay_chain_args(bad.iter())
			.expect_err("an unknown flag is refused")
			.to_string();
		assert!(err.contains("--no-such-flag"), "{err}");
	}
}
