package msg

// Series is names one after another, "、" between them in Chinese
// ("小型、微型"), each name a figure a screen translates apart; none
// is the empty text.
func Series(names ...string) Text {
	items := make([]Text, len(names))
	for i, n := range names {
		items[i] = Sprintf("%s", n)
	}
	return Join(items...)
}

// Join is messages one after another, "、" between them in Chinese, each
// translated apart; none is the empty text.
func Join(items ...Text) Text {
	var t Text
	for i, it := range items {
		if i == 0 {
			t = it
		} else {
			t = Sprintf("%s、%s", t, it)
		}
	}
	return t
}
