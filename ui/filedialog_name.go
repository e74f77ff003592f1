package ui

import (
	"errors"
	"strings"
)

// windowsReserved are the device names Windows will not take as a file
// name, with or without an extension.
var windowsReserved = map[string]bool{"CON": true, "PRN": true, "AUX": true, "NUL": true,
	"COM1": true, "COM2": true, "COM3": true, "COM4": true, "COM5": true, "COM6": true, "COM7": true, "COM8": true, "COM9": true,
	"LPT1": true, "LPT2": true, "LPT3": true, "LPT4": true, "LPT5": true, "LPT6": true, "LPT7": true, "LPT8": true, "LPT9": true}

// checkFileName refuses a name the save dialog cannot use on either
// system the branches run: empty, a path (/ or \), a character Windows
// forbids (< > : " | ? * or a control character), a trailing dot or
// space, or a device name (CON, NUL …). A file goes in the folder shown.
func checkFileName(name string) error {
	switch {
	case strings.TrimSpace(name) == "":
		return errors.New(tr("请输入文件名"))
	case strings.ContainsAny(name, `/\`):
		return errors.New(tr("文件名不能含有 / 或 \\：请在左边或列表中选择文件夹，这里只写文件名"))
	case strings.ContainsAny(name, `<>:"|?*`):
		return errors.New(tr(`文件名不能含有以下字符：< > : " | ? *`))
	case strings.ContainsFunc(name, func(r rune) bool { return r < 32 || r == 127 }):
		return errors.New(tr("文件名不能含有控制字符"))
	case name == "." || name == "..":
		return errors.New(tr("请输入文件名"))
	case strings.HasSuffix(name, ".") || strings.HasSuffix(name, " "):
		return errors.New(tr("文件名不能以句点或空格结尾"))
	}
	base, _, _ := strings.Cut(name, ".")
	if windowsReserved[strings.ToUpper(strings.TrimSpace(base))] {
		return errors.New(tr("这是系统保留的设备名，不能用作文件名，请换一个"))
	}
	return nil
}
