//! The gateway binary refuses a start that would weaken it, before it opens anything.

use std::process::Command;

fn gateway() -> Command {
	let mut cmd = Command::new(env!("CARGO_BIN_EXE_healthchain-gateway"));
	cmd.env_remove("HEALTHCHAIN_GATEWAY_BENCHMARK");
	cmd
}

#[test]
fn the_benchmark_baseline_without_consent_checks_is_refused_outside_the_benchmark() {
	let dir = std::env::temp_dir().join(format!("healthchain-gateway-cli-{}", std::process::id()));
	let out = gateway()
		.args(["--organization", "0", "--benchmark-baseline-without-chain-checks", "--data-dir"])
		.arg(&dir)
		.output()
		.expect("the gateway binary runs");
	assert!(!out.status.success(), "a gateway without consent checks must not start");
	let stderr = String::from_utf8_lossy(&out.stderr);
	assert!(stderr.contains("disables consent") && stderr.contains("HEALTHCHAIN_GATEWAY_BENCHMARK=1"), "{stderr}");
	assert!(!dir.exists(), "nothing was created before the refusal");
}

#[test]
fn a_gateway_needs_its_organisation() {
	let out = gateway().output().expect("the gateway binary runs");
	assert!(!out.status.success());
	assert!(String::from_utf8_lossy(&out.stderr).contains("--organization"));
}
