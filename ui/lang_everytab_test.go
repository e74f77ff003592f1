package ui

import (
	"context"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"

	"branchdesk/assets"
	"branchdesk/ui/uitext"
)

// TestEnglishOnEveryTab: in English, every tab an A and a B credit officer
// see on the demo branch (the credit desk's tabs too) shows no Chinese but
// the branch's records: people's and the branch's names.
func TestEnglishOnEveryTab(t *testing.T) {
	t.Cleanup(func() { useCatalog(assets.Chinese) })
	b := newDeskBed(t)
	b.fa.Preferences().SetString(prefLanguage, assets.English)
	seen := map[string][]string{}
	for _, id := range []string{"2001", "3001"} {
		tm := b.terminal(id)
		ws := tm.a.ws
		test.Tap(ws.signIn)
		tm.a.win.Resize(defaultSize)
		users, err := tm.svc.Users(context.Background(), tm.a.sess)
		if err != nil {
			t.Fatal(err)
		}
		records := []string{tm.a.sess.Branch().Name}
		for _, u := range users {
			records = append(records, u.Name)
		}
		look := func(where string) {
			for _, s := range hanTexts(tm.a.win.Content()) {
				for _, r := range records {
					s = strings.ReplaceAll(s, r, "")
				}
				if uitext.HasHan(s) && !slices.Contains(seen[s], where) {
					seen[s] = append(seen[s], where)
				}
			}
		}
		for _, tab := range ws.tabs.Items {
			ws.tabs.Select(tab)
			look(id + " " + tab.Text)
			if tm.a.desk != nil && tab == tm.a.desk.tab {
				for _, sub := range tm.a.desk.tabs.Items {
					tm.a.desk.tabs.Select(sub)
					look(id + " " + tab.Text + " → " + sub.Text)
				}
			}
		}
		test.Tap(ws.logout)
	}
	var all []string
	for s, w := range seen {
		all = append(all, s+"   ["+strings.Join(w, "; ")+"]")
	}
	slices.Sort(all)
	if len(all) > 0 {
		t.Errorf("Chinese on English screens (names of people and of the branch taken out):\n%s", strings.Join(all, "\n"))
	}
}

// hanTexts is every text shown under o, drawn or in a widget, that holds
// a Chinese character.
func hanTexts(o fyne.CanvasObject) []string {
	var out []string
	var walk func(o fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if o == nil || !o.Visible() {
			return
		}
		switch v := o.(type) {
		case *canvas.Text:
			if uitext.HasHan(v.Text) {
				out = append(out, v.Text)
			}
		case *fyne.Container:
			for _, c := range v.Objects {
				walk(c)
			}
		case fyne.Widget:
			for _, c := range test.WidgetRenderer(v).Objects() {
				walk(c)
			}
		}
	}
	walk(o)
	return out
}
