package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"

	"branchdesk/domain/attach"
	"branchdesk/storage/bundle"
	"branchdesk/storage/wholefile"
)

const attachmentsUsage = "用法: bdhq attachments list [-branch 网点] [-record survey:编号|demand:编号] | bdhq attachments extract 终端/序号 -out 目录"

// attachments lists the files branches sent up with their surveys and
// demands, or extracts one, its SHA-256 checked before it is written.
func attachments(ctx context.Context, hq *bundle.HQ, args []string, out, stderr io.Writer) error {
	if len(args) == 0 {
		return errors.New(attachmentsUsage)
	}
	fs := flag.NewFlagSet("attachments", flag.ContinueOnError)
	fs.SetOutput(stderr)
	switch args[0] {
	case "list":
		branch := fs.String("branch", "", "网点")
		record := fs.String("record", "", "survey:编号 或 demand:编号")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		var kind attach.RecordKind
		var id string
		if *record != "" {
			k, v, ok := strings.Cut(*record, ":")
			if kind = attach.RecordKind(k); !ok || v == "" || (kind != attach.OnSurvey && kind != attach.OnDemand) {
				return fmt.Errorf("-record 须为 survey:编号 或 demand:编号：%q", *record)
			}
			id = v
		}
		as, err := hq.Attachments(ctx, *branch, kind, id)
		if err != nil {
			return err
		}
		listAttachments(out, as)
		return nil
	case "extract":
		if len(args) < 2 {
			return errors.New(attachmentsUsage)
		}
		dir := fs.String("out", "", "目录")
		if err := fs.Parse(args[2:]); err != nil {
			return err
		}
		if *dir == "" {
			return errors.New(attachmentsUsage)
		}
		a, data, err := hq.AttachmentFile(ctx, args[1])
		if err != nil {
			return err
		}
		path := filepath.Join(*dir, extractName(a))
		if err := wholefile.Write(path, 0o600, func(w io.Writer) error {
			_, err := io.Copy(w, bytes.NewReader(data))
			return err
		}); err != nil {
			return err
		}
		fmt.Fprintf(out, "已导出附件 %s 到 %s（%d 字节，SHA-256 %s 核对无误）\n", a.ID(), path, len(data), a.SHA256)
		return nil
	}
	return errors.New(attachmentsUsage)
}

// extractName is the file's own name after its id, so two files of one
// name do not overwrite each other; nothing in it can leave the directory.
func extractName(a bundle.HQAttachment) string {
	name := filepath.Base(filepath.Clean("/" + strings.ReplaceAll(a.Name, `\`, "/")))
	if name == "/" || name == "." {
		name = "附件"
	}
	return cutName(fmt.Sprintf("%s-%d-%s", a.Terminal, a.RID, name), maxNameBytes)
}

// maxNameBytes is the longest file name extract writes: most file
// systems take 255 bytes, and the temporary name wholefile writes first
// is longer than the final one.
const maxNameBytes = 180

// cutName cuts a name to at most n bytes on a character's boundary,
// keeping its extension.
func cutName(name string, n int) string {
	if len(name) <= n {
		return name
	}
	ext := filepath.Ext(name)
	if len(ext) > 16 {
		ext = ""
	}
	stem := name[:len(name)-len(ext)]
	cut := n - len(ext)
	for cut > 0 && !utf8.RuneStart(stem[cut]) {
		cut--
	}
	return stem[:cut] + ext
}

func listAttachments(out io.Writer, as []bundle.HQAttachment) {
	if len(as) == 0 {
		fmt.Fprintln(out, "没有附件")
		return
	}
	widths := []int{10, 6, 16, 10, 24, -12, 22, 64, 0}
	row := func(cells ...string) {
		for i, c := range cells {
			if i > 0 {
				io.WriteString(out, "  ")
			}
			io.WriteString(out, pad(c, widths[i]))
		}
		io.WriteString(out, "\n")
	}
	row("编号", "网点", "所属记录", "类别", "文件名", "大小", "添加人/时间", "SHA-256", "备注")
	for _, a := range as {
		row(a.ID(), a.Branch, a.RecordKind+":"+a.RecordID, a.Kind, a.Name, attach.SizeText(a.Size),
			a.AddedBy+" "+strings.Replace(a.AddedAt, "T", " ", 1)[:min(16, len(a.AddedAt))], a.SHA256, removedNote(a.Removed))
	}
	fmt.Fprintf(out, "共 %d 个附件\n", len(as))
}

func removedNote(reason string) string {
	if reason == "" {
		return ""
	}
	return "网点已撤下：" + reason
}
