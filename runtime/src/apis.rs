//! Runtime API implementations: what the node, polkadot.js and auditors call.

use super::*;
use alloc::vec::Vec;
use frame_support::{
	genesis_builder_helper::{build_state, get_preset},
	weights::Weight,
};
use polkadot_sdk::sp_runtime::{
	traits::Block as BlockT,
	transaction_validity::{TransactionSource, TransactionValidity},
	ApplyExtrinsicResult,
};
use sp_core::{crypto::KeyTypeId, OpaqueMetadata};
use sp_version::RuntimeVersion;

sp_api::impl_runtime_apis! {
	impl sp_consensus_aura::AuraApi<Block, AuraId> for Runtime {
		fn slot_duration() -> sp_consensus_aura::SlotDuration {
			sp_consensus_aura::SlotDuration::from_millis(SLOT_DURATION)
		}

		fn authorities() -> Vec<AuraId> {
			pallet_aura::Authorities::<Runtime>::get().into_inner()
		}
	}

	impl cumulus_primitives_aura::AuraUnincludedSegmentApi<Block> for Runtime {
		fn can_build_upon(
			included_hash: <Block as BlockT>::Hash,
			slot: cumulus_primitives_aura::Slot,
		) -> bool {
			configs::ConsensusHook::can_build_upon(included_hash, slot)
		}
	}

	impl sp_api::Core<Block> for Runtime {
		fn version() -> RuntimeVersion {
			VERSION
		}

		fn execute_block(block: <Block as BlockT>::LazyBlock) {
			Executive::execute_block(block)
		}

		fn initialize_block(header: &<Block as BlockT>::Header) -> sp_runtime::ExtrinsicInclusionMode {
			Executive::initialize_block(header)
		}
	}

	impl sp_api::Metadata<Block> for Runtime {
		fn metadata() -> OpaqueMetadata {
			OpaqueMetadata::new(Runtime::metadata().into())
		}

		fn metadata_at_version(version: u32) -> Option<OpaqueMetadata> {
			Runtime::metadata_at_version(version)
		}

		fn metadata_versions() -> Vec<u32> {
			Runtime::metadata_versions()
		}
	}

	impl frame_support::view_functions::runtime_api::RuntimeViewFunction<Block> for Runtime {
		fn execute_view_function(
			id: frame_support::view_functions::ViewFunctionId,
			input: Vec<u8>,
		) -> Result<Vec<u8>, frame_support::view_functions::ViewFunctionDispatchError> {
			Runtime::execute_view_function(id, input)
		}
	}

	impl sp_block_builder::BlockBuilder<Block> for Runtime {
		fn apply_extrinsic(extrinsic: <Block as BlockT>::Extrinsic) -> ApplyExtrinsicResult {
			Executive::apply_extrinsic(extrinsic)
		}

		fn finalize_block() -> <Block as BlockT>::Header {
			Executive::finalize_block()
		}

		fn inherent_extrinsics(data: sp_inherents::InherentData) -> Vec<<Block as BlockT>::Extrinsic> {
			data.create_extrinsics()
		}

		fn check_inherents(
			block: <Block as BlockT>::LazyBlock,
			data: sp_inherents::InherentData,
		) -> sp_inherents::CheckInherentsResult {
			data.check_extrinsics(&block)
		}
	}

	impl sp_transaction_pool::runtime_api::TaggedTransactionQueue<Block> for Runtime {
		fn validate_transaction(
			source: TransactionSource,
			tx: <Block as BlockT>::Extrinsic,
			block_hash: <Block as BlockT>::Hash,
		) -> TransactionValidity {
			Executive::validate_transaction(source, tx, block_hash)
		}
	}

	impl sp_offchain::OffchainWorkerApi<Block> for Runtime {
		fn offchain_worker(header: &<Block as BlockT>::Header) {
			Executive::offchain_worker(header)
		}
	}

	impl sp_session::SessionKeys<Block> for Runtime {
		fn generate_session_keys(owner: Vec<u8>, seed: Option<Vec<u8>>) -> sp_session::OpaqueGeneratedSessionKeys {
			SessionKeys::generate(&owner, seed).into()
		}

		fn decode_session_keys(
			encoded: Vec<u8>,
		) -> Option<Vec<(Vec<u8>, KeyTypeId)>> {
			SessionKeys::decode_into_raw_public_keys(&encoded)
		}
	}

	impl frame_system_rpc_runtime_api::AccountNonceApi<Block, AccountId, Nonce> for Runtime {
		fn account_nonce(account: AccountId) -> Nonce {
			System::account_nonce(account)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentApi<Block, Balance> for Runtime {
		fn query_info(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment_rpc_runtime_api::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_info(uxt, len)
		}
		fn query_fee_details(
			uxt: <Block as BlockT>::Extrinsic,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_fee_details(uxt, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl pallet_transaction_payment_rpc_runtime_api::TransactionPaymentCallApi<Block, Balance, RuntimeCall>
		for Runtime
	{
		fn query_call_info(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::RuntimeDispatchInfo<Balance> {
			TransactionPayment::query_call_info(call, len)
		}
		fn query_call_fee_details(
			call: RuntimeCall,
			len: u32,
		) -> pallet_transaction_payment::FeeDetails<Balance> {
			TransactionPayment::query_call_fee_details(call, len)
		}
		fn query_weight_to_fee(weight: Weight) -> Balance {
			TransactionPayment::weight_to_fee(weight)
		}
		fn query_length_to_fee(length: u32) -> Balance {
			TransactionPayment::length_to_fee(length)
		}
	}

	impl cumulus_primitives_core::CollectCollationInfo<Block> for Runtime {
		fn collect_collation_info(header: &<Block as BlockT>::Header) -> cumulus_primitives_core::CollationInfo {
			ParachainSystem::collect_collation_info(header)
		}
	}

	impl cumulus_primitives_core::GetParachainInfo<Block> for Runtime {
		fn parachain_id() -> cumulus_primitives_core::ParaId {
			ParachainInfo::parachain_id()
		}
	}

	impl cumulus_primitives_core::KeyToIncludeInRelayProof<Block> for Runtime {
		fn keys_to_prove() -> cumulus_primitives_core::RelayProofRequest {
			// Healthchain reads no relay-chain storage beyond what the parachain system needs.
			Default::default()
		}
	}

	impl cumulus_primitives_core::RelayParentOffsetApi<Block> for Runtime {
		fn relay_parent_offset() -> u32 {
			0
		}

		fn max_claim_queue_offset() -> u8 {
			// No relay-parent offset and no V3 scheduling: the V1/V2 collator default.
			0
		}
	}

	impl healthchain_runtime_api::PatientIdentityApi<Block, AccountId> for Runtime {
		fn commitment_of(who: AccountId) -> Option<sp_core::H256> {
			<PatientIdentity as pallet_patient_identity::PatientRegistry<_, _>>::commitment_of(&who)
		}
		fn resolve_pseudonym(pseudonym: sp_core::H256) -> Option<AccountId> {
			<PatientIdentity as pallet_patient_identity::PatientRegistry<_, _>>::resolve_pseudonym(&pseudonym)
		}
		fn may_act_for(agent: AccountId, patient: AccountId, action: healthchain_primitives::DelegateAction) -> bool {
			<PatientIdentity as pallet_patient_identity::PatientRegistry<_, _>>::may_act_for(
				&agent, &patient, action, System::block_number(),
			)
		}
	}

	impl healthchain_runtime_api::ComplianceApi<Block, AccountId> for Runtime {
		fn membership(who: AccountId) -> Option<healthchain_primitives::Membership> {
			<Organizations as healthchain_primitives::OrganizationDirectory<_>>::membership(&who)
		}
		fn is_compliant(
			org: healthchain_primitives::OrganizationId,
			category: healthchain_primitives::RecordCategory,
		) -> Result<(), healthchain_primitives::ComplianceRefusal> {
			<Compliance as healthchain_primitives::ComplianceCheck<_>>::is_compliant(org, category, System::block_number())
		}
	}

	impl healthchain_runtime_api::ConsentApi<Block, AccountId, BlockNumber> for Runtime {
		fn research_consent(patient: AccountId) -> Option<healthchain_runtime_api::ResearchOptIn<BlockNumber>> {
			Consent::research_consent(&patient).map(|rc| healthchain_runtime_api::ResearchOptIn {
				categories: rc.categories.into_inner(),
				studies: rc.studies.into_inner(),
				since: rc.since,
			})
		}
		fn check_access(query: healthchain_primitives::AccessQuery<AccountId>) -> healthchain_primitives::AccessDecision {
			Consent::check_access(&query, System::block_number())
		}
		fn consents(patient: AccountId) -> Vec<healthchain_runtime_api::ConsentView<AccountId, BlockNumber>> {
			use codec::{Decode, Encode};
			// The view's lists are bounded more loosely than storage's; the encoding is the same.
			fn widen<A: Encode, B: Decode>(a: &A) -> Option<B> {
				B::decode(&mut &a.encode()[..]).ok()
			}
			Consent::consents(&patient)
				.into_iter()
				.filter_map(|(id, c)| {
					Some(healthchain_runtime_api::ConsentView {
						id,
						patient: c.patient,
						granted_by: c.granted_by,
						grantee: c.grantee,
						provision: widen(&c.provision)?,
						exceptions: widen(&c.exceptions)?,
						emergency: c.emergency,
						policy: c.policy,
						validity: c.validity,
						recorded_at: c.recorded_at,
						source: c.source,
					})
				})
				.collect()
		}
		fn clock() -> healthchain_runtime_api::ChainClock<BlockNumber> {
			healthchain_runtime_api::ChainClock {
				block: System::block_number(),
				timestamp_ms: pallet_timestamp::Now::<Runtime>::get(),
				block_ms: MILLISECS_PER_BLOCK,
			}
		}
		fn access_log(patient: AccountId) -> Vec<pallet_consent::AccessLogEntry<AccountId, BlockNumber>> {
			Consent::access_log(&patient)
		}
		fn break_glass_episodes(patient: AccountId) -> Vec<healthchain_runtime_api::EpisodeInfo<AccountId, BlockNumber>> {
			Consent::break_glass_episodes(&patient)
				.into_iter()
				.map(|(id, e)| healthchain_runtime_api::EpisodeInfo {
					id,
					requester: e.requester,
					organization: e.organization,
					purpose: e.purpose,
					reason: e.reason,
					opened_at: e.opened_at,
					expires_at: e.expires_at,
					reviewed: e.review != pallet_consent::Review::Pending,
					overdue: e.overdue,
				})
				.collect()
		}
		fn overdue_break_glass(
			org: healthchain_primitives::OrganizationId,
		) -> Vec<healthchain_runtime_api::OverdueEpisode<AccountId, BlockNumber>> {
			Consent::overdue_break_glass(org, System::block_number())
				.into_iter()
				.map(|(id, e)| healthchain_runtime_api::OverdueEpisode {
					id,
					requester: e.requester,
					patient: e.patient,
					review_deadline: e.review_deadline,
				})
				.collect()
		}
	}

	impl healthchain_runtime_api::AnchorsApi<Block, AccountId> for Runtime {
		fn anchor(id: u64) -> Option<healthchain_runtime_api::AnchorInfo<AccountId>> {
			RecordAnchors::anchor(id).map(|(a, latest)| healthchain_runtime_api::AnchorInfo {
				id,
				original: a.record(id),
				latest,
				author: a.author,
				organization: a.organization,
				subject: a.subject,
				content_hash: a.content_hash,
				hash_algorithm: a.hash_algorithm,
				category: a.category,
				resource_type: a.resource_type,
				labels: a.labels.into_inner(),
				status: a.status,
				clinical_time: a.clinical_time,
			})
		}
		fn verify_record(id: u64, content_hash: sp_core::H256) -> bool {
			RecordAnchors::verify_record(id, content_hash)
		}
		fn verify_batch_inclusion(batch: u64, proof: healthchain_runtime_api::BatchProofInfo<AccountId>) -> bool {
			let Ok(labels) = proof.labels.try_into() else { return false };
			let proof = pallet_record_anchors::BatchProof {
				group: pallet_record_anchors::BatchGroup {
					subject: proof.subject,
					category: proof.category,
					labels,
					count: proof.count,
					records_root: proof.records_root,
				},
				group_index: proof.group_index,
				group_path: proof.group_path,
				content_hash: proof.content_hash,
				index: proof.index,
				path: proof.path,
			};
			RecordAnchors::verify_batch_inclusion(batch, &proof)
		}
		fn verify_legacy_batch_inclusion(batch: u64, content_hash: sp_core::H256, index: u32, proof: Vec<sp_core::H256>) -> bool {
			RecordAnchors::verify_legacy_batch_inclusion(batch, content_hash, index, &proof)
		}
		fn anchor_access(
			requester: AccountId,
			id: u64,
			action: healthchain_primitives::ConsentAction,
			purpose: healthchain_primitives::PurposeOfUse,
		) -> Option<healthchain_primitives::AccessDecision> {
			RecordAnchors::anchor_access(&requester, id, action, purpose)
		}
	}

	impl sp_genesis_builder::GenesisBuilder<Block> for Runtime {
		fn build_state(config: Vec<u8>) -> sp_genesis_builder::Result {
			build_state::<RuntimeGenesisConfig>(config)
		}

		fn get_preset(id: &Option<sp_genesis_builder::PresetId>) -> Option<Vec<u8>> {
			get_preset::<RuntimeGenesisConfig>(id, crate::genesis_config_presets::get_preset)
		}

		fn preset_names() -> Vec<sp_genesis_builder::PresetId> {
			crate::genesis_config_presets::preset_names()
		}
	}

	#[cfg(feature = "try-runtime")]
	impl frame_try_runtime::TryRuntime<Block> for Runtime {
		fn on_runtime_upgrade(checks: frame_try_runtime::UpgradeCheckSelect) -> (Weight, Weight) {
			let weight = Executive::try_runtime_upgrade(checks)
				.expect("try-runtime: runtime upgrade checks failed");
			(weight, RuntimeBlockWeights::get().max_block)
		}

		fn execute_block(
			block: <Block as BlockT>::LazyBlock,
			state_root_check: bool,
			signature_check: bool,
			select: frame_try_runtime::TryStateSelect,
		) -> Weight {
			Executive::try_execute_block(block, state_root_check, signature_check, select)
				.expect("try-runtime: execute_block failed")
		}
	}

	#[cfg(feature = "runtime-benchmarks")]
	impl frame_benchmarking::Benchmark<Block> for Runtime {
		fn benchmark_metadata(extra: bool) -> (
			Vec<frame_benchmarking::BenchmarkList>,
			Vec<frame_support::traits::StorageInfo>,
		) {
			use frame_benchmarking::BenchmarkList;
			use frame_support::traits::StorageInfoTrait;
			use frame_system_benchmarking::Pallet as SystemBench;

			let mut list = Vec::<BenchmarkList>::new();
			list_benchmarks!(list, extra);

			let storage_info = AllPalletsWithSystem::storage_info();
			(list, storage_info)
		}

		#[allow(non_local_definitions)]
		fn dispatch_benchmark(
			config: frame_benchmarking::BenchmarkConfig,
		) -> Result<Vec<frame_benchmarking::BenchmarkBatch>, alloc::string::String> {
			use frame_benchmarking::{BenchmarkBatch, BenchmarkError};
			use frame_support::traits::WhitelistedStorageKeys;
			use frame_system_benchmarking::Pallet as SystemBench;

			impl frame_system_benchmarking::Config for Runtime {
				fn setup_set_code_requirements(code: &Vec<u8>) -> Result<(), BenchmarkError> {
					ParachainSystem::initialize_for_set_code_benchmark(code.len() as u32);
					Ok(())
				}

				fn verify_set_code() {
					System::assert_last_event(
						cumulus_pallet_parachain_system::Event::<Runtime>::ValidationFunctionStored.into(),
					);
				}
			}

			let whitelist = AllPalletsWithSystem::whitelisted_storage_keys();
			let mut batches = Vec::<BenchmarkBatch>::new();
			let params = (&config, &whitelist);
			add_benchmarks!(params, batches);

			Ok(batches)
		}
	}
}
