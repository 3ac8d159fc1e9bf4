# shellcheck shell=sh
# The drift and fileless rules in real runtimes' containers (the
# real-runtime guest started them): on docker's overlayfs an image file is
# as its layer delivered it, while a copy, an image file chmod'ed (copied
# up) and a file written into a volume after the start are new; a file
# the host put in the volume before is not (a documented limit); a memfd
# is fileless. With containerd (runc with pivot_root, no seccomp filter:
# the main guest's chroot forbids user namespaces), a pid namespace of
# the attacker's own (unshare -rpf) does not move the start.
mkdir -p /tmp/vol && cp /usr/bin/noop /tmp/vol/pre
start_watch
docker run --name drift1 -v /tmp/vol:/vol kw/bb:1 /bin/sh -c "cp /usr/bin/noop /tmp/x && /tmp/x; /usr/bin/noop; chmod 755 /usr/local/bin/image-script && /usr/local/bin/image-script; cp /usr/bin/noop /vol/y && /vol/y; /vol/pre; fdexec memfd:payload /usr/bin/noop; echo drift-rc=\$?" >/tmp/drift.out 2>&1
ID1=$(docker inspect -f '{{.Id}}' drift1)
docker rm drift1 >/dev/null
IDN=$(hexid drift-nested)
ctr -n k8s.io run --rm docker.io/kw/bb:1 "$IDN" sh -c 'cp /usr/bin/noop /tmp/n && unshare -rpf /tmp/n; echo unshare-rc=$?' >>/tmp/drift.out 2>&1
stop_watch
window_check 5
check "docker: a copy, a chmod'ed image file, a file written to a volume; not what the host put there" \
	"new_executable drift x|new_executable drift image-script|new_executable drift y|fileless_exec fileless memfd:payload" \
	"$(events_for "$ID1" | jq -r '[.rule, .match.on, .match.name] | join(" ")' | tr '\n' '|' | sed 's/|$//')"
check "docker: the event's times, on overlayfs" true \
	"$(events_for "$ID1" | head -1 | jq '.match.file_ctime > .match.container_start')"
check "containerd: a pid namespace of its own, still new" "unshare-rc=0|new_executable n 2" \
	"$(grep -a unshare-rc /tmp/drift.out)|$(events_for "$IDN" | jq -r '.rule + " " + .match.name + " " + (.container.pidns_level | tostring)')"
check "the containers ran to the end" "drift-rc=0" "$(grep -a drift-rc /tmp/drift.out)"
