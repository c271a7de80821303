# Shared environment for Healthchain's scripts. Source it, don't run it.
# One persistent target dir outside the clone keeps rebuilds incremental.
export HEALTHCHAIN_CACHE="${HEALTHCHAIN_CACHE:-$HOME/.cache/healthchain}"
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HEALTHCHAIN_CACHE/target}"
# Name under which Debian's rustc-web toolchain is linked into rustup (see scripts/setup.sh).
export WASM_BUILD_TOOLCHAIN="${WASM_BUILD_TOOLCHAIN:-healthchain-web}"
export PATH="$HOME/.local/bin:$HOME/.cargo/bin:$PATH"
