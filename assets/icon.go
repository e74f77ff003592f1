package assets

import _ "embed"

// Icon is BranchDesk's app icon, 512×512 PNG: the window's icon, and the
// one fyne package puts into the Linux package and the Windows program.
//
//go:generate go run icon_gen.go
//go:embed icon.png
var Icon []byte
