//! Block sealing of a development chain (`--dev`): no relay chain, no peers; blocks are sealed
//! by this node on a timer (`--sealing <ms>`) or as soon as transactions arrive
//! (`--sealing instant`), with mocked relay-chain validation data.
//!
//! Four rules keep clients from losing transactions to the dev chain's own timing:
//!
//! 1. **Seal only what the pool has caught up with.** After a block is imported, the transaction
//!    pool rebuilds its view of the new head (it re-validates what is left); a block proposed
//!    before that view is ready gets only what an older view had, so under load blocks came out
//!    empty or small. The driver waits for the pool's view at the best block before it asks for a
//!    block, so the proposer always sees every ready transaction.
//! 2. **Finalize only what the pool has caught up with.** A client signs a mortal transaction
//!    against the finalized head (polkadot.js does) and submits it at once. The pool validates a
//!    submission in the views it has; if the client's head is newer than any of them, the era's
//!    birth block is unknown there ("ancient birth block") and a freshly funded account has no
//!    funds yet ("inability to pay fees"). So a block is finalized (and becomes visible as
//!    finalized over RPC) only once the pool's view at it is ready.
//! 3. **Instant sealing seals every transaction.** Whenever the pool holds ready transactions a
//!    block is sealed, so those arriving while one is sealed go into the next straight away. (Manual
//!    sealing's own test for an empty block miscounts inherents and threw away a block holding one
//!    lone transaction; the driver always asks for a block and tells empty ones apart itself.)
//! 4. **Nothing stays stranded.** A transaction the pool parked in its future queue although the
//!    best block's state says it is executable is submitted again ([`rescue_stranded`]).
//!
//! The load, sealing and crash tests in `e2e/tests/` (11–13) hold the node to these rules.

use std::{sync::Arc, time::Duration};

use futures::{channel::oneshot, SinkExt};
use polkadot_sdk::*;
use sc_consensus_manual_seal::{rpc::CreatedBlock, EngineCommand};
use sc_transaction_pool_api::TransactionPool as _;
use sp_blockchain::HeaderBackend;

use crate::{
	cli::Sealing,
	service::{
		anchor_index, new_partial, parachain_id, rpc_builder, spawn_offchain_workers, ParachainClient, TransactionPool,
	},
};
use codec::Encode;
use cumulus_client_parachain_inherent::MockValidationDataInherentDataProvider;
use cumulus_primitives_core::{CollectCollationInfo, ParaId};
use healthchain_runtime::opaque::{Block, Hash};
use polkadot_primitives::UpgradeGoAhead;
use sc_service::{Configuration, PartialComponents, TaskManager};
use sp_api::ProvideRuntimeApi;
use sp_runtime::traits::Header as _;
use sp_runtime::traits::UniqueSaturatedInto;

/// When to seal.
#[derive(Clone, Copy, Debug)]
pub enum Trigger {
	/// As soon as the pool has ready transactions.
	Instant,
	/// Every so many milliseconds, empty blocks included; the first block at once.
	Interval(u64),
}

/// How long to wait for the pool's view of a new block before sealing or finalizing anyway (a
/// pool that cannot catch up must not stop the chain).
const POOL_CATCH_UP: Duration = Duration::from_secs(30);

/// How often instant sealing looks for ready transactions. The pool's own arrival notifications
/// are not used: they go through a bounded channel that must be drained while a block is being
/// sealed, and they are not sent for transactions that became ready without arriving (a nonce
/// gap closed, a view rebuilt).
const INSTANT_POLL: Duration = Duration::from_millis(20);

