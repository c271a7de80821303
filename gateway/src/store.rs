//! Where documents are kept: one SQL database, an embedded SQLite file by default
//! (`--data-dir`) or PostgreSQL in production (`--database postgres://…`), through one code path
//! (sqlx's `Any` driver). Only sealed documents are stored ([`crate::vault`]); what the store
//! knows in clear is what the chain knows too (the anchor, the subject, the content hash) plus the
//! media type, the size and who deposited it.
//!
//! Reading a document opens it and hashes it again: a document whose stored bytes no longer hash
//! to its anchor is never returned ([`StoreError::Tampered`]). Erasing destroys the document's
//! key and ciphertext and keeps a tombstone, so a later read answers [`StoreError::Erased`].
//!
//! The store also keeps the request nonces ([`Store::first_use_of_nonce`]), so a replay is refused
//! across restarts and across the gateway's workers.

use crate::{
	hashing::Algorithm,
	vault::{Sealed, Vault, VaultError},
};
use sqlx::{any::AnyPoolOptions, AnyPool, Row};

/// What the store knows about a document, besides its bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
	/// The gateway's id of the document (the FHIR `Binary` id).
	pub id: String,
	/// The anchor on chain it is a copy of.
	pub anchor: u64,
	/// The anchor's subject: a patient's account (SS58) or a pseudonym (0x hex).
	pub subject: String,
	/// The anchor's content hash.
	pub content_hash: [u8; 32],
	/// The anchor's hash algorithm.
	pub algorithm: Algorithm,
	/// The document's media type (`application/fhir+json`, `application/pdf`, …).
	pub content_type: String,
	/// Its size in bytes.
	pub size: u64,
	/// Who deposited it (SS58).
	pub deposited_by: String,
	/// When (Unix seconds).
	pub deposited_at: u64,
}

/// Why the store cannot do what it was asked.
#[derive(Debug)]
pub enum StoreError {
	/// No document has this id.
	NotFound,
	/// The document was erased (it answers `410 Gone`).
	Erased { at: u64 },
	/// A document with this id exists already.
	Exists,
	/// The stored document no longer opens or no longer hashes to its anchor: it is not served.
	Tampered(&'static str),
	/// The database refused.
	Database(sqlx::Error),
}

impl core::fmt::Display for StoreError {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		match self {
			StoreError::NotFound => f.write_str("no document has this id"),
			StoreError::Erased { at } => write!(f, "the document was erased at {at} at the patient's request"),
			StoreError::Exists => f.write_str("a document with this id exists already"),
			StoreError::Tampered(why) => write!(f, "the stored document is not served: {why}"),
			StoreError::Database(e) => write!(f, "database: {e}"),
		}
	}
}

impl std::error::Error for StoreError {}

impl From<sqlx::Error> for StoreError {
	fn from(e: sqlx::Error) -> Self {
		StoreError::Database(e)
	}
}

/// The PostgreSQL advisory lock key under which the schema is created ("HCgw" in ASCII).
const SCHEMA_LOCK: i64 = 0x4843_6777;

/// The document store.
pub struct Store {
	pool: AnyPool,
	vault: Vault,
}

