//! Where a document is: the anchor's **sealed pointer**. When a member anchors a document it kept
//! at its gateway, the anchor's pointer is that gateway's URL sealed under the consortium's
//! directory key (shared off chain among members), so the ledger never holds a plain location
//! while any member can follow it: `0xA1 ‖ nonce (24) ‖ XChaCha20-Poly1305(URL) ‖ tag (16)`, the
//! format `pallet-record-anchors` accepts as a sealed pointer.
//!
//! The document's id at that gateway is the anchor id (`{url}/fhir/Binary/{anchor}`).

use chacha20poly1305::{
	aead::{Aead, KeyInit},
	XChaCha20Poly1305, XNonce,
};
use rand::RngCore;

/// First byte of a sealed pointer (`pallet_record_anchors::SEALED_POINTER_TAG`).
pub const SEALED_POINTER_TAG: u8 = 0xA1;
const NONCE: usize = 24;

/// Why a pointer does not open.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PointerError {
	/// The anchor carries no pointer, or one that is not sealed (a CID).
	NotSealed,
	/// It does not open under this directory key (another consortium's, or altered).
	WrongKey,
	/// It opens to something that is not an http(s) URL.
	NotAUrl,
}

impl core::fmt::Display for PointerError {
	fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
		f.write_str(match self {
			PointerError::NotSealed => "the anchor has no sealed pointer (no gateway is named)",
			PointerError::WrongKey => "the pointer does not open under this directory key",
			PointerError::NotAUrl => "the pointer does not hold a gateway URL",
		})
	}
}

impl std::error::Error for PointerError {}

/// Seals `gateway_url` under `directory_key`.
pub fn seal(directory_key: &[u8; 32], gateway_url: &str) -> Vec<u8> {
	let mut nonce = [0u8; NONCE];
	rand::rngs::OsRng.fill_bytes(&mut nonce);
	let cipher = XChaCha20Poly1305::new(directory_key.into());
	// Encrypting a short URL in memory cannot fail.
	let sealed = cipher
		.encrypt(XNonce::from_slice(&nonce), gateway_url.as_bytes())
		.unwrap_or_default();
	let mut out = Vec::with_capacity(1 + NONCE + sealed.len());
	out.push(SEALED_POINTER_TAG);
	out.extend_from_slice(&nonce);
	out.extend_from_slice(&sealed);
	out
}

/// The gateway URL in `pointer`, opened with `directory_key`.
pub fn open(directory_key: &[u8; 32], pointer: &[u8]) -> Result<String, PointerError> {
	let rest = match pointer.split_first() {
		Some((&SEALED_POINTER_TAG, rest)) if rest.len() > NONCE => rest,
		_ => return Err(PointerError::NotSealed),
	};
	let (nonce, sealed) = rest.split_at(NONCE);
	let cipher = XChaCha20Poly1305::new(directory_key.into());
	let plain = cipher
		.decrypt(XNonce::from_slice(nonce), sealed)
		.map_err(|_| PointerError::WrongKey)?;
	let url = String::from_utf8(plain).map_err(|_| PointerError::NotAUrl)?;
	if url.starts_with("http://") || url.starts_with("https://") {
		Ok(url)
	} else {
		Err(PointerError::NotAUrl)
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	const KEY: [u8; 32] = [7; 32];

	#[test]
	fn a_sealed_gateway_url_opens_with_the_directory_key_only() {
		let pointer = seal(&KEY, "https://lab.example/gateway");
		assert_eq!(pointer.first(), Some(&SEALED_POINTER_TAG));
		assert!(!pointer.windows(3).any(|w| w == b"lab"), "no plain location on the ledger");
		assert_eq!(open(&KEY, &pointer), Ok("https://lab.example/gateway".into()));
		assert_eq!(open(&[8; 32], &pointer), Err(PointerError::WrongKey));
		let mut altered = pointer.clone();
		if let Some(b) = altered.last_mut() {
			*b ^= 1;
		}
		assert_eq!(open(&KEY, &altered), Err(PointerError::WrongKey));
	}

	#[test]
	fn pointers_that_name_no_gateway_are_refused_by_name() {
		assert_eq!(open(&KEY, &[]), Err(PointerError::NotSealed));
		assert_eq!(open(&KEY, &[0x12, 0x20]), Err(PointerError::NotSealed));
		assert_eq!(open(&KEY, &seal(&KEY, "file:///etc/passwd")), Err(PointerError::NotAUrl));
	}
}
