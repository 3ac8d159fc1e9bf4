# kwarden: top-level build, test, demo and benchmark entry points.
VERSION := $(shell cat VERSION)
KDIR ?= /lib/modules/$(shell uname -r)/build
# Kernels the e2e suite and benchmarks run on (Debian 6.1 and 6.12 cloud),
# and the generic and PREEMPT_RT flavours of both series, which the e2e
# suite runs on too: the generic ones the main guest, the rt ones both.
KVERS ?= $(shell scripts/kernels.sh cloud 2>/dev/null)
KVERS_GENERIC ?= $(shell scripts/kernels.sh generic 2>/dev/null)
KVERS_RT ?= $(shell scripts/kernels.sh rt 2>/dev/null)
KVERS_ALL := $(KVERS) $(KVERS_GENERIC) $(KVERS_RT)
BUILD := $(CURDIR)/build
comma := ,

PREFIX ?= /usr/local
DESTDIR ?=
DKMS_SRC := /usr/src/kwarden-$(VERSION)
# Kernels `make dkms-install` builds for: the running one unless told.
DKMS_KVERS ?= $(shell uname -r)

.PHONY: all module cli modules deps unit lint e2e e2e-debug e2e-extra check demo bench clean \
	install install-test fuzz uninstall dkms-src dkms-build dkms-install dkms-uninstall sign

all: module cli

# The module for the kernel given by KDIR (default: the running one).
module:
	@test -f $(KDIR)/Makefile || { echo "kwarden: no kernel headers in $(KDIR): install linux-headers-$(shell uname -r) (Debian/Ubuntu) or kernel-devel-$(shell uname -r) (RHEL family), or set KDIR=" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR)/kmod KWARDEN_VERSION=$(VERSION) modules

cli:
	$(MAKE) -C userland VERSION=$(VERSION)

# The module for every test kernel, each in its own copy of the sources so
# the builds do not share objects.
modules:
	@set -e; for k in $(KVERS_ALL); do \
		rm -rf $(BUILD)/$$k/kmod $(BUILD)/$$k/include; mkdir -p $(BUILD)/$$k; \
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

# Debug kernels built from Debian's 6.1 and 6.12 sources (tinyconfig +
# tests/e2e/debug.config: KASAN, UBSAN, lockdep, kmemleak, ...), cached in
# /var/cache/kwarden/kernels, and the guests each gets.
E2E_DEBUG := debug-6.1 debug-6.12

# The e2e suite: the debug kernels (all three guests), and the stock ones
# loading the module DKMS built for each: cloud and rt the main and storm
# guests, cloud the real-runtime guest (docker, containerd, podman). The fuzz guest runs where a bad access shows, on the debug
# kernels. `make e2e-extra` has what does not fit in CI's 90 minutes beside
# the rest (a fresh-clone check took 76 minutes with it all but these):
# the fuzz guest on the stock cloud kernels at full volume (85,000
# messages, 50 insmod/rmmod cycles), and the main guest on the generic
# kernels, whose module `check` still builds with kbuild and DKMS.
E2E_RUN = KWARDEN_DKMS=$(VERSION) tests/e2e/run.sh $(E2E_DEBUG) \
	$(addsuffix :main$(comma)storm$(comma)runtimes,$(KVERS)) \
	$(addsuffix :main$(comma)storm,$(KVERS_RT))
e2e: modules cli dkms-build
	$(E2E_RUN)

# The debug kernels alone.
e2e-debug: deps cli
	tests/e2e/run.sh $(E2E_DEBUG)

# What `check` leaves out: the fuzz guest on the stock cloud kernels, the
# main guest on the generic ones.
e2e-extra: deps modules cli dkms-build
	KWARDEN_DKMS=$(VERSION) tests/e2e/run.sh $(addsuffix :fuzz,$(KVERS)) \
		$(addsuffix :main,$(KVERS_GENERIC))

install-test: modules cli
	tests/install-test.sh

# libFuzzer on the policy parser: FUZZ_TIME seconds (default 60).
fuzz:
	$(MAKE) -C tests/fuzz fuzz

