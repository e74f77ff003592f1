#!/usr/bin/env bash
# make ime-check: Chinese typed through a real input method reaches the
# database. Under Xvfb, with fcitx5's pinyin over XIM (XMODIFIERS=@im=fcitx),
# an officer (2001) logs in on a fresh demo database, opens a new survey and
# types "zhongguo" and a space into 企业名称; the draft saved in the database
# must read 中国. Run with LANG=C.UTF-8, with no locale variables at all, and
# with LANG=zh_CN.UTF-8 both missing and installed (built with localedef into
# a private LOCPATH, so the machine's locales stay as they are).
#
# There is no window manager: on a first start on this 1366×768 screen the
# window is sized to the screen at 0,0 (see make window-check), so the tabs
# and the button are clicked at fixed points.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-bin/branchdesk}
for b in Xvfb xdotool fcitx5 fcitx5-remote dbus-launch sqlite3 localedef "$BIN"; do
	command -v "$b" >/dev/null || { echo "ime-check: missing $b (make ime-check installs the packages)" >&2; exit 2; }
done

work=$(mktemp -d)
pids=()
cleanup() {
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	[ -n "${DBUS_SESSION_BUS_PID:-}" ] && kill "$DBUS_SESSION_BUS_PID" 2>/dev/null || true
	sleep 0.5 # fcitx5 may still be writing its config as it stops
	rm -rf "$work" 2>/dev/null || true
}
trap cleanup EXIT

# A private home: fcitx5 reads its profile from there.
export HOME=$work/home
mkdir -p "$HOME/.config/fcitx5"
cat >"$HOME/.config/fcitx5/profile" <<'PROFILE'
[Groups/0]
Name=Default
Default Layout=us
DefaultIM=pinyin

[Groups/0/Items/0]
Name=keyboard-us
Layout=

[Groups/0/Items/1]
Name=pinyin
Layout=

[GroupOrder]
0=Default
PROFILE

display=:$((500 + RANDOM % 400))
Xvfb "$display" -screen 0 1366x768x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
pids+=($!)
export DISPLAY=$display
for _ in $(seq 50); do xdotool getmouselocation >/dev/null 2>&1 && break; sleep 0.1; done

eval "$(dbus-launch --sh-syntax)"
fcitx5 -d >"$work/fcitx5.log" 2>&1
for _ in $(seq 100); do fcitx5-remote >/dev/null 2>&1 && break; sleep 0.1; done
fcitx5-remote >/dev/null || { echo "ime-check: fcitx5 did not start" >&2; cat "$work/fcitx5.log" >&2; exit 1; }
# The daemon answers on D-Bus before its XIM frontend and pinyin are loaded.
for _ in $(seq 100); do [ "$(fcitx5-remote -n 2>/dev/null)" = keyboard-us ] && break; sleep 0.1; done
sleep 2

# zh_CN.UTF-8 for the "installed" case, outside the system's locale archive.
mkdir -p "$work/locales"
localedef -i zh_CN -f UTF-8 "$work/locales/zh_CN.UTF-8" 2>/dev/null || true

click() { xdotool mousemove --sync "$1" "$2" click 1; sleep 0.8; }

# one LABEL ENV... : a fresh database, log in, new survey, type, read back.
one() {
	local label=$1; shift
	local db=$work/ime-$RANDOM.db log=$work/app.log
	env -u LANG -u LC_ALL -u LC_CTYPE -u LC_MESSAGES -u LANGUAGE "$@" XMODIFIERS=@im=fcitx \
		"$BIN" --db "$db" --demo >"$log" 2>&1 &
	local app=$!
	pids+=($app)
	local win
	win=$(timeout 30 xdotool search --sync --onlyvisible --name 'BranchDesk' | head -1) || {
		echo "ime-check: $label: no window" >&2; cat "$log" >&2; return 1; }
	sleep 3
	xdotool windowfocus --sync "$win" || true
	xdotool type --delay 100 2001; sleep 0.3; xdotool key Tab; sleep 0.5
	xdotool type --delay 100 pass2001; sleep 0.3; xdotool key Return
	sleep 2.5
	click 470 67    # 信贷服务, right after the counter's own tabs (its 调查表 tab opens first)
	click 60 147    # 新建调查表: the new draft's 企业名称 gets the focus
	sleep 1
	fcitx5-remote -o
	sleep 0.5
	xdotool type --delay 150 zhongguo
	sleep 0.5
	xdotool key space
	sleep 2
	local name
	name=$(sqlite3 "$db" "SELECT name FROM surveys ORDER BY rowid DESC LIMIT 1" 2>/dev/null || true)
	if [ "$name" = 中国 ]; then
		echo "ime-check: $label: 企业名称 = $name  OK"
	else
		echo "ime-check: $label: 企业名称 = '${name}', want 中国  FAILED" >&2
		[ -n "${IME_SHOT:-}" ] && command -v import >/dev/null && import -window root "$IME_SHOT"
		sed 's/^/  app: /' "$log" >&2
		echo "  fcitx5: input method $(fcitx5-remote -n 2>&1)" >&2
	fi
	fcitx5-remote -c >/dev/null 2>&1 || true
	kill "$app" 2>/dev/null || true
	wait "$app" 2>/dev/null || true
	[ "$name" = 中国 ]
}

# check runs a case, and once more if it failed: on a loaded machine
# xdotool can lose a keystroke of the login (seen: "200" for 2001); a
# real loss of Chinese commits fails both times.
check() {
	one "$@" && return
	echo "ime-check: $1: once more" >&2
	one "$@" || failed=1
}

failed=0
check "LANG=C.UTF-8" LANG=C.UTF-8
check "no locale variables"
check "LANG=zh_CN.UTF-8, not installed" LANG=zh_CN.UTF-8 LOCPATH="$work/none"
if [ -d "$work/locales/zh_CN.UTF-8" ]; then
	check "LANG=zh_CN.UTF-8, installed" LANG=zh_CN.UTF-8 LOCPATH="$work/locales"
else
	echo "ime-check: localedef could not build zh_CN.UTF-8 (Debian package locales); that case is skipped" >&2
fi
exit $failed
