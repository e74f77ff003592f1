# BranchDesk: make run (try the app on demo data), make test (what CI runs).
# Targets that install packages need Debian and root (or sudo).

SHELL := /bin/bash
GO    ?= go
export PATH := $(PATH):/usr/local/go/bin

# Debian packages: X11/OpenGL headers and gcc for Fyne's cgo build,
# poppler-utils (pdftotext) and age for tests, CUPS with its PDF printer
# (storage/printer's test prints a receipt through lp and reads it back;
# it starts cupsd itself where none runs). The CJK font is embedded.
DEB_PACKAGES := libgl1-mesa-dev libx11-dev libxrandr-dev libxcursor-dev \
	libxinerama-dev libxi-dev libxxf86vm-dev libxkbcommon-dev pkg-config gcc \
	poppler-utils age postgresql cups printer-driver-cups-pdf
# make dist: the Windows program is cross-built with cgo by MinGW.
DIST_PACKAGES := gcc-mingw-w64-x86-64 xz-utils file
# make ime-check, window-check and startup: a virtual X display, an input method, xdotool,
# a window manager (openbox) for window-check.
X_PACKAGES := xvfb xdotool x11-utils fcitx5 fcitx5-chinese-addons dbus-x11 sqlite3 locales openbox

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# The packages whose tests run on a real store: make test runs them on
# SQLite, then again on a throwaway PostgreSQL (storage/storetest).
# The screen tests that put two or more counter PCs on one branch database.
PG_UI_TESTS = TwoCounters|AcrossTerminals|AcrossUsers|TestBranchClose$$|AtTwoPCs|WithdrawnByTeller
STORE_PKGS = ./storage/sqlstore ./domain/counter ./domain/finance ./storage/bundle

# Everything but the desktop app builds and tests without cgo.
NOCGO_PKGS = $$(CGO_ENABLED=0 $(GO) list -e ./... | grep -v '/cmd/branchdesk$$')

# The desktop program is built without Fyne's colour-emoji font: no
# screen of a bank counter shows emoji, and Fyne would read the 4 MB face
# again for every text style (README, 测试与性能, make startup).
APP_TAGS = no_emoji

TEST_TIMEOUT ?= 20m
BENCHTIME    ?= 1s
FUZZTIME     ?= 15s

.PHONY: deps build run run-branch stop-branch test bench fuzz crash dist ime-check window-check startup fonts clean

