package survey

import (
	"cmp"
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"

	"branchdesk/domain/money"
	"branchdesk/domain/msg"
)

// A condition says when a group or field is asked ("relevant"): one or
// more comparisons joined by "and" (且) and "or" (或), "and" binding
// tighter, each written with spaces around the operator:
//
//	Collateral has property        a multichoice includes an answer (key or
//	                               title); "包含" as well as "has"
//	LoansWithUs = true             a tick box, true or false (是, 否); = and !=
//	                               on any field
//	TermMonths > 12                >, >=, <, <= on integers, amounts (yuan) and dates
//
// A field that is not asked counts as empty in another's condition; an
// empty answer makes >, >=, < and <= false (it is not 0 nor the earliest
// date).
type condition struct {
	any [][]comparison // true when every comparison of one of them holds
}

type comparison struct {
	key string
	op  string
	typ FieldType
	val string // a choice's key, "true"/"" for a tick box, text or a date
	num int64  // integers, and amounts in fen
}

var operators = []string{"has", "包含", "=", "!=", ">", ">=", "<", "<="}

// The words of conditions, in English or Chinese.
var (
	andWords   = []string{"and", "且", "并且"}
	orWords    = []string{"or", "或"}
	trueWords  = []string{"true", "是"}
	falseWords = []string{"false", "否"}
)

// refs are the keys the condition reads.
func (c *condition) refs() []string {
	var ks []string
	for _, all := range c.any {
		for _, cmp := range all {
			ks = append(ks, cmp.key)
		}
	}
	return ks
}

// parseCondition reads expr against the fields of a definition.
func parseCondition(expr string, fields map[string]FieldDef) (*condition, error) {
	toks := strings.Fields(expr)
	c := &condition{any: [][]comparison{nil}}
	for len(toks) > 0 {
		if len(toks) < 3 {
			return nil, msg.Errorf("条件“%s”不完整：应为“字段 运算符 值”，运算符两侧留空格", expr)
		}
		cmp, err := parseComparison(toks[0], toks[1], toks[2], fields)
		if err != nil {
			return nil, msg.Errorf("条件“%s”：%w", expr, err)
		}
		last := len(c.any) - 1
		c.any[last] = append(c.any[last], cmp)
		toks = toks[3:]
		if len(toks) == 0 {
			break
		}
		switch w := strings.ToLower(toks[0]); {
		case slices.Contains(andWords, w):
		case slices.Contains(orWords, w):
			c.any = append(c.any, nil)
		default:
			return nil, msg.Errorf("条件“%s”：“%s”处应为连接词（且、或）", expr, toks[0])
		}
		toks = toks[1:]
		if len(toks) == 0 {
			return nil, msg.Errorf("条件“%s”以连接词结尾", expr)
		}
	}
	return c, nil
}

func parseComparison(key, op, val string, fields map[string]FieldDef) (comparison, error) {
	f, ok := fields[key]
	if !ok {
		return comparison{}, msg.Errorf("字段 %s 不存在", key)
	}
	if op == "包含" {
		op = "has"
	}
	cmp := comparison{key: key, op: op, typ: f.Type, val: val}
	if !slices.Contains(operators, op) {
		return cmp, msg.Errorf("运算符“%s”未知", op)
	}
	ordered := op != "=" && op != "!=" && op != "has"
	switch f.Type {
	case TypeMultiChoice, TypeChoice:
		if (op == "has") != (f.Type == TypeMultiChoice) || ordered {
			return cmp, msg.Errorf("%s 不能用“%s”比较（多选用“包含”，单选用 = 或 !=）", f.Label, op)
		}
		i := slices.IndexFunc(f.Choices, func(c Choice) bool { return c.Key == val || c.Title == val })
		if i < 0 {
			return cmp, msg.Errorf("%s 没有选项“%s”", f.Label, val)
		}
		cmp.val = f.Choices[i].Key
		return cmp, nil
	case TypeBool:
		yes, no := slices.Contains(trueWords, val), slices.Contains(falseWords, val)
		if op != "=" && op != "!=" || !yes && !no {
			return cmp, msg.Errorf("%s 只能写 = 是 或 = 否", f.Label)
		}
		cmp.val = map[bool]string{true: "true"}[yes]
		return cmp, nil
	case TypeAmount:
		a, err := money.Parse(val)
		if err != nil && !errors.Is(err, money.ErrZero) {
			return cmp, msg.Errorf("%s 应与金额（元）比较：%w", f.Label, err)
		}
		cmp.num = int64(a)
	case TypeInteger:
		n, err := strconv.ParseInt(val, 10, 64)
		if err != nil {
			return cmp, msg.Errorf("%s 应与整数比较", f.Label)
		}
		cmp.num = n
	case TypeDate:
		if _, err := time.Parse(time.DateOnly, val); err != nil {
			return cmp, msg.Errorf("%s 应与日期比较，格式如2024-03-15", f.Label)
		}
	default:
		if ordered {
			return cmp, msg.Errorf("%s 是文字，不能比较大小", f.Label)
		}
	}
	if op == "has" {
		return cmp, msg.Errorf("%s 不是多选，不能用“包含”", f.Label)
	}
	return cmp, nil
}

// holds evaluates the condition; value gives a field's stored text.
func (c *condition) holds(value func(key string) string) bool {
	if c == nil {
		return true
	}
	for _, all := range c.any {
		if !slices.ContainsFunc(all, func(cmp comparison) bool { return !cmp.holds(value(cmp.key)) }) {
			return true
		}
	}
	return false
}

func (c comparison) holds(v string) bool {
	if c.op == "has" {
		return slices.Contains(strings.Split(v, ","), c.val)
	}
	if v == "" && c.op != "=" && c.op != "!=" {
		return false // an empty answer is neither more nor less than anything
	}
	var order int
	switch c.typ {
	case TypeAmount, TypeInteger:
		n, _ := strconv.ParseInt(v, 10, 64)
		order = cmp.Compare(n, c.num)
	default:
		order = strings.Compare(v, c.val)
	}
	switch c.op {
	case "=":
		return order == 0
	case "!=":
		return order != 0
	case ">":
		return order > 0
	case ">=":
		return order >= 0
	case "<":
		return order < 0
	}
	return order <= 0
}

// conditions parses every condition of the definition: for each field,
// its group's and its own.
func (d Definition) conditions() (map[string][]*condition, error) {
	fields := map[string]FieldDef{}
	for _, f := range d.Fields() {
		fields[f.Key] = f
	}
	out := map[string][]*condition{}
	for _, g := range d.Groups {
		var gc *condition
		if strings.TrimSpace(g.Relevant) != "" {
			c, err := parseCondition(g.Relevant, fields)
			if err != nil {
				return nil, msg.Errorf("分组 %s 的%w", g.Name, err)
			}
			gc = c
		}
		for _, f := range g.Fields {
			if gc != nil {
				out[f.Key] = append(out[f.Key], gc)
			}
			if strings.TrimSpace(f.Relevant) == "" {
				continue
			}
			c, err := parseCondition(f.Relevant, fields)
			if err != nil {
				return nil, msg.Errorf("字段 %s 的%w", f.Label, err)
			}
			out[f.Key] = append(out[f.Key], c)
		}
	}
	return out, nil
}
