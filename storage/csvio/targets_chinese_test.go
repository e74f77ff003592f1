package csvio

import (
	"regexp"
	"strings"
	"testing"
)

// A CSV the reader cannot parse is refused in Chinese, never with Go's
// "record on line N: wrong number of fields".
func TestReadRefusalsAreChinese(t *testing.T) {
	header := strings.Join(Header, ",")
	english := regexp.MustCompile(`[A-Za-z]{3,}`)
	for _, c := range []struct{ in, want string }{
		{header + "\n只有,两列\n", "列数不对"},
		{header + "\n\"没有收尾的引号,a,b\n", "引号不配对"},
		{"", "文件是空的或不完整"},
		{"\xff\xfe\xfd", ""},
	} {
		_, err := ReadTargets(strings.NewReader(c.in))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: %v, want %q", c.in, err, c.want)
			continue
		}
		if w := english.FindString(strings.NewReplacer("CSV", "", "UTF", "", "GBK", "").Replace(err.Error())); w != "" {
			t.Errorf("%q: English %q in %q", c.in, w, err)
		}
	}
}
