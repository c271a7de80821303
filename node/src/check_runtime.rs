//! `healthchain-node check-runtime`: is a runtime blob fit to be registered on a relay chain, or
//! proposed to the council as an upgrade?
//!
//! A relay chain's validators re-execute every parachain block (`validate_block`) with a small,
//! fixed set of host functions (`polkadot-node-core-pvf-common`'s executor interface: misc, crypto,
//! hashing, allocator, logging, trie) and refuse code larger than the relay chain's
//! `max_code_size`; an import they do not provide traps when it is called. A parachain runtime
//! still *imports* storage functions: inside `validate_block` cumulus replaces them with its own
//! implementations over the block's proof, so validators never call them; the panic handler and
//! off-chain workers' functions are never reached by a valid block's validation either. Anything
//! else — the benchmarking host functions a `runtime-benchmarks` build imports, say — is not a
//! function any relay validator or collator of the standard stack defines, so the check refuses a
//! blob that imports it.

use polkadot_sdk::{
	sc_cli, sc_executor, sc_executor_common::runtime_blob::RuntimeBlob, sp_io, sp_maybe_compressed_blob,
	sp_wasm_interface::HostFunctions,
};
use std::{collections::BTreeSet, path::PathBuf};

/// Check a runtime blob against a relay chain's limits.
#[derive(Debug, Clone, clap::Parser)]
pub struct CheckRuntimeCmd {
	/// The runtime: a `.wasm` file as the relay chain would store it (compressed, as
	/// `scripts/build-runtime.sh` builds it, or plain).
	#[arg(value_name = "WASM")]
	pub wasm: PathBuf,

	/// The relay chain's `max_code_size` in bytes (its `configuration.activeConfig`); defaults to
	/// the protocol's hard limit.
	#[arg(long, value_name = "BYTES")]
	pub max_code_size: Option<u32>,
}

/// Host functions a relay-chain validator gives a parachain's validation function.
type ValidatorHostFunctions = (
	sp_io::misc::HostFunctions,
	sp_io::crypto::HostFunctions,
	sp_io::hashing::HostFunctions,
	sp_io::allocator::HostFunctions,
	sp_io::logging::HostFunctions,
	sp_io::trie::HostFunctions,
);

/// Host functions cumulus's `validate_block` replaces with implementations over the block's proof.
type ReplacedInValidateBlock = (
	sp_io::storage::HostFunctions,
	sp_io::default_child_storage::HostFunctions,
	sp_io::offchain_index::HostFunctions,
	sp_io::transaction_index::HostFunctions,
	polkadot_sdk::cumulus_primitives_proof_size_hostfunction::storage_proof_size::HostFunctions,
);

/// Host functions a validator does not provide but that validation never reaches: the panic
/// handler (a panicking block is invalid, and the missing import traps just the same), off-chain
/// workers' functions (they run on collators only) and tracing's.
type OutsideValidation =
	(sp_io::panic_handler::HostFunctions, sp_io::offchain::HostFunctions, sp_io::wasm_tracing::HostFunctions);

fn names<H: HostFunctions>() -> BTreeSet<String> {
	H::host_functions().iter().map(|f| f.name().to_string()).collect()
}

/// What the check found.
#[derive(Debug, PartialEq, Eq)]
pub struct Report {
	/// Bytes as stored on the relay chain.
	pub stored_size: usize,
	/// Bytes once decompressed.
	pub code_size: usize,
	/// Whether the blob was compressed.
	pub compressed: bool,
	/// The limit it was checked against.
	pub max_code_size: u32,
	/// `spec_name` and `spec_version` from the blob's version section.
	pub version: Option<(String, u32)>,
	/// Imported host functions a validator provides.
	pub provided: usize,
	/// Imported host functions `validate_block` replaces.
	pub replaced: usize,
	/// Imported host functions validation never reaches ([`OutsideValidation`]).
	pub outside_validation: usize,
	/// Imported host functions neither provides: each would trap in a validator.
	pub missing: Vec<String>,
}

impl Report {
	/// The reasons the blob may not be registered, if any.
	pub fn problems(&self) -> Vec<String> {
		let mut problems = Vec::new();
		if self.stored_size > self.max_code_size as usize {
			problems.push(format!(
				"the runtime is {} bytes, over the relay chain's max_code_size of {} bytes{}",
				self.stored_size,
				self.max_code_size,
				if self.compressed { "" } else { " (and it is not compressed)" }
			));
		}
		if !self.missing.is_empty() {
			problems.push(format!(
				"it imports host functions a relay-chain validator does not provide: {} (a runtime built with \
				 `runtime-benchmarks` imports the benchmarking ones; build the production runtime with \
				 scripts/build-runtime.sh)",
				self.missing.join(", ")
			));
		}
		if self.version.is_none() {
			problems.push("it has no runtime version section".into());
		}
		problems
	}
}

