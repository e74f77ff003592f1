package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// buttonIn finds the button whose text starts with text in w.
func buttonIn(t *testing.T, w fyne.Window, text string) *widget.Button {
	t.Helper()
	for _, o := range test.LaidOutObjects(w.Content()) {
		if b, ok := o.(*widget.Button); ok && strings.HasPrefix(b.Text, text) {
			return b
		}
	}
	t.Fatalf("no button %q", text)
	return nil
}

// The first start makes a database only when the user says so.
func TestAskNewDatabase(t *testing.T) {
	fa := test.NewTempApp(t)
	created := 0
	AskNewDatabase(fa, "/data/branchdesk.db", func() { created++ })
	var asked fyne.Window
	for _, w := range fa.Driver().AllWindows() {
		for _, o := range test.LaidOutObjects(w.Content()) {
			if l, ok := o.(*widget.Label); ok && strings.Contains(l.Text, "/data/branchdesk.db 不存在或为空") && strings.Contains(l.Text, "--demo") {
				asked = w
			}
		}
	}
	if asked == nil || created != 0 {
		t.Fatalf("question shown %v, created %d before the answer", asked != nil, created)
	}
	test.Tap(buttonIn(t, asked, "新建数据库"))
	if created != 1 {
		t.Fatalf("created %d times", created)
	}
}