/// Drives manual sealing: returns the command stream for `run_manual_seal` and the future that
/// feeds it (spawn it as an essential task).
pub fn driver(
	trigger: Trigger,
	client: Arc<ParachainClient>,
	pool: Arc<TransactionPool>,
) -> (futures::channel::mpsc::Receiver<EngineCommand<Hash>>, impl std::future::Future<Output = ()> + Send + 'static) {
	let (mut commands, stream) = futures::channel::mpsc::channel(16);
	let task = async move {
		let mut next_tick = futures_timer::Delay::new(Duration::ZERO);
		// Instant sealing: what the pool held ready when sealing last came up empty, so that
		// transactions the proposer cannot include yet are not re-proposed in a busy loop.
		let mut stuck_at: Option<usize> = None;
		// Stranded transactions taken out of the pool, to be submitted again after the next block.
		let mut rescued = Vec::new();
		loop {
			match trigger {
				Trigger::Interval(ms) => {
					(&mut next_tick).await;
					next_tick = futures_timer::Delay::new(Duration::from_millis(ms));
				},
				Trigger::Instant => loop {
					let ready = pool.status().ready;
					if ready > 0 && stuck_at != Some(ready) {
						break;
					}
					futures_timer::Delay::new(INSTANT_POLL).await;
				},
			}
			let best = client.info().best_hash;
			pool_caught_up(&pool, best).await;
			let Some(created) = seal(&mut commands).await else {
				if commands.is_closed() {
					return;
				}
				continue;
			};
			pool_caught_up(&pool, created.hash).await;
			rescued = rescue_stranded(&client, &pool, created.hash, rescued).await;
			finalize(&mut commands, created.hash).await;
			stuck_at = (transactions_in(&client, created.hash) == 0).then(|| pool.status().ready);
		}
	};
	(stream, task)
}

/// Puts back in line the transactions the pool stranded in its future queue.
///
/// The single-state pool re-validates its transactions in the background and applies each result
/// later, blocks after the state it was computed at. A transaction re-validated while its
/// predecessor was still pending comes back requiring the predecessor's tag; if the predecessor
/// was included meanwhile and its tag is no longer remembered as pruned, the transaction waits in
/// the future queue for a tag nobody will provide again, and every later transaction of its
/// sender waits behind it — accepted and never included (seen under load: a few senders of 250
/// stuck for good). After each block, a future transaction that the best block's state says is
/// executable now (it requires nothing) is taken out with its dependents; they are submitted
/// again after the next block (once the pool's maintenance has lifted the ban that taking them
/// out sets), so that the pool validates them afresh. A watcher of such a transaction sees it
/// reported invalid; it is then included like any other. Returns what to submit next time.
async fn rescue_stranded(
	client: &ParachainClient,
	pool: &TransactionPool,
	best: Hash,
	earlier: Vec<healthchain_runtime::opaque::UncheckedExtrinsic>,
) -> Vec<healthchain_runtime::opaque::UncheckedExtrinsic> {
	use sc_transaction_pool_api::{InPoolTransaction, TransactionSource};
	use sp_api::ProvideRuntimeApi;
	use sp_transaction_pool::runtime_api::TaggedTransactionQueue;
	if !earlier.is_empty() {
		let count = earlier.len();
		match pool.submit_at(best, TransactionSource::External, earlier).await {
			Ok(results) => {
				let refused: Vec<_> = results.iter().filter_map(|r| r.as_ref().err()).collect();
				log::info!("re-submitted {count} stranded transaction(s); {} refused", refused.len());
				for e in refused {
					log::warn!("a stranded transaction was refused on re-submission: {e}");
				}
			},
			Err(e) => log::warn!("re-submitting stranded transactions failed: {e}"),
		}
	}
	let stranded: Vec<_> = pool
		.futures()
		.into_iter()
		.filter(|tx| {
			let validity = client.runtime_api().validate_transaction(
				best,
				TransactionSource::External,
				tx.data().as_ref().clone(),
				best,
			);
			matches!(validity, Ok(Ok(v)) if v.requires.is_empty())
		})
		.map(|tx| *tx.hash())
		.collect();
	if stranded.is_empty() {
		return Vec::new();
	}
	let report = stranded.iter().map(|h| (*h, None)).collect();
	let removed = pool.report_invalid(None, report).await;
	log::info!("took {} transaction(s) stranded in the pool's future queue out, to submit again", removed.len());
	removed.iter().map(|tx| tx.data().as_ref().clone()).collect()
}

/// Waits until the pool's view at `at` is ready (or [`POOL_CATCH_UP`] passed).
async fn pool_caught_up(pool: &TransactionPool, at: Hash) {
	let ready = pool.ready_at(at);
	let timeout = futures_timer::Delay::new(POOL_CATCH_UP);
	futures::pin_mut!(ready, timeout);
	if let futures::future::Either::Right(_) = futures::future::select(ready, timeout).await {
		log::warn!("the transaction pool has not caught up with block {at:?}; going on");
	}
}

