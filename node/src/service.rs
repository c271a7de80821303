//! The node's services: what both modes share (client, pool, RPC, offchain workers, the anchor
//! index) and the collator (or full node) following a relay chain. The development chain, sealed
//! locally without a relay chain, is in [`crate::dev_sealing`].

use std::{sync::Arc, time::Duration};

use healthchain_runtime::{
	apis::RuntimeApi,
	opaque::{Block, Hash},
};
use polkadot_sdk::*;

use cumulus_client_cli::CollatorOptions;
use cumulus_client_collator::service::CollatorService;
use cumulus_client_consensus_aura::collators::lookahead::{self as aura, Params as AuraParams};
use cumulus_client_consensus_common::ParachainBlockImport as TParachainBlockImport;
use cumulus_client_service::{
	build_network, build_relay_chain_interface, prepare_node_config, start_relay_chain_tasks, BuildNetworkParams,
	DARecoveryProfile, ParachainHostFunctions, StartRelayChainTasksParams,
};
use cumulus_primitives_core::{
	relay_chain::{CollatorPair, ValidationCode},
	GetParachainInfo, ParaId,
};
use cumulus_relay_chain_interface::{OverseerHandle, RelayChainInterface};
use futures::FutureExt;
use sc_client_api::Backend;
use sc_consensus::ImportQueue;
use sc_executor::{HeapAllocStrategy, WasmExecutor, DEFAULT_HEAP_ALLOC_STRATEGY};
use sc_network::{NetworkBackend, NetworkBlock};
use sc_service::{Configuration, PartialComponents, TFullBackend, TFullClient, TaskManager};
use sc_telemetry::{Telemetry, TelemetryHandle, TelemetryWorker, TelemetryWorkerHandle};
use sc_transaction_pool_api::OffchainTransactionPoolFactory;
use sp_api::ProvideRuntimeApi;
use sp_keystore::KeystorePtr;
use substrate_prometheus_endpoint::Registry;

/// Host functions of the executor: a parachain's, plus benchmarking's when the runtime is built
/// with `runtime-benchmarks` (the dev/test build, so that `benchmark pallet` works).
#[cfg(not(feature = "runtime-benchmarks"))]
pub type HostFunctions = ParachainHostFunctions;
/// Host functions of the executor: a parachain's, plus benchmarking's when the runtime is built
/// with `runtime-benchmarks` (the dev/test build, so that `benchmark pallet` works).
#[cfg(feature = "runtime-benchmarks")]
pub type HostFunctions = (ParachainHostFunctions, frame_benchmarking::benchmarking::HostFunctions);

/// The executor: WASM only, with the host functions above.
pub type ParachainExecutor = WasmExecutor<HostFunctions>;
/// The client.
pub type ParachainClient = TFullClient<Block, RuntimeApi, ParachainExecutor>;
/// The backend (RocksDB or ParityDB, embedded).
pub type ParachainBackend = TFullBackend<Block>;
/// Block import that knows about the parachain's unincluded segment.
pub type ParachainBlockImport = TParachainBlockImport<Block, Arc<ParachainClient>, ParachainBackend>;
/// The transaction pool.
pub type TransactionPool = sc_transaction_pool::TransactionPoolHandle<Block, ParachainClient>;

