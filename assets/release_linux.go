package assets

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
	"unsafe"

	"golang.org/x/sys/unix"
)

// ReleaseScreenFaces gives back to the system the pages of the program
// that hold the embedded screen faces, and returns how many bytes that
// was. Fyne's text engine copies what it needs of a face when it first
// reads it, so once the program has measured text in the regular and the
// bold style those pages are not read again, yet they would stay in its
// resident memory (35 MB). They stay mapped: a later read, as when the
// theme is set again, brings them back from the executable unchanged.
//
// Only whole pages of a read-only mapping of a file are given back, so
// nothing can be lost; anything else (a program unpacked into anonymous
// memory, say) is left as it is, and so is a BRANCHDESK_FONT read into
// the heap, which this never touches.
func ReleaseScreenFaces() (int, error) {
	maps, err := os.ReadFile("/proc/self/maps")
	if err != nil {
		return 0, fmt.Errorf("assets: %w", err)
	}
	released := 0
	for _, face := range [][]byte{screenRegular, screenBold} {
		pages := innerPages(face)
		if len(pages) == 0 {
			continue
		}
		start := uintptr(unsafe.Pointer(unsafe.SliceData(pages)))
		if !fileReadOnly(maps, start, start+uintptr(len(pages))) {
			continue
		}
		if err := unix.Madvise(pages, unix.MADV_DONTNEED); err != nil {
			return released, fmt.Errorf("assets: madvise: %w", err)
		}
		released += len(pages)
	}
	return released, nil
}

// innerPages is the part of b made of whole pages.
func innerPages(b []byte) []byte {
	page := uintptr(os.Getpagesize())
	first := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	lo := int((first+page-1)&^(page-1) - first)
	hi := int((first+uintptr(len(b)))&^(page-1) - first)
	if len(b) == 0 || hi <= lo {
		return nil
	}
	return b[lo:hi]
}

// fileReadOnly says whether the addresses [start, end) lie wholly in
// mappings that are private, not writable and backed by a file (an inode),
// reading the lines of /proc/self/maps:
//
//	00400000-0452c000 r--p 00000000 08:01 1234 /usr/bin/branchdesk
func fileReadOnly(maps []byte, start, end uintptr) bool {
	at := start
	sc := bufio.NewScanner(bytes.NewReader(maps))
	for sc.Scan() && at < end {
		f := strings.Fields(sc.Text())
		if len(f) < 6 {
			continue
		}
		lo, hi, ok := strings.Cut(f[0], "-")
		if !ok {
			continue
		}
		from, err1 := strconv.ParseUint(lo, 16, 64)
		to, err2 := strconv.ParseUint(hi, 16, 64)
		if err1 != nil || err2 != nil || uintptr(to) <= at || uintptr(from) > at {
			continue
		}
		if f[1] != "r--p" && f[1] != "r-xp" || f[4] == "0" {
			return false
		}
		at = uintptr(to)
	}
	return at >= end
}
