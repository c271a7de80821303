//! `healthchain`: the command-line client of Healthchain.
//!
//! - `healthchain consent grant --file consent.json` reads a FHIR R4 or R5 `Consent`, converts
//!   it ([`healthchain_fhir_consent::import`], with the chain's clock and reference scheme plus
//!   optional `--directory` aliases), signs `Consent::grant_consent` with the user's key
//!   (`--suri`, or `HEALTHCHAIN_SURI`: a secret URI such as a mnemonic or `//Alice` on a dev
//!   chain), submits it, waits for its block and prints the consent id — or the chain's named
//!   error, or the FHIR element that cannot be expressed, with a non-zero exit.
//! - `healthchain consent list --patient <ss58>` prints the patient's consents as FHIR JSON
//!   (`health_consentsFhir`).
//! - `healthchain fhir import` / `healthchain fhir roundtrip` convert offline: what a file
//!   becomes on chain, and whether it comes back equal to its normalisation.
//! - `healthchain document hash | anchor | deposit | find | retrieve | erase` work with the
//!   members' document gateways (IHE MHD, see `docs/gateway.md`); `healthchain audit export`
//!   prints a patient's access log as a FHIR `AuditEvent` Bundle.

mod documents;

use clap::{Parser, Subcommand};
use codec::{Decode, DecodeAll, Encode};
use healthchain_fhir_consent::{self as fhir, ChainConsent, Clock, Context, MapDirectory, Version};
use healthchain_runtime::{Runtime, RuntimeCall, RuntimeError, RuntimeEvent, UncheckedExtrinsic};
use jsonrpsee::{
	core::client::ClientT,
	http_client::{HttpClient, HttpClientBuilder},
	rpc_params,
};
use polkadot_sdk::{
	frame_system,
	pallet_transaction_payment::ChargeTransactionPayment,
	sp_core::{crypto::Ss58Codec, sr25519, Pair, H256},
	sp_runtime::{generic::Era, traits::IdentifyAccount, MultiSigner},
};
use serde_json::{json, Value};
use std::{process::ExitCode, time::Duration};

#[derive(Parser)]
#[command(name = "healthchain", version, about = "Healthchain's command-line client")]
struct Cli {
	/// The node's JSON-RPC endpoint (default: `HEALTHCHAIN_URL`, else http://127.0.0.1:9944).
	#[arg(long, global = true)]
	url: Option<String>,
	#[command(subcommand)]
	command: Command,
}

#[derive(Subcommand)]
enum Command {
	/// Consents on chain.
	#[command(subcommand)]
	Consent(ConsentCommand),
	/// Offline FHIR conversion.
	#[command(subcommand)]
	Fhir(FhirCommand),
	/// Documents: hash, anchor, and exchange through the members' gateways.
	#[command(subcommand)]
	Document(DocumentCommand),
	/// The audit trail.
	#[command(subcommand)]
	Audit(AuditCommand),
}

/// The signer's secret URI and the consortium's directory key, shared by document commands.
#[derive(clap::Args)]
struct Keys {
	/// The signer's secret URI (default: `HEALTHCHAIN_SURI`).
	#[arg(long)]
	suri: Option<String>,
	/// The consortium's directory key (64 hex digits) that seals and opens anchors' pointers
	/// (default: `HEALTHCHAIN_DIRECTORY_KEY`).
	#[arg(long)]
	directory_key: Option<String>,
}

