# shellcheck shell=sh disable=SC1091
# The real-runtime guest (an ext4 root on NVMe, see lib.sh's make_disk):
# Debian 12's containerd and docker started as a node would run them,
# podman on demand, each with the same busybox image imported from a
# tarball; then its features.
. /guest-lib.sh
ip link set lo up
insmod /overlay.ko
# podman's locks are POSIX shared memory
mkdir -p /dev/shm && mount -t tmpfs shm /dev/shm
mkdir -p /var/lib /etc/docker /var/tmp
# what docker copies into a container and looks for
: >/etc/resolv.conf
echo "127.0.0.1 localhost" >/etc/hosts
# docker's config.v2.json and containerd's state live under /var/lib: on ext4
containerd >/tmp/containerd.log 2>&1 &
wait_for 120 '[ -S /run/containerd/containerd.sock ]' ||
	{ echo "FAIL runtimes: containerd did not start"; tail -20 /tmp/containerd.log; }
dockerd --iptables=false --ip6tables=false --bridge=none --userland-proxy=false \
	--storage-driver=overlay2 --containerd=/run/containerd/containerd.sock \
	>/tmp/dockerd.log 2>&1 &
wait_for 180 'docker info >/dev/null 2>&1' ||
	{ echo "FAIL runtimes: dockerd did not start"; tail -20 /tmp/dockerd.log; }
docker import /images/bb.tar kw/bb:1 >/dev/null
docker save kw/bb:1 | ctr -n k8s.io image import - >/dev/null
podman --cgroup-manager=cgroupfs --events-backend=file import /images/bb.tar kw/bb:1 >/dev/null
exec sh /features.sh load runtimes unload
