package target

import (
	"errors"
	"regexp"
	"strings"

	"branchdesk/domain/enterprise"
	"branchdesk/domain/msg"
)

// Errors of a list row read from a file. A spreadsheet round trip turns
// "0001" into 1, long numbers into 9.1E+17, and leaves its own error values
// (Err:509, #VALUE!) or formulas in cells; such a row is refused, never
// listed as it came.
var (
	ErrID          = errors.New("编号须由字母、数字、-、_ 组成，至多 40 位，以数字开头的至少 4 位；或留空由系统编号（电子表格常把 0001 变成 1、把长数字变成科学计数法）")
	ErrNameFormula = errors.New("企业名称不能以 = + - @ 开头（电子表格会当作公式）")
	ErrNameSheet   = errors.New("企业名称是电子表格的错误值，不是企业名称")
	ErrCodeInFile  = errors.New("文件中的统一社会信用代码校验位不符：名单文件无法填写理由，请核对营业执照后改正")
)

var (
	// A short id of digits is what a spreadsheet leaves of "0001".
	idPattern = regexp.MustCompile(`^([A-Za-z][A-Za-z0-9_-]{0,39}|[0-9][A-Za-z0-9_-]{3,39})$`)
	// Excel's error values and LibreOffice's Err:NNN.
	sheetError = regexp.MustCompile(`^(#(NULL!|DIV/0!|VALUE!|REF!|NAME\?|NUM!|N/A|GETTING_DATA|SPILL!|CALC!|FIELD!|BLOCKED!|CONNECT!|BUSY!|UNKNOWN!)|Err:\d{3})$`)
)

// FormulaStart reports whether a spreadsheet would read s as a formula:
// it starts with = + - @ (or a tab or carriage return, OWASP's list).
func FormulaStart(s string) bool {
	return s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0]))
}

// checkName refuses a name a spreadsheet made or would evaluate.
func checkName(name string) error {
	name = strings.TrimSpace(name)
	if FormulaStart(name) {
		return msg.Errorf("%w：%q", ErrNameFormula, name)
	}
	if sheetError.MatchString(strings.ToUpper(name)) || sheetError.MatchString(name) {
		return msg.Errorf("%w：%q", ErrNameSheet, name)
	}
	return nil
}

// CheckImported checks a row of a list file (CSV or xlsx) before it is
// listed: what Validate checks, an id a spreadsheet did not mangle, and a
// credit code whose check character holds (Validate lets an officer
// override that with a reason; a file has none).
func CheckImported(t Target) error {
	if t.ID != "" && !idPattern.MatchString(t.ID) {
		return msg.Errorf("%w：%q", ErrID, t.ID)
	}
	if err := t.Validate(); err != nil {
		return err
	}
	if t.CreditCode != "" && enterprise.IsOverridable(enterprise.CheckCreditCode(t.CreditCode)) {
		return msg.Errorf("%w：%s", ErrCodeInFile, t.CreditCode)
	}
	return nil
}
