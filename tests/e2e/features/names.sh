# shellcheck shell=sh
# The broader default policy: more compilers and clients by name, java
# only when it compiles in-process, generic clients only when an argument
# names a runtime's socket or the pod's service account.
start_watch
ID=$(hexid names)
# one line: ctr_run passes its arguments to the config by lines
ctr_run names "/docker/$ID" -- sh -c '/usr/bin/llc-14 -O2 x.ll; /usr/bin/istioctl proxy-status; /usr/bin/java Exploit.java; /usr/bin/java -m jdk.compiler/com.sun.tools.javac.Main X.java; /usr/bin/java -jar app.jar; /usr/bin/curl --unix-socket /var/run/docker.sock http://d/containers/json; /usr/bin/curl --cacert /var/run/secrets/kubernetes.io/serviceaccount/ca.crt https://kubernetes.default.svc/api; /usr/bin/curl -fsS http://localhost:8080/healthz; /usr/bin/python3.11 -c "import socket" /run/containerd/containerd.sock; /usr/bin/python3.11 manage.py runserver; /usr/bin/llvm-symbolizer --obj=x 0x1'
stop_watch
window_check 7

E=$(events_for "$ID" | jq -r '[.rule, (.process.argv | join(" "))] | join(": ")')
has() { echo "$E" | grep -qxF "$1" && echo yes || echo no; }
check "llc, by its versioned name" yes "$(has "compiler: /usr/bin/llc-14 -O2 x.ll")"
check "istioctl" yes "$(has "container_mgmt: /usr/bin/istioctl proxy-status")"
check "java with a source file" yes "$(has "compiler: /usr/bin/java Exploit.java")"
check "java with javac's module" yes "$(has "compiler: /usr/bin/java -m jdk.compiler/com.sun.tools.javac.Main X.java")"
check "java -jar: nothing" no "$(has "compiler: /usr/bin/java -jar app.jar")"
check "curl to docker's socket" yes "$(has "container_mgmt: /usr/bin/curl --unix-socket /var/run/docker.sock http://d/containers/json")"
check "curl with the service account's CA" yes "$(has "container_mgmt: /usr/bin/curl --cacert /var/run/secrets/kubernetes.io/serviceaccount/ca.crt https://kubernetes.default.svc/api")"
check "python to containerd's socket" yes "$(has "container_mgmt: /usr/bin/python3.11 -c import socket /run/containerd/containerd.sock")"
check "curl to a health check, python runserver, llvm-symbolizer: nothing" 7 "$(echo "$E" | wc -l | tr -d ' ')"
