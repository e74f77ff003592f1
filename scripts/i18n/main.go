// Command i18n keeps the screens' text in the translation catalogs.
//
//	go run ./scripts/i18n wrap   wraps every Chinese literal a user reads in ui/*.go with tr(…)
//	go run ./scripts/i18n keys   rewrites assets/translations/zh-Hans.json from the tr keys, and
//	                             lists the keys en.json lacks (and drops those no longer used)
//
// Run both from the repository root after merging a branch that adds screens,
// then translate the listed keys in en.json by hand.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"branchdesk/ui/uitext"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go run ./scripts/i18n wrap|keys")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "wrap":
		err = wrap("ui")
	case "keys":
		err = keys("ui", "assets/translations")
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "i18n:", err)
		os.Exit(1)
	}
}

// wrap inserts tr( ) around each literal uitext.Unwrapped finds, leaving
// the rest of the file as it is, and lists what it left for a reader.
func wrap(dir string) error {
	files, err := uitext.Files(dir)
	if err != nil {
		return err
	}
	for _, path := range files {
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		fset := token.NewFileSet()
		f, err := parser.ParseFile(fset, path, src, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		var edits []int
		for _, l := range uitext.Literals(fset, f) {
			switch {
			case l.Wrapped:
			case l.Skip != "":
				fmt.Printf("%s: left (%s): %s\n", fset.Position(l.Lit.Pos()), l.Skip, l.Lit.Value)
			default:
				edits = append(edits, fset.Position(l.Lit.Pos()).Offset, fset.Position(l.Lit.End()).Offset)
			}
		}
		if len(edits) == 0 {
			continue
		}
		var out bytes.Buffer
		last := 0
		for i, off := range edits {
			out.Write(src[last:off])
			if i%2 == 0 {
				out.WriteString("tr(")
			} else {
				out.WriteString(")")
			}
			last = off
		}
		out.Write(src[last:])
		b, err := format.Source(out.Bytes())
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			return err
		}
		fmt.Printf("%s: %d wrapped\n", path, len(edits)/2)
	}
	return nil
}

// keys writes zh-Hans.json (every key, the Chinese as its value, and Fyne's
// own words) and prunes en.json, listing the keys it lacks.
func keys(dir, catalogs string) error {
	used, err := uitext.Keys(dir)
	if err != nil {
		return err
	}
	for _, name := range []string{"zh-Hans.json", "en.json"} {
		path := filepath.Join(catalogs, name)
		old := map[string]string{}
		if b, err := os.ReadFile(path); err == nil {
			if err := json.Unmarshal(b, &old); err != nil {
				return fmt.Errorf("%s: %w", path, err)
			}
		}
		next := map[string]string{}
		var missing []string
		for k, v := range old {
			if uitext.FyneWord(k) {
				next[k] = v
			}
		}
		for _, k := range used {
			switch v, ok := old[k]; {
			case name == "zh-Hans.json":
				next[k] = k
			case ok:
				next[k] = v
			default:
				missing = append(missing, k)
			}
		}
		b, err := marshal(next)
		if err != nil {
			return err
		}
		if err := os.WriteFile(path, b, 0o644); err != nil {
			return err
		}
		if len(missing) > 0 {
			m, _ := marshal(toMap(missing))
			fmt.Printf("%s lacks %d keys:\n%s", path, len(missing), m)
		}
	}
	return nil
}

func toMap(keys []string) map[string]string {
	m := map[string]string{}
	for _, k := range keys {
		m[k] = ""
	}
	return m
}

// marshal writes a catalog sorted by key, one entry a line, not escaping
// HTML characters, so that a diff shows what changed.
func marshal(m map[string]string) ([]byte, error) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var b bytes.Buffer
	b.WriteString("{\n")
	for i, k := range keys {
		fmt.Fprintf(&b, "    %s: %s", quote(k), quote(m[k]))
		if i < len(keys)-1 {
			b.WriteString(",")
		}
		b.WriteString("\n")
	}
	b.WriteString("}\n")
	return b.Bytes(), nil
}

func quote(s string) string {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)
	return strings.TrimSuffix(b.String(), "\n")
}
