//! The gateway's chain client is typed from `metadata/healthchain.scale`, this runtime's metadata.
//! This test keeps that file honest: it fails when the runtime's calls, storage or runtime APIs
//! change and the file was not regenerated (`HEALTHCHAIN_WRITE_METADATA=1 cargo test -p
//! healthchain-gateway --test metadata` rewrites it). Documentation does not count: the
//! comparison is of subxt's metadata hash, which is what the gateway checks against a live node.

use codec::Decode;
use polkadot_sdk::sp_io;
use std::path::PathBuf;

fn runtime_metadata() -> Vec<u8> {
	sp_io::TestExternalities::default()
		.execute_with(|| healthchain_runtime::Runtime::metadata_at_version(16))
		.expect("the runtime serves metadata version 16")
		.to_vec()
}

fn hash_of(bytes: &[u8]) -> [u8; 32] {
	subxt_metadata::Metadata::decode(&mut &bytes[..])
		.expect("the metadata decodes")
		.hasher()
		.hash()
}

#[test]
fn committed_metadata_is_this_runtimes() {
	let file = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("metadata/healthchain.scale");
	let current = runtime_metadata();
	if std::env::var("HEALTHCHAIN_WRITE_METADATA").is_ok() {
		std::fs::write(&file, &current).expect("metadata written");
	}
	let committed = std::fs::read(&file).expect("gateway/metadata/healthchain.scale exists");
	assert_eq!(
		hash_of(&committed),
		hash_of(&current),
		"gateway/metadata/healthchain.scale is not this runtime's metadata: regenerate it with \
		 HEALTHCHAIN_WRITE_METADATA=1 cargo test -p healthchain-gateway --test metadata"
	);
}
