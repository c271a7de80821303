//! The gateway's view of the chain, through subxt typed from this runtime's metadata
//! (`metadata/healthchain.scale`, kept equal to the runtime by `tests/metadata.rs`). The codes
//! (purposes, actions, categories, labels, decisions) are the chain's own types from
//! `healthchain-primitives`, so nothing here encodes SCALE by hand.
//!
//! Every question is asked at the **best** block, as the issue of a release cannot wait for
//! finality: a consent revoked in the latest block already counts.

use crate::hashing::Algorithm;
use healthchain_primitives::{
	AccessDecision, ConsentAction, DelegateAction, PurposeOfUse, RecordCategory, SecurityLabel,
};
use std::sync::{
	atomic::{AtomicU64, Ordering},
	Arc,
};
use subxt::{
	client::{ClientAtBlock, OnlineClientAtBlockImpl},
	config::RpcConfigFor,
	rpcs::{methods::LegacyRpcMethods, rpc_params, RpcClient},
	tx::TransactionStatus,
	utils::{AccountId32, MultiAddress, Static},
	OnlineClient, PolkadotConfig,
};

/// The runtime's interface, generated from its metadata.
#[subxt::subxt(
	runtime_metadata_path = "metadata/healthchain.scale",
	substitute_type(
		path = "healthchain_primitives::PurposeOfUse",
		with = "::subxt::utils::Static<::healthchain_primitives::PurposeOfUse>"
	),
	substitute_type(
		path = "healthchain_primitives::ConsentAction",
		with = "::subxt::utils::Static<::healthchain_primitives::ConsentAction>"
	),
	substitute_type(
		path = "healthchain_primitives::RecordCategory",
		with = "::subxt::utils::Static<::healthchain_primitives::RecordCategory>"
	),
	substitute_type(
		path = "healthchain_primitives::SecurityLabel",
		with = "::subxt::utils::Static<::healthchain_primitives::SecurityLabel>"
	),
	substitute_type(
		path = "healthchain_primitives::AccessDecision",
		with = "::subxt::utils::Static<::healthchain_primitives::AccessDecision>"
	),
	substitute_type(
		path = "healthchain_primitives::DelegateAction",
		with = "::subxt::utils::Static<::healthchain_primitives::DelegateAction>"
	),
	substitute_type(
		path = "healthchain_primitives::FhirResourceType",
		with = "::subxt::utils::Static<::healthchain_primitives::FhirResourceType>"
	)
)]
pub mod runtime {}

use runtime::runtime_types::{
	pallet_consent::types::AccessOutcome,
	pallet_record_anchors::types::{AnchorStatus, HashAlgorithm, RecordSubject},
};

type Config = PolkadotConfig;
type AtBlock = ClientAtBlock<Config, OnlineClientAtBlockImpl<Config>>;

/// Whom an anchor is about.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Subject {
	/// A patient's account.
	Patient(AccountId32),
	/// A per-organisation pseudonym.
	Pseudonym([u8; 32]),
}

impl Subject {
	/// How the store and FHIR references name it: the account in SS58, or the pseudonym in hex.
	pub fn key(&self) -> String {
		match self {
			Subject::Patient(a) => a.to_string(),
			Subject::Pseudonym(h) => format!("0x{}", hex::encode(h)),
		}
	}
}

/// What the chain says of one anchor, as far as the gateway needs it.
#[derive(Clone, Debug)]
pub struct Anchor {
	/// Its id.
	pub id: u64,
	/// Who anchored it.
	pub author: AccountId32,
	/// The author's organisation (`None` for a patient's own record).
	pub organization: Option<u32>,
	/// Whom it is about.
	pub subject: Subject,
	/// The content hash.
	pub content_hash: [u8; 32],
	/// How it was computed.
	pub algorithm: Algorithm,
	/// The record's category.
	pub category: RecordCategory,
	/// Its FHIR resource type.
	pub resource_type: healthchain_primitives::FhirResourceType,
	/// Its security labels.
	pub labels: Vec<SecurityLabel>,
	/// Whether it is the current version (not superseded, withdrawn or entered in error).
	pub current: bool,
	/// When the documented observation happened (Unix seconds), if said and after 1970.
	pub clinical_time: Option<u64>,
}

/// A member's place in the consortium.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Member {
	/// The member's organisation.
	pub organization: u32,
}

/// What a requester's signed `Consent::record_access` extrinsic says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AccessRecord {
	/// Who signed it.
	pub signer: AccountId32,
	/// The patient it names.
	pub patient: AccountId32,
	/// The action.
	pub action: ConsentAction,
	/// The purpose.
	pub purpose: PurposeOfUse,
	/// Whether it records a success (a release) or a failure (a refusal).
	pub success: bool,
	/// The anchor it names.
	pub record: Option<u64>,
	/// Whether it names a recipient (only disclosures do).
	pub has_recipient: bool,
}

/// Why the chain could not answer.
#[derive(Debug)]
pub enum ChainError {
	/// The node is unreachable or answered with an error.
	Rpc(String),
	/// The extrinsic a client sent is not one (or not the one the gateway needs).
	BadExtrinsic(String),
	/// The transaction pool refused an extrinsic.
	Refused(String),
}