/// How many transactions (signed or general extrinsics, not inherents) block `hash` holds.
fn transactions_in(client: &ParachainClient, hash: Hash) -> usize {
	use codec::{Decode, Encode};
	use sp_runtime::traits::ExtrinsicLike;
	let Ok(Some(body)) = sc_client_api::BlockBackend::block_body(client, hash) else { return 0 };
	body.iter()
		.filter_map(|x| healthchain_runtime::UncheckedExtrinsic::decode(&mut &x.encode()[..]).ok())
		.filter(|x| !x.is_bare())
		.count()
}

/// Seals a block on the best block. Empty blocks are allowed: manual sealing's own test for an
/// empty block compares the number of extrinsics with the number of inherent *data* items, and
/// so throws away a block holding one transaction when the runtime has one inherent data item
/// more than inherent extrinsics — a lone transaction was never sealed that way.
async fn seal(commands: &mut futures::channel::mpsc::Sender<EngineCommand<Hash>>) -> Option<CreatedBlock<Hash>> {
	let (sender, result) = oneshot::channel();
	let command =
		EngineCommand::SealNewBlock { create_empty: true, finalize: false, parent_hash: None, sender: Some(sender) };
	commands.send(command).await.ok()?;
	match result.await {
		Ok(Ok(created)) => Some(created),
		Ok(Err(e)) => {
			log::warn!("sealing a block failed: {e}");
			None
		},
		Err(_) => None,
	}
}

async fn finalize(commands: &mut futures::channel::mpsc::Sender<EngineCommand<Hash>>, hash: Hash) {
	let (sender, result) = oneshot::channel();
	let command = EngineCommand::FinalizeBlock { hash, sender: Some(sender), justification: None };
	if commands.send(command).await.is_err() {
		return;
	}
	if let Ok(Err(e)) = result.await {
		log::warn!("finalizing block {hash:?} failed: {e}");
	}
}

/// Start a development chain: no relay chain, blocks sealed locally (instantly or on an
/// interval), the parachain inherent fed with mocked relay-chain validation data.
pub fn start_dev_node(
	mut config: Configuration,
	sealing: Sealing,
	wasm_cache: Option<std::path::PathBuf>,
) -> Result<TaskManager, sc_service::Error> {
	let PartialComponents {
		client,
		backend,
		mut task_manager,
		import_queue,
		keystore_container,
		transaction_pool,
		other: (_, mut telemetry, _),
		..
	} = new_partial(&config, true, wasm_cache)?;

	// A dev chain talks to nobody.
	config.network.default_peers_set.in_peers = 0;
	config.network.default_peers_set.out_peers = 0;
	let net_config = sc_network::config::FullNetworkConfiguration::<_, _, sc_network::Litep2pNetworkBackend>::new(
		&config.network,
		None,
	);
	let metrics = sc_network::NotificationMetrics::new(None);

	let (network, system_rpc_tx, tx_handler_controller, sync_service, _bitswap) =
		sc_service::build_network(sc_service::BuildNetworkParams {
			config: &config,
			net_config,
			client: client.clone(),
			transaction_pool: transaction_pool.clone(),
			spawn_handle: task_manager.spawn_handle(),
			spawn_essential_handle: task_manager.spawn_essential_handle(),
			import_queue,
			block_announce_validator_builder: None,
			warp_sync_config: None,
			block_relay: None,
			metrics,
			gap_sync_body_policy: None,
		})?;

	spawn_offchain_workers(
		&config,
		&client,
		&backend,
		&keystore_container,
		&transaction_pool,
		network.clone(),
		&task_manager,
	)?;

	let proposer = sc_basic_authorship::ProposerFactory::new(
		task_manager.spawn_handle(),
		client.clone(),
		transaction_pool.clone(),
		None,
		None,
	);

	let slot_duration = sc_consensus_aura::slot_duration(&*client)
		.map_err(|e| sc_service::Error::Other(format!("reading Aura slot duration: {e}")))?;
	let aura_digest_provider =
		sc_consensus_manual_seal::consensus::aura::AuraConsensusDataProvider::<Block>::new_with_slot_duration(
			slot_duration,
		);
	let para_id = parachain_id(&client, &config)
		.ok_or_else(|| sc_service::Error::Other("cannot read the parachain id".into()))?;
	let create_inherent_data_providers = dev_inherent_data_providers(client.clone(), para_id, slot_duration);

	let anchors = anchor_index(&client, &backend, &task_manager);
	sc_service::spawn_tasks(sc_service::SpawnTasksParams {
		network,
		client: client.clone(),
		keystore: keystore_container.keystore(),
		task_manager: &mut task_manager,
		transaction_pool: transaction_pool.clone(),
		rpc_builder: rpc_builder(client.clone(), transaction_pool.clone(), anchors),
		backend: backend.clone(),
		system_rpc_tx,
		tx_handler_controller,
		sync_service,
		config,
		telemetry: telemetry.as_mut(),
		tracing_execute_block: None,
	})?;

	// Sealing starts once the pool follows block imports (spawned above), so that it learns of
	// the very first block sealed.
	let trigger = match sealing {
		Sealing::Instant => crate::dev_sealing::Trigger::Instant,
		Sealing::Interval(ms) => crate::dev_sealing::Trigger::Interval(ms),
	};
	let (commands, driver) = crate::dev_sealing::driver(trigger, client.clone(), transaction_pool.clone());
	task_manager.spawn_essential_handle().spawn("dev-sealing-driver", None, driver);
	let params = sc_consensus_manual_seal::ManualSealParams {
		block_import: client.clone(),
		env: proposer,
		client: client.clone(),
		pool: transaction_pool.clone(),
		select_chain: sc_consensus::LongestChain::new(backend.clone()),
		commands_stream: Box::pin(commands),
		consensus_data_provider: Some(Box::new(aura_digest_provider)),
		create_inherent_data_providers,
	};
	task_manager.spawn_essential_handle().spawn_blocking(
		"manual-seal",
		None,
		sc_consensus_manual_seal::run_manual_seal(params),
	);

	Ok(task_manager)
}