#[derive(Subcommand)]
enum DocumentCommand {
	/// The content hash of a document, as an anchor records it.
	Hash {
		#[arg(long)]
		file: String,
		/// Blake2b256 (default), Sha256 or Keccak256.
		#[arg(long, default_value = "Blake2b256")]
		algorithm: String,
		/// The file is a FHIR resource that will travel as a resource (a FHIR document `Bundle`
		/// in a Provide Document Bundle), not as a `Binary`: hash its canonical JSON.
		#[arg(long)]
		fhir: bool,
	},
	/// Anchor a document on chain, signed with the member's key; with `--gateway`, that
	/// gateway's URL sealed under the directory key is the anchor's pointer.
	Anchor {
		#[arg(long)]
		file: String,
		/// The patient (SS58).
		#[arg(long)]
		patient: String,
		/// The record category (LabResult, Prescription, …).
		#[arg(long)]
		category: String,
		/// The FHIR resource type (DiagnosticReport, MedicationRequest, …).
		#[arg(long = "type")]
		resource_type: String,
		/// A security label (repeatable; e.g. N, R, PSY).
		#[arg(long = "label")]
		labels: Vec<String>,
		/// The purpose of use of the anchoring.
		#[arg(long, default_value = "TREAT")]
		purpose: String,
		#[arg(long, default_value = "Blake2b256")]
		algorithm: String,
		/// The member's gateway, where the document will be deposited.
		#[arg(long)]
		gateway: Option<String>,
		#[command(flatten)]
		keys: Keys,
	},
	/// Deposit an anchored document at a gateway (ITI-65 Provide Document Bundle).
	Deposit {
		#[arg(long)]
		file: String,
		#[arg(long)]
		patient: String,
		#[arg(long)]
		gateway: String,
		/// The anchor (default: the gateway finds it by the document's hash).
		#[arg(long)]
		anchor: Option<u64>,
		#[arg(long, default_value = "application/fhir+json")]
		content_type: String,
		#[command(flatten)]
		keys: Keys,
	},
	/// Find a patient's documents at a gateway that the signer may access for a purpose (ITI-67).
	Find {
		#[arg(long)]
		patient: String,
		#[arg(long)]
		gateway: String,
		#[arg(long, default_value = "TREAT")]
		purpose: String,
		#[arg(long)]
		category: Option<String>,
		#[command(flatten)]
		keys: Keys,
	},
	/// Retrieve an anchored document (ITI-68) from the gateway its pointer names (or
	/// `--gateway`), recording the access on chain; the bytes go to `--out` or standard output.
	Retrieve {
		#[arg(long)]
		anchor: u64,
		#[arg(long)]
		gateway: Option<String>,
		#[arg(long, default_value = "TREAT")]
		purpose: String,
		#[arg(long)]
		out: Option<String>,
		#[command(flatten)]
		keys: Keys,
	},
	/// Have a document erased at its gateway (the patient, or a delegate with ManageConsent).
	Erase {
		#[arg(long)]
		anchor: u64,
		#[arg(long)]
		gateway: Option<String>,
		#[command(flatten)]
		keys: Keys,
	},
}

#[derive(Subcommand)]
enum AuditCommand {
	/// A patient's access log as a FHIR R4 `AuditEvent` Bundle.
	Export {
		/// The patient (SS58).
		#[arg(long)]
		patient: String,
	},
}

#[derive(Subcommand)]
enum ConsentCommand {
	/// Grant a consent from a FHIR Consent JSON file, signed with the user's key.
	Grant {
		/// The FHIR `Consent` (R4 or R5) JSON file.
		#[arg(long)]
		file: String,
		/// Aliases of FHIR references (`{"Organization/f001": "Organization/3", …}`).
		#[arg(long)]
		directory: Option<String>,
		/// The signer's secret URI (mnemonic, hex seed, or `//Alice` on a dev chain); default:
		/// `HEALTHCHAIN_SURI`, which keeps it out of the process list.
		#[arg(long)]
		suri: Option<String>,
	},
	/// A patient's consents as FHIR JSON.
	List {
		/// The patient (SS58).
		#[arg(long)]
		patient: String,
		/// `R4` (default) or `R5`.
		#[arg(long, default_value = "R4")]
		version: String,
	},
}

#[derive(Subcommand)]
enum FhirCommand {
	/// What a FHIR Consent becomes on chain (printed as JSON), without submitting it.
	Import {
		#[arg(long)]
		file: String,
		#[arg(long)]
		directory: Option<String>,
		#[command(flatten)]
		clock: ClockArgs,
	},
	/// Import a FHIR Consent and export it again: prints `{imported, output, normalised}` or
	/// `{imported: false, element, message}`.
	Roundtrip {
		#[arg(long)]
		file: String,
		#[arg(long)]
		directory: Option<String>,
		/// Export as `R4` or `R5` (default: the input's release).
		#[arg(long)]
		version: Option<String>,
		#[command(flatten)]
		clock: ClockArgs,
	},
}

