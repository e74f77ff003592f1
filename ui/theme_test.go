package ui

import (
	"bytes"
	"errors"
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"branchdesk/assets"
)

// TestThemeFont: every text style, monospace too, is drawn in the CJK
// font carried by the program, bold ones in its bold face.
func TestThemeFont(t *testing.T) {
	if os.Getenv(assets.FontEnv) != "" {
		t.Skipf("%s is set", assets.FontEnv)
	}
	f := assets.Embedded()
	th := NewTheme()
	for _, c := range []struct {
		style fyne.TextStyle
		want  []byte
	}{
		{fyne.TextStyle{}, f.Regular},
		{fyne.TextStyle{Italic: true}, f.Regular},
		{fyne.TextStyle{Monospace: true}, f.Regular},
		{fyne.TextStyle{Bold: true}, f.Bold},
		{fyne.TextStyle{Bold: true, Italic: true}, f.Bold},
	} {
		if got := th.Font(c.style).Content(); !bytes.Equal(got, c.want) {
			t.Errorf("style %+v is not drawn in the right face of the CJK font", c.style)
		}
	}
	if bytes.Equal(f.Regular, f.Bold) {
		t.Error("the bold face is the regular one")
	}
}

// TestStartupError: a database the program cannot open is explained in a window.
func TestStartupError(t *testing.T) {
	fa := test.NewTempApp(t)
	ShowStartupError(fa, errors.New("数据库版本高于本程序，请升级 BranchDesk 后再打开"))
	found := false
	for _, w := range fa.Driver().AllWindows() {
		for _, o := range test.LaidOutObjects(w.Content()) {
			if l, ok := o.(*widget.Label); ok && strings.Contains(l.Text, "请升级 BranchDesk") {
				found = true
			}
		}
	}
	if !found {
		t.Fatal("the window does not show the error")
	}
}
