package msg

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Figure is a figure of a message read back from a store (Unmarshal): the
// text it printed, which it prints again whatever verb formats it.
type Figure string

// Format writes the figure as it was printed.
func (f Figure) Format(s fmt.State, _ rune) { _, _ = io.WriteString(s, string(f)) }

// stored is a message as Marshal writes it: its format and its figures.
type stored struct {
	Format string      `json:"f"`
	Args   []storedArg `json:"a,omitempty"`
}

// storedArg is one figure of a stored message. Kind says what it was:
//
//	name     a string, which a screen translates (Text is the string)
//	figure   any other value, as its verb printed it (Text)
//	error    an error without figures, its text a screen translates (Text)
//	carrier  an error with figures (Carrier), its message in Msgs
//	text     a message, in Msgs
//	list, line   messages shown together or read as one line, in Msgs
type storedArg struct {
	Kind string   `json:"k"`
	Text string   `json:"s,omitempty"`
	Msgs []stored `json:"m,omitempty"`
}

// Marshal writes t as JSON for a store: its format, each figure as it
// prints, and the messages and errors with figures it holds nested, each
// with its own format, so that what Unmarshal reads back reads as t does
// in Chinese and a screen in another language still translates each
// format and each name apart.
func Marshal(t Text) (string, error) {
	b, err := json.Marshal(store(t))
	if err != nil {
		return "", fmt.Errorf("msg: %w", err)
	}
	return string(b), nil
}

// Unmarshal reads a message Marshal wrote. Its figures come back as
// Figure, its names as strings, its errors as errors (with figures, as
// Errorf makes them), its messages as Text, List and Line.
func Unmarshal(s string) (Text, error) {
	var st stored
	if err := json.Unmarshal([]byte(s), &st); err != nil {
		return Text{}, fmt.Errorf("msg: stored message: %w", err)
	}
	return st.text(), nil
}

func store(t Text) stored {
	st := stored{Format: t.Format}
	specs := verbs(t.Format)
	for i, a := range t.Args {
		spec := "%v"
		if i < len(specs) {
			spec = specs[i]
		}
		st.Args = append(st.Args, storeArg(a, spec))
	}
	return st
}

func storeArg(a any, spec string) storedArg {
	switch a := a.(type) {
	case string:
		return storedArg{Kind: "name", Text: a}
	case Text:
		return storedArg{Kind: "text", Msgs: []stored{store(a)}}
	case List:
		return storedArg{Kind: "list", Msgs: storeAll(a)}
	case Line:
		return storedArg{Kind: "line", Msgs: storeAll(a)}
	case error:
		var c Carrier
		if errors.As(a, &c) && c.Error() == a.Error() {
			return storedArg{Kind: "carrier", Msgs: []stored{store(c.Message())}}
		}
		return storedArg{Kind: "error", Text: a.Error()}
	}
	return storedArg{Kind: "figure", Text: fmt.Sprintf(spec, a)}
}

func storeAll(ts []Text) []stored {
	out := make([]stored, len(ts))
	for i, t := range ts {
		out[i] = store(t)
	}
	return out
}

func (st stored) text() Text {
	t := Text{Format: st.Format}
	for _, a := range st.Args {
		t.Args = append(t.Args, a.value())
	}
	return t
}

func (a storedArg) value() any {
	texts := make([]Text, len(a.Msgs))
	for i, m := range a.Msgs {
		texts[i] = m.text()
	}
	switch {
	case a.Kind == "name":
		return a.Text
	case a.Kind == "error":
		return errors.New(a.Text)
	case a.Kind == "carrier" && len(texts) == 1:
		return Errorf(texts[0].Format, texts[0].Args...)
	case a.Kind == "text" && len(texts) == 1:
		return texts[0]
	case a.Kind == "list":
		return List(texts)
	case a.Kind == "line":
		return Line(texts)
	}
	return Figure(a.Text)
}

// verbs are the verbs of format that take an argument, in order, each
// with its flags, width and precision ("%05.2f"); nil when format picks
// its arguments by index or takes a width from one, and each figure is
// then written as %v writes it.
func verbs(format string) []string {
	var out []string
	for i := 0; i < len(format); i++ {
		if format[i] != '%' {
			continue
		}
		j := i + 1
		for j < len(format) && strings.IndexByte("+-# 0123456789.", format[j]) >= 0 {
			j++
		}
		if j == len(format) {
			break
		}
		switch format[j] {
		case '%':
		case '[', '*':
			return nil
		default:
			out = append(out, format[i:j+1])
		}
		i = j
	}
	return out
}