/// Inherent data for a locally sealed block: a timestamp matching the Aura slot and mocked
/// relay-chain validation data that advances one relay parent per parachain block.
fn dev_inherent_data_providers(
	client: Arc<ParachainClient>,
	para_id: ParaId,
	slot_duration: sp_consensus_aura::SlotDuration,
) -> impl Fn(
	Hash,
	(),
) -> futures::future::Ready<
	Result<
		(sp_timestamp::InherentDataProvider, MockValidationDataInherentDataProvider<()>),
		Box<dyn std::error::Error + Send + Sync>,
	>,
> + Send
       + Sync {
	const RELAY_SLOT_MILLIS: u64 = 6000;
	// Start in the past so that blocks sealed faster than the slot do not run into the future.
	let first_relay_slot = std::time::SystemTime::now()
		.duration_since(std::time::UNIX_EPOCH)
		.map(|d| d.as_millis() as u64)
		.unwrap_or_default()
		.saturating_sub(2 * 60 * 60 * 1000)
		/ RELAY_SLOT_MILLIS;

	move |parent: Hash, ()| {
		let result = (|| {
			let head = client
				.header(parent)?
				.ok_or_else(|| format!("parent block {parent:?} not found"))?;
			let go_ahead = client
				.runtime_api()
				.collect_collation_info(parent, &head)
				.map(|info| info.new_validation_code.is_some())
				.unwrap_or_default();
			let number: u32 = UniqueSaturatedInto::<u32>::unique_saturated_into(*head.number()) + 1;
			let relay_per_para = (slot_duration.as_millis() / RELAY_SLOT_MILLIS).max(1) as u32;
			let relay_slot = first_relay_slot + u64::from(number) * u64::from(relay_per_para);
			let relay_offset = (relay_slot as u32).saturating_sub(relay_per_para * number);
			let validation = MockValidationDataInherentDataProvider::<()> {
				current_para_block: number,
				para_id,
				current_para_block_head: Some(polkadot_primitives::HeadData(head.encode())),
				relay_offset,
				relay_blocks_per_para_block: relay_per_para,
				para_blocks_per_relay_epoch: 10,
				upgrade_go_ahead: go_ahead.then_some(UpgradeGoAhead::GoAhead),
				..Default::default()
			};
			// Timestamps follow the Aura slots of the parachain, one per block.
			let timestamp = sp_timestamp::InherentDataProvider::new((relay_slot * RELAY_SLOT_MILLIS).into());
			Ok::<_, Box<dyn std::error::Error + Send + Sync>>((timestamp, validation))
		})();
		futures::future::ready(result)
	}
}
