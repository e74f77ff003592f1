package assets

import (
	"encoding/binary"
	"fmt"
	"sort"
)

// collectionFace returns face index of a TrueType collection (.ttc) as a
// standalone font file: its table directory and the tables it uses, copied
// one after the other. The PDF writer reads single fonts only, and Windows
// ships its Chinese fonts (微软雅黑 msyh.ttc, 宋体 simsun.ttc) as collections.
func collectionFace(data []byte, index int) ([]byte, error) {
	if sfntTag(data) != "ttcf" {
		if index == 0 {
			return data, nil // a single font named with #0
		}
		return nil, fmt.Errorf("%w: 不是字体集合，只有 #0 (not a collection)", ErrFontIndex)
	}
	if len(data) < 12 {
		return nil, fmt.Errorf("%w: 字体集合头不完整 (truncated collection)", ErrFontUnsupported)
	}
	n := binary.BigEndian.Uint32(data[8:])
	if uint64(index) >= uint64(n) {
		return nil, fmt.Errorf("%w: #%d，集合中有 %d 个字体 (the collection has %d faces)", ErrFontIndex, index, n, n)
	}
	at := 12 + 4*uint64(index)
	if at+4 > uint64(len(data)) {
		return nil, fmt.Errorf("%w: 字体集合头不完整 (truncated collection)", ErrFontUnsupported)
	}
	return extractFace(data, uint64(binary.BigEndian.Uint32(data[at:])))
}

// tableRecord is one entry of a font's table directory.
type tableRecord struct {
	tag              [4]byte
	checksum         uint32
	offset, length   uint64
	newOffset, index int
}

// extractFace copies the font whose table directory starts at dir.
func extractFace(data []byte, dir uint64) ([]byte, error) {
	truncated := fmt.Errorf("%w: 字体数据不完整 (truncated font)", ErrFontUnsupported)
	if dir+12 > uint64(len(data)) {
		return nil, truncated
	}
	numTables := int(binary.BigEndian.Uint16(data[dir+4:]))
	if dir+12+16*uint64(numTables) > uint64(len(data)) {
		return nil, truncated
	}
	tables := make([]tableRecord, numTables)
	for i := range tables {
		r := data[dir+12+16*uint64(i):]
		t := &tables[i]
		copy(t.tag[:], r[:4])
		t.checksum = binary.BigEndian.Uint32(r[4:])
		t.offset = uint64(binary.BigEndian.Uint32(r[8:]))
		t.length = uint64(binary.BigEndian.Uint32(r[12:]))
		t.index = i
		if t.offset+t.length > uint64(len(data)) {
			return nil, truncated
		}
	}
	// Tables keep their order in the file, the directory its own order.
	byOffset := make([]*tableRecord, numTables)
	for i := range tables {
		byOffset[i] = &tables[i]
	}
	sort.SliceStable(byOffset, func(i, j int) bool { return byOffset[i].offset < byOffset[j].offset })
	size := 12 + 16*numTables
	for _, t := range byOffset {
		t.newOffset = size
		size += int(t.length+3) &^ 3
	}
	out := make([]byte, size)
	copy(out, data[dir:dir+12])
	head := -1
	for i, t := range tables {
		r := out[12+16*i:]
		copy(r, t.tag[:])
		binary.BigEndian.PutUint32(r[4:], t.checksum)
		binary.BigEndian.PutUint32(r[8:], uint32(t.newOffset))
		binary.BigEndian.PutUint32(r[12:], uint32(t.length))
		copy(out[t.newOffset:], data[t.offset:t.offset+t.length])
		if string(t.tag[:]) == "head" && t.length >= 12 {
			head = t.newOffset
		}
	}
	if head >= 0 {
		// checkSumAdjustment makes the whole file sum to 0xB1B0AFBA.
		binary.BigEndian.PutUint32(out[head+8:], 0)
		var sum uint32
		for i := 0; i < len(out); i += 4 {
			sum += binary.BigEndian.Uint32(out[i:])
		}
		binary.BigEndian.PutUint32(out[head+8:], 0xB1B0AFBA-sum)
	}
	return out, nil
}
