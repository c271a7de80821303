//! Content hashes as the chain's anchors record them (`pallet_record_anchors::HashAlgorithm`): the
//! gateway accepts a document only if it hashes to an anchor's content hash, and serves it only if
//! it still does.

use sha2::Digest;

/// The hash algorithms an anchor may name, by the chain's names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Algorithm {
	/// BLAKE2b with a 256-bit output.
	Blake2b256,
	/// SHA-256.
	Sha256,
	/// Keccak-256 (as Ethereum uses it, not SHA3-256).
	Keccak256,
}

impl Algorithm {
	/// Every algorithm.
	pub const ALL: [Algorithm; 3] = [Algorithm::Blake2b256, Algorithm::Sha256, Algorithm::Keccak256];

	/// The chain's name of the algorithm.
	pub fn name(&self) -> &'static str {
		match self {
			Algorithm::Blake2b256 => "Blake2b256",
			Algorithm::Sha256 => "Sha256",
			Algorithm::Keccak256 => "Keccak256",
		}
	}

	/// The algorithm the chain calls `name`.
	pub fn from_name(name: &str) -> Option<Algorithm> {
		Self::ALL.into_iter().find(|a| a.name() == name)
	}

	/// The 32-byte hash of `content`.
	pub fn hash(&self, content: &[u8]) -> [u8; 32] {
		match self {
			Algorithm::Blake2b256 => polkadot_sdk::sp_crypto_hashing::blake2_256(content),
			Algorithm::Sha256 => sha2::Sha256::digest(content).into(),
			Algorithm::Keccak256 => polkadot_sdk::sp_crypto_hashing::keccak_256(content),
		}
	}

	/// Whether `content` hashes to `expected`.
	pub fn matches(&self, content: &[u8], expected: &[u8; 32]) -> bool {
		&self.hash(content) == expected
	}
}

#[cfg(test)]
mod tests {
	use super::*;

	fn hex(bytes: [u8; 32]) -> String {
		bytes.iter().map(|b| format!("{b:02x}")).collect()
	}

	#[test]
	fn hashes_agree_with_the_published_test_vectors() {
		// The hashes of "abc" (RFC 7693 for BLAKE2b-256 via its unkeyed 32-byte variant, FIPS
		// 180-2 for SHA-256, the Keccak team's reference for Keccak-256).
		assert_eq!(
			hex(Algorithm::Blake2b256.hash(b"abc")),
			"bddd813c634239723171ef3fee98579b94964e3bb1cb3e427262c8c068d52319"
		);
		assert_eq!(
			hex(Algorithm::Sha256.hash(b"abc")),
			"ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
		);
		assert_eq!(
			hex(Algorithm::Keccak256.hash(b"abc")),
			"4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45"
		);
	}

	#[test]
	fn a_changed_byte_no_longer_matches_its_anchor() {
		let anchored = Algorithm::Sha256.hash(b"lab result: HbA1c 6.1%");
		assert!(Algorithm::Sha256.matches(b"lab result: HbA1c 6.1%", &anchored));
		assert!(!Algorithm::Sha256.matches(b"lab result: HbA1c 9.1%", &anchored));
		assert!(!Algorithm::Blake2b256.matches(b"lab result: HbA1c 6.1%", &anchored));
	}

	#[test]
	fn names_are_the_chains() {
		for a in Algorithm::ALL {
			assert_eq!(Algorithm::from_name(a.name()), Some(a));
		}
		assert_eq!(Algorithm::from_name("md5"), None);
	}
}
