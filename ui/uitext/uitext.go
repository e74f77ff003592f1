// Package uitext finds the Chinese text of the screens in ui's Go files:
// the literals wrapped in tr(…), which are the translation catalogs' keys,
// and those left unwrapped, with the reason. The i18n script rewrites with
// it and ui's tests check with it, so both read the code the same way.
package uitext

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// Func is the name of ui's translation function.
const Func = "tr"

// DomainDirs are the domain packages, seen from the repository's root,
// whose fixed error messages the counter's screens translate, and the
// readers of storage/ whose refusals reach a screen (a list file that
// cannot be imported).
var DomainDirs = []string{"domain/counter", "domain/ledger", "domain/staff", "domain/cash", "domain/authz", "domain/money", "domain/voucher", "domain/seal", "domain/payment",
	"domain/finance", "domain/pipeline", "domain/support", "domain/target", "domain/enterprise", "domain/appraisal",
	"domain/survey", "domain/attach", "domain/sync",
	"storage/csvio", "storage/xlsxio"}

// Key is the name of ui's marker of a key translated where it is shown.
const Key = "key"

// fileName matches a file name a document is saved under: the file is the
// Chinese document, and so is its name.
var fileName = regexp.MustCompile(`[-_]\.(pdf|csv|xlsx)$|\.(pdf|csv|xlsx)$`)

// Literal is a Chinese string literal of a ui file.
type Literal struct {
	Lit     *ast.BasicLit
	Text    string
	Wrapped bool   // the argument of tr
	Skip    string // why it is not wrapped, when it is not
}

// HasHan says whether s holds a Chinese character.
func HasHan(s string) bool {
	return strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) })
}

// FyneWord says a catalog key is one of Fyne's own words (OK, Cancel …),
// not a key of BranchDesk's screens, which are all Chinese.
func FyneWord(key string) bool { return !HasHan(key) }

// Files lists the non-test Go files of dir.
func Files(dir string) ([]string, error) {
	all, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	var files []string
	for _, f := range all {
		if !strings.HasSuffix(f, "_test.go") {
			files = append(files, f)
		}
	}
	return files, nil
}

// Parse reads a Go file.
func Parse(fset *token.FileSet, path string) (*ast.File, error) {
	return parser.ParseFile(fset, path, nil, parser.ParseComments|parser.SkipObjectResolution)
}

// Keys are the distinct arguments of tr in the non-test files of dir, sorted.
func Keys(dir string) ([]string, error) {
	files, err := Files(dir)
	if err != nil {
		return nil, err
	}
	seen := map[string]bool{}
	fset := token.NewFileSet()
	var parsed []*ast.File
	consts := map[string]string{} // ui's string constants, which tr may be given
	for _, path := range files {
		f, err := Parse(fset, path)
		if err != nil {
			return nil, err
		}
		parsed = append(parsed, f)
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok || gd.Tok != token.CONST {
				continue
			}
			for _, spec := range gd.Specs {
				vs := spec.(*ast.ValueSpec)
				for i, v := range vs.Values {
					if lit, ok := v.(*ast.BasicLit); ok && lit.Kind == token.STRING && i < len(vs.Names) {
						consts[vs.Names[i].Name], _ = strconv.Unquote(lit.Value)
					}
				}
			}
		}
	}
	for _, f := range parsed {
		ast.Inspect(f, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok || !isTr(call) || len(call.Args) != 1 {
				return true
			}
			switch arg := call.Args[0].(type) {
			case *ast.BasicLit:
				if s, err := strconv.Unquote(arg.Value); err == nil && arg.Kind == token.STRING {
					seen[s] = true
				}
			case *ast.Ident:
				if s, ok := consts[arg.Name]; ok {
					seen[s] = true
				}
			}
			return true
		})
	}
	keys := make([]string, 0, len(seen))
	for k := range seen {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys, nil
}

// isTr says call is tr(…), or key(…), which marks a key tr translates
// where the text is shown.
func isTr(call *ast.CallExpr) bool {
	id, ok := call.Fun.(*ast.Ident)
	return ok && (id.Name == Func || id.Name == Key)
}

