# custkit — build, test, install.  See README.md.
#
#   make            build bin/ (release)
#   make check      unit tests, CLI tests, man page lint, then all again under ASan+UBSan
#   make coverage   the release suite on an instrumented build; which lines of
#                   lib/ and cmd/ no test reaches (build/coverage/index.html)
#   make demo       run the example pipeline over examples/
#   make bench      generate large inputs and time custkit against other tools
#   make fuzz       build the libFuzzer harnesses (clang)
#   make install    PREFIX=/usr/local DESTDIR=

VERSION  := 0.1.0
PREFIX   ?= /usr/local
BINDIR   ?= $(PREFIX)/bin
MANDIR   ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
ZSHCOMPDIR  ?= $(PREFIX)/share/zsh/site-functions

CC       ?= cc
OPT      ?= -O2 -g
WERROR   ?= -Werror
PKGS     := jansson libutf8proc libpcre2-8 libzip expat freexl xlsxwriter
CPPFLAGS += -Ilib -DCUST_VERSION='"$(VERSION)"' -D_GNU_SOURCE $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
CFLAGS   += -pthread -std=c17 -Wall -Wextra -Wpedantic $(WERROR) $(OPT)
LDLIBS   += -pthread -lcsv $(shell pkg-config --libs $(PKGS) 2>/dev/null || echo -ljansson -lutf8proc -lpcre2-8 -lzip -lexpat -lfreexl -lxlsxwriter) -lm

# One build tree per flavour so the sanitizer build never mixes with release.
FLAVOUR  ?= release
B        := build/$(FLAVOUR)
ifeq ($(FLAVOUR),asan)
  OPT     = -O1 -g -fno-omit-frame-pointer
  CFLAGS += -fsanitize=address,undefined -fno-sanitize-recover=undefined
  LDFLAGS += -fsanitize=address,undefined
  BIN    := $(B)/bin
else ifeq ($(FLAVOUR),coverage)
  OPT     = -O0 -g --coverage
  LDFLAGS += --coverage
  BIN    := $(B)/bin
else
  BIN    := bin
endif

