# shellcheck shell=sh disable=SC1091
# The real-runtime guest (an ext4 root on NVMe, see lib.sh's make_disk):
# Debian 12's containerd and docker started as a node would run them,
# podman on demand, each with the same busybox image imported from a
# tarball; then its features, and the runc-made layouts (CRI-O among
# them) beside the real daemons.
. /guest-lib.sh
runtimes_up
exec sh /features.sh load runtimes context drift workloads-rt unload
