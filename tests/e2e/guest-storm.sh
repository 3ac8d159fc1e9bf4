# shellcheck shell=sh
# The storm guest (four CPUs): policy swaps during an exec storm.
exec sh /features.sh storm
