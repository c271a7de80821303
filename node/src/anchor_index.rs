//! The node's anchor index: anchors by content hash, by subject (patient or pseudonym) and by
//! organisation, and the block each anchor was made in.
//!
//! The runtime keeps one storage item per anchor and nothing else about it (every index entry
//! in state would cost each anchor another write and ~70 bytes, forever). This index is derived
//! by the node from the chain's own state, so it needs no trust beyond the node itself: after
//! each finalized block it reads `RecordAnchors::NextAnchorId` and the anchors issued since the
//! last block it indexed, and appends their ids to the lists they belong to, in the node's
//! offchain (local) database. Only finalized blocks are indexed, so the lists never hold an
//! anchor of an abandoned fork; a query at a later block adds the anchors issued between the last
//! indexed block and that block by reading them from its state.
//!
//! Lists are append-only and in id order; appending the id a list already ends with is a no-op,
//! so indexing a block again after a crash (the cursor is saved after the lists) changes nothing.

use std::sync::{Arc, Mutex};

use codec::{Decode, Encode};
use healthchain_runtime::{opaque::Block, AccountId, Runtime};
use pallet_record_anchors::{AnchorId, AnchorOf, RecordSubject};
use polkadot_sdk::{
	sc_client_api::{BlockchainEvents, StorageProvider},
	sp_blockchain::HeaderBackend,
	sp_core::{
		offchain::{OffchainStorage, STORAGE_PREFIX},
		storage::StorageKey,
		H256,
	},
};

/// The anchors the index serves, and where its lists live.
const KEY_PREFIX: &[u8] = b"healthchain/anchor-index/";
/// At most this many anchors issued after the last indexed block are read from state to answer
/// one query (the index is then catching up; the query says so).
const MAX_LIVE_SCAN: u64 = 100_000;

/// The state the index reads: storage at a block, and the finalized chain.
pub trait ChainState: Send + Sync {
	/// The raw value under `key` at block `at`; `Err` when that state is not available
	/// (pruned or unknown).
	fn storage(&self, at: H256, key: &[u8]) -> Result<Option<Vec<u8>>, String>;
	/// The finalized block's number and hash.
	fn finalized(&self) -> (u32, H256);
	/// The hash of block `number` on the finalized chain.
	fn hash_of(&self, number: u32) -> Option<H256>;
}

impl<C, B> ChainState for (Arc<C>, std::marker::PhantomData<B>)
where
	C: StorageProvider<Block, B> + HeaderBackend<Block> + Send + Sync,
	B: polkadot_sdk::sc_client_api::Backend<Block> + Send + Sync,
{
	fn storage(&self, at: H256, key: &[u8]) -> Result<Option<Vec<u8>>, String> {
		self.0
			.storage(at, &StorageKey(key.to_vec()))
			.map(|v| v.map(|d| d.0))
			.map_err(|e| e.to_string())
	}

	fn finalized(&self) -> (u32, H256) {
		let info = self.0.info();
		(info.finalized_number, info.finalized_hash)
	}

	fn hash_of(&self, number: u32) -> Option<H256> {
		self.0.hash(number).ok().flatten()
	}
}

/// A list the index keeps.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum List {
	/// The anchors of a content hash.
	Hash(H256),
	/// The anchors about a subject (a patient account or a pseudonym).
	Subject(RecordSubject<AccountId>),
	/// The anchors of an organisation.
	Organization(u32),
}

impl List {
	fn base(&self) -> Vec<u8> {
		let mut k = KEY_PREFIX.to_vec();
		match self {
			List::Hash(h) => {
				k.push(b'h');
				k.extend(h.as_bytes());
			},
			List::Subject(s) => {
				k.push(b's');
				k.extend(s.encode());
			},
			List::Organization(o) => {
				k.push(b'o');
				k.extend(o.to_le_bytes());
			},
		}
		k
	}

	fn count_key(&self) -> Vec<u8> {
		let mut k = self.base();
		k.push(b'#');
		k
	}

	fn entry_key(&self, position: u32) -> Vec<u8> {
		let mut k = self.base();
		k.extend(position.to_be_bytes());
		k
	}

	/// Whether `anchor` belongs to this list.
	fn holds(&self, anchor: &AnchorOf<Runtime>) -> bool {
		match self {
			List::Hash(h) => anchor.content_hash == *h,
			List::Subject(s) => anchor.subject == *s,
			List::Organization(o) => anchor.organization == Some(*o),
		}
	}
}

fn cursor_key() -> Vec<u8> {
	[KEY_PREFIX, b"cursor"].concat()
}

fn block_key(id: AnchorId) -> Vec<u8> {
	[KEY_PREFIX, b"b", &id.to_le_bytes()].concat()
}