impl core::fmt::Display for ChainError {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		match self {
			ChainError::Rpc(e) => write!(f, "the chain cannot be asked: {e}"),
			ChainError::BadExtrinsic(e) => write!(f, "the access-record extrinsic is unusable: {e}"),
			ChainError::Refused(e) => write!(f, "the chain's transaction pool refused the access record: {e}"),
		}
	}
}

impl std::error::Error for ChainError {}

fn rpc(e: impl core::fmt::Display) -> ChainError {
	ChainError::Rpc(e.to_string())
}

/// A connection to a Healthchain node.
#[derive(Clone)]
pub struct Chain {
	api: OnlineClient<Config>,
	legacy: LegacyRpcMethods<RpcConfigFor<Config>>,
	raw: RpcClient,
	alarms: Arc<AtomicU64>,
}

impl Chain {
	/// Connects to the node at `url` (`ws://…`).
	pub async fn connect(url: &str) -> Result<Chain, ChainError> {
		let raw = RpcClient::from_insecure_url(url).await.map_err(rpc)?;
		let api = OnlineClient::<Config>::from_rpc_client(raw.clone()).await.map_err(rpc)?;
		Ok(Chain { legacy: LegacyRpcMethods::new(raw.clone()), api, raw, alarms: Arc::new(AtomicU64::new(0)) })
	}

	/// The chain at its best block: one request's questions are all asked there.
	pub async fn view(&self) -> Result<View, ChainError> {
		let hash = self.legacy.chain_get_block_hash(None).await.map_err(rpc)?;
		let hash = hash.ok_or_else(|| ChainError::Rpc("the node has no best block".into()))?;
		let at = self.api.at_block(hash).await.map_err(rpc)?;
		Ok(View { at, raw: self.raw.clone(), alarms: self.alarms.clone() })
	}

	/// Whether the node answers, and its best block number.
	pub async fn best_number(&self) -> Result<u64, ChainError> {
		Ok(self.view().await?.at.block_number())
	}

	/// How many access records were accepted by the pool but then failed to be included.
	pub fn alarms(&self) -> u64 {
		self.alarms.load(Ordering::Relaxed)
	}
}

/// The chain at one (best) block ([`Chain::view`]).
pub struct View {
	at: AtBlock,
	raw: RpcClient,
	alarms: Arc<AtomicU64>,
}

impl View {
	/// Anchor `id`, if it exists.
	pub async fn anchor(&self, id: u64) -> Result<Option<Anchor>, ChainError> {
		let call = runtime::runtime_apis().anchors_api().anchor(id);
		let info = self.at.runtime_apis().call(call).await.map_err(rpc)?;
		Ok(info.map(|a| Anchor {
			id: a.id,
			author: a.author,
			organization: a.organization,
			subject: match a.subject {
				RecordSubject::Patient(p) => Subject::Patient(p),
				RecordSubject::Pseudonym(h) => Subject::Pseudonym(h.0),
			},
			content_hash: a.content_hash.0,
			algorithm: match a.hash_algorithm {
				HashAlgorithm::Blake2b256 => Algorithm::Blake2b256,
				HashAlgorithm::Sha256 => Algorithm::Sha256,
				HashAlgorithm::Keccak256 => Algorithm::Keccak256,
			},
			category: a.category.0,
			resource_type: a.resource_type.0,
			labels: a.labels.into_iter().map(|l| l.0).collect(),
			current: matches!(a.status, AnchorStatus::Current),
			clinical_time: a.clinical_time.and_then(|t| u64::try_from(t).ok()),
		}))
	}

	/// The ids of the anchors of `content_hash` (the node's anchor index).
	pub async fn anchors_by_hash(&self, content_hash: &[u8; 32]) -> Result<Vec<u64>, ChainError> {
		let hash = format!("0x{}", hex::encode(content_hash));
		let found: Vec<serde_json::Value> =
			self.raw.request("health_anchorsByHash", rpc_params![hash]).await.map_err(rpc)?;
		Ok(found.iter().filter_map(|a| a.get("id")?.as_u64()).collect())
	}

	/// The decision for `requester` taking `action` on anchor `id` for `purpose`, now (`None`:
	/// no such anchor).
	pub async fn anchor_access(
		&self,
		requester: &AccountId32,
		id: u64,
		action: ConsentAction,
		purpose: PurposeOfUse,
	) -> Result<Option<AccessDecision>, ChainError> {
		let call = runtime::runtime_apis()
			.anchors_api()
			.anchor_access(*requester, id, Static(action), Static(purpose));
		let decision = self.at.runtime_apis().call(call).await.map_err(rpc)?;
		Ok(decision.map(|d| d.0))
	}

	/// `who`'s membership of an active organisation.
	pub async fn membership(&self, who: &AccountId32) -> Result<Option<Member>, ChainError> {
		let call = runtime::runtime_apis().compliance_api().membership(*who);
		let m = self.at.runtime_apis().call(call).await.map_err(rpc)?;
		Ok(m.map(|m| Member { organization: m.organization }))
	}

