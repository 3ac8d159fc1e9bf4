# kwarden: top-level build, test, demo and benchmark entry points.
VERSION := $(shell cat VERSION)
KDIR ?= /lib/modules/$(shell uname -r)/build
# Kernels the e2e suite and benchmarks run on (Debian 6.1 and 6.12 cloud).
KVERS ?= $(shell scripts/kernels.sh 2>/dev/null)
BUILD := $(CURDIR)/build

.PHONY: all module cli modules deps unit lint e2e check demo bench clean

all: module cli

# The module for the kernel given by KDIR (default: the running one).
module:
	$(MAKE) -C $(KDIR) M=$(CURDIR)/kmod KWARDEN_VERSION=$(VERSION) modules

cli:
	$(MAKE) -C userland VERSION=$(VERSION)

# The module for every test kernel, each in its own copy of the sources so
# the builds do not share objects.
modules:
	@set -e; for k in $(KVERS); do \
		rm -rf $(BUILD)/$$k; mkdir -p $(BUILD)/$$k; \
		cp -r kmod include VERSION $(BUILD)/$$k/; \
		$(MAKE) -C /usr/src/linux-headers-$$k M=$(BUILD)/$$k/kmod \
			KWARDEN_VERSION=$(VERSION) W=1 modules 2>&1 | tee $(BUILD)/$$k/build.log; \
		test -f $(BUILD)/$$k/kmod/kwarden.ko; \
		if grep -q 'warning:' $(BUILD)/$$k/build.log; then \
			echo "module build for $$k has warnings"; exit 1; fi; \
	done

deps:
	scripts/deps.sh

unit:
	$(MAKE) -C tests/unit clean check

# checkpatch --strict and sparse over kmod/ for every test kernel.
lint:
	scripts/lint.sh

e2e: modules cli
	tests/e2e/run.sh $(KVERS)

check: deps
	$(MAKE) unit
	$(MAKE) lint
	$(MAKE) e2e

demo: deps
	$(MAKE) modules cli
	tests/e2e/demo.sh $(firstword $(KVERS))

bench: deps
	$(MAKE) modules cli
	tests/e2e/bench.sh $(KVERS)

clean:
	rm -rf $(BUILD)
	-$(MAKE) -C $(KDIR) M=$(CURDIR)/kmod clean 2>/dev/null
	$(MAKE) -C userland clean
	$(MAKE) -C tests/unit clean
