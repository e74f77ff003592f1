package msg

// Series is names one after another, "、" between them in Chinese
// ("小型、微型"), each name a figure a screen translates apart; none
// is the empty text.
func Series(names ...string) Text {
	var t Text
	for i, n := range names {
		if i == 0 {
			t = Sprintf("%s", n)
		} else {
			t = Sprintf("%s、%s", t, n)
		}
	}
	return t
}
