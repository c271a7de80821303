//! The node's JSON-RPC: Substrate's standard methods plus the modules merged here.
//! Custom `health_*` methods are merged into the same module.

use std::sync::Arc;

use healthchain_runtime::{opaque::Block, AccountId, Balance, Nonce};
use jsonrpsee::RpcModule;
use polkadot_sdk::*;
use sc_transaction_pool_api::TransactionPool;
use sp_api::ProvideRuntimeApi;
use sp_block_builder::BlockBuilder;
use sp_blockchain::{Error as BlockChainError, HeaderBackend, HeaderMetadata};

/// What the RPC handlers need.
pub struct FullDeps<C, P> {
	/// The client.
	pub client: Arc<C>,
	/// The transaction pool.
	pub pool: Arc<P>,
	/// The node's anchor index, if the node keeps an offchain database.
	pub anchors: Option<Arc<dyn crate::anchor_index::AnchorLists>>,
}

/// The RPC module with every method of the node.
pub fn create_full<C, P>(deps: FullDeps<C, P>) -> Result<RpcModule<()>, Box<dyn std::error::Error + Send + Sync>>
where
	C: ProvideRuntimeApi<Block>
		+ HeaderBackend<Block>
		+ HeaderMetadata<Block, Error = BlockChainError>
		+ Send
		+ Sync
		+ 'static,
	C::Api: pallet_transaction_payment_rpc::TransactionPaymentRuntimeApi<Block, Balance>
		+ substrate_frame_rpc_system::AccountNonceApi<Block, AccountId, Nonce>
		+ BlockBuilder<Block>
		+ healthchain_runtime_api::PatientIdentityApi<Block, AccountId>
		+ healthchain_runtime_api::ComplianceApi<Block, AccountId>
		+ healthchain_runtime_api::ConsentApi<Block, AccountId, healthchain_runtime::BlockNumber>
		+ healthchain_runtime_api::AnchorsApi<Block, AccountId>,
	P: TransactionPool + Sync + Send + 'static,
{
	use pallet_transaction_payment_rpc::{TransactionPayment, TransactionPaymentApiServer};
	use substrate_frame_rpc_system::{System, SystemApiServer};

	let mut module = RpcModule::new(());
	let FullDeps { client, pool, anchors } = deps;

	module.merge(System::new(client.clone(), pool).into_rpc())?;
	module.merge(TransactionPayment::new(client.clone()).into_rpc())?;
	{
		use crate::health_rpc::{Health, HealthApiServer};
		module.merge(Health::new(client, anchors).into_rpc())?;
	}
	Ok(module)
}
