# Apogee container image: one `apogee` binary for every role (standalone, nameserver, broker,
# proxy, admin, bench). Build: docker build -t apogee . (or podman/buildah build).
# Run:   docker run -p 8081:8081 -v apogee-data:/data apogee
# Other roles replace the command, e.g. `docker run apogee nameserver --listen 0.0.0.0:9876`.
# scripts/build-image.sh builds an equivalent image from scratch without pulling any base image.

FROM rust:1-bookworm AS build
# bindgen (librocksdb-sys) needs libclang; the image already has g++ and make. No protoc: the
# .proto files are compiled by protox, in Rust.
RUN apt-get update \
 && apt-get install -y --no-install-recommends libclang-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY . .
# Cache mounts keep the crates and the RocksDB build between builds; the binary is copied out of
# the cached target directory in the same step.
RUN --mount=type=cache,target=/usr/local/cargo/registry \
    --mount=type=cache,target=/src/target \
    cargo build --release --locked -p apogee-server --bin apogee \
 && install -m 0755 target/release/apogee /usr/local/bin/apogee

FROM debian:bookworm-slim
# The binary needs only libc, libm, libgcc_s and libstdc++, all in bookworm-slim; no CA
# certificates (Apogee's TLS peers use the CAs its configuration names).
RUN groupadd --gid 10001 apogee \
 && useradd --uid 10001 --gid 10001 --home-dir /data --no-create-home --shell /usr/sbin/nologin apogee \
 && install -d -o 10001 -g 10001 -m 0750 /data
COPY --from=build /usr/local/bin/apogee /usr/local/bin/apogee
# Fails the build if a shared library is missing.
RUN apogee --version
USER 10001:10001
WORKDIR /data
VOLUME /data
# 8081: gRPC (clients, admin, brokers); 9876: the nameserver role; 9464: metrics;
# 8080: the web console (standalone and proxy).
EXPOSE 8081 9876 9464 8080
ENTRYPOINT ["apogee"]
CMD ["standalone", "--listen", "0.0.0.0:8081", "--data-dir", "/data"]
