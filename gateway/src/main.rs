//! `healthchain-gateway`: one organisation's document gateway (IHE MHD Document Recipient and
//! Responder) in front of a Healthchain node. See the crate docs and `docs/gateway.md`.
//!
//! ```text
//! healthchain-gateway --organization 2 --chain ws://127.0.0.1:9944 --data-dir ./lab-gateway
//! healthchain-gateway --organization 2 --database postgres://gateway@db/documents --master-key-file /run/secrets/key
//! ```

use clap::Parser;
use healthchain_gateway::{
	chain::Chain,
	server::{router, Gateway},
	signature::Window,
	store::Store,
	vault::Vault,
};
use std::{path::PathBuf, process::ExitCode, sync::Arc};

#[derive(Parser)]
#[command(name = "healthchain-gateway", version, about = "Healthchain's document gateway (IHE MHD on FHIR R4)")]
struct Args {
	/// The organisation (on-chain id) whose documents this gateway keeps.
	#[arg(long)]
	organization: u32,
	/// The node's WebSocket RPC endpoint.
	#[arg(long, default_value = "ws://127.0.0.1:9944")]
	chain: String,
	/// Where to listen.
	#[arg(long, default_value = "127.0.0.1:8080")]
	listen: String,
	/// The URL clients reach this gateway at (default: http://<listen>).
	#[arg(long)]
	public_url: Option<String>,
	/// Directory of the embedded database (`documents.db`) and, unless `--master-key-file` says
	/// otherwise, the master key (`master.key`, created on first start).
	#[arg(long, default_value = "./healthchain-gateway")]
	data_dir: PathBuf,
	/// A PostgreSQL URL (`postgres://…`) to keep documents in instead of the embedded database.
	#[arg(long)]
	database: Option<String>,
	/// The file holding the 32-byte master key (hex); created if absent.
	#[arg(long)]
	master_key_file: Option<PathBuf>,
	/// The largest request body accepted, in bytes (larger requests are answered `413`).
	#[arg(long, default_value_t = 32 * 1024 * 1024)]
	max_body: usize,
	/// How old a request signature may be, in seconds.
	#[arg(long, default_value_t = 300)]
	signature_max_age: u64,
	/// Benchmark baseline only: serve without asking the chain (no anchor check, no consent
	/// decision, no access record). Refused unless `HEALTHCHAIN_GATEWAY_BENCHMARK=1`; never in
	/// production.
	#[arg(long, hide = true)]
	benchmark_baseline_without_chain_checks: bool,
}

/// The master key in `path` (hex), created with fresh randomness if the file does not exist.
fn master_key(path: &PathBuf) -> Result<[u8; 32], String> {
	if !path.exists() {
		let key = Vault::generate_master_key();
		std::fs::write(path, hex::encode(key)).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
		#[cfg(unix)]
		{
			use std::os::unix::fs::PermissionsExt;
			let _ = std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600));
		}
		return Ok(key);
	}
	let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
	let bytes = hex::decode(text.trim()).map_err(|e| format!("{} is not hex: {e}", path.display()))?;
	<[u8; 32]>::try_from(bytes).map_err(|_| format!("{} does not hold 32 bytes", path.display()))
}

async fn run(args: Args) -> Result<(), String> {
	let enforce = !args.benchmark_baseline_without_chain_checks;
	if !enforce && std::env::var("HEALTHCHAIN_GATEWAY_BENCHMARK").as_deref() != Ok("1") {
		return Err("--benchmark-baseline-without-chain-checks disables consent: it is for scripts/bench-gateway.sh \
			only (set HEALTHCHAIN_GATEWAY_BENCHMARK=1)"
			.into());
	}
	std::fs::create_dir_all(&args.data_dir)
		.map_err(|e| format!("cannot create --data-dir {}: {e}", args.data_dir.display()))?;
	let key_file = args.master_key_file.clone().unwrap_or_else(|| args.data_dir.join("master.key"));
	let key = master_key(&key_file)?;
	let url = args
		.database
		.clone()
		.unwrap_or_else(|| format!("sqlite://{}?mode=rwc", args.data_dir.join("documents.db").display()));
	let store = Store::open(&url, &key)
		.await
		.map_err(|e| format!("cannot open the document store: {e}"))?;
	let chain = Chain::connect(&args.chain)
		.await
		.map_err(|e| format!("cannot connect to the chain at {}: {e}", args.chain))?;
	let listener = tokio::net::TcpListener::bind(&args.listen)
		.await
		.map_err(|e| format!("cannot listen on {}: {e}", args.listen))?;
	let base_url = args
		.public_url
		.clone()
		.unwrap_or_else(|| format!("http://{}", args.listen))
		.trim_end_matches('/')
		.to_owned();
	let backend = if args.database.is_some() { "PostgreSQL" } else { "SQLite" };
	let gateway = Arc::new(Gateway {
		store,
		chain,
		organization: args.organization,
		base_url: base_url.clone(),
		window: Window { max_age: args.signature_max_age, ..Window::default() },
		max_body: args.max_body,
		enforce,
	});
	if !enforce {
		eprintln!("healthchain-gateway: WARNING: benchmark baseline, the chain is NOT obeyed");
	}
	eprintln!(
		"healthchain-gateway: organisation {} at {base_url}/fhir ({backend} store), chain {}",
		args.organization, args.chain
	);
	axum::serve(listener, router(gateway))
		.with_graceful_shutdown(async {
			let _ = tokio::signal::ctrl_c().await;
		})
		.await
		.map_err(|e| format!("server: {e}"))
}

#[tokio::main]
async fn main() -> ExitCode {
	match run(Args::parse()).await {
		Ok(()) => ExitCode::SUCCESS,
		Err(e) => {
			eprintln!("healthchain-gateway: {e}");
			ExitCode::FAILURE
		},
	}
}
