# make install / uninstall honour PREFIX and DESTDIR.

t "make install stages programs, man pages and completions under DESTDIR"
run make -s -C "$ROOT" install PREFIX=/usr DESTDIR="$PWD/stage"
expect_status 0
for f in usr/bin/cust usr/bin/cust-validate usr/share/man/man1/cust-validate.1 \
    usr/share/man/man1/cust.1 usr/share/man/man5/custkit-schema.5 usr/share/man/man7/cust.7 \
    usr/bin/cust-segment usr/share/man/man1/cust-segment.1 usr/share/man/man5/custkit-segment.5 \
    usr/share/bash-completion/completions/cust-segment \
    usr/share/bash-completion/completions/cust-validate usr/share/zsh/site-functions/_custkit; do
	check "installed $f" test -f "stage/$f"
done
run stage/usr/bin/cust validate --version
expect_status 0
expect_out_has "cust-validate (custkit)"
run mandoc -Tascii stage/usr/share/man/man1/cust-validate.1
check "the man page renders" grep -q "check customer records" "$T_OUT"

t "make uninstall removes them"
run make -s -C "$ROOT" uninstall PREFIX=/usr DESTDIR="$PWD/stage"
expect_status 0
check "no programs left" test -z "$(find stage -type f)"