# The debug kernels take the longest: they start building (or come from
# the cache) at once, behind the other steps; the e2e suite waits for them.
check: deps
	mkdir -p $(BUILD)
	(for s in $(E2E_DEBUG:debug-%=%); do scripts/debug-kernel.sh $$s; done) \
		>$(BUILD)/debug-kernels.log 2>&1 &
	$(MAKE) unit
	$(MAKE) -C tests/fuzz smoke
	$(MAKE) lint
	@# the modules and the CLI once, for the install test and the e2e suite
	$(MAKE) modules cli dkms-build
	tests/install-test.sh
	$(E2E_RUN)

demo: deps
	$(MAKE) modules cli
	tests/e2e/demo.sh $(firstword $(KVERS))

bench: deps
	$(MAKE) modules cli
	tests/e2e/bench.sh $(KVERS)

install: cli
	install -D -m 0755 userland/kwarden $(DESTDIR)$(PREFIX)/bin/kwarden
	install -D -m 0644 userland/kwarden.8 $(DESTDIR)$(PREFIX)/share/man/man8/kwarden.8
	install -d $(DESTDIR)/usr/lib/systemd/system
	install -D -m 0644 dist/policy.conf $(DESTDIR)$(PREFIX)/share/kwarden/policy.conf
	@# the operator's policy is never overwritten; the default stays beside it
	test -e $(DESTDIR)/etc/kwarden/policy.conf || \
		install -D -m 0644 dist/policy.conf $(DESTDIR)/etc/kwarden/policy.conf
	sed 's|/usr/local/bin/kwarden|$(PREFIX)/bin/kwarden|' dist/kwarden.service \
		> $(DESTDIR)/usr/lib/systemd/system/kwarden.service
	install -D -m 0644 dist/modules-load.conf $(DESTDIR)/etc/modules-load.d/kwarden.conf
	@# an operator's edited modprobe options are never overwritten
	test -e $(DESTDIR)/etc/modprobe.d/kwarden.conf || \
		install -D -m 0644 dist/modprobe.conf $(DESTDIR)/etc/modprobe.d/kwarden.conf

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/kwarden $(DESTDIR)$(PREFIX)/share/man/man8/kwarden.8 \
		$(DESTDIR)/usr/lib/systemd/system/kwarden.service \
		$(DESTDIR)/etc/modules-load.d/kwarden.conf \
		$(DESTDIR)$(PREFIX)/share/kwarden/policy.conf
	@# like a package's conffiles, /etc/kwarden/policy.conf stays

# DKMS: sources in /usr/src/kwarden-<version>, version from ./VERSION.
dkms-src:
	rm -rf $(DKMS_SRC)
	mkdir -p $(DKMS_SRC)
	cp -r kmod include VERSION $(DKMS_SRC)/
	sed 's/@VERSION@/$(VERSION)/' dkms.conf > $(DKMS_SRC)/dkms.conf
	dkms status -m kwarden -v $(VERSION) | grep -q kwarden || dkms add -m kwarden -v $(VERSION)

# Builds through DKMS for every test kernel (CI cannot load modules).
dkms-build: dkms-src
	@set -e; for k in $(KVERS_ALL); do dkms build --force -m kwarden -v $(VERSION) -k $$k; done

dkms-install: dkms-src
	@set -e; for k in $(DKMS_KVERS); do \
		dkms build -m kwarden -v $(VERSION) -k $$k; \
		dkms install --force -m kwarden -v $(VERSION) -k $$k; done

dkms-uninstall:
	-dkms remove -m kwarden -v $(VERSION) --all
	rm -rf $(DKMS_SRC)

# Signs kmod/kwarden.ko for Secure Boot: SIGN_KEY and SIGN_CERT default to
# DKMS's MOK pair (enrol it with `mokutil --import /var/lib/dkms/mok.pub`).
SIGN_KEY ?= /var/lib/dkms/mok.key
SIGN_CERT ?= /var/lib/dkms/mok.pub
sign:
	scripts/sign.sh $(SIGN_KEY) $(SIGN_CERT) $(or $(KO),kmod/kwarden.ko) $(KDIR)

clean:
	rm -rf $(BUILD)
	-$(MAKE) -C $(KDIR) M=$(CURDIR)/kmod clean 2>/dev/null
	$(MAKE) -C userland clean
	$(MAKE) -C tests/unit clean
	$(MAKE) -C tests/fuzz clean