# $(call debs,PACKAGES): install those of the Debian packages that are missing.
define debs
	@if ! command -v dpkg >/dev/null; then \
		echo "不是 Debian 系统，请自行安装 (not Debian; install by hand): $(1)"; exit 0; \
	fi; \
	missing=""; \
	for p in $(1); do \
		dpkg -s "$$p" 2>/dev/null | grep -q '^Status: install ok installed' || missing="$$missing $$p"; \
	done; \
	if [ -z "$$missing" ]; then \
		echo "系统软件包已齐全 (Debian packages present)"; \
	else \
		echo "安装缺少的软件包 (installing):$$missing"; \
		$(SUDO) apt-get update && \
		$(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y $$missing; \
	fi
endef

deps:
	$(call debs,$(DEB_PACKAGES))

build:
	CGO_ENABLED=1 $(GO) build -tags $(APP_TAGS) -o bin/branchdesk ./cmd/branchdesk
	CGO_ENABLED=0 $(GO) build -o bin/bdctl ./cmd/bdctl
	CGO_ENABLED=0 $(GO) build -o bin/bdhq ./cmd/bdhq
	CGO_ENABLED=0 $(GO) build -o bin/pgdemo ./cmd/pgdemo

# demo.db stays in the repository directory (ignored by git). The program
# sets up its own locale: no LANG is forced on it.
run: deps build
	./bin/branchdesk --db demo.db --demo

# A branch server to try on this PC: a local PostgreSQL in BRANCH_PG (kept
# running between runs), the demo branch seeded once, and the app on it.
# Run it again in a second terminal, with another TERMINAL, for a second
# counter; make stop-branch stops the server and removes its files.
BRANCH_PG ?= /tmp/branchdesk-branch-pg
TERMINAL  ?= 0101-T01
run-branch: deps build
	set -e; url=$$(./bin/pgdemo start $(BRANCH_PG)); \
	./bin/bdctl --db "$$url" init --demo; \
	./bin/branchdesk --db "$$url" --terminal $(TERMINAL)

stop-branch:
	CGO_ENABLED=0 $(GO) run ./cmd/pgdemo stop $(BRANCH_PG)

test: deps
	export LANG=C.UTF-8; set -e; \
	$(GO) vet ./...; \
	CGO_ENABLED=0 $(GO) test -count=1 -timeout $(TEST_TIMEOUT) $(NOCGO_PKGS); \
	echo "== the store suites again, on PostgreSQL"; \
	BRANCHDESK_TEST_STORE=postgres CGO_ENABLED=0 $(GO) test -count=1 -timeout $(TEST_TIMEOUT) $(STORE_PKGS); \
	echo "== the screens of several counter PCs on one PostgreSQL branch database"; \
	BRANCHDESK_TEST_STORE=postgres CGO_ENABLED=0 $(GO) test -count=1 -timeout $(TEST_TIMEOUT) -run '$(PG_UI_TESTS)' ./ui; \
	echo "== cgo build of ./cmd/branchdesk"; \
	CGO_ENABLED=1 $(GO) build -tags $(APP_TAGS) -o /dev/null ./cmd/branchdesk

bench:
	export LANG=C.UTF-8; \
	CGO_ENABLED=0 $(GO) test -run '^$$' -bench . -benchmem -benchtime=$(BENCHTIME) $(NOCGO_PKGS)

# Each fuzz target runs FUZZTIME on its own: go test -fuzz takes one at a time.
# Minimizing a new input is bounded by FUZZMINIMIZE executions (go's default,
# 60s per input, let a bundle-sized input eat the whole run); each target's
# (those matching the FUZZ regexp) execution count is printed after it, and all of them at the end.
FUZZMINIMIZE ?= 200x
FUZZ         ?= .

fuzz:
	@export LANG=C.UTF-8; set -e; \
	log=$$(mktemp); trap 'rm -f "$$log"' EXIT; summary=""; \
	for f in $$(grep -rl --include='*_test.go' '^func Fuzz' --exclude-dir=.git .); do \
		dir=$$(dirname "$$f"); \
		for t in $$(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\)(.*/\1/p' "$$f"); do \
			echo "$$t" | grep -Eq '$(FUZZ)' || continue; \
			echo "== $$dir $$t"; \
			CGO_ENABLED=0 $(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime=$(FUZZTIME) \
				-fuzzminimizetime=$(FUZZMINIMIZE) "$$dir" 2>&1 | tee "$$log"; \
			status=$${PIPESTATUS[0]}; \
			execs=$$(sed -n 's/.*execs: \([0-9]*\).*/\1/p' "$$log" | tail -1); \
			line=$$(printf '%-28s %-22s %10s 次执行 (execs) in %s' "$$dir" "$$t" "$${execs:-0}" "$(FUZZTIME)"); \
			echo "== $$line"; summary="$$summary$$line"$$'\n'; \
			[ "$$status" = 0 ] || exit "$$status"; \
		done; \
	done; \
	echo "== 模糊测试执行次数 (fuzz executions)"; printf '%s' "$$summary"

# The crash trials (make test runs the PostgreSQL one with 5 kills): a
# child process posts in a loop and is killed with SIGKILL 20 times; after
# each kill the audit chain, every acknowledged posting and its legs (and
# on SQLite the file's integrity) are checked. SQLite's prints "N lost, M
# partial"; the second runs the counter program against a throwaway
# PostgreSQL branch server.
crash:
	export LANG=C.UTF-8; BRANCHDESK_CRASH=1 CGO_ENABLED=0 $(GO) test -v -count=1 -timeout 10m \
		-run '^TestCrashTrial$$' ./storage/sqlite
	export LANG=C.UTF-8; BRANCHDESK_CRASH=1 CGO_ENABLED=0 $(GO) test -v -count=1 -timeout 10m \
		-run '^TestKillCounterMidPosting$$' ./storage/postgres

# The Linux package and the Windows programs, into dist/ (scripts/dist.sh).
dist: deps
	$(call debs,$(DIST_PACKAGES))
	GO=$(GO) APP_TAGS=$(APP_TAGS) scripts/dist.sh

# Pinyin typed through fcitx5 reaches the database, under Xvfb.
ime-check: deps
	$(call debs,$(X_PACKAGES))
	CGO_ENABLED=1 $(GO) build -tags $(APP_TAGS) -o bin/branchdesk ./cmd/branchdesk
	BIN=bin/branchdesk scripts/ime-check.sh

# The window opens where it was closed (position, maximized, a monitor
# gone), under Xvfb.
window-check: deps
	$(call debs,$(X_PACKAGES))
	CGO_ENABLED=1 $(GO) build -tags $(APP_TAGS) -o bin/branchdesk ./cmd/branchdesk
	GO=$(GO) BIN=bin/branchdesk scripts/window-check.sh

# Time to the login window and memory after start, against a Fyne hello world;
# then login to the workspace, against the argon2id check alone.
startup: deps
	$(call debs,$(X_PACKAGES))
	GO=$(GO) APP_TAGS=$(APP_TAGS) scripts/startup.sh

# The screens' faces: the embedded TrueType faces' glyphs in CFF outlines
# (scripts/font-cff.py says why). The output is committed; run this only
# when the font changes. About seven minutes a face.
fonts:
	$(call debs,python3-fonttools python3-cffsubr)
	/usr/bin/python3 scripts/font-cff.py assets/fonts/LXGWWenKai-Regular.ttf assets/fonts/BranchDeskWenKai-Regular.otf
	/usr/bin/python3 scripts/font-cff.py assets/fonts/LXGWWenKai-Bold.ttf assets/fonts/BranchDeskWenKai-Bold.otf

clean:
	rm -rf bin dist
