#!/usr/bin/env bash
# Checks what make dist built: the Linux package holds the program, its
# .desktop file and icon; branchdesk.exe is a Windows GUI program (no console
# window) with an icon, a version resource and a manifest; the tools exist for
# both systems.
set -euo pipefail
dist=${1:-dist}
fail() { echo "dist-check: $*" >&2; exit 1; }

tarball=$(ls "$dist"/linux/branchdesk-*-linux-amd64.tar.xz)
list=$(tar tJf "$tarball")
for f in usr/local/bin/branchdesk usr/local/share/applications/cn.branchdesk.counter.desktop \
	usr/local/share/pixmaps/cn.branchdesk.counter.png Makefile; do
	grep -q "/$f\$" <<<"$list" || fail "$tarball lacks $f"
done
desktop=$(tar xJf "$tarball" --wildcards -O '*/cn.branchdesk.counter.desktop')
for line in 'Icon=cn.branchdesk.counter' 'Categories=Office;Finance;' 'Comment=银行网点柜面业务终端'; do
	grep -q "^$line" <<<"$desktop" || fail ".desktop lacks $line"
done

exe=$dist/windows/branchdesk.exe
pe=$(x86_64-w64-mingw32-objdump -p "$exe")
grep -Eq '^Subsystem[[:space:]]+00000002' <<<"$pe" || fail "$exe is not a GUI (windowsgui) program: $(grep Subsystem <<<"$pe")"
# The resource directory's types: 03 icon, 0e icon group, 10 version, 18 manifest.
types=$(sed -n '/The .rsrc Resource Directory section/,$p' <<<"$pe" | sed -n 's/^[0-9a-f]\{3\}   Entry: ID: 0x0000\(..\),.*/\1/p')
for t in 03 0e 10 18; do
	grep -qx "$t" <<<"$types" || fail "$exe has no resource of type 0x$t (03 icon, 0e icon group, 10 version, 18 manifest)"
done
# Built with APP_TAGS=no_emoji: Fyne's colour-emoji face is not inside.
program=$(mktemp)
trap 'rm -f "$program"' EXIT
tar xJf "$tarball" --wildcards -O '*/usr/local/bin/branchdesk' >"$program"
[ -s "$program" ] || fail "$tarball: no program to look into"
! grep -aq EmojiOneColor "$program" || fail "the Linux program carries Fyne's emoji font (built without -tags no_emoji)"
! grep -aq EmojiOneColor "$exe" || fail "$exe carries Fyne's emoji font (built without -tags no_emoji)"
for f in linux/bdctl linux/bdhq windows/bdctl.exe windows/bdhq.exe; do
	[ -x "$dist/$f" ] || fail "missing $dist/$f"
done
file "$dist"/windows/*.exe "$dist"/linux/bdctl "$dist"/linux/bdhq
echo "dist-check: OK ($(du -sh "$dist" | cut -f1))"
