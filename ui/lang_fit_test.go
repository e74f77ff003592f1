package ui

import (
	"go/ast"
	"go/token"
	"strconv"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"

	"branchdesk/assets"
	"branchdesk/ui/uitext"
)

// TestEnglishFitsTheWindow: English labels are longer than Chinese; an A
// with the credit desk still gets every tab within the 1200-wide window,
// which would otherwise grow past the screen and clip.
func TestEnglishFitsTheWindow(t *testing.T) {
	b := newDeskBed(t)
	t.Cleanup(func() { useCatalog(assets.Chinese) })
	b.fa.Preferences().SetString(prefLanguage, assets.English)
	tm := b.terminal("3001")
	test.Tap(tm.a.ws.signIn)
	fits(t, tm.a.ws)
}

// TestEnglishSyncFitsTheWindow: the same with the head-office sync tab,
// whose status line and buttons are the widest.
func TestEnglishSyncFitsTheWindow(t *testing.T) {
	s := newSyncBed(t)
	svc, term := s.svc, s.term
	t.Cleanup(func() { useCatalog(assets.Chinese) })
	fa := test.NewTempApp(t)
	fa.Preferences().SetString(prefLanguage, assets.English)
	a := New(fa, svc, Options{IdleCheck: -1, Sync: term})
	a.Show()
	tm := &terminal{t: t, a: a, svc: svc}
	tm.login("3001", "pass3001")
	t.Cleanup(func() { a.win.Close() })
	if a.ws.syncTab == nil {
		t.Fatal("no sync tab")
	}
	fits(t, a.ws)
}

// fits checks that every tab of ws, and ws, fit the window: its width,
// and its height (a longer English line wraps into one more, and a
// window taller than the screen hides its status bar below the edge).
func fits(t *testing.T, ws *workspace) {
	t.Helper()
	for _, it := range ws.tabs.Items {
		ws.tabs.Select(it)
		if w := it.Content.MinSize().Width; w > defaultSize.Width-40 {
			t.Errorf("tab %s is %.0f wide", it.Text, w)
		}
		if m := ws.content.MinSize(); m.Height > defaultSize.Height {
			t.Errorf("with tab %s the workspace is %.0f high, the window %.0f", it.Text, m.Height, defaultSize.Height)
		}
	}
	if w := ws.content.MinSize().Width; w > defaultSize.Width {
		t.Errorf("the workspace is %.0f wide, the window %.0f", w, defaultSize.Width)
	}
}

// TestEnglishHeadingsFit: a table's English heading ends in … when longer
// than its column; it is never more than a quarter too long, so what is
// left reads (the column widths are laid out for the Chinese).
func TestEnglishHeadingsFit(t *testing.T) {
	fa := test.NewTempApp(t)
	fa.Settings().SetTheme(NewTheme())
	t.Cleanup(func() { useCatalog(assets.Chinese) })
	useCatalog(assets.English)
	eachHeading(func(at token.Position, s string, width float32) {
		en := tr(s)
		need := headingWidth(en)
		if need > 1.25*width && headingWidth(s) <= width {
			t.Errorf("%s: heading %q is %.0f wide in a column of %.0f", at, en, need, width)
		}
	})
}

// TestChineseHeadingsFit: a table's Chinese heading is never cut short:
// the column widths are laid out for it (记账… for 记账编号 hid what the
// column holds).
func TestChineseHeadingsFit(t *testing.T) {
	fa := test.NewTempApp(t)
	fa.Settings().SetTheme(NewTheme())
	eachHeading(func(at token.Position, s string, width float32) {
		if need := headingWidth(s); need > width {
			t.Errorf("%s: heading %q is %.0f wide in a column of %.0f", at, s, need, width)
		}
	})
}

// headingWidth is the room a table heading needs, as the table draws it.
func headingWidth(s string) float32 {
	return fyne.MeasureText(s, theme.TextSize(), fyne.TextStyle{Bold: true}).Width + 2*theme.InnerPadding()
}

// eachHeading calls f with every table column the screens declare
// ({key("标题"), width}), where it is and its width.
func eachHeading(f func(at token.Position, s string, width float32)) {
	files, _ := uitext.Files(".")
	fset := token.NewFileSet()
	for _, p := range files {
		file, _ := uitext.Parse(fset, p)
		ast.Inspect(file, func(n ast.Node) bool {
			cl, ok := n.(*ast.CompositeLit)
			if !ok || len(cl.Elts) != 2 {
				return true
			}
			call, ok := cl.Elts[0].(*ast.CallExpr)
			if !ok {
				return true
			}
			id, ok := call.Fun.(*ast.Ident)
			if !ok || (id.Name != "key" && id.Name != "tr") {
				return true
			}
			lit, ok := call.Args[0].(*ast.BasicLit)
			w, ok2 := cl.Elts[1].(*ast.BasicLit)
			if !ok || !ok2 || (w.Kind != token.INT && w.Kind != token.FLOAT) {
				return true
			}
			s, _ := strconv.Unquote(lit.Value)
			width, _ := strconv.ParseFloat(w.Value, 32)
			f(fset.Position(lit.Pos()), s, float32(width))
			return true
		})
	}
}