/// A page of anchor ids: the ids, where the next page starts, how many there are.
#[derive(Debug, PartialEq, Eq)]
pub struct IdPage {
	/// The ids on this page, oldest first.
	pub items: Vec<AnchorId>,
	/// Position of the next page, if any.
	pub next: Option<u32>,
	/// How many anchors the list holds at the block asked about.
	pub total: u32,
}

/// The index: its state reader and its database.
pub struct AnchorIndex<S> {
	state: Arc<dyn ChainState>,
	db: Mutex<S>,
}

impl<S: OffchainStorage> AnchorIndex<S> {
	/// An index over `state`, kept in `db`.
	pub fn new(state: Arc<dyn ChainState>, db: S) -> Self {
		Self { state, db: Mutex::new(db) }
	}

	fn next_anchor_id(&self, at: H256) -> Result<AnchorId, String> {
		let key = pallet_record_anchors::NextAnchorId::<Runtime>::hashed_key();
		match self.state.storage(at, &key)? {
			None => Ok(0),
			Some(raw) => AnchorId::decode(&mut &raw[..]).map_err(|e| e.to_string()),
		}
	}

	fn anchor(&self, at: H256, id: AnchorId) -> Result<Option<AnchorOf<Runtime>>, String> {
		let key = pallet_record_anchors::Anchors::<Runtime>::hashed_key_for(id);
		match self.state.storage(at, &key)? {
			None => Ok(None),
			Some(raw) => AnchorOf::<Runtime>::decode(&mut &raw[..]).map(Some).map_err(|e| e.to_string()),
		}
	}

	fn get<T: Decode>(db: &S, key: &[u8]) -> Option<T> {
		db.get(STORAGE_PREFIX, key).and_then(|raw| T::decode(&mut &raw[..]).ok())
	}

	/// The next id not yet indexed and the last block indexed.
	fn cursor(db: &S) -> (AnchorId, u32) {
		Self::get(db, &cursor_key()).unwrap_or((0, 0))
	}

	fn count(db: &S, list: &List) -> u32 {
		Self::get(db, &list.count_key()).unwrap_or(0)
	}

	fn entry(db: &S, list: &List, position: u32) -> Option<AnchorId> {
		Self::get(db, &list.entry_key(position))
	}

	fn append(db: &mut S, list: &List, id: AnchorId) {
		let n = Self::count(db, list);
		if n.checked_sub(1).and_then(|last| Self::entry(db, list, last)) == Some(id) {
			return;
		}
		// The entry first, then the count: a reader never sees a count beyond the entries.
		db.set(STORAGE_PREFIX, &list.entry_key(n), &id.encode());
		db.set(STORAGE_PREFIX, &list.count_key(), &n.saturating_add(1).encode());
	}

	fn lists_of(anchor: &AnchorOf<Runtime>) -> Vec<List> {
		let mut lists = vec![List::Hash(anchor.content_hash), List::Subject(anchor.subject.clone())];
		lists.extend(anchor.organization.map(List::Organization));
		lists
	}

	/// Indexes anchors `from..to` as they are at block `at` (made in block `number`, if known).
	fn index_range(
		&self,
		db: &mut S,
		from: AnchorId,
		to: AnchorId,
		at: H256,
		number: Option<u32>,
	) -> Result<(), String> {
		for id in from..to {
			let Some(anchor) = self.anchor(at, id)? else { continue };
			for list in Self::lists_of(&anchor) {
				Self::append(db, &list, id);
			}
			if let Some(n) = number {
				db.set(STORAGE_PREFIX, &block_key(id), &n.encode());
			}
		}
		Ok(())
	}

	/// Indexes every finalized block not indexed yet. Returns how many anchors it indexed.
	pub fn catch_up(&self) -> Result<u64, String> {
		let (finalized, finalized_hash) = self.state.finalized();
		let mut db = self.db.lock().map_err(|_| "anchor index lock poisoned".to_string())?;
		let (start, mut block) = Self::cursor(&db);
		if block >= finalized {
			return Ok(0);
		}
		let end = self.next_anchor_id(finalized_hash)?;
		let mut next = start;
		if end == next {
			db.set(STORAGE_PREFIX, &cursor_key(), &(next, finalized).encode());
			return Ok(0);
		}
		while block < finalized {
			block = block.saturating_add(1);
			let Some(hash) = self.state.hash_of(block) else { break };
			match self.next_anchor_id(hash) {
				Ok(upto) if upto > next => {
					self.index_range(&mut db, next, upto, hash, Some(block))?;
					next = upto;
				},
				Ok(_) => {},
				Err(_) => {
					// That block's state is pruned: index the rest from the finalized state,
					// without the block each was made in.
					self.index_range(&mut db, next, end, finalized_hash, None)?;
					next = end;
					block = finalized;
				},
			}
			db.set(STORAGE_PREFIX, &cursor_key(), &(next, block).encode());
		}
		Ok(next.saturating_sub(start))
	}

