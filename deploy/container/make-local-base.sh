#!/bin/sh
# A base image for the Containerfile made on this machine, for when no image registry is reachable: Debian
# bookworm from debootstrap (Debian's mirrors), plus this machine's Node (≥ 20.19), npm and Node's headers (so
# that better-sqlite3 compiles without downloading them) and its CA bundle (npm may sit behind a TLS proxy).
# Usage (root, podman and debootstrap installed): sh deploy/container/make-local-base.sh [IMAGE]
# then: podman build --isolation chroot --network host --build-arg BASE=IMAGE -t localhost/irisnet-telemetry -f Containerfile .
set -eu
image="${1:-localhost/irisnet-base:bookworm-node20}"
node="$(command -v node)"
npm_dir="$(dirname "$(readlink -f "$(command -v npm)")")/.."
headers="$(dirname "$node")/../include/node"
[ -d "$headers" ] || { echo "make-local-base: Node's headers not found at $headers" >&2; exit 1; }
rootfs="$(mktemp -d)"
trap 'rm -rf "$rootfs"' EXIT
debootstrap --variant=minbase bookworm "$rootfs" http://deb.debian.org/debian
install -D -m 0755 "$node" "$rootfs/usr/local/bin/node"
mkdir -p "$rootfs/usr/local/lib/node_modules" "$rootfs/usr/local/include"
cp -a "$(readlink -f "$npm_dir")" "$rootfs/usr/local/lib/node_modules/npm"
ln -sf ../lib/node_modules/npm/bin/npm-cli.js "$rootfs/usr/local/bin/npm"
ln -sf ../lib/node_modules/npm/bin/npx-cli.js "$rootfs/usr/local/bin/npx"
cp -a "$(readlink -f "$headers")" "$rootfs/usr/local/include/node"
install -D -m 0644 /etc/ssl/certs/ca-certificates.crt "$rootfs/etc/ssl/certs/ca-certificates.crt"
rm -f "$rootfs"/var/cache/apt/archives/*.deb
chroot "$rootfs" /usr/local/bin/node --version
tar -C "$rootfs" -c . | podman import \
  --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
  --change 'ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' \
  --change 'ENV npm_config_nodedir=/usr/local' - "$image"
echo "make-local-base: $image"