impl Store {
	/// Opens (and creates, if needed) the database at `url` — `sqlite://<file>?mode=rwc` or
	/// `postgres://…` — with the gateway's master key.
	pub async fn open(url: &str, master_key: &[u8; 32]) -> Result<Store, StoreError> {
		sqlx::any::install_default_drivers();
		let pool = AnyPoolOptions::new().max_connections(8).connect(url).await?;
		let postgres = url.starts_with("postgres");
		let bytes = if postgres { "BYTEA" } else { "BLOB" };
		// Gateways (or test runs) starting together on one PostgreSQL database would race in
		// `CREATE … IF NOT EXISTS` (it is not atomic there): the schema is made under one
		// transaction-scoped advisory lock, so the second waits and then finds it made.
		let mut tx = pool.begin().await?;
		if postgres {
			sqlx::query(&format!("SELECT pg_advisory_xact_lock({SCHEMA_LOCK})"))
				.execute(&mut *tx)
				.await?;
		}
		for ddl in [
			format!(
				"CREATE TABLE IF NOT EXISTS documents (
					id TEXT PRIMARY KEY,
					anchor BIGINT NOT NULL,
					subject TEXT NOT NULL,
					content_hash TEXT NOT NULL,
					algorithm TEXT NOT NULL,
					content_type TEXT NOT NULL,
					size BIGINT NOT NULL,
					deposited_by TEXT NOT NULL,
					deposited_at BIGINT NOT NULL,
					wrapped_key {bytes},
					ciphertext {bytes},
					erased_at BIGINT
				)"
			),
			"CREATE INDEX IF NOT EXISTS documents_by_subject ON documents (subject)".into(),
			"CREATE INDEX IF NOT EXISTS documents_by_anchor ON documents (anchor)".into(),
			"CREATE TABLE IF NOT EXISTS nonces (
				keyid TEXT NOT NULL,
				nonce TEXT NOT NULL,
				until BIGINT NOT NULL,
				PRIMARY KEY (keyid, nonce)
			)"
			.into(),
		] {
			sqlx::query(&ddl).execute(&mut *tx).await?;
		}
		tx.commit().await?;
		Ok(Store { pool, vault: Vault::new(master_key) })
	}

	/// Stores `bytes` sealed as document `doc.id`. The caller has checked that `bytes` hash to
	/// the anchor; the store checks it again and refuses what does not.
	pub async fn put(&self, doc: &Document, bytes: &[u8]) -> Result<(), StoreError> {
		if !doc.algorithm.matches(bytes, &doc.content_hash) {
			return Err(StoreError::Tampered("the document does not hash to its anchor"));
		}
		let sealed = self.vault.seal(bytes, &binding(doc));
		let inserted = sqlx::query(
			"INSERT INTO documents (id, anchor, subject, content_hash, algorithm, content_type, size,
				deposited_by, deposited_at, wrapped_key, ciphertext)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
		)
		.bind(&doc.id)
		.bind(i64::try_from(doc.anchor).unwrap_or(i64::MAX))
		.bind(&doc.subject)
		.bind(hex(&doc.content_hash))
		.bind(doc.algorithm.name())
		.bind(&doc.content_type)
		.bind(i64::try_from(doc.size).unwrap_or(i64::MAX))
		.bind(&doc.deposited_by)
		.bind(i64::try_from(doc.deposited_at).unwrap_or(i64::MAX))
		.bind(sealed.wrapped_key)
		.bind(sealed.ciphertext)
		.execute(&self.pool)
		.await;
		match inserted {
			Ok(_) => Ok(()),
			Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Err(StoreError::Exists),
			Err(e) => Err(e.into()),
		}
	}

	/// The row of document `id`, with its sealed bytes when `sealed`: `NotFound`, or `Erased`
	/// after an erasure.
	async fn live_row(&self, id: &str, sealed: bool) -> Result<sqlx::any::AnyRow, StoreError> {
		let extra = if sealed { ", wrapped_key, ciphertext" } else { "" };
		let row = sqlx::query(&format!(
			"SELECT id, anchor, subject, content_hash, algorithm, content_type, size, deposited_by,
				deposited_at, erased_at{extra} FROM documents WHERE id = $1"
		))
		.bind(id)
		.fetch_optional(&self.pool)
		.await?
		.ok_or(StoreError::NotFound)?;
		if let Some(at) = row.try_get::<Option<i64>, _>("erased_at")? {
			return Err(StoreError::Erased { at: at.max(0) as u64 });
		}
		Ok(row)
	}

	/// Document `id` and its bytes, checked against its anchor's hash.
	pub async fn get(&self, id: &str) -> Result<(Document, Vec<u8>), StoreError> {
		let row = self.live_row(id, true).await?;
		let doc = document(&row)?;
		let sealed = Sealed {
			wrapped_key: row.try_get::<Option<Vec<u8>>, _>("wrapped_key")?.unwrap_or_default(),
			ciphertext: row.try_get::<Option<Vec<u8>>, _>("ciphertext")?.unwrap_or_default(),
		};
		let bytes = self.vault.open(&sealed, &binding(&doc)).map_err(|e| match e {
			VaultError::KeyDoesNotOpen => StoreError::Tampered("its key does not open under this gateway's master key"),
			VaultError::DocumentTampered => StoreError::Tampered("its stored bytes were altered"),
		})?;
		if !doc.algorithm.matches(&bytes, &doc.content_hash) {
			return Err(StoreError::Tampered("it no longer hashes to its anchor"));
		}
		Ok((doc, bytes))
	}

	/// What the store knows of document `id` (not its bytes): `Erased` after an erasure.
	pub async fn describe(&self, id: &str) -> Result<Document, StoreError> {
		document(&self.live_row(id, false).await?)
	}

	/// The documents about `subject` (not erased), oldest first.
	pub async fn about(&self, subject: &str) -> Result<Vec<Document>, StoreError> {
		let rows = sqlx::query(
			"SELECT id, anchor, subject, content_hash, algorithm, content_type, size, deposited_by,
				deposited_at FROM documents WHERE subject = $1 AND erased_at IS NULL ORDER BY deposited_at, id",
		)
		.bind(subject)
		.fetch_all(&self.pool)
		.await?;
		rows.iter().map(document).collect()
	}

	/// Erases document `id` at `now`: its key and ciphertext are destroyed, a tombstone stays.
	pub async fn erase(&self, id: &str, now: u64) -> Result<(), StoreError> {
		let done = sqlx::query(
			"UPDATE documents SET wrapped_key = NULL, ciphertext = NULL, erased_at = $2
			WHERE id = $1 AND erased_at IS NULL",
		)
		.bind(id)
		.bind(i64::try_from(now).unwrap_or(i64::MAX))
		.execute(&self.pool)
		.await?;
		if done.rows_affected() == 1 {
			return Ok(());
		}
		match self.describe(id).await {
			Err(e @ StoreError::Erased { .. }) => Err(e),
			_ => Err(StoreError::NotFound),
		}
	}

	/// Records `nonce` of `keyid` until `until` (Unix seconds); false when it was recorded before
	/// (a replay). Expired nonces are forgotten.
	pub async fn first_use_of_nonce(&self, keyid: &str, nonce: &str, until: u64, now: u64) -> Result<bool, StoreError> {
		sqlx::query("DELETE FROM nonces WHERE until < $1")
			.bind(i64::try_from(now).unwrap_or(i64::MAX))
			.execute(&self.pool)
			.await?;
		let inserted = sqlx::query("INSERT INTO nonces (keyid, nonce, until) VALUES ($1, $2, $3)")
			.bind(keyid)
			.bind(nonce)
			.bind(i64::try_from(until).unwrap_or(i64::MAX))
			.execute(&self.pool)
			.await;
		match inserted {
			Ok(_) => Ok(true),
			Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Ok(false),
			Err(e) => Err(e.into()),
		}
	}

	/// Overwrites the stored ciphertext of `id` (for tests of tamper detection).
	#[cfg(test)]
	async fn corrupt(&self, id: &str) -> Result<(), StoreError> {
		sqlx::query("UPDATE documents SET ciphertext = $2 WHERE id = $1")
			.bind(id)
			.bind(vec![0u8; 64])
			.execute(&self.pool)
			.await?;
		Ok(())
	}
}

