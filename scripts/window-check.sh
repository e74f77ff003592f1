#!/usr/bin/env bash
# make window-check: the window opens where it was closed, for real, under
# Xvfb. Each start is on a demo database and a private HOME (Fyne keeps the
# window's place in its preferences there); the window is closed as a
# window manager's close button does (scripts/testdata/xwin sends
# WM_DELETE_WINDOW), so the program runs its own close path. Two monitors
# are one wide Xvfb screen split into RandR monitors (xwin monitors).
#
# There is no window manager: the position xdotool reports is the drawing
# area's, which is what the program stores and restores (ui/nativewin), and
# a maximize is done by sizing the window to the screen.
#
#   1. first start on 1920×1080: 1200×760, centred (360,160)
#   2. moved to 100,50 and closed: opens at 100,50
#   3. moved to 1500,900 (mostly off the screen): opens wholly on it, 720,320
#   4. two monitors side by side (RandR), moved onto the second one:
#      opens there; with that monitor gone: centred on the one left
#   5. first start on a 1366×768 screen: maximized, 1366×768 at 0,0
#
# Then, where openbox is installed, the same with a window manager: first
# start on 1366×768 maximized through _NET_WM_STATE, and maximized again
# after a close; on 1920×1080 a moved window reopens at the very spot (no
# drift by the title bar's height).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${BIN:-bin/branchdesk}
GO=${GO:-go}
for b in Xvfb xdotool "$BIN"; do
	command -v "$b" >/dev/null || { echo "window-check: missing $b (make window-check installs the packages)" >&2; exit 2; }
done

