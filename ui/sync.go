package ui

import (
	"context"
	"errors"
	"fmt"
	"log"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/staff"
	"branchdesk/domain/sync"
	"branchdesk/storage/bundle"
	"branchdesk/storage/sqlstore"
)

// Terminal is this terminal's side of head-office sync, as the sync screen
// uses it (storage/bundle.Terminal).
type Terminal interface {
	Enrollment() ([]byte, error)
	Export(ctx context.Context, dir string) (string, error)
	ExportPending(ctx context.Context, dir string) ([]string, error)
	ImportReceipt(ctx context.Context, data []byte) (sync.Manifest, sync.ReceiptBody, error)
	ApplyConfig(ctx context.Context, data []byte, fingerprint string) (sync.Manifest, error)
	Rekey(ctx context.Context) error
	Exports(ctx context.Context) ([]sqlstore.SyncExport, error)
	State(ctx context.Context) (sqlstore.SyncState, error)
}

// syncView is the 总行同步 screen: export to a folder (a USB stick), import
// config bundles and receipts, and what waits for a receipt or was refused.
type syncView struct {
	a    *App
	term Terminal

	content fyne.CanvasObject
	status  *widget.Label
	message *widget.Label
	table   *widget.Table
	exports []sqlstore.SyncExport

	enroll, export, pending, receipt, config, rekey *widget.Button
	form                                            *deskForm // the fingerprint check, the new-key confirmation
}

func newSyncView(a *App, term Terminal) *syncView {
	v := &syncView{a: a, term: term, status: widget.NewLabel(""), message: widget.NewLabel("")}
	v.message.Wrapping = fyne.TextWrapWord
	v.table = newTable([]column{{tr("序号"), 60}, {tr("记录数"), 80}, {tr("导出时间"), 170}, {tr("总行回执"), 230}, {tr("被拒记录"), 360}},
		func() int { return len(v.exports) },
		func(row, col int) string {
			e := v.exports[row]
			switch col {
			case 0:
				return fmt.Sprint(e.Seq)
			case 1:
				return fmt.Sprint(e.Records)
			case 2:
				return storedTime(e.ExportedAt)
			case 3:
				if e.AckedAt == "" {
					return tr("待回执")
				}
				return tr("已确认 ") + storedTime(e.AckedAt)
			}
			var rs []string
			for _, r := range e.Rejected {
				rs = append(rs, r.Record+"："+r.Reason)
			}
			return strings.Join(rs, "；")
		})
	v.enroll = widget.NewButton(tr("生成登记文件…"), func() { v.saveTo(tr("生成登记文件"), "terminal-enroll.json", v.enrollTo) })
	v.export = widget.NewButton(tr("导出数据包…"), func() { v.chooseDir(tr("导出数据包到文件夹"), v.exportTo) })
	v.pending = widget.NewButton(tr("重新导出未确认…"), func() { v.chooseDir(tr("重新导出未确认到文件夹"), v.pendingTo) })
	v.receipt = widget.NewButton(tr("导入回执…"), func() { v.chooseFile(tr("导入回执"), v.importReceipt) })
	v.config = widget.NewButton(tr("导入配置包…"), func() { v.chooseFile(tr("导入配置包"), v.applyConfig) })
	v.rekey = widget.NewButton(tr("更换密钥…"), v.askRekey)
	if a.sess == nil || a.sess.User().Level != staff.LevelA {
		v.rekey.Disable() // a new key is the supervisor's decision
	}
	bar := container.NewHBox(v.enroll, v.export, v.pending, v.receipt, v.config, v.rekey)
	v.content = container.NewBorder(container.NewVBox(v.status, bar, v.message), nil, nil, nil, v.table)
	v.refresh()
	return v
}

// refresh shows the terminal's identity and its bundles.
func (v *syncView) refresh() {
	ctx := v.a.ctx
	st, err := v.term.State(ctx)
	if err != nil {
		v.fail("sync state", err)
		return
	}
	hq := tr("未收到（首个配置包带来总行公钥）")
	if len(st.HQ.Sign) > 0 {
		hq = tr("已收到，指纹 ") + sync.Fingerprint(st.HQ.Sign)
	}
	v.exports, err = v.term.Exports(ctx)
	if err != nil {
		v.fail("sync exports", err)
		return
	}
	waiting := 0
	for _, e := range v.exports {
		if e.AckedAt == "" {
			waiting++
		}
	}
	v.status.SetText(fmt.Sprintf(tr("网点 %s　终端 %s　最近导出序号 %d　配置版本 %d　总行公钥 %s　待回执 %d 个"),
		st.Branch, st.Terminal, st.LastSeq, st.ConfigVersion, hq, waiting))
	v.table.Refresh()
}

// ctx names the signed-in user as who exports and imports, for the
// audit trail.
func (v *syncView) ctx() context.Context {
	if v.a.sess == nil {
		return v.a.ctx
	}
	return sync.WithOperator(v.a.ctx, v.a.sess.User().ID)
}

