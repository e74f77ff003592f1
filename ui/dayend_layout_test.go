package ui

import (
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
)

// squeezed lists the labels under o given less room than their text
// needs: less height, and the screen draws them over what follows; less
// width, and a line that does not wrap runs off the page.
func squeezed(o fyne.CanvasObject) []string {
	if !o.Visible() {
		return nil
	}
	switch v := o.(type) {
	case *widget.Label:
		if min := v.MinSize(); v.Size().Height+0.5 < min.Height || v.Size().Width+0.5 < min.Width {
			return []string{v.Text}
		}
	case *fyne.Container:
		var out []string
		for _, c := range v.Objects {
			out = append(out, squeezed(c)...)
		}
		return out
	}
	return nil
}

// The wizard's steps fill their labels while hidden; shown, in English,
// whose lines wrap more than Chinese ones, no label is drawn over the
// next: the difference step's rule, and the seal step after a balance
// with a difference (four lines of result).
func TestDayEndStepsNotSqueezed(t *testing.T) {
	tm := englishTerminal(t, "1001")
	tm.a.win.Resize(fyne.NewSize(1200, 760))
	z := tm.dayCounted(tm.a.ws, "16")
	if z.step != stepDifference {
		t.Fatalf("step %d", z.step)
	}
	if s := squeezed(z.pages[stepDifference]); len(s) != 0 {
		t.Fatalf("difference step, labels drawn over the next: %q", s)
	}
	retype(z.reason, "counting error")
	z.typed("2001", "3001")
	press(z.passA, fyne.KeyReturn)
	if z.step != stepSeal {
		t.Fatalf("step %d: %q", z.step, z.message3.Text)
	}
	if s := squeezed(z.pages[stepSeal]); len(s) != 0 {
		t.Fatalf("seal step, labels drawn over the next: %q", s)
	}
}