/// An offline clock: block `at_block` is the instant `at_unix` (default: block 0 at
/// 1900-01-01T00:00:00Z), six seconds a block.
#[derive(clap::Args)]
struct ClockArgs {
	#[arg(long, default_value_t = 0)]
	at_block: u32,
	#[arg(long, default_value_t = -2_208_988_800, allow_hyphen_values = true)]
	at_unix: i64,
	#[arg(long, default_value_t = 6)]
	block_secs: i64,
}

impl ClockArgs {
	fn clock(&self) -> Clock {
		Clock { block: self.at_block, unix: self.at_unix, block_secs: self.block_secs }
	}
}

/// A failure, printed as `error: …` with a non-zero exit.
struct Failure(String);

impl<E: std::fmt::Display> From<E> for Failure {
	fn from(e: E) -> Self {
		Failure(e.to_string())
	}
}

fn read_json(path: &str) -> Result<Value, Failure> {
	let text = std::fs::read_to_string(path).map_err(|e| Failure(format!("{path}: {e}")))?;
	serde_json::from_str(&text).map_err(|e| Failure(format!("{path}: not JSON ({e})")))
}

fn directory(path: &Option<String>) -> Result<MapDirectory, Failure> {
	match path {
		None => Ok(MapDirectory::new()),
		Some(p) => Ok(MapDirectory::from_json(&read_json(p)?)?),
	}
}

fn parse_version(s: &str) -> Result<Version, Failure> {
	match s {
		"R4" | "r4" => Ok(Version::R4),
		"R5" | "r5" => Ok(Version::R5),
		other => Err(Failure(format!("version `{other}`: expected R4 or R5"))),
	}
}

fn consent_json(c: &ChainConsent) -> Value {
	json!({
		"patient": c.patient.to_ss58check(),
		"grantee": format!("{:?}", c.grantee),
		"decision": format!("{:?}", c.provision.decision),
		"exceptions": c.exceptions.len(),
		"start": c.start,
		"expiresAt": c.expires_at,
		"emergency": format!("{:?}", c.emergency),
		"policy": format!("{:?}", c.policy),
		"call": format!("0x{}", hex(&grant_call(c).map(|c| c.encode()).unwrap_or_default())),
	})
}

