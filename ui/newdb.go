package ui

import (
	"fmt"
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// AskNewDatabase asks, when there is no database at path (the first start
// on this machine, or a wrong --db), whether to make a new, empty one:
// 新建 runs create, 退出 quits. Nothing is made without the answer.
func AskNewDatabase(fa fyne.App, path string, create func()) {
	useCatalog(Language(fa))
	useTheme(fa)
	w := fa.NewWindow(tr(Title))
	msg := widget.NewLabel(fmt.Sprintf(tr("数据库 %s 不存在或为空。\n\n"), path) +
		tr("若这是本机第一次启动，可新建一个空数据库，之后由管理员用 bdctl init 登记网点和柜员；") +
		tr("只想试用的，请退出后以 --demo 启动示范数据。\n") +
		tr("若本应已有数据库，请退出，检查 --db 路径或从备份恢复。"))
	msg.Wrapping = fyne.TextWrapWord
	yes := widget.NewButtonWithIcon(tr("新建数据库"), theme.ConfirmIcon(), func() {
		create()
		w.Close() // after create showed its window: closing the last one would quit
	})
	quit := widget.NewButtonWithIcon(tr("退出"), theme.CancelIcon(), fa.Quit)
	w.SetContent(container.NewBorder(nil, container.NewCenter(container.NewHBox(quit, yes)), nil, nil, container.NewPadded(msg)))
	w.Resize(fyne.NewSize(560, 260))
	w.Show()
}
