package ui

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
)

// traditional holds frequent traditional characters whose simplified form
// differs; none of them is itself a character of simplified text (乾, 著,
// 於, 徵, 藉, 瞭, 覆, 麼 and the like are left out for that reason).
const traditional = "條們這與為對說過時還會經關開發體點實項帳號額簽錢櫃員權單據應當務戶證業轉處歷憑覽輸標準確認辦" +
	"個來國學長門問間見現動東車書馬話語讀請讓議記許設計評訊詢誤課調談論識護變貸費資貨購買賣價銀鐵錄鎖閉際離難電順預頁題類顯飛館" +
	"廣張總擇報場壞夠審寫專將導層屬歲帶幫廳彈態揮損換擔數斷極構樣機歡歸氣決沒測減溫滿漢無熱爭狀獲環產畫盡監礎種積穩筆節範簡" +
	"紀約級紅細組結統綜網線編練繼續罰職聯聽覺視親觀討詳誰贈跡較載輕進運達違遠適選遺邊醫釋鈔錯鍵閱隊險雙雜雖響頭顧須驗齡" +
	"後裡髮鐘製隻從復雲區衛連"

// allowedWords are the Latin words a Chinese bank screen uses as they are.
var allowedWords = map[string]bool{
	"BranchDesk": true, "PDF": true, "CSV": true, "KPI": true, "URL": true, "LPR": true,
	"Enter": true, "Esc": true, "Tab": true, "xlsx": true, "csv": true, "pdf": true,
	"UTF": true, "BOM": true, "GBK": true, "JSON": true, "YYYY": true, "Excel": true,
	"JPEG": true, "PNG": true, "SHA": true, // the file types an attachment may have, and its hash (SHA-256)
}

// latinWord is a run of 3 or more Latin letters; F-keys, A/B/C levels and
// ids are shorter or not letters.
var latinWord = regexp.MustCompile(`[A-Za-z]{3,}`)

// commandLine matches what a user types rather than reads: a command of
// the program's tools with its subcommands, a --flag, a URL, a field name.
var commandLine = regexp.MustCompile(`\b(bdctl|bdhq|branchdesk|pgdemo)( [a-z][a-z-]*)*|--[a-z-]+|[a-z]+://\S*|_[a-z_]+`)

// bilingual are the command-line tools, whose help and output give the
// English beside the Chinese on purpose (an administrator's terminal);
// they are held to Simplified characters only.
var bilingual = []string{"../cmd/bdctl/", "../cmd/bdhq/", "../cmd/pgdemo/"}

// logOnly says a literal is a log line or a tag for one, never shown:
// the arguments of the log package's functions.
func logOnly(call *ast.CallExpr) bool {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	if !ok {
		return false
	}
	pkg, ok := sel.X.(*ast.Ident)
	return ok && pkg.Name == "log"
}

// TestTextIsSimplifiedChinese reads every string literal of the program's
// Go files (ui, cmd, domain): what a user reads is Simplified Chinese, with
// no traditional character and no English word beside Chinese, except the
// words a Chinese bank screen uses (PDF, KPI …). Log lines are exempt.
func TestTextIsSimplifiedChinese(t *testing.T) {
	var files []string
	for _, root := range []string{".", "../cmd", "../domain"} {
		err := filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() && strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go") {
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(files) < 100 {
		t.Fatalf("read %d files, want the whole program", len(files))
	}
	fset := token.NewFileSet()
	for _, path := range files {
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		exempt := map[*ast.BasicLit]bool{}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ImportSpec:
				return false
			case *ast.Field:
				if n.Tag != nil {
					exempt[n.Tag] = true
				}
			case *ast.CallExpr:
				if logOnly(n) {
					return false
				}
			case *ast.BasicLit:
				if n.Kind != token.STRING || exempt[n] {
					return true
				}
				s, err := strconv.Unquote(n.Value)
				if err != nil {
					t.Fatalf("%s: %v", fset.Position(n.Pos()), err)
				}
				problem := textProblem(s)
				if strings.HasPrefix(problem, "English") && slices.ContainsFunc(bilingual, func(dir string) bool { return strings.HasPrefix(filepath.ToSlash(path), dir) }) {
					problem = ""
				}
				if problem != "" {
					t.Errorf("%s: %s: %q", fset.Position(n.Pos()), problem, s)
				}
			}
			return true
		})
	}
}

// textProblem says what is wrong with s as user text, or "".
func textProblem(s string) string {
	if i := strings.IndexAny(s, traditional); i >= 0 {
		r := []rune(s[i:])[0]
		return "traditional character " + string(r)
	}
	if !strings.ContainsFunc(s, func(r rune) bool { return unicode.Is(unicode.Han, r) }) {
		return ""
	}
	for _, w := range latinWord.FindAllString(commandLine.ReplaceAllString(s, ""), -1) {
		if !allowedWords[w] {
			return "English word " + w + " beside Chinese"
		}
	}
	return ""
}

func TestTextProblem(t *testing.T) {
	for _, tc := range []struct {
		s, want string
	}{
		{"登录", ""},
		{"Log in", ""},
		{"登录 Log in", "English word Log beside Chinese"},
		{"第十五條", "traditional character 條"},
		{"第十五条", ""},
		{"保存 PDF", ""},
		{"锁屏 (F12)", ""},
		{"A级授权", ""},
		{"BranchDesk — 柜员登录", ""},
		{"请在分行服务器上运行 bdctl sync enroll", ""},
		{"请退出后以 --demo 启动", ""},
		{"分行服务器 postgres://用户@服务器/数据库", ""},
		{"示范数据写入失败 (demo seed failed)", "English word demo beside Chinese"},
	} {
		if got := textProblem(tc.s); got != tc.want {
			t.Errorf("textProblem(%q) = %q, want %q", tc.s, got, tc.want)
		}
	}
}