fn hex(bytes: &[u8]) -> String {
	bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Result<Vec<u8>, Failure> {
	let s = s.strip_prefix("0x").unwrap_or(s);
	(0..s.len())
		.step_by(2)
		.map(|i| {
			s.get(i..i + 2)
				.and_then(|b| u8::from_str_radix(b, 16).ok())
				.ok_or_else(|| Failure(format!("bad hex from the node: {s}")))
		})
		.collect()
}

/// The `grant_consent` call, its lists re-bounded to the runtime's limits.
fn grant_call(c: &ChainConsent) -> Result<RuntimeCall, Failure> {
	let provision = pallet_consent::ProvisionOf::<Runtime>::decode_all(&mut &c.provision.encode()[..])
		.map_err(|_| Failure("the root provision has more codes or references than the chain holds (16 codes, 4 references per list)".into()))?;
	let exceptions: Vec<pallet_consent::Exception<_, _, _, _>> = c
		.exceptions
		.iter()
		.map(|(parent, provision)| pallet_consent::Exception { parent: *parent, provision: provision.clone() })
		.collect();
	let exceptions = pallet_consent::ExceptionsOf::<Runtime>::decode_all(&mut &exceptions.encode()[..])
		.map_err(|_| Failure("more nested provisions, or longer lists in them, than the chain holds (8 provisions; 16 codes, 4 references per list)".into()))?;
	Ok(RuntimeCall::Consent(pallet_consent::Call::grant_consent {
		patient: c.patient.clone(),
		grantee: c.grantee.clone(),
		provision,
		exceptions,
		policy: c.policy,
		start: c.start,
		expires_at: c.expires_at,
		emergency: c.emergency,
	}))
}

async fn rpc<R: jsonrpsee::core::DeserializeOwned>(
	client: &HttpClient,
	method: &str,
	params: jsonrpsee::core::params::ArrayParams,
) -> Result<R, Failure> {
	client
		.request(method, params)
		.await
		.map_err(|e| Failure(format!("{method}: {e}")))
}

/// `call` signed by `pair` at account nonce `nonce`, encoded as the node takes it (immortal).
async fn sign_extrinsic(
	client: &HttpClient,
	pair: &sr25519::Pair,
	call: RuntimeCall,
	nonce: u32,
) -> Result<Vec<u8>, Failure> {
	let who = MultiSigner::from(pair.public()).into_account();
	let version: Value = rpc(client, "state_getRuntimeVersion", rpc_params![]).await?;
	let spec = version["specVersion"]
		.as_u64()
		.and_then(|v| u32::try_from(v).ok())
		.ok_or_else(|| Failure("no specVersion".into()))?;
	let tx = version["transactionVersion"]
		.as_u64()
		.and_then(|v| u32::try_from(v).ok())
		.ok_or_else(|| Failure("no transactionVersion".into()))?;
	let genesis: String = rpc(client, "chain_getBlockHash", rpc_params![0]).await?;
	let genesis = H256::from_slice(&unhex(&genesis)?);
	let extension: healthchain_runtime::TxExtension = (
		frame_system::AuthorizeCall::<Runtime>::new(),
		frame_system::CheckNonZeroSender::<Runtime>::new(),
		frame_system::CheckSpecVersion::<Runtime>::new(),
		frame_system::CheckTxVersion::<Runtime>::new(),
		frame_system::CheckGenesis::<Runtime>::new(),
		frame_system::CheckEra::<Runtime>::from(Era::Immortal),
		frame_system::CheckNonce::<Runtime>::from(nonce),
		frame_system::CheckWeight::<Runtime>::new(),
		ChargeTransactionPayment::<Runtime>::from(0),
	)
		.into();
	let implicit = ((), (), spec, tx, genesis, genesis, (), (), ());
	let payload = (&call, &extension, &implicit).encode();
	let signature = if payload.len() > 256 {
		pair.sign(&polkadot_sdk::sp_crypto_hashing::blake2_256(&payload))
	} else {
		pair.sign(&payload)
	};
	Ok(UncheckedExtrinsic::new_signed(call, who.into(), signature.into(), extension).encode())
}

/// The events of block `hash`.
async fn block_events(
	client: &HttpClient,
	hash: &str,
) -> Result<Vec<frame_system::EventRecord<RuntimeEvent, H256>>, Failure> {
	let mut key = polkadot_sdk::sp_crypto_hashing::twox_128(b"System").to_vec();
	key.extend(polkadot_sdk::sp_crypto_hashing::twox_128(b"Events"));
	let raw: Option<String> = rpc(client, "state_getStorage", rpc_params![format!("0x{}", hex(&key)), hash]).await?;
	let raw = unhex(&raw.unwrap_or_default())?;
	Vec::<frame_system::EventRecord<RuntimeEvent, H256>>::decode(&mut &raw[..])
		.map_err(|e| Failure(format!("events of block {hash}: {e}")))
}

/// Sign `call` with `pair` and submit it; wait until a block includes it and return that block's
/// hash and the extrinsic's events.
async fn submit(
	client: &HttpClient,
	pair: &sr25519::Pair,
	call: RuntimeCall,
) -> Result<(String, Vec<RuntimeEvent>), Failure> {
	let who = MultiSigner::from(pair.public()).into_account();
	let nonce: u32 = rpc(client, "system_accountNextIndex", rpc_params![who.to_ss58check()]).await?;
	let encoded = sign_extrinsic(client, pair, call, nonce).await?;
	let xt_hash = format!("0x{}", hex(&polkadot_sdk::sp_crypto_hashing::blake2_256(&encoded)));
	let start: Value = rpc(client, "chain_getHeader", rpc_params![]).await?;
	let mut number = start["number"]
		.as_str()
		.and_then(|n| u64::from_str_radix(n.trim_start_matches("0x"), 16).ok())
		.unwrap_or(0);
	let _: String = rpc(client, "author_submitExtrinsic", rpc_params![format!("0x{}", hex(&encoded))]).await?;
	for _ in 0..120 {
		let hash: Option<String> = rpc(client, "chain_getBlockHash", rpc_params![number]).await?;
		let Some(hash) = hash else {
			tokio::time::sleep(Duration::from_millis(500)).await;
			continue;
		};
		let block: Value = rpc(client, "chain_getBlock", rpc_params![hash.clone()]).await?;
		let extrinsics = block["block"]["extrinsics"].as_array().cloned().unwrap_or_default();
		let found = extrinsics.iter().position(|x| {
			x.as_str()
				.and_then(|s| unhex(s).ok())
				.is_some_and(|b| format!("0x{}", hex(&polkadot_sdk::sp_crypto_hashing::blake2_256(&b))) == xt_hash)
		});
		if let Some(index) = found {
			let index = u32::try_from(index).unwrap_or(u32::MAX);
			let events = block_events(client, &hash)
				.await?
				.into_iter()
				.filter(|r| r.phase == frame_system::Phase::ApplyExtrinsic(index))
				.map(|r| r.event)
				.collect();
			return Ok((hash, events));
		}
		number += 1;
	}
	Err(Failure(format!("extrinsic {xt_hash} was not included within a minute")))
}

async fn grant(url: &str, file: &str, dir: &Option<String>, pair: &sr25519::Pair) -> Result<Value, Failure> {
	let client = HttpClientBuilder::default().build(url)?;
	let resource = read_json(file)?;
	let directory = directory(dir)?;
	let c: Value = rpc(&client, "health_clock", rpc_params![]).await?;
	let clock = Clock {
		block: c["block"].as_u64().and_then(|b| u32::try_from(b).ok()).unwrap_or(0),
		unix: c["timestamp"].as_i64().unwrap_or(0) / 1000,
		block_secs: (c["blockTime"].as_i64().unwrap_or(6000) / 1000).max(1),
	};
	let (version, consent) = fhir::import(&resource, &Context { clock: &clock, directory: &directory })
		.map_err(|e| Failure(format!("{file}: cannot be granted: {e}")))?;
	let (block, events) = submit(&client, pair, grant_call(&consent)?).await?;
	let id = succeeded(events, "the consent")?.iter().find_map(|e| match e {
		RuntimeEvent::Consent(pallet_consent::Event::ConsentGranted { id, .. }) => Some(*id),
		_ => None,
	});
	let id = id.ok_or_else(|| Failure("included, but no ConsentGranted event".into()))?;
	Ok(json!({"consent": id, "block": block, "fhirVersion": format!("{version:?}"), "granted": consent_json(&consent)}))
}

/// The events of an included extrinsic, or the chain's named error.
fn succeeded(events: Vec<RuntimeEvent>, what: &str) -> Result<Vec<RuntimeEvent>, Failure> {
	for e in &events {
		if let RuntimeEvent::System(frame_system::Event::ExtrinsicFailed { dispatch_error, .. }) = e {
			let named = RuntimeError::from_dispatch_error(*dispatch_error)
				.map_or_else(|| format!("{dispatch_error:?}"), |e| format!("{e:?}"));
			return Err(Failure(format!("the chain refused {what}: {named}")));
		}
	}
	Ok(events)
}

/// The signer of a command: `--suri`, else `HEALTHCHAIN_SURI`.
fn signer(suri: &Option<String>) -> Result<sr25519::Pair, Failure> {
	let suri = suri
		.clone()
		.or_else(|| std::env::var("HEALTHCHAIN_SURI").ok())
		.ok_or_else(|| Failure("--suri: give the signer's secret URI (or set HEALTHCHAIN_SURI)".into()))?;
	sr25519::Pair::from_string(&suri, None).map_err(|e| Failure(format!("--suri: not a valid secret URI ({e:?})")))
}

async fn document(url: &str, command: DocumentCommand) -> Result<Value, Failure> {
	let client = HttpClientBuilder::default().build(url)?;
	match command {
		DocumentCommand::Hash { file, algorithm, fhir } => documents::hash(&file, &algorithm, fhir),
		DocumentCommand::Anchor {
			file,
			patient,
			category,
			resource_type,
			labels,
			purpose,
			algorithm,
			gateway,
			keys,
		} => {
			let args = documents::AnchorArgs {
				file: &file,
				patient: &patient,
				category: &category,
				resource_type: &resource_type,
				labels: &labels,
				purpose: &purpose,
				algorithm: &algorithm,
				gateway: gateway.as_deref(),
				directory_key: &keys.directory_key,
			};
			documents::anchor(&client, &signer(&keys.suri)?, args).await
		},
		DocumentCommand::Deposit { file, patient, gateway, anchor, content_type, keys } => {
			documents::deposit(&signer(&keys.suri)?, &gateway, &file, &patient, anchor, &content_type).await
		},
		DocumentCommand::Find { patient, gateway, purpose, category, keys } => {
			documents::find(&signer(&keys.suri)?, &gateway, &patient, &purpose, category.as_deref()).await
		},
		DocumentCommand::Retrieve { anchor, gateway, purpose, out, keys } => {
			let pair = signer(&keys.suri)?;
			let gateway = documents::locate(&client, anchor, gateway, &keys.directory_key).await?;
			documents::retrieve(&client, &pair, anchor, gateway, &purpose, out.as_deref()).await
		},
		DocumentCommand::Erase { anchor, gateway, keys } => {
			let pair = signer(&keys.suri)?;
			documents::erase(&pair, anchor, &documents::locate(&client, anchor, gateway, &keys.directory_key).await?)
				.await
		},
	}
}

async fn run(cli: Cli) -> Result<Value, Failure> {
	let url = cli
		.url
		.or_else(|| std::env::var("HEALTHCHAIN_URL").ok())
		.unwrap_or_else(|| "http://127.0.0.1:9944".into());
	match cli.command {
		Command::Consent(ConsentCommand::Grant { file, directory, suri }) => {
			grant(&url, &file, &directory, &signer(&suri)?).await
		},
		Command::Consent(ConsentCommand::List { patient, version }) => {
			parse_version(&version)?;
			let client = HttpClientBuilder::default().build(&url)?;
			rpc(&client, "health_consentsFhir", rpc_params![patient, version]).await
		},
		Command::Document(command) => document(&url, command).await,
		Command::Audit(AuditCommand::Export { patient }) => {
			documents::audit_export(&HttpClientBuilder::default().build(&url)?, &patient).await
		},
		Command::Fhir(FhirCommand::Import { file, directory: dir, clock }) => {
			let d = directory(&dir)?;
			let (version, c) = fhir::import(&read_json(&file)?, &Context { clock: &clock.clock(), directory: &d })
				.map_err(|e| Failure(format!("{file}: cannot be granted: {e}")))?;
			Ok(json!({"fhirVersion": format!("{version:?}"), "consent": consent_json(&c)}))
		},
		Command::Fhir(FhirCommand::Roundtrip { file, directory: dir, version, clock }) => {
			let d = directory(&dir)?;
			let clock = clock.clock();
			let input = read_json(&file)?;
			match fhir::import(&input, &Context { clock: &clock, directory: &d }) {
				Err(e) => Ok(json!({"imported": false, "element": e.element, "message": e.message})),
				Ok((read_as, c)) => {
					let version = match version {
						Some(v) => parse_version(&v)?,
						None => read_as,
					};
					match fhir::export(&c, version, &clock, &d) {
						Ok(output) => Ok(
							json!({"imported": true, "output": output, "normalised": fhir::normalise(&input, &clock)}),
						),
						Err(e) => {
							Ok(json!({"imported": true, "exported": false, "element": e.element, "message": e.message}))
						},
					}
				},
			}
		},
	}
}

#[tokio::main]
async fn main() -> ExitCode {
	match run(Cli::parse()).await {
		// A document written to standard output is the whole output.
		Ok(Value::Null) => ExitCode::SUCCESS,
		Ok(v) => {
			println!("{}", serde_json::to_string_pretty(&v).unwrap_or_default());
			ExitCode::SUCCESS
		},
		Err(Failure(msg)) => {
			eprintln!("error: {msg}");
			ExitCode::FAILURE
		},
	}
}
