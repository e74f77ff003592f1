package pdf

import (
	"io"
	"testing"
)

// BenchmarkReceipt: one receipt, both faces of the font loaded and subset.
func BenchmarkReceipt(b *testing.B) {
	r := sample()
	for b.Loop() {
		if err := WriteReceipt(io.Discard, r); err != nil {
			b.Fatal(err)
		}
	}
}