/// The transaction pool's type and limits.
///
/// **Type.** A development chain has no forks, and uses the single-state pool unless
/// `--pool-type` says otherwise. Under load the fork-aware pool lost transactions it had accepted
/// over RPC: with 10,000 mixed extrinsics from 250 senders (`e2e/tests/11-load.test.js`) every
/// sender's chain stopped at its ninth transaction, which had been accepted and then vanished from
/// the pool, leaving 8,252 later ones waiting forever behind the gap (its views rebuild themselves
/// from the mempool on every block, in no particular order). The single-state pool validates each
/// submission at the best block and keeps each sender's queue in order; the same load lands in
/// full. Collators follow relay-chain forks and keep the fork-aware pool.
///
/// **Limits.** Both pools park a sender's later nonces in a *future* queue until their
/// predecessors are in; the standard options make it a tenth of the ready queue (819
/// transactions), which a burst (a lab's night run: hundreds queued per sender) overflows, and
/// what overflows is dropped although the RPC accepted it. This node gives the future queue
/// `--pool-limit` transactions (within a tenth of `--pool-kbytes`) and the ready queue ten times
/// that number, bounded by `--pool-kbytes`: the byte limits are what bound the pool's memory.
pub fn pool_options(
	params: &sc_cli::TransactionPoolParams,
	dev: bool,
	pool_type_given: bool,
) -> sc_transaction_pool::TransactionPoolOptions {
	let pool_type = match params.pool_type {
		_ if dev && !pool_type_given => sc_transaction_pool::TransactionPoolType::SingleState,
		sc_cli::TransactionPoolType::SingleState => sc_transaction_pool::TransactionPoolType::SingleState,
		sc_cli::TransactionPoolType::ForkAware => sc_transaction_pool::TransactionPoolType::ForkAware,
	};
	sc_transaction_pool::TransactionPoolOptions::new_with_params(
		params.pool_limit.saturating_mul(10),
		params.pool_kbytes.saturating_mul(1024),
		params.tx_ban_seconds,
		pool_type,
		dev,
		params.pool_best_blocks_only,
	)
}

/// What chain operations and both services share.
pub type Service = PartialComponents<
	ParachainClient,
	ParachainBackend,
	(),
	sc_consensus::DefaultImportQueue<Block>,
	TransactionPool,
	(ParachainBlockImport, Option<Telemetry>, Option<TelemetryWorkerHandle>),
>;

/// Builds the client, backend, pool and import queue. `dev` selects the manual-seal import
/// queue (no Aura verification of locally sealed blocks).
///
/// `wasm_cache` is where the executor caches the machine code it compiles the runtime to.
pub fn new_partial(
	config: &Configuration,
	dev: bool,
	wasm_cache: Option<std::path::PathBuf>,
) -> Result<Service, sc_service::Error> {
	let telemetry = config
		.telemetry_endpoints
		.clone()
		.filter(|x| !x.is_empty())
		.map(|endpoints| -> Result<_, sc_telemetry::Error> {
			let worker = TelemetryWorker::new(16)?;
			let telemetry = worker.handle().new_telemetry(endpoints);
			Ok((worker, telemetry))
		})
		.transpose()?;

	let heap_pages = config
		.executor
		.default_heap_pages
		.map_or(DEFAULT_HEAP_ALLOC_STRATEGY, |h| HeapAllocStrategy::Static { extra_pages: h as _ });

	let mut executor = ParachainExecutor::builder()
		.with_execution_method(config.executor.wasm_method)
		.with_onchain_heap_alloc_strategy(heap_pages)
		.with_offchain_heap_alloc_strategy(heap_pages)
		.with_max_runtime_instances(config.executor.max_runtime_instances)
		.with_runtime_cache_size(config.executor.runtime_cache_size);
	if let Some(dir) = wasm_cache {
		std::fs::create_dir_all(&dir)
			.map_err(|e| sc_service::Error::Other(format!("cannot create the wasm cache {}: {e}", dir.display())))?;
		executor = executor.with_cache_path(dir);
	}
	let executor = executor.build();

	let (client, backend, keystore_container, task_manager) =
		sc_service::new_full_parts_record_import::<Block, RuntimeApi, _>(
			config,
			telemetry.as_ref().map(|(_, telemetry)| telemetry.handle()),
			executor,
			true,
			Default::default(),
		)?;
	let client = Arc::new(client);

	let telemetry_worker_handle = telemetry.as_ref().map(|(worker, _)| worker.handle());
	let telemetry = telemetry.map(|(worker, telemetry)| {
		task_manager.spawn_handle().spawn("telemetry", None, worker.run());
		telemetry
	});

	let transaction_pool = Arc::from(
		sc_transaction_pool::Builder::new(
			task_manager.spawn_essential_handle(),
			client.clone(),
			config.role.is_authority().into(),
		)
		.with_options(config.transaction_pool.clone())
		.with_prometheus(config.prometheus_registry())
		.build(),
	);

	let block_import = ParachainBlockImport::new(client.clone(), backend.clone());

	let import_queue = if dev {
		sc_consensus_manual_seal::import_queue(
			Box::new(client.clone()),
			&task_manager.spawn_essential_handle(),
			config.prometheus_registry(),
		)
	} else {
		build_aura_import_queue(
			client.clone(),
			block_import.clone(),
			config,
			telemetry.as_ref().map(|telemetry| telemetry.handle()),
			&task_manager,
		)
	};

	Ok(PartialComponents {
		backend,
		client,
		import_queue,
		keystore_container,
		task_manager,
		transaction_pool,
		select_chain: (),
		other: (block_import, telemetry, telemetry_worker_handle),
	})
}