	/// Whether `agent` may take `action` for `patient` (the patient themself, or a delegate with
	/// that scope).
	pub async fn may_act_for(
		&self,
		agent: &AccountId32,
		patient: &AccountId32,
		action: DelegateAction,
	) -> Result<bool, ChainError> {
		if agent == patient {
			return Ok(true);
		}
		let call = runtime::runtime_apis()
			.patient_identity_api()
			.may_act_for(*agent, *patient, Static(action));
		self.at.runtime_apis().call(call).await.map_err(rpc)
	}

	/// The patient account behind an anchor's subject (a pseudonym resolves through the patient's
	/// published pseudonyms; `None` when it resolves to nobody).
	pub async fn patient_of(&self, subject: &Subject) -> Result<Option<AccountId32>, ChainError> {
		match subject {
			Subject::Patient(p) => Ok(Some(*p)),
			Subject::Pseudonym(h) => {
				let call = runtime::runtime_apis()
					.patient_identity_api()
					.resolve_pseudonym(subxt::utils::H256(*h));
				self.at.runtime_apis().call(call).await.map_err(rpc)
			},
		}
	}

	/// Reads a client's signed extrinsic: it must be `Consent::record_access`, signed.
	pub async fn read_access_record(&self, bytes: &[u8]) -> Result<AccessRecord, ChainError> {
		let at = &self.at;
		let all = at.extrinsics().from_bytes(vec![bytes.to_vec()]).await;
		let xt = all
			.iter()
			.next()
			.ok_or_else(|| ChainError::BadExtrinsic("empty".into()))?
			.map_err(|e| ChainError::BadExtrinsic(e.to_string()))?;
		let call = xt
			.decode_call_data_fields_as::<runtime::consent::calls::RecordAccess>()
			.ok_or_else(|| {
				ChainError::BadExtrinsic(format!(
					"it calls {}::{}, not Consent::record_access",
					xt.pallet_name(),
					xt.call_name()
				))
			})?
			.map_err(|e| ChainError::BadExtrinsic(e.to_string()))?;
		let address = xt
			.address_bytes()
			.ok_or_else(|| ChainError::BadExtrinsic("it is not signed".into()))?;
		let signer = match <MultiAddress<AccountId32, ()> as subxt::ext::codec::Decode>::decode(&mut &address[..]) {
			Ok(MultiAddress::Id(a)) => a,
			_ => return Err(ChainError::BadExtrinsic("its signer is not an account id".into())),
		};
		Ok(AccessRecord {
			signer,
			patient: call.patient,
			action: call.action.0,
			purpose: call.purpose.0,
			success: matches!(call.outcome, AccessOutcome::Success),
			record: call.record,
			has_recipient: call.recipient.is_some(),
		})
	}

	/// Submits a signed extrinsic and returns once the transaction pool has accepted it (or
	/// refused it). Its inclusion is followed in the background: if it then fails, the gateway
	/// logs an alarm and counts it ([`Chain::alarms`], shown by `/healthz`).
	pub async fn submit(&self, bytes: Vec<u8>, what: String) -> Result<String, ChainError> {
		let at = &self.at;
		let tx = at.transactions().from_bytes(bytes);
		let hash = format!("{:?}", tx.hash());
		let mut progress = tx.submit_and_watch().await.map_err(|e| ChainError::Refused(e.to_string()))?;
		match progress.next().await {
			Some(Ok(
				TransactionStatus::Validated
				| TransactionStatus::Broadcasted
				| TransactionStatus::InBestBlock(_)
				| TransactionStatus::InFinalizedBlock(_)
				| TransactionStatus::NoLongerInBestBlock,
			)) => {},
			Some(Ok(TransactionStatus::Invalid { message }))
			| Some(Ok(TransactionStatus::Dropped { message }))
			| Some(Ok(TransactionStatus::Error { message })) => return Err(ChainError::Refused(message)),
			Some(Err(e)) => return Err(ChainError::Refused(e.to_string())),
			None => return Err(ChainError::Refused("the node closed the transaction's status stream".into())),
		}
		let alarms = self.alarms.clone();
		let tx_hash = hash.clone();
		tokio::spawn(async move {
			let failure = loop {
				match progress.next().await {
					Some(Ok(TransactionStatus::InBestBlock(b) | TransactionStatus::InFinalizedBlock(b))) => {
						match b.wait_for_success().await {
							Ok(_) => break None,
							Err(e) => break Some(format!("failed in its block: {e}")),
						}
					},
					Some(Ok(TransactionStatus::Invalid { message }))
					| Some(Ok(TransactionStatus::Dropped { message }))
					| Some(Ok(TransactionStatus::Error { message })) => break Some(message),
					Some(Ok(_)) => continue,
					Some(Err(e)) => break Some(e.to_string()),
					None => break Some("the node stopped reporting on it".into()),
				}
			};
			if let Some(why) = failure {
				alarms.fetch_add(1, Ordering::Relaxed);
				eprintln!("ALARM: access record {tx_hash} ({what}) was released against but not included: {why}");
			}
		});
		Ok(hash)
	}
}
