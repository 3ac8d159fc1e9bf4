# shellcheck shell=sh
# Container identity per runtime's cgroup layout: runtime, id, pod UID.
start_watch
POD=0f3b5a0c-5d7e-4f0b-9a53-8f5e1d2c3b4a
POD_=$(echo $POD | tr - _)
IDD=$(hexid docker-systemd)
ctr_run rt-docker "/system.slice/docker-$IDD.scope" -- /usr/bin/gcc
IDC=$(hexid containerd-cri)
ctr_run rt-cri "/kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod$POD_.slice/cri-containerd-$IDC.scope" -- /usr/bin/gcc
IDO=$(hexid crio)
ctr_run rt-crio "/kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod$POD_.slice/crio-$IDO.scope" -- /usr/bin/gcc
IDP=$(hexid podman)
ctr_run rt-podman "/machine.slice/libpod-$IDP.scope/container" -- /usr/bin/gcc
IDK=$(hexid kubepods-cgroupfs)
ctr_run rt-kubepods "/kubepods/besteffort/pod$POD/$IDK" -- /usr/bin/gcc
# hostPID pod: host pid namespace, container cgroup
IDH=$(hexid host-pid)
ctr_run rt-hostpid "/kubepods/burstable/pod$POD/$IDH" \
	'.linux.namespaces |= map(select(.type != "pid"))' -- /usr/bin/gcc
stop_watch
window_check 6

rt() { events_for "$1" | jq -r '[.container.runtime, .container.id, .container.pod_uid] | join(" ")'; }
check "docker systemd layout" "docker $IDD " "$(rt "$IDD")"
check "containerd CRI layout" "containerd $IDC $POD" "$(rt "$IDC")"
check "CRI-O layout" "cri-o $IDO $POD" "$(rt "$IDO")"
check "podman layout" "podman $IDP " "$(rt "$IDP")"
check "kubepods cgroupfs layout" "kubepods $IDK $POD" "$(rt "$IDK")"
check "hostPID pod detected" "kubepods $IDH $POD" "$(rt "$IDH")"
check "hostPID pod: pidns level 0" 0 "$(events_for "$IDH" | jq .container.pidns_level)"
