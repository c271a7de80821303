//! `healthchain-node`: the Healthchain parachain node.

#![warn(missing_docs)]

mod anchor_index;
mod chain_spec;
mod check_runtime;
mod cli;
mod command;
mod dev_sealing;
mod health_rpc;
mod rpc;
mod service;

fn main() -> polkadot_sdk::sc_cli::Result<()> {
	command::run()
}
