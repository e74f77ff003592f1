package ui

import (
	"bytes"
	"errors"
	"image/color"
	"math"
	"os"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"branchdesk/assets"
)

// TestThemeFont: every text style, monospace too, is drawn in the CJK
// font carried by the program, bold ones in its bold face.
func TestThemeFont(t *testing.T) {
	if os.Getenv(assets.FontEnv) != "" {
		t.Skipf("%s is set", assets.FontEnv)
	}
	regular, bold := assets.Embedded().Screen()
	th := NewTheme()
	for _, c := range []struct {
		style fyne.TextStyle
		want  []byte
	}{
		{fyne.TextStyle{}, regular},
		{fyne.TextStyle{Italic: true}, regular},
		{fyne.TextStyle{Monospace: true}, regular},
		{fyne.TextStyle{Bold: true}, bold},
		{fyne.TextStyle{Bold: true, Italic: true}, bold},
	} {
		if got := th.Font(c.style).Content(); !bytes.Equal(got, c.want) {
			t.Errorf("style %+v is not drawn in the right face of the CJK font", c.style)
		}
	}
	if bytes.Equal(regular, bold) {
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

// TestDisabledTextContrast: read-only text (a final survey) is drawn in the
// disabled colour; it keeps a WCAG AA contrast of 4.5:1 with the fields'
// background in both variants (Fyne's default grey has about 2:1).
func TestDisabledTextContrast(t *testing.T) {
	th := NewTheme()
	for _, v := range []fyne.ThemeVariant{theme.VariantLight, theme.VariantDark} {
		bg := th.Color(theme.ColorNameInputBackground, v)
		base := th.Color(theme.ColorNameBackground, v)
		under := over(bg, base)
		fg := over(th.Color(theme.ColorNameDisabled, v), under)
		if c := contrast(fg, under); c < 4.5 {
			t.Errorf("variant %d: disabled text contrast %.2f:1, want at least 4.5:1", v, c)
		}
	}
}

// over is c drawn on an opaque background.
func over(c, bg color.Color) color.Color {
	r, g, b, a := c.RGBA()
	br, bgg, bb, _ := bg.RGBA()
	mix := func(x, y uint32) uint8 { return uint8((x + y*(0xffff-a)/0xffff) >> 8) }
	return color.NRGBA{R: mix(r, br), G: mix(g, bgg), B: mix(b, bb), A: 0xff}
}

// contrast is WCAG's contrast ratio of two opaque colours.
func contrast(x, y color.Color) float64 {
	lum := func(c color.Color) float64 {
		r, g, b, _ := c.RGBA()
		ch := func(v uint32) float64 {
			s := float64(v) / 0xffff
			if s <= 0.03928 {
				return s / 12.92
			}
			return math.Pow((s+0.055)/1.055, 2.4)
		}
		return 0.2126*ch(r) + 0.7152*ch(g) + 0.0722*ch(b)
	}
	a, b := lum(x)+0.05, lum(y)+0.05
	return math.Max(a, b) / math.Min(a, b)
}
