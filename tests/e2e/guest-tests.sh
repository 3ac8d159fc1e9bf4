# shellcheck shell=sh disable=SC1091
# The main e2e guest: its features (features/*.sh), in order.
#
# The stock cloud kernels of both series run them all. The debug and rt
# kernels (KW_MAIN_FEATURES=kernel in /etc/kw-guest.env), where only the
# kernel's side differs from a cloud one and a guest costs most, leave
# out the features whose code is userland's or the shared lib's alone
# beyond what the others drive in the kernel, and which the unit tests
# and fuzz targets run under ASan and UBSan: naming containers from the
# runtimes' state (context), syslog, and the matching of more names, an
# own rule, a real toolchain's stages and per-rule actions (names,
# own-rule, toolchain, actions).
. /etc/kw-guest.env
all() { [ "${KW_MAIN_FEATURES:-all}" != all ] || echo "$@"; }
# shellcheck disable=SC2046 # the word lists split on purpose
exec sh /features.sh load detect layouts $(all context names) attacker \
	$(all toolchain own-rule) policy exceptions workloads $(all actions) \
	enforce privileges evasion $(all syslog) reload burst unload
