# syntax=docker/dockerfile:1
# The relay-chain node that validates Healthchain: the `polkadot` crate of the stable2609 line,
# installed from the package registry with its own lock file and the `fast-runtime` feature, by the
# same script as on a developer's machine (scripts/install-polkadot.sh, which prepares the WASM
# toolchain for the relay runtimes first). Build from the repository root:
#   docker build -f docker/polkadot.Dockerfile -t healthchain-polkadot .

FROM rust:1.95-bookworm AS builder
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
      clang libclang-dev protobuf-compiler rustc-web cargo-web rust-web-src lld-22 \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY scripts/ scripts/
ENV HEALTHCHAIN_CACHE=/opt/healthchain SKIP_NPM=1
RUN scripts/install-polkadot.sh \
 && cp /opt/healthchain/polkadot/bin/polkadot /opt/healthchain/polkadot/bin/polkadot-*-worker /usr/local/bin/

FROM debian:bookworm-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 1000 --shell /usr/sbin/nologin polkadot \
 && mkdir -p /data \
 && chown polkadot:polkadot /data
# The node looks for its PVF workers next to itself.
COPY --from=builder /usr/local/bin/polkadot /usr/local/bin/polkadot-prepare-worker /usr/local/bin/polkadot-execute-worker /usr/local/bin/
USER 1000:1000
EXPOSE 9944 30333
VOLUME ["/data"]
ENTRYPOINT ["/usr/local/bin/polkadot"]
CMD ["--help"]
