# shellcheck shell=sh
# The fuzz guest: genlfuzz and the module's life cycle under load.
exec sh /features.sh fuzz