fn build_aura_import_queue(
	client: Arc<ParachainClient>,
	block_import: ParachainBlockImport,
	config: &Configuration,
	telemetry: Option<TelemetryHandle>,
	task_manager: &TaskManager,
) -> sc_consensus::DefaultImportQueue<Block> {
	cumulus_client_consensus_aura::equivocation_import_queue::fully_verifying_import_queue::<
		sp_consensus_aura::sr25519::AuthorityPair,
		_,
		_,
		_,
		_,
	>(
		client,
		block_import,
		move |_, _| async move {
			let timestamp = sp_timestamp::InherentDataProvider::from_system_time();
			Ok(timestamp)
		},
		&task_manager.spawn_essential_handle(),
		config.prometheus_registry(),
		telemetry,
	)
}

/// The parachain id, from the runtime (`GetParachainInfo`) or else the chain spec.
pub(crate) fn parachain_id(client: &ParachainClient, config: &Configuration) -> Option<ParaId> {
	let best = client.chain_info().best_hash;
	client.runtime_api().parachain_id(best).ok().or_else(|| {
		crate::chain_spec::Extensions::try_get(&*config.chain_spec)
			.and_then(|e| e.para_id)
			.map(ParaId::from)
	})
}

pub(crate) fn rpc_builder(
	client: Arc<ParachainClient>,
	pool: Arc<TransactionPool>,
	anchors: Option<Arc<dyn crate::anchor_index::AnchorLists>>,
) -> Box<dyn Fn(sc_rpc::SubscriptionTaskExecutor) -> Result<jsonrpsee::RpcModule<()>, sc_service::Error>> {
	Box::new(move |_| {
		crate::rpc::create_full(crate::rpc::FullDeps {
			client: client.clone(),
			pool: pool.clone(),
			anchors: anchors.clone(),
		})
		.map_err(Into::into)
	})
}

/// The node's anchor index (see [`crate::anchor_index`]) kept in the backend's offchain
/// database, with its indexing task started; `None` if the backend has no offchain database.
pub(crate) fn anchor_index(
	client: &Arc<ParachainClient>,
	backend: &ParachainBackend,
	task_manager: &TaskManager,
) -> Option<Arc<dyn crate::anchor_index::AnchorLists>> {
	use crate::anchor_index::{AnchorIndex, ChainState};
	let db = backend.offchain_storage()?;
	let state: Arc<dyn ChainState> = Arc::new((client.clone(), std::marker::PhantomData::<ParachainBackend>));
	let index = Arc::new(AnchorIndex::new(state, db));
	task_manager
		.spawn_handle()
		.spawn("anchor-index", None, crate::anchor_index::run(client.clone(), index.clone()));
	Some(index)
}

