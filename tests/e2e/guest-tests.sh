# shellcheck shell=sh
# The main e2e guest: its features (features/*.sh), in order.
exec sh /features.sh load detect layouts context names attacker toolchain own-rule policy exceptions workloads \
	actions enforce privileges evasion syslog reload burst unload
