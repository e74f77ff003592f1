package assets

import _ "embed"

// ZhHans overrides a few of Fyne's own Simplified Chinese words with the
// ones a bank's screens use (确定 for OK, 是/否 for Yes/No).
//
//go:embed translations/zh-Hans.json
var ZhHans []byte
