package sqlstore

import (
	"bytes"
	"testing"
)

// A table's lines come out whole and in order, whether the rows expected
// were about right, too few or too many; with a fair guess the room for
// all of them is made once.
func TestLines(t *testing.T) {
	for _, expect := range []int{0, 10, 5000, 50000} {
		l := lines{expect: expect}
		var want bytes.Buffer
		grown := 0
		for i := range 5000 {
			p := bytes.Repeat([]byte{byte('a' + i%26)}, 300+i%7)
			before := cap(l.buf)
			l.Write(p)
			want.Write(p)
			if cap(l.buf) != before && i >= sampleLines {
				grown++
			}
		}
		if !bytes.Equal(l.Bytes(), want.Bytes()) {
			t.Fatalf("expect %d: lines differ", expect)
		}
		if expect >= 5000 && grown != 0 {
			t.Errorf("expect %d: grew %d times after the sample", expect, grown)
		}
	}
}