/// Runs the runtime's offchain workers after each imported block, when the node's
/// `--offchain-worker` setting asks for them (both modes).
pub(crate) fn spawn_offchain_workers(
	config: &Configuration,
	client: &Arc<ParachainClient>,
	backend: &Arc<ParachainBackend>,
	keystore: &sc_service::KeystoreContainer,
	pool: &Arc<TransactionPool>,
	network: Arc<dyn sc_network::service::traits::NetworkService>,
	task_manager: &TaskManager,
) -> sc_service::error::Result<()> {
	if !config.offchain_worker.enabled {
		return Ok(());
	}
	let workers = sc_offchain::OffchainWorkers::new(sc_offchain::OffchainWorkerOptions {
		runtime_api_provider: client.clone(),
		keystore: Some(keystore.keystore()),
		offchain_db: backend.offchain_storage(),
		transaction_pool: Some(OffchainTransactionPoolFactory::new(pool.clone())),
		network_provider: Arc::new(network),
		is_validator: config.role.is_authority(),
		enable_http_requests: false,
		custom_extensions: move |_| vec![],
	})?;
	task_manager.spawn_handle().spawn(
		"offchain-workers-runner",
		"offchain-work",
		workers.run(client.clone(), task_manager.spawn_handle()).boxed(),
	);
	Ok(())
}

#[allow(clippy::too_many_arguments)]
fn start_consensus(
	client: Arc<ParachainClient>,
	backend: Arc<ParachainBackend>,
	block_import: ParachainBlockImport,
	prometheus_registry: Option<&Registry>,
	telemetry: Option<TelemetryHandle>,
	task_manager: &TaskManager,
	relay_chain_interface: Arc<dyn RelayChainInterface>,
	transaction_pool: Arc<TransactionPool>,
	keystore: KeystorePtr,
	relay_chain_slot_duration: Duration,
	para_id: ParaId,
	collator_key: CollatorPair,
	collator_peer_id: sc_network::PeerId,
	overseer_handle: OverseerHandle,
	announce_block: Arc<dyn Fn(Hash, Option<Vec<u8>>) + Send + Sync>,
) -> Result<(), sc_service::Error> {
	let proposer = sc_basic_authorship::ProposerFactory::new(
		task_manager.spawn_handle(),
		client.clone(),
		transaction_pool,
		prometheus_registry,
		telemetry,
	);
	let collator_service = CollatorService::new(client.clone(), announce_block, client.clone());
	let code_client = client.clone();
	let params = AuraParams {
		create_inherent_data_providers: move |_, ()| async move { Ok(()) },
		block_import,
		para_client: client,
		para_backend: backend,
		relay_client: relay_chain_interface,
		code_hash_provider: move |block_hash| {
			code_client.code_at(block_hash).ok().map(|c| ValidationCode::from(c).hash())
		},
		keystore,
		collator_key,
		collator_peer_id,
		para_id,
		overseer_handle,
		relay_chain_slot_duration,
		proposer,
		collator_service,
		authoring_duration: Duration::from_millis(2000),
		reinitialize: false,
		max_pov_percentage: None,
	};
	let fut = aura::run::<Block, sp_consensus_aura::sr25519::AuthorityPair, _, _, _, _, _, _, _, _>(params);
	task_manager.spawn_essential_handle().spawn("aura", None, fut);
	Ok(())
}

