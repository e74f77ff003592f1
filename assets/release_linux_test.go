package assets

import (
	"bufio"
	"bytes"
	"os"
	"strconv"
	"strings"
	"testing"
	"unsafe"
)

// TestReleasedFacesReadTheSame: once the screen faces have been read,
// ReleaseScreenFaces takes their pages out of the program's resident
// memory, and reading them again gives the very bytes of the font files.
func TestReleasedFacesReadTheSame(t *testing.T) {
	sum := 0
	for _, face := range [][]byte{screenRegular, screenBold} {
		for i := 0; i < len(face); i += os.Getpagesize() {
			sum += int(face[i])
		}
	}
	before := mappedRss(t, screenRegular)
	released, err := ReleaseScreenFaces()
	if err != nil {
		t.Fatal(err)
	}
	if whole := len(screenRegular) + len(screenBold); released < whole-4*os.Getpagesize() {
		t.Fatalf("released %d bytes of the faces' %d", released, whole)
	}
	after := mappedRss(t, screenRegular)
	if before-after < len(screenRegular)/2 {
		t.Errorf("resident pages of the faces' mapping: %d kB before, %d kB after", before>>10, after>>10)
	}
	for name, face := range map[string][]byte{"Regular": screenRegular, "Bold": screenBold} {
		file, err := os.ReadFile("fonts/BranchDeskWenKai-" + name + ".otf")
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(face, file) {
			t.Errorf("%s: the face read after its release differs from its file", name)
		}
	}
	t.Logf("released %d MiB; the mapping's RSS %d → %d MiB (sum %d)", released>>20, before>>20, after>>20, sum)
}

// mappedRss is the resident size of the mapping of /proc/self/smaps that
// holds b's first byte.
func mappedRss(t *testing.T, b []byte) int {
	t.Helper()
	smaps, err := os.ReadFile("/proc/self/smaps")
	if err != nil {
		t.Fatal(err)
	}
	at := uint64(uintptr(unsafe.Pointer(unsafe.SliceData(b))))
	inside := false
	sc := bufio.NewScanner(bytes.NewReader(smaps))
	for sc.Scan() {
		line := sc.Text()
		if lo, hi, ok := strings.Cut(strings.Fields(line)[0], "-"); ok && !strings.HasSuffix(line, ":") {
			from, err1 := strconv.ParseUint(lo, 16, 64)
			to, err2 := strconv.ParseUint(hi, 16, 64)
			if err1 == nil && err2 == nil {
				inside = from <= at && at < to
				continue
			}
		}
		if kb, ok := strings.CutPrefix(line, "Rss:"); ok && inside {
			n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(kb), " kB"))
			if err != nil {
				t.Fatal(err)
			}
			return n << 10
		}
	}
	t.Fatal("no mapping holds the face")
	return 0
}

// TestReleaseOnlyFromReadOnlyFiles: pages are given back only where every
// byte lies in private, read-only mappings of a file.
func TestReleaseOnlyFromReadOnlyFiles(t *testing.T) {
	maps := []byte(`00400000-00500000 r-xp 00000000 08:01 1234 /usr/bin/branchdesk
00500000-00900000 r--p 00100000 08:01 1234 /usr/bin/branchdesk
00900000-00a00000 rw-p 00500000 08:01 1234 /usr/bin/branchdesk
00a00000-00b00000 rw-p 00000000 00:00 0 
00c00000-00d00000 r--p 00000000 00:00 0 
00d00000-00e00000 r--s 00000000 08:01 99 /dev/shm/x
`)
	for _, c := range []struct {
		from, to uintptr
		want     bool
		why      string
	}{
		{0x00480000, 0x00600000, true, "text and read-only data of the program"},
		{0x00500000, 0x00900000, true, "the whole read-only data"},
		{0x00800000, 0x00901000, false, "runs into the writable data"},
		{0x00a00000, 0x00a01000, false, "anonymous memory"},
		{0x00b00000, 0x00b01000, false, "no mapping"},
		{0x00aff000, 0x00c01000, false, "a gap between mappings"},
		{0x00c00000, 0x00c01000, false, "read-only but anonymous"},
		{0x00d00000, 0x00d01000, false, "a shared mapping"},
	} {
		if got := fileReadOnly(maps, c.from, c.to); got != c.want {
			t.Errorf("%s: %x-%x gave %v", c.why, c.from, c.to, got)
		}
	}
}