// storedTime shows a time the store keeps as RFC 3339 the way the desk
// shows moments (deskTime); one that does not parse, as it is.
func storedTime(s string) string {
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return s
	}
	return deskTime(t)
}

func (v *syncView) fail(where string, err error) {
	log.Printf("ui: %s: %v", where, err)
	v.message.SetText(tr("失败：") + errorText(err))
}

func (v *syncView) done(msg string) {
	v.message.SetText(msg)
	v.refresh()
}

func (v *syncView) enrollTo(path string) {
	data, err := v.term.Enrollment()
	if err == nil {
		err = bundle.WriteFile(path, data)
	}
	if err != nil {
		v.fail("enrollment", err)
		return
	}
	v.done(fmt.Sprintf(tr("已写出登记文件 %s，请交总行登记（bdhq enroll）"), path))
}

func (v *syncView) exportTo(dir string) {
	path, err := v.term.Export(v.ctx(), dir)
	if err != nil {
		v.fail("export", err)
		return
	}
	v.done(tr("已导出 ") + path)
}

func (v *syncView) pendingTo(dir string) {
	paths, err := v.term.ExportPending(v.ctx(), dir)
	if err != nil {
		v.fail("export pending", err)
		return
	}
	v.done(fmt.Sprintf(tr("已重新导出 %d 个待回执的数据包"), len(paths)))
}

func (v *syncView) importReceipt(path string) {
	data, err := bundle.ReadFile(path)
	if err == nil {
		var m sync.Manifest
		m, _, err = v.term.ImportReceipt(v.ctx(), data)
		if err == nil {
			v.done(fmt.Sprintf(tr("回执已导入：数据包 %d 已确认"), m.Seq))
			return
		}
	}
	v.fail("receipt", err)
}

// applyConfig applies a config bundle. The first one brings head
// office's keys, so it asks for their fingerprint as head office reads it
// out on the phone, and applies nothing unless it matches.
func (v *syncView) applyConfig(path string) {
	data, err := bundle.ReadFile(path)
	if err != nil {
		v.fail("config", err)
		return
	}
	st, err := v.term.State(v.a.ctx)
	if err != nil {
		v.fail("config", err)
		return
	}
	apply := func(fingerprint string) error {
		m, err := v.term.ApplyConfig(v.ctx(), data, fingerprint)
		if err != nil {
			return err
		}
		v.done(fmt.Sprintf(tr("配置包第 %d 版已应用"), m.Version))
		return nil
	}
	if len(st.HQ.Sign) > 0 {
		if err := apply(""); err != nil {
			v.fail("config", err)
		}
		return
	}
	fp := newField(v.a, tr("16 位，如 1a2b 3c4d 5e6f 7a8b"))
	v.form = v.a.askDeskForm(tr("核对总行公钥指纹"),
		tr("这是本终端收到的第一个配置包，它带来总行的签名公钥，此后所有配置包和回执都凭它核验。")+
			tr("请致电总行，请对方念出签名公钥指纹（总行用 bdhq keys 查看），逐位输入。指纹不符的配置包不会被应用。"),
		tr("核对并应用"), []*widget.FormItem{widget.NewFormItem(tr("总行公钥指纹"), fp)}, fp,
		func() error { return apply(fp.Text) })
}

// askRekey gives the terminal a new key, once head office has revoked
// the old one; the officer confirms by typing 更换.
func (v *syncView) askRekey() {
	confirm := newField(v.a, tr("输入“更换”以确认"))
	v.form = v.a.askDeskForm(tr("更换终端密钥"),
		tr("仅在总行已吊销本终端旧密钥后使用（终端丢失、密钥外泄）。更换后旧密钥作废：请点“生成登记文件…”交总行重新登记，再点“重新导出未确认”。"),
		tr("更换密钥"), []*widget.FormItem{widget.NewFormItem(tr("确认"), confirm)}, confirm,
		func() error {
			if strings.TrimSpace(confirm.Text) != tr("更换") {
				return errors.New(tr("请输入“更换”以确认更换密钥"))
			}
			if err := v.term.Rekey(v.ctx()); err != nil {
				return err
			}
			v.done(tr("已更换本终端密钥：请点“生成登记文件…”交总行重新登记，再点“重新导出未确认”"))
			return nil
		})
}

func (v *syncView) chooseDir(title string, fn func(string)) {
	v.a.openFolder(title, func(u fyne.ListableURI, err error) {
		if err != nil || u == nil {
			return
		}
		fn(u.Path())
	})
}

func (v *syncView) chooseFile(title string, fn func(string)) {
	v.a.openFile(title, nil, func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		r.Close()
		fn(r.URI().Path())
	})
}

func (v *syncView) saveTo(title, name string, fn func(string)) {
	v.a.saveFile(title, name, []string{".json"}, func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		w.Close()
		fn(w.URI().Path())
	})
}