LIB_SRC  := $(sort $(wildcard lib/*.c))
LIB_OBJ  := $(LIB_SRC:lib/%.c=$(B)/lib/%.o)
CMD_SRC  := $(sort $(wildcard cmd/*.c))
PROGS    := $(CMD_SRC:cmd/%.c=$(BIN)/%)
UNIT_SRC := $(sort $(wildcard tests/unit/test_*.c))
UNITS    := $(UNIT_SRC:tests/unit/%.c=$(B)/tests/%)
DEPS_OK  := build/.deps-ok
# Written from the programs' option tables; completions/ holds a copy that
# a test checks (make completions updates it).
COMPLETIONS := $(B)/completions/custkit.bash $(B)/completions/_custkit

.PHONY: all check test unit cli lint asan-check coverage demo bench fuzz install uninstall clean deps completions
.DELETE_ON_ERROR:

all: $(DEPS_OK) $(PROGS) $(COMPLETIONS)

$(DEPS_OK): scripts/deps
	@sh scripts/deps build
	@mkdir -p build && touch $@

$(B)/lib/%.o: lib/%.c | $(DEPS_OK)
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) -MMD -MP -c -o $@ $<

$(B)/libcust.a: $(LIB_OBJ)
	rm -f $@ && ar rcs $@ $^

$(BIN)/%: cmd/%.c $(B)/libcust.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -MMD -MP -MF $(B)/$*.d -o $@ $< $(B)/libcust.a $(LDLIBS)

$(B)/tests/%: tests/unit/%.c $(B)/libcust.a
	@mkdir -p $(@D)
	$(CC) $(CPPFLAGS) $(CFLAGS) $(LDFLAGS) -MMD -MP -o $@ $< $(B)/libcust.a $(LDLIBS) -lcmocka

$(B)/completions/custkit.bash: scripts/completions $(PROGS)
	@mkdir -p $(@D)
	sh scripts/completions bash $(BIN) >$@

$(B)/completions/_custkit: scripts/completions $(PROGS)
	@mkdir -p $(@D)
	sh scripts/completions zsh $(BIN) >$@

completions: $(COMPLETIONS)
	cp $(COMPLETIONS) completions/

-include $(LIB_OBJ:.o=.d) $(wildcard $(B)/*.d $(B)/tests/*.d)

# --- tests ----------------------------------------------------------------

# The release build runs the programs with their parsing thread, the
# sanitizer build without it (CUSTKIT_THREADS=1): both ways are tested.
check: $(DEPS_OK)
	@sh scripts/deps check
	@$(MAKE) --no-print-directory test
	@CUSTKIT_THREADS=1 $(MAKE) --no-print-directory FLAVOUR=asan test

test: all $(UNITS)
	@sh tests/run-all "$(BIN)" "$(B)/tests" $(FLAVOUR)

# Optional: gcovr is installed on demand (scripts/deps coverage), not by
# make check.  The report is written even when a test fails; the target
# still fails then.
coverage: $(DEPS_OK)
	@sh scripts/deps coverage
	@find build/coverage -name '*.gcda' -delete 2>/dev/null; true
	@status=0; $(MAKE) --no-print-directory FLAVOUR=coverage test || status=$$?; \
	gcovr --root . --filter 'lib/' --filter 'cmd/' --object-directory build/coverage \
	    --txt build/coverage/coverage.txt --html-details build/coverage/index.html \
	    --print-summary build/coverage >/dev/null && \
	sed -n '/^-*$$/,$$p' build/coverage/coverage.txt | tail -n 4; \
	echo "coverage: build/coverage/coverage.txt, build/coverage/index.html"; exit $$status

unit: $(UNITS)
	@for t in $(UNITS); do $$t || exit 1; done

cli: all
	@sh tests/cli/run "$(BIN)"

lint:
	@for m in man/*.[0-9]; do mandoc -Tlint -W warning $$m || exit 1; done

# --- demo, bench, fuzz ----------------------------------------------------

demo: all
	@sh examples/demo.sh "$(CURDIR)/bin"

bench: all
	@$(MAKE) -C bench CUSTBIN="$(CURDIR)/bin"
	@sh bench/run "$(CURDIR)/bin"

fuzz: $(DEPS_OK)
	@$(MAKE) -f tests/fuzz/Makefile

# --- install --------------------------------------------------------------

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5 $(DESTDIR)$(MANDIR)/man7 \
	    $(DESTDIR)$(BASHCOMPDIR) $(DESTDIR)$(ZSHCOMPDIR)
	install -m 755 $(PROGS) $(DESTDIR)$(BINDIR)
	install -m 644 $(wildcard man/*.1) $(DESTDIR)$(MANDIR)/man1
	install -m 644 $(wildcard man/*.5) $(DESTDIR)$(MANDIR)/man5
	install -m 644 $(wildcard man/*.7) $(DESTDIR)$(MANDIR)/man7
	for p in $(notdir $(PROGS)); do install -m 644 $(B)/completions/custkit.bash $(DESTDIR)$(BASHCOMPDIR)/$$p; done
	install -m 644 $(B)/completions/_custkit $(DESTDIR)$(ZSHCOMPDIR)/_custkit

uninstall:
	rm -f $(addprefix $(DESTDIR)$(BINDIR)/,$(notdir $(PROGS)))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man1/,$(notdir $(wildcard man/*.1)))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man5/,$(notdir $(wildcard man/*.5)))
	rm -f $(addprefix $(DESTDIR)$(MANDIR)/man7/,$(notdir $(wildcard man/*.7)))
	rm -f $(addprefix $(DESTDIR)$(BASHCOMPDIR)/,$(notdir $(PROGS)))
	rm -f $(DESTDIR)$(ZSHCOMPDIR)/_custkit

clean:
	rm -rf build bin
