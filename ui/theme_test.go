package ui

import (
	"bytes"
	"errors"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"branchdesk/assets"
)

// TestThemeFont: every text style, monospace too, is drawn in the CJK font.
func TestThemeFont(t *testing.T) {
	want, err := assets.FontBytes()
	if err != nil {
		t.Skipf("CJK font not installed: %v", err)
	}
	th := newTheme()
	for _, s := range []fyne.TextStyle{{}, {Bold: true}, {Italic: true}, {Monospace: true}} {
		if got := th.Font(s).Content(); !bytes.Equal(got, want) {
			t.Errorf("style %+v is not drawn in the CJK font", s)
		}
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
