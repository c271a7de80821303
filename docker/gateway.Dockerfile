# syntax=docker/dockerfile:1
# Healthchain document gateway image (one member organisation's IHE MHD recipient and responder).
# Build from the repository root:
#   docker build -f docker/gateway.Dockerfile -t healthchain-gateway .
#   docker run --rm -p 8080:8080 -v lab-documents:/data healthchain-gateway \
#       --organization 1 --chain ws://node:9944 --listen 0.0.0.0:8080 --data-dir /data \
#       --public-url https://lab.example/gateway
# In production keep documents in PostgreSQL (`--database postgres://…`) and the master key in a
# secret (`--master-key-file /run/secrets/gateway-master-key`); see docs/gateway.md.

# ---- builder -----------------------------------------------------------------------------------
# The gateway needs no runtime WASM: its chain client is typed from gateway/metadata/healthchain.scale.
FROM rust:1.95-bookworm AS builder
WORKDIR /src
COPY . .
ENV CARGO_TARGET_DIR=/src/target SKIP_WASM_BUILD=1
RUN cargo build --locked --release -p healthchain-gateway \
 && cp target/release/healthchain-gateway /usr/local/bin/healthchain-gateway

# ---- runtime image ---------------------------------------------------------------------------
FROM debian:bookworm-slim
RUN apt-get update \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --create-home --uid 1000 --shell /usr/sbin/nologin healthchain \
 && mkdir -p /data \
 && chown healthchain:healthchain /data
COPY --from=builder /usr/local/bin/healthchain-gateway /usr/local/bin/healthchain-gateway
USER 1000:1000
EXPOSE 8080
VOLUME ["/data"]
ENTRYPOINT ["/usr/local/bin/healthchain-gateway"]
# No default organisation: which member's documents a gateway keeps is the operator's choice.
CMD ["--help"]
