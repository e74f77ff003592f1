package sqlite

import (
	"bytes"
	"testing"
)

// A table's lines come out whole and in order across 1 MiB blocks,
// including a line longer than a block.
func TestChunks(t *testing.T) {
	var c chunks
	var want bytes.Buffer
	line := func(n int, b byte) {
		p := bytes.Repeat([]byte{b}, n)
		c.Write(p)
		want.Write(p)
	}
	if len(c.Bytes()) != 0 {
		t.Fatal("empty chunks not empty")
	}
	for i := range 5000 {
		line(300+i%7, byte('a'+i%26))
	}
	line(3<<20, 'X')
	line(10, 'y')
	if len(c.full) < 2 {
		t.Fatalf("%d blocks: the test does not cross a block", len(c.full))
	}
	if got := c.Bytes(); !bytes.Equal(got, want.Bytes()) || len(got) != c.size {
		t.Fatalf("joined %d bytes, want %d", len(got), want.Len())
	}
}