/// Start a parachain node (a collator with `--collator`) following a relay chain.
#[sc_tracing::logging::prefix_logs_with("Parachain")]
pub async fn start_parachain_node<Net: NetworkBackend<Block, Hash>>(
	parachain_config: Configuration,
	polkadot_config: Configuration,
	collator_options: CollatorOptions,
	hwbench: Option<sc_sysinfo::HwBench>,
	wasm_cache: Option<std::path::PathBuf>,
) -> sc_service::error::Result<TaskManager> {
	let parachain_config = prepare_node_config(parachain_config);

	let params = new_partial(&parachain_config, false, wasm_cache)?;
	let (block_import, mut telemetry, telemetry_worker_handle) = params.other;
	let prometheus_registry = parachain_config.prometheus_registry().cloned();
	let net_config = sc_network::config::FullNetworkConfiguration::<_, _, Net>::new(
		&parachain_config.network,
		prometheus_registry.clone(),
	);
	let metrics = Net::register_notification_metrics(prometheus_registry.as_ref());

	let client = params.client.clone();
	let backend = params.backend.clone();
	let mut task_manager = params.task_manager;
	let para_id = parachain_id(&client, &parachain_config)
		.ok_or_else(|| sc_service::Error::Other("cannot read the parachain id".into()))?;

	let (relay_chain_interface, collator_key, relay_chain_network, _paranode_rx) = build_relay_chain_interface(
		polkadot_config,
		&parachain_config,
		telemetry_worker_handle,
		&mut task_manager,
		collator_options.clone(),
		hwbench.clone(),
	)
	.await
	.map_err(|e| sc_service::Error::Application(Box::new(e) as Box<_>))?;

	let validator = parachain_config.role.is_authority();
	let transaction_pool = params.transaction_pool.clone();
	let import_queue_service = params.import_queue.service();

	let (network, system_rpc_tx, tx_handler_controller, sync_service, _bitswap) = build_network(BuildNetworkParams {
		parachain_config: &parachain_config,
		net_config,
		client: client.clone(),
		transaction_pool: transaction_pool.clone(),
		para_id,
		spawn_handle: task_manager.spawn_handle(),
		spawn_essential_handle: task_manager.spawn_essential_handle(),
		relay_chain_interface: relay_chain_interface.clone(),
		import_queue: params.import_queue,
		metrics,
		gap_sync_body_policy: None,
	})
	.await?;

	spawn_offchain_workers(
		&parachain_config,
		&client,
		&backend,
		&params.keystore_container,
		&transaction_pool,
		network.clone(),
		&task_manager,
	)?;

	let anchors = anchor_index(&client, &backend, &task_manager);
	sc_service::spawn_tasks(sc_service::SpawnTasksParams {
		rpc_builder: rpc_builder(client.clone(), transaction_pool.clone(), anchors),
		client: client.clone(),
		transaction_pool: transaction_pool.clone(),
		task_manager: &mut task_manager,
		config: parachain_config,
		keystore: params.keystore_container.keystore(),
		backend: backend.clone(),
		network: network.clone(),
		sync_service: sync_service.clone(),
		system_rpc_tx,
		tx_handler_controller,
		telemetry: telemetry.as_mut(),
		tracing_execute_block: None,
	})?;

	if let Some(hwbench) = hwbench {
		sc_sysinfo::print_hwbench(&hwbench);
		if let Some(ref mut telemetry) = telemetry {
			let telemetry_handle = telemetry.handle();
			task_manager.spawn_handle().spawn(
				"telemetry_hwbench",
				None,
				sc_sysinfo::initialize_hwbench_telemetry(telemetry_handle, hwbench),
			);
		}
	}

	let announce_block = {
		let sync_service = sync_service.clone();
		Arc::new(move |hash, data| sync_service.announce_block(hash, data))
	};
	let relay_chain_slot_duration = Duration::from_secs(6);
	let overseer_handle = relay_chain_interface
		.overseer_handle()
		.map_err(|e| sc_service::Error::Application(Box::new(e)))?;

	start_relay_chain_tasks(StartRelayChainTasksParams {
		client: client.clone(),
		announce_block: announce_block.clone(),
		para_id,
		relay_chain_interface: relay_chain_interface.clone(),
		task_manager: &mut task_manager,
		da_recovery_profile: if validator { DARecoveryProfile::Collator } else { DARecoveryProfile::FullNode },
		import_queue: import_queue_service,
		relay_chain_slot_duration,
		recovery_handle: Box::new(overseer_handle.clone()),
		sync_service: sync_service.clone(),
		prometheus_registry: prometheus_registry.as_ref(),
	})?;

	if validator {
		let collator_key =
			collator_key.ok_or_else(|| sc_service::Error::Other("a collator needs a collator key".into()))?;
		start_consensus(
			client.clone(),
			backend,
			block_import,
			prometheus_registry.as_ref(),
			telemetry.as_ref().map(|t| t.handle()),
			&task_manager,
			relay_chain_interface,
			transaction_pool,
			params.keystore_container.keystore(),
			relay_chain_slot_duration,
			para_id,
			collator_key,
			relay_chain_network.local_peer_id(),
			overseer_handle,
			announce_block,
		)?;
	}

	Ok(task_manager)
}