/// Check `blob` against `max_code_size`.
pub fn check(blob: &[u8], max_code_size: u32) -> Result<Report, String> {
	// The relay chain decompresses code up to four times its size limit (its bomb limit).
	let bomb_limit = (max_code_size as usize).saturating_mul(4);
	let code = sp_maybe_compressed_blob::decompress(blob, bomb_limit)
		.map_err(|e| format!("cannot decompress the runtime within {bomb_limit} bytes: {e}"))?;
	let compressed = code.len() != blob.len() || code.as_ref() != blob;
	let runtime = RuntimeBlob::new(&code).map_err(|e| format!("not a WASM runtime: {e}"))?;
	let version = sc_executor::read_embedded_version(&runtime)
		.map_err(|e| format!("unreadable runtime version: {e}"))?
		.map(|v| (v.spec_name.to_string(), v.spec_version));

	let validator = names::<ValidatorHostFunctions>();
	let replaced = names::<ReplacedInValidateBlock>();
	let outside = names::<OutsideValidation>();
	let mut report = Report {
		stored_size: blob.len(),
		code_size: code.len(),
		compressed,
		max_code_size,
		version,
		provided: 0,
		replaced: 0,
		outside_validation: 0,
		missing: Vec::new(),
	};
	for import in function_imports(&code)? {
		if validator.contains(&import) {
			report.provided += 1;
		} else if replaced.contains(&import) {
			report.replaced += 1;
		} else if outside.contains(&import) {
			report.outside_validation += 1;
		} else {
			report.missing.push(import);
		}
	}
	Ok(report)
}

/// The names of the functions `code` imports from its host.
fn function_imports(code: &[u8]) -> Result<Vec<String>, String> {
	let mut imports = Vec::new();
	for payload in wasmparser::Parser::new(0).parse_all(code) {
		if let wasmparser::Payload::ImportSection(section) = payload.map_err(|e| format!("invalid WASM: {e}"))? {
			for import in section {
				let import = import.map_err(|e| format!("invalid WASM import: {e}"))?;
				if matches!(import.ty, wasmparser::TypeRef::Func(_)) {
					imports.push(import.name.to_string());
				}
			}
		}
	}
	Ok(imports)
}

impl CheckRuntimeCmd {
	/// Run the check, print the report, and fail (non-zero exit) if the blob is unfit.
	pub fn run(&self) -> sc_cli::Result<()> {
		let blob =
			std::fs::read(&self.wasm).map_err(|e| format!("cannot read the runtime {}: {e}", self.wasm.display()))?;
		let limit = self.max_code_size.unwrap_or(polkadot_sdk::polkadot_primitives::MAX_CODE_SIZE);
		let report = check(&blob, limit)?;
		let (name, version) = report.version.clone().unwrap_or_else(|| ("?".into(), 0));
		println!("runtime       {} (spec {name} version {version})", self.wasm.display());
		println!(
			"size          {} bytes stored ({}), {} bytes of code; relay max_code_size {} bytes ({:.0}% used)",
			report.stored_size,
			if report.compressed { "compressed" } else { "not compressed" },
			report.code_size,
			report.max_code_size,
			100.0 * report.stored_size as f64 / f64::from(report.max_code_size.max(1)),
		);
		println!(
			"host imports  {} provided by a validator, {} replaced inside validate_block, {} never reached by \
			 validation (panic handler, off-chain workers), {} missing",
			report.provided,
			report.replaced,
			report.outside_validation,
			report.missing.len()
		);
		let problems = report.problems();
		if problems.is_empty() {
			println!("verdict       fit for a relay chain");
			Ok(())
		} else {
			println!("verdict       unfit for a relay chain");
			for problem in problems {
				eprintln!("error: {problem}");
			}
			std::process::exit(1)
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn embedded() -> &'static [u8] {
		healthchain_runtime::WASM_BINARY.expect("the tests build the runtime blob")
	}

	#[test]
	fn a_benchmarking_runtime_is_refused_for_its_host_imports() {
		// The node and its tests embed the `runtime-benchmarks` build.
		let report = check(embedded(), u32::MAX).expect("a readable runtime");
		assert_eq!(report.version.as_ref().map(|(n, _)| n.as_str()), Some("healthchain"));
		assert!(report.provided > 0 && report.replaced > 0, "{report:?}");
		assert!(
			!report.missing.is_empty() && report.missing.iter().all(|f| f.starts_with("ext_benchmarking_")),
			"only the benchmarking host functions are missing: {:?}",
			report.missing
		);
		let problems = report.problems();
		assert_eq!(problems.len(), 1, "{problems:?}");
		assert!(problems[0].contains("ext_benchmarking_"), "{problems:?}");
	}

	#[test]
	fn a_runtime_over_the_relay_limit_is_refused() {
		let report = check(embedded(), 1024).expect("a readable runtime");
		assert!(report
			.problems()
			.iter()
			.any(|p| p.contains("over the relay chain's max_code_size of 1024 bytes")));
	}

	#[test]
	fn what_is_not_a_runtime_is_refused_with_a_reason() {
		let err = check(b"\0asm not really", u32::MAX).expect_err("refused");
		assert!(err.contains("not a WASM runtime") || err.contains("invalid WASM"), "{err}");
		let err = check(b"hello", u32::MAX).expect_err("refused");
		assert!(err.contains("not a WASM runtime") || err.contains("invalid WASM"), "{err}");
	}
}