// Literals are the Chinese string literals of f, each wrapped, or with the
// reason it is left as it is. Log lines and struct tags are not text. A
// line that ends with a comment "// record: why" holds text for the
// records or paper, which stays Chinese; "// as is: why" text that reads
// the same in every language (a language's own name).
func Literals(fset *token.FileSet, f *ast.File) []Literal {
	records := map[int]string{}
	for _, g := range f.Comments {
		for _, c := range g.List {
			for _, mark := range []string{"record:", "as is:"} {
				if why, ok := strings.CutPrefix(c.Text, "// "+mark); ok {
					records[fset.Position(c.Pos()).Line] = mark + " " + strings.TrimSpace(why)
				}
			}
		}
	}
	pkgs := map[string]bool{} // names of the imported branchdesk packages
	for _, im := range f.Imports {
		p, _ := strconv.Unquote(im.Path.Value)
		if !strings.HasPrefix(p, "branchdesk/") {
			continue
		}
		name := p[strings.LastIndex(p, "/")+1:]
		if im.Name != nil {
			name = im.Name.Name
		}
		pkgs[name] = true
	}
	var out []Literal
	var stack []ast.Node
	ast.Inspect(f, func(n ast.Node) bool {
		if n == nil {
			stack = stack[:len(stack)-1]
			return true
		}
		switch n := n.(type) {
		case *ast.ImportSpec, *ast.Field:
			if fl, ok := n.(*ast.Field); ok && fl.Tag == nil {
				break
			}
			return false
		case *ast.CallExpr:
			if sel, ok := n.Fun.(*ast.SelectorExpr); ok {
				if id, ok := sel.X.(*ast.Ident); ok && id.Name == "log" {
					return false
				}
			}
		case *ast.BasicLit:
			if n.Kind != token.STRING {
				break
			}
			s, err := strconv.Unquote(n.Value)
			if err != nil || !HasHan(s) {
				break
			}
			l := Literal{Lit: n, Text: s}
			l.Wrapped, l.Skip = context(n, stack, pkgs)
			if why, ok := records[fset.Position(n.Pos()).Line]; ok && !l.Wrapped {
				l.Skip = why
			}
			if fileName.MatchString(s) && !l.Wrapped {
				l.Skip = "record: a file's name, named as the Chinese document it holds"
			}
			out = append(out, l)
		}
		stack = append(stack, n)
		return true
	})
	return out
}

// context says whether lit, under the nodes of stack, is wrapped in tr, or
// why it must not be wrapped blindly.
func context(lit *ast.BasicLit, stack []ast.Node, pkgs map[string]bool) (bool, string) {
	var child ast.Node = lit
	for i := len(stack) - 1; i >= 0; i-- {
		switch p := stack[i].(type) {
		case *ast.ParenExpr:
		case *ast.CallExpr:
			if isTr(p) {
				return true, ""
			}
			if sel, ok := p.Fun.(*ast.SelectorExpr); ok && p.Fun != child {
				if id, ok := sel.X.(*ast.Ident); ok && pkgs[id.Name] {
					return false, "record: argument of " + id.Name + "." + sel.Sel.Name
				}
				if id, ok := sel.X.(*ast.Ident); ok && (id.Name == "strings" || id.Name == "slices") {
					return false, "comparison: argument of " + id.Name + "." + sel.Sel.Name
				}
				if svcLike(sel.X) {
					return false, "record: argument of a service call ." + sel.Sel.Name
				}
				if (sel.Sel.Name == "saveDeskFile" || sel.Sel.Name == "printDeskFile") && len(p.Args) > 1 && p.Args[1] == child {
					return false, "record: a file's name, named as the Chinese document it holds"
				}
				if id, ok := sel.X.(*ast.Ident); ok && id.Name == "fmt" && sel.Sel.Name == "Sprintf" && p.Args[0] == child {
					break // a file name may be made with Sprintf
				}
			}
			return false, ""
		case *ast.BinaryExpr:
			if p.Op == token.EQL || p.Op == token.NEQ {
				return false, "comparison"
			}
			if p.Op != token.ADD {
				return false, ""
			}
		case *ast.CaseClause:
			return false, "case"
		case *ast.IndexExpr:
			if p.Index == child {
				return false, "map index"
			}
			return false, ""
		case *ast.KeyValueExpr:
			if p.Key == child {
				if i > 0 {
					if cl, ok := stack[i-1].(*ast.CompositeLit); ok {
						if _, isMap := cl.Type.(*ast.MapType); isMap {
							return false, "map key"
						}
					}
				}
				return false, ""
			}
		case *ast.CompositeLit:
			if sel, ok := p.Type.(*ast.SelectorExpr); ok {
				if id, ok := sel.X.(*ast.Ident); ok && pkgs[id.Name] {
					return false, "record: field of " + id.Name + "." + sel.Sel.Name
				}
			}
			return false, ""
		case *ast.ValueSpec:
			if i > 0 {
				if gd, ok := stack[i-1].(*ast.GenDecl); ok && gd.Tok == token.CONST {
					return false, "const: translate where it is used"
				}
			}
			return false, ""
		default:
			return false, ""
		}
		child = stack[i]
	}
	return false, ""
}