	/// The block anchor `id` was made in, once that block is finalized and indexed.
	pub fn anchored_at(&self, id: AnchorId) -> Option<u32> {
		let db = self.db.lock().ok()?;
		Self::get(&db, &block_key(id))
	}

	/// The ids in `list` at block `at`, from position `start`, at most `limit`: the indexed ones,
	/// then those issued after the last indexed block up to `at`, read from `at`'s state.
	pub fn page(&self, list: &List, start: u32, limit: u32, at: H256) -> Result<IdPage, String> {
		let end = self.next_anchor_id(at)?;
		let db = self.db.lock().map_err(|_| "anchor index lock poisoned".to_string())?;
		let (indexed_upto, _) = Self::cursor(&db);
		// Indexed entries issued after `at` (asked about an older block) do not count.
		let mut indexed = Self::count(&db, list);
		while let Some(last) = indexed.checked_sub(1) {
			match Self::entry(&db, list, last) {
				Some(id) if id >= end => indexed = last,
				_ => break,
			}
		}
		let mut live = Vec::new();
		if end > indexed_upto {
			if end - indexed_upto > MAX_LIVE_SCAN {
				return Err(format!(
					"the anchor index is {} anchors behind block {at:?}; ask again shortly or name an earlier block",
					end - indexed_upto
				));
			}
			for id in indexed_upto..end {
				if self.anchor(at, id)?.is_some_and(|a| list.holds(&a)) {
					live.push(id);
				}
			}
		}
		let total = indexed.saturating_add(live.len() as u32);
		let stop = start.saturating_add(limit).min(total);
		let items =
			(start..stop)
				.filter_map(|p| {
					if p < indexed {
						Self::entry(&db, list, p)
					} else {
						live.get((p - indexed) as usize).copied()
					}
				})
				.collect();
		Ok(IdPage { items, next: (stop < total).then_some(stop), total })
	}
}

/// What the RPC asks the index.
pub trait AnchorLists: Send + Sync {
	/// See [`AnchorIndex::page`].
	fn page(&self, list: &List, start: u32, limit: u32, at: H256) -> Result<IdPage, String>;
	/// See [`AnchorIndex::anchored_at`].
	fn anchored_at(&self, id: AnchorId) -> Option<u32>;
}

impl<S: OffchainStorage> AnchorLists for AnchorIndex<S> {
	fn page(&self, list: &List, start: u32, limit: u32, at: H256) -> Result<IdPage, String> {
		AnchorIndex::page(self, list, start, limit, at)
	}

	fn anchored_at(&self, id: AnchorId) -> Option<u32> {
		AnchorIndex::anchored_at(self, id)
	}
}

/// Keeps `index` up to date: indexes what is finalized now, then after each finality
/// notification.
pub async fn run<C, S>(client: Arc<C>, index: Arc<AnchorIndex<S>>)
where
	C: BlockchainEvents<Block>,
	S: OffchainStorage,
{
	use futures::StreamExt;
	let mut finality = client.finality_notification_stream();
	loop {
		if let Err(e) = index.catch_up() {
			log::warn!(target: "anchor-index", "indexing anchors: {e}");
		}
		if finality.next().await.is_none() {
			break;
		}
	}
}

#[cfg(test)]
mod tests {
	use super::*;
	use pallet_record_anchors::{Anchor, AnchorStatus, HashAlgorithm};
	use polkadot_sdk::sp_core::offchain::storage::InMemOffchainStorage;
	use std::collections::HashMap;

	/// A chain whose blocks are numbered from 0 and each holds the anchors made up to it.
	#[derive(Default)]
	struct Chain {
		blocks: Mutex<Vec<Vec<AnchorOf<Runtime>>>>,
		finalized: Mutex<u32>,
		pruned_below: Mutex<u32>,
	}

	fn hash(n: u32) -> H256 {
		H256::from_low_u64_be(u64::from(n) + 1)
	}

	impl ChainState for Chain {
		fn storage(&self, at: H256, key: &[u8]) -> Result<Option<Vec<u8>>, String> {
			let n = (at.to_low_u64_be() - 1) as u32;
			if n < *self.pruned_below.lock().unwrap() {
				return Err("pruned".into());
			}
			let blocks = self.blocks.lock().unwrap();
			let anchors = blocks.get(n as usize).ok_or("unknown block")?;
			let mut state: HashMap<Vec<u8>, Vec<u8>> = HashMap::new();
			state.insert(
				pallet_record_anchors::NextAnchorId::<Runtime>::hashed_key().to_vec(),
				(anchors.len() as u64).encode(),
			);
			for (id, a) in anchors.iter().enumerate() {
				state.insert(pallet_record_anchors::Anchors::<Runtime>::hashed_key_for(id as u64), a.encode());
			}
			Ok(state.get(key).cloned())
		}
		fn finalized(&self) -> (u32, H256) {
			let n = *self.finalized.lock().unwrap();
			(n, hash(n))
		}
		fn hash_of(&self, number: u32) -> Option<H256> {
			((number as usize) < self.blocks.lock().unwrap().len()).then_some(hash(number))
		}
	}