work=$(mktemp -d)
xpid= app= wm=
cleanup() {
	[ -n "$app" ] && kill "$app" 2>/dev/null
	[ -n "$wm" ] && kill "$wm" 2>/dev/null
	[ -n "$xpid" ] && kill "$xpid" 2>/dev/null
	[ -n "${DBUS_SESSION_BUS_PID:-}" ] && kill "$DBUS_SESSION_BUS_PID" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
CGO_ENABLED=1 $GO build -o "$work/xwin" ./scripts/testdata/xwin

export LANG=C.UTF-8
# screen ARGS...: a fresh X server with those screens, on a display no
# other server has (-displayfd: Xvfb takes a free one and writes its
# number once it accepts connections; a display picked at random could be
# another check's, which this script would then drive).
screen() {
	if [ -n "$xpid" ]; then
		kill "$xpid" 2>/dev/null || true
		wait "$xpid" 2>/dev/null || true
	fi
	: >"$work/display"
	Xvfb -displayfd 3 "$@" -nolisten tcp 3>"$work/display" >"$work/xvfb.log" 2>&1 &
	xpid=$!
	for _ in $(seq 100); do [ -s "$work/display" ] && break; sleep 0.1; done
	if ! [ -s "$work/display" ]; then
		echo "window-check: Xvfb did not start" >&2; cat "$work/xvfb.log" >&2; exit 1
	fi
	export DISPLAY=:$(head -1 "$work/display")
}

# home NAME: a private HOME, as a PC with nothing stored.
home() {
	export HOME=$work/$1
	mkdir -p "$HOME"
}

# start: the app on the demo database; win is its window.
start() {
	"$BIN" --db "$work/demo.db" --demo >"$work/app.log" 2>&1 &
	app=$!
	win=$(timeout 60 xdotool search --sync --onlyvisible --name 'BranchDesk' | head -1) || {
		echo "window-check: no window" >&2; cat "$work/app.log" >&2; exit 1; }
	sleep 1.5 # the move comes right after the window is mapped
}

# close: the close button's message; the app must save and exit. It is
# given 30 s, not a time a person would notice: this checks that it exits,
# on shared machines where a busy neighbour once made it take over 10 s.
# If it does not, its goroutines are dumped (SIGQUIT) to say where it is.
close() {
	"$work/xwin" close "$win"
	for _ in $(seq 300); do kill -0 "$app" 2>/dev/null || break; sleep 0.1; done
	if kill -0 "$app" 2>/dev/null; then
		echo "window-check: the app did not exit on WM_DELETE_WINDOW" >&2
		kill -QUIT "$app" 2>/dev/null; sleep 1
		tail -n 200 "$work/app.log" >&2
		exit 1
	fi
	wait "$app" 2>/dev/null || true
	app=
}

failed=0
# report WHAT GOT WANT: one check's line, with the app's log if it failed.
report() {
	if [ "$2" = "$3" ]; then
		echo "window-check: $1: $2  OK"
	else
		echo "window-check: $1: $2, want $3  FAILED" >&2
		sed 's/^/  app: /' "$work/app.log" >&2
		failed=1
	fi
}
# place: the window's top-left, as xdotool reports it.
place() { xdotool getwindowgeometry "$win" | sed -n 's/.*Position: \([-0-9]*,[-0-9]*\).*/\1/p'; }
# move X Y: the window moved there (no window manager: the server does it
# at once), and still there a second later, when it is closed.
move() {
	timeout 20 xdotool windowmove --sync "$win" "$1" "$2" || true
	sleep 1
	if [ "$(place)" != "$1,$2" ]; then
		echo "window-check: the window did not stay at $1,$2 (it is at $(place))" >&2; exit 1
	fi
}
# expect WHAT X,Y WxH: the window's place and size now.
expect() {
	report "$1" "$(place) $(xdotool getwindowgeometry "$win" | sed -n 's/.*Geometry: \([0-9]*x[0-9]*\).*/\1/p')" "$2 $3"
}

if command -v dbus-launch >/dev/null; then eval "$(dbus-launch --sh-syntax)"; fi

screen -screen 0 1920x1080x24
home pc1
start; expect "first start, 1920×1080" 360,160 1200x760
move 100 50; close
start; expect "moved to 100,50" 100,50 1200x760
move 1500 900; close
start; expect "moved mostly off the screen" 720,320 1200x760
close

screen -screen 0 2560x1024x24
"$work/xwin" monitors 1280 1024 1280 1024
home pc2
start; expect "first start, two monitors" 40,132 1200x760
move 1300 200; close
start; expect "on the second monitor" 1300,200 1200x760
close
screen -screen 0 1280x1024x24
start; expect "second monitor unplugged" 40,132 1200x760
close

screen -screen 0 1366x768x24
home pc3
start; expect "first start, 1366×768" 0,0 1366x768
close
start; expect "again, as it was closed" 0,0 1366x768
close

if ! command -v openbox >/dev/null; then
	echo "window-check: openbox is not installed; the checks with a window manager are skipped" >&2
	exit $failed
fi
# wm: openbox on the current screen, once it answers as an EWMH manager.
wm() {
	openbox --sm-disable >"$work/openbox.log" 2>&1 &
	wm=$!
	for _ in $(seq 50); do xprop -root _NET_SUPPORTING_WM_CHECK 2>/dev/null | grep -q 'window id' && break; sleep 0.1; done
}
# maximized WHAT yes|no: whether the window manager has the window maximized.
maximized() {
	local got=no
	xprop -id "$win" _NET_WM_STATE | grep -q 'MAXIMIZED_VERT.*MAXIMIZED_HORZ\|MAXIMIZED_HORZ.*MAXIMIZED_VERT' && got=yes
	report "$1" "maximized $got" "maximized $2"
}

screen -screen 0 1366x768x24; wm
home pc4
start; maximized "openbox, first start, 1366×768" yes
close
start; maximized "openbox, again, as it was closed" yes
close

screen -screen 0 1920x1080x24; wm
home pc5
start; maximized "openbox, first start, 1920×1080" no
timeout 20 xdotool windowmove "$win" 100 80 || true; sleep 1
was=$(place)
close
start; report "openbox, moved and reopened" "$(place)" "$was"
close
exit $failed