// svcLike says x names a domain service (a.svc, s.fin …), whose arguments
// are written to the records.
func svcLike(x ast.Expr) bool {
	var name string
	switch x := x.(type) {
	case *ast.Ident:
		name = x.Name
	case *ast.SelectorExpr:
		name = x.Sel.Name
	}
	switch name {
	case "svc", "fin", "finance", "sync", "term", "store", "db", "Finance", "Sync":
		return true
	}
	return false
}

// Unwrapped lists the literals of the files of dir neither wrapped nor
// left for a stated reason.
func Unwrapped(dir string) (map[string][]Literal, *token.FileSet, error) {
	files, err := Files(dir)
	if err != nil {
		return nil, nil, err
	}
	fset := token.NewFileSet()
	out := map[string][]Literal{}
	for _, path := range files {
		f, err := Parse(fset, path)
		if err != nil {
			return nil, nil, err
		}
		for _, l := range Literals(fset, f) {
			if !l.Wrapped {
				out[path] = append(out[path], l)
			}
		}
	}
	return out, fset, nil
}

// PackageLevel lists the calls of tr in f outside any function: they run
// once, when the program starts, before a language is chosen.
func PackageLevel(f *ast.File) []*ast.CallExpr {
	var out []*ast.CallExpr
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok {
			continue
		}
		ast.Inspect(gd, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.FuncLit:
				return false
			case *ast.CallExpr:
				if id, ok := n.Fun.(*ast.Ident); ok && id.Name == Func {
					out = append(out, n)
				}
			}
			return true
		})
	}
	return out
}

// Messages are the messages of the errors the domain packages under dirs
// declare once (var ErrX = errors.New("…")): fixed Chinese sentences the
// screens show as they are, and the formats of their messages with
// figures (msg.Errorf("…", …), msg.Sprintf("…", …)), which the screens
// translate before they put the figures in: keys of the catalogs.
func Messages(dirs ...string) ([]string, error) {
	seen := map[string]bool{}
	for _, dir := range dirs {
		files, err := Files(dir)
		if err != nil {
			return nil, err
		}
		fset := token.NewFileSet()
		for _, path := range files {
			f, err := Parse(fset, path)
			if err != nil {
				return nil, err
			}
			for _, d := range f.Decls {
				gd, ok := d.(*ast.GenDecl)
				if !ok || gd.Tok != token.VAR {
					continue
				}
				for _, spec := range gd.Specs {
					vs := spec.(*ast.ValueSpec)
					for i, v := range vs.Values {
						if i >= len(vs.Names) || !strings.HasPrefix(vs.Names[i].Name, "Err") {
							continue
						}
						if s, ok := errorsNew(v); ok && HasHan(s) {
							seen[s] = true
						}
					}
				}
			}
			ast.Inspect(f, func(n ast.Node) bool {
				if s, ok := msgFormat(n); ok && HasHan(s) {
					seen[s] = true
				}
				return true
			})
		}
	}
	out := make([]string, 0, len(seen))
	for s := range seen {
		out = append(out, s)
	}
	sort.Strings(out)
	return out, nil
}

// msgFormat is the format of msg.Errorf("…", …) or msg.Sprintf("…", …).
func msgFormat(n ast.Node) (string, bool) {
	call, ok := n.(*ast.CallExpr)
	if !ok || len(call.Args) == 0 {
		return "", false
	}
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok || sel.Sel.Name != "Errorf" && sel.Sel.Name != "Sprintf" {
		return "", false
	}
	if id, ok := sel.X.(*ast.Ident); !ok || id.Name != "msg" {
		return "", false
	}
	lit, ok := call.Args[0].(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}

// errorsNew is the message of errors.New("…"), or of a conversion of a
// message to an error type (needLevelA("…")).
func errorsNew(e ast.Expr) (string, bool) {
	call, ok := e.(*ast.CallExpr)
	if !ok || len(call.Args) != 1 {
		return "", false
	}
	switch fun := call.Fun.(type) {
	case *ast.Ident: // a conversion to the package's own error type
	case *ast.SelectorExpr:
		if id, ok := fun.X.(*ast.Ident); !ok || id.Name != "errors" || fun.Sel.Name != "New" {
			return "", false
		}
	default:
		return "", false
	}
	lit, ok := call.Args[0].(*ast.BasicLit)
	if !ok || lit.Kind != token.STRING {
		return "", false
	}
	s, err := strconv.Unquote(lit.Value)
	return s, err == nil
}