	impl Chain {
		/// Seals a block with `new` anchors; finalizes it if `finalize`.
		fn seal(&self, new: Vec<AnchorOf<Runtime>>, finalize: bool) -> u32 {
			let mut blocks = self.blocks.lock().unwrap();
			let mut all = blocks.last().cloned().unwrap_or_default();
			all.extend(new);
			blocks.push(all);
			let n = blocks.len() as u32 - 1;
			if finalize {
				*self.finalized.lock().unwrap() = n;
			}
			n
		}
	}

	fn anchor(patient: u8, content: u8, org: Option<u32>) -> AnchorOf<Runtime> {
		Anchor {
			author: AccountId::new([9; 32]),
			organization: org,
			subject: RecordSubject::Patient(AccountId::new([patient; 32])),
			content_hash: H256::repeat_byte(content),
			hash_algorithm: HashAlgorithm::Blake2b256,
			category: healthchain_primitives::RecordCategory::LabResult,
			resource_type: healthchain_primitives::FhirResourceType::DiagnosticReport,
			labels: Default::default(),
			status: AnchorStatus::Current,
			clinical_time: None,
			original: None,
		}
	}

	fn patient(p: u8) -> List {
		List::Subject(RecordSubject::Patient(AccountId::new([p; 32])))
	}

	fn setup() -> (Arc<Chain>, AnchorIndex<InMemOffchainStorage>) {
		let chain = Arc::new(Chain::default());
		chain.seal(vec![], true);
		(chain.clone(), AnchorIndex::new(chain, InMemOffchainStorage::default()))
	}

	#[test]
	fn finalized_anchors_are_listed_by_hash_subject_and_organisation_with_their_block() {
		let (chain, index) = setup();
		chain.seal(vec![anchor(1, 0xA, Some(7)), anchor(2, 0xB, Some(7))], true);
		chain.seal(vec![], true);
		let b3 = chain.seal(vec![anchor(1, 0xB, None)], true);
		assert_eq!(index.catch_up(), Ok(3));
		let at = hash(b3);
		assert_eq!(index.page(&patient(1), 0, 10, at).unwrap(), IdPage { items: vec![0, 2], next: None, total: 2 });
		assert_eq!(index.page(&List::Hash(H256::repeat_byte(0xB)), 0, 10, at).unwrap().items, vec![1, 2]);
		assert_eq!(
			index.page(&List::Organization(7), 0, 1, at).unwrap(),
			IdPage { items: vec![0], next: Some(1), total: 2 }
		);
		assert_eq!((index.anchored_at(0), index.anchored_at(2), index.anchored_at(3)), (Some(1), Some(3), None));
		// Indexing again changes nothing.
		assert_eq!(index.catch_up(), Ok(0));
		assert_eq!(index.page(&patient(1), 0, 10, at).unwrap().total, 2);
	}

	#[test]
	fn anchors_after_the_last_finalized_block_are_read_from_the_block_asked_about() {
		let (chain, index) = setup();
		let b1 = chain.seal(vec![anchor(1, 0xA, None)], true);
		index.catch_up().unwrap();
		let b2 = chain.seal(vec![anchor(1, 0xC, None), anchor(3, 0xC, None)], false);
		assert_eq!(index.page(&patient(1), 0, 10, hash(b2)).unwrap().items, vec![0, 1]);
		assert_eq!(index.page(&List::Hash(H256::repeat_byte(0xC)), 1, 10, hash(b2)).unwrap().items, vec![2]);
		// At the older block, the newer anchors do not exist yet.
		assert_eq!(index.page(&patient(1), 0, 10, hash(b1)).unwrap().items, vec![0]);
		// Once finalized they are indexed, with their block.
		*chain.finalized.lock().unwrap() = b2;
		index.catch_up().unwrap();
		assert_eq!(index.anchored_at(2), Some(b2));
		assert_eq!(index.page(&patient(1), 0, 10, hash(b1)).unwrap().total, 1);
	}

	#[test]
	fn a_pruned_history_is_indexed_from_the_finalized_state_without_blocks() {
		let (chain, index) = setup();
		chain.seal(vec![anchor(1, 0xA, None)], true);
		let b2 = chain.seal(vec![anchor(1, 0xB, None)], true);
		*chain.pruned_below.lock().unwrap() = b2;
		assert_eq!(index.catch_up(), Ok(2));
		assert_eq!(index.page(&patient(1), 0, 10, hash(b2)).unwrap().items, vec![0, 1]);
		assert_eq!(index.anchored_at(0), None);
	}
}