/// What a document's ciphertext is bound to: its id, anchor and content hash.
fn binding(doc: &Document) -> Vec<u8> {
	[doc.id.as_bytes(), &doc.anchor.to_le_bytes(), &doc.content_hash].concat()
}

fn hex(bytes: &[u8; 32]) -> String {
	bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<[u8; 32]> {
	let bytes: Option<Vec<u8>> = (0..s.len())
		.step_by(2)
		.map(|i| s.get(i..i + 2).and_then(|b| u8::from_str_radix(b, 16).ok()))
		.collect();
	bytes?.try_into().ok()
}

fn document(row: &sqlx::any::AnyRow) -> Result<Document, StoreError> {
	let corrupt = |what| StoreError::Tampered(what);
	let number = |name: &str| -> Result<u64, StoreError> { Ok(row.try_get::<i64, _>(name)?.max(0) as u64) };
	Ok(Document {
		id: row.try_get("id")?,
		anchor: number("anchor")?,
		subject: row.try_get("subject")?,
		content_hash: unhex(&row.try_get::<String, _>("content_hash")?)
			.ok_or(corrupt("its recorded hash is unreadable"))?,
		algorithm: Algorithm::from_name(&row.try_get::<String, _>("algorithm")?)
			.ok_or(corrupt("its recorded hash algorithm is unknown"))?,
		content_type: row.try_get("content_type")?,
		size: number("size")?,
		deposited_by: row.try_get("deposited_by")?,
		deposited_at: number("deposited_at")?,
	})
}

#[cfg(test)]
mod tests {
	use super::*;

	/// The databases the tests run against: a fresh SQLite file always; the PostgreSQL at
	/// `HEALTHCHAIN_TEST_POSTGRES` too when it is set (the test command starts one).
	fn databases(name: &str) -> Vec<String> {
		let dir = std::env::temp_dir().join(format!("healthchain-gateway-{}-{name}", std::process::id()));
		let _ = std::fs::remove_dir_all(&dir);
		let _ = std::fs::create_dir_all(&dir);
		let mut urls = vec![format!("sqlite://{}?mode=rwc", dir.join("documents.db").display())];
		if let Ok(pg) = std::env::var("HEALTHCHAIN_TEST_POSTGRES") {
			urls.push(pg);
		}
		urls
	}

	fn lab_result(id: &str, anchor: u64, bytes: &[u8]) -> Document {
		Document {
			id: id.into(),
			anchor,
			subject: "5HKPmK9GYtE1PSLsS1qiYU9xQ9Si1NcEhdeCq9sw5bqu4ns8".into(),
			content_hash: Algorithm::Sha256.hash(bytes),
			algorithm: Algorithm::Sha256,
			content_type: "application/fhir+json".into(),
			size: bytes.len() as u64,
			deposited_by: "5FHneW46xGXgs5mUiveU4sbTyGBzmstUspZC92UhjJM694ty".into(),
			deposited_at: 1_764_139_200,
		}
	}

	/// A unique id per run, so the PostgreSQL database can be shared by runs.
	fn id(tag: &str) -> String {
		format!("{tag}-{}-{}", std::process::id(), std::time::UNIX_EPOCH.elapsed().map(|d| d.as_nanos()).unwrap_or(0))
	}

	/// A store at `url` (master key 7…) holding a fresh lab result of `bytes` under `anchor`.
	async fn stored(url: &str, tag: &str, anchor: u64, bytes: &[u8]) -> (Store, Document) {
		let store = Store::open(url, &[7; 32]).await.expect("opens");
		let doc = lab_result(&id(tag), anchor, bytes);
		store.put(&doc, bytes).await.expect("stores");
		(store, doc)
	}

	fn run<F: std::future::Future<Output = ()>>(f: F) {
		tokio::runtime::Builder::new_current_thread()
			.enable_all()
			.build()
			.expect("runtime")
			.block_on(f)
	}

	#[test]
	fn a_document_comes_back_as_deposited_and_only_under_its_anchor() {
		run(async {
			for url in databases("roundtrip") {
				let bytes = b"{\"resourceType\":\"DiagnosticReport\",\"status\":\"final\"}";
				let (store, doc) = stored(&url, "report", 7, bytes).await;
				let (meta, back) = store.get(&doc.id).await.expect("reads");
				assert_eq!((meta, back.as_slice()), (doc.clone(), &bytes[..]), "{url}");
				assert!(store.about(&doc.subject).await.expect("lists").contains(&doc));
				assert!(matches!(store.put(&doc, bytes).await, Err(StoreError::Exists)), "{url}");
				let other = lab_result(&id("other"), 8, bytes);
				assert!(matches!(store.put(&other, b"other bytes").await, Err(StoreError::Tampered(_))), "{url}");
				assert!(matches!(store.get("nope").await, Err(StoreError::NotFound)), "{url}");
			}
		});
	}

	#[test]
	fn tampered_bytes_on_disk_are_never_served() {
		run(async {
			for url in databases("tamper") {
				let (store, doc) = stored(&url, "tampered", 9, b"original").await;
				store.corrupt(&doc.id).await.expect("corrupts");
				assert!(matches!(store.get(&doc.id).await, Err(StoreError::Tampered(_))), "{url}");
				// Another gateway's master key opens nothing either.
				let other = Store::open(&url, &[8; 32]).await.expect("opens");
				let doc2 = lab_result(&id("foreign"), 10, b"kept");
				store.put(&doc2, b"kept").await.expect("stores");
				assert!(matches!(other.get(&doc2.id).await, Err(StoreError::Tampered(_))), "{url}");
			}
		});
	}

	#[test]
	fn an_erased_document_is_gone_for_good() {
		run(async {
			for url in databases("erase") {
				let (store, doc) = stored(&url, "erased", 11, b"to forget").await;
				store.erase(&doc.id, 1_764_140_000).await.expect("erases");
				assert!(matches!(store.get(&doc.id).await, Err(StoreError::Erased { at: 1_764_140_000 })), "{url}");
				assert!(!store.about(&doc.subject).await.expect("lists").contains(&doc));
				assert!(matches!(store.erase(&doc.id, 1_764_140_001).await, Err(StoreError::Erased { .. })), "{url}");
				assert!(matches!(store.erase("nope", 1).await, Err(StoreError::NotFound)), "{url}");
			}
		});
	}

	#[test]
	fn gateways_starting_together_on_a_new_database_all_open_it() {
		run(async {
			for url in databases("race") {
				// A database nobody has opened yet: on PostgreSQL a new one made for this run.
				let url = match url.strip_suffix("/healthchain") {
					Some(server) => {
						sqlx::any::install_default_drivers();
						let admin = AnyPoolOptions::new().max_connections(1).connect(&url).await.expect("connects");
						let name = format!("race_{}", id("db").replace('-', "_"));
						sqlx::query(&format!("CREATE DATABASE {name}"))
							.execute(&admin)
							.await
							.expect("creates");
						format!("{server}/{name}")
					},
					None => url,
				};
				let opened = futures::future::join_all((0..4).map(|_| Store::open(&url, &[7; 32]))).await;
				for store in opened {
					let store = store.expect("every gateway opens the database");
					assert!(store.first_use_of_nonce("5Grw", &id("n"), 100, 10).await.expect("usable"), "{url}");
				}
			}
		});
	}

	#[test]
	fn a_nonce_is_spent_once_until_it_expires() {
		run(async {
			for url in databases("nonces") {
				let store = Store::open(&url, &[7; 32]).await.expect("opens");
				let nonce = id("nonce");
				assert!(store.first_use_of_nonce("5Grw", &nonce, 100, 10).await.expect("records"), "{url}");
				assert!(!store.first_use_of_nonce("5Grw", &nonce, 100, 20).await.expect("checks"), "{url}");
				assert!(store.first_use_of_nonce("5Fhn", &nonce, 100, 20).await.expect("another key"), "{url}");
				// Past its window the nonce is forgotten (the signature would be stale anyway).
				assert!(store.first_use_of_nonce("5Grw", &nonce, 300, 101).await.expect("expired"), "{url}");
			}
		});
	}
}
