//! Documents at rest: each document is encrypted under its own random data key with
//! ChaCha20-Poly1305 (an AEAD), and the data key is kept only wrapped (encrypted) under the
//! gateway's master key. The ciphertext is bound to what it is a copy of (the anchor id and
//! content hash, passed as `binding`), so a stored document cannot be swapped for another one.
//!
//! Erasure (GDPR Art. 17) is crypto-shredding: destroying a document's wrapped key leaves its
//! ciphertext unreadable by anybody, including whoever holds the master key or a backup of the
//! database.

use chacha20poly1305::{
	aead::{Aead, KeyInit, Payload},
	ChaCha20Poly1305, Key, Nonce,
};
use rand::RngCore;

const NONCE_LEN: usize = 12;

/// A document as the store keeps it: the wrapped data key and the ciphertext, each a 12-byte
/// nonce followed by the AEAD output.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Sealed {
	/// The document's data key, encrypted under the master key.
	pub wrapped_key: Vec<u8>,
	/// The document, encrypted under its data key.
	pub ciphertext: Vec<u8>,
}

/// Why a sealed document cannot be opened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VaultError {
	/// The wrapped key does not open under this master key: another gateway's, or damaged.
	KeyDoesNotOpen,
	/// The ciphertext was changed, or belongs to another document.
	DocumentTampered,
}

impl core::fmt::Display for VaultError {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		f.write_str(match self {
			VaultError::KeyDoesNotOpen => "the document's key does not open under this gateway's master key",
			VaultError::DocumentTampered => "the stored document was altered or belongs to another document",
		})
	}
}

impl std::error::Error for VaultError {}

/// Seals and opens documents under one master key.
pub struct Vault {
	master: ChaCha20Poly1305,
}

impl Vault {
	/// A vault with the master key `master` (32 bytes, kept outside the database).
	pub fn new(master: &[u8; 32]) -> Self {
		Vault { master: ChaCha20Poly1305::new(Key::from_slice(master)) }
	}

	/// A new random master key.
	pub fn generate_master_key() -> [u8; 32] {
		let mut key = [0u8; 32];
		rand::thread_rng().fill_bytes(&mut key);
		key
	}

	/// Encrypts `document` under a new data key, bound to `binding`.
	pub fn seal(&self, document: &[u8], binding: &[u8]) -> Sealed {
		let data_key = Self::generate_master_key();
		let wrapped_key = encrypt(&self.master, &data_key, binding);
		let ciphertext = encrypt(&ChaCha20Poly1305::new(Key::from_slice(&data_key)), document, binding);
		Sealed { wrapped_key, ciphertext }
	}

	/// Decrypts a sealed document bound to `binding`.
	pub fn open(&self, sealed: &Sealed, binding: &[u8]) -> Result<Vec<u8>, VaultError> {
		let data_key = decrypt(&self.master, &sealed.wrapped_key, binding).ok_or(VaultError::KeyDoesNotOpen)?;
		let data_key: [u8; 32] = data_key.try_into().map_err(|_| VaultError::KeyDoesNotOpen)?;
		decrypt(&ChaCha20Poly1305::new(Key::from_slice(&data_key)), &sealed.ciphertext, binding)
			.ok_or(VaultError::DocumentTampered)
	}
}

fn encrypt(cipher: &ChaCha20Poly1305, plaintext: &[u8], aad: &[u8]) -> Vec<u8> {
	let mut nonce = [0u8; NONCE_LEN];
	rand::thread_rng().fill_bytes(&mut nonce);
	// Encryption with a valid key cannot fail; an empty output would only fail to open later.
	let sealed = cipher
		.encrypt(Nonce::from_slice(&nonce), Payload { msg: plaintext, aad })
		.unwrap_or_default();
	[nonce.as_slice(), &sealed].concat()
}

fn decrypt(cipher: &ChaCha20Poly1305, sealed: &[u8], aad: &[u8]) -> Option<Vec<u8>> {
	let (nonce, body) = sealed.split_at_checked(NONCE_LEN)?;
	cipher.decrypt(Nonce::from_slice(nonce), Payload { msg: body, aad }).ok()
}

#[cfg(test)]
mod tests {
	use super::*;

	const DOC: &[u8] = b"{\"resourceType\":\"DiagnosticReport\",\"status\":\"final\"}";

	#[test]
	fn a_sealed_document_opens_to_the_same_bytes_and_does_not_contain_them() {
		let vault = Vault::new(&Vault::generate_master_key());
		let sealed = vault.seal(DOC, b"anchor 7");
		assert!(!sealed.ciphertext.windows(DOC.len()).any(|w| w == DOC));
		assert_eq!(vault.open(&sealed, b"anchor 7"), Ok(DOC.to_vec()));
		// Each document has its own key: sealing twice gives unrelated outputs.
		assert_ne!(vault.seal(DOC, b"anchor 7"), sealed);
	}

	#[test]
	fn a_tampered_or_swapped_document_does_not_open() {
		let vault = Vault::new(&Vault::generate_master_key());
		let mut sealed = vault.seal(DOC, b"anchor 7");
		assert_eq!(vault.open(&sealed, b"anchor 8"), Err(VaultError::KeyDoesNotOpen));
		let last = sealed.ciphertext.len() - 1;
		sealed.ciphertext[last] ^= 1;
		assert_eq!(vault.open(&sealed, b"anchor 7"), Err(VaultError::DocumentTampered));
		sealed.ciphertext.truncate(5);
		assert_eq!(vault.open(&sealed, b"anchor 7"), Err(VaultError::DocumentTampered));
	}

	#[test]
	fn another_master_key_opens_nothing() {
		let sealed = Vault::new(&Vault::generate_master_key()).seal(DOC, b"anchor 7");
		let other = Vault::new(&Vault::generate_master_key());
		assert_eq!(other.open(&sealed, b"anchor 7"), Err(VaultError::KeyDoesNotOpen));
	}

	#[test]
	fn without_its_wrapped_key_a_document_is_unreadable() {
		// Crypto-shredding: the store deletes the wrapped key; the ciphertext left behind (in the
		// database, a backup) cannot be opened with any key the gateway has.
		let vault = Vault::new(&Vault::generate_master_key());
		let sealed = vault.seal(DOC, b"anchor 7");
		let shredded = Sealed { wrapped_key: Vec::new(), ciphertext: sealed.ciphertext };
		assert_eq!(vault.open(&shredded, b"anchor 7"), Err(VaultError::KeyDoesNotOpen));
	}
}
