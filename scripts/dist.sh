#!/usr/bin/env bash
# make dist: the packages for the branch PCs, into dist/.
#   dist/linux/branchdesk-VERSION-linux-amd64.tar.xz   fyne package: program, .desktop, icon, Makefile
#   dist/linux/bdctl, bdhq
#   dist/windows/branchdesk.exe   GUI program (no console) with icon, version resource, manifest
#   dist/windows/bdctl.exe, bdhq.exe
# The Windows program needs cgo: Debian's gcc-mingw-w64 cross-compiles it.
set -euo pipefail
cd "$(dirname "$0")/.."
GO=${GO:-go}
FYNE_TOOL=${FYNE_TOOL:-v1.7.4}
WINDOWS_CC=${WINDOWS_CC:-x86_64-w64-mingw32-gcc}
APP_TAGS=${APP_TAGS:-no_emoji}
fyne=$($GO env GOPATH)/bin/fyne
src=$PWD/cmd/branchdesk
version=$(sed -n 's/^ *Version *= *"\(.*\)"/\1/p' "$src/FyneApp.toml")

command -v "$WINDOWS_CC" >/dev/null || { echo "缺少 $WINDOWS_CC：apt-get install gcc-mingw-w64-x86-64" >&2; exit 1; }
if ! grep -q "cli version: $FYNE_TOOL\$" <<<"$("$fyne" version 2>&1 || true)"; then
	echo "== go install fyne.io/tools/cmd/fyne@$FYNE_TOOL"
	$GO install "fyne.io/tools/cmd/fyne@$FYNE_TOOL"
fi
# fyne package writes fyne.syso and fyne_metadata_init.go beside main.go
# while it builds; never leave them behind for a later go build.
trap 'rm -f "$src/fyne.syso" "$src/fyne_metadata_init.go" "$src/BranchDesk.exe" "$src/branchdesk.exe"' EXIT

rm -rf dist
mkdir -p dist/linux dist/windows
echo "== Linux package (fyne package -os linux)"
(cd dist/linux && "$fyne" package -os linux --release --tags "$APP_TAGS" --src "$src")
mv dist/linux/BranchDesk.tar.xz "dist/linux/branchdesk-$version-linux-amd64.tar.xz"

echo "== Windows program (fyne package -os windows, CC=$WINDOWS_CC)"
CC=$WINDOWS_CC GOOS=windows GOARCH=amd64 "$fyne" package -os windows --release --tags "$APP_TAGS" --src "$src"
mv "$src/BranchDesk.exe" dist/windows/branchdesk.exe

echo "== bdctl, bdhq"
for os in linux windows; do
	ext=; [ $os = windows ] && ext=.exe
	for tool in bdctl bdhq; do
		CGO_ENABLED=0 GOOS=$os GOARCH=amd64 $GO build -trimpath -ldflags "-s -w" -o "dist/$os/$tool$ext" "./cmd/$tool"
	done
	cp assets/fonts/OFL.txt "dist/$os/OFL-LXGW-WenKai.txt"
done
scripts/dist-check.sh dist
