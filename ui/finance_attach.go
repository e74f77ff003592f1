package ui

import (
	"bytes"
	"fmt"
	"io"
	"log"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"branchdesk/domain/attach"
)

// attachPanel is the 附件 section of a survey or a demand: each file with
// its thumbnail (a PDF with a document icon and its pages), 查看 to see a
// picture larger or save a PDF out, and 添加附件 for a JPEG, PNG or PDF
// picked from disk with its kind. The desk refuses a file that is not
// what its name says, too large or unreadable, and says why; another
// officer's record shows only how many files there are and their kinds.
type attachPanel struct {
	d       *financeView
	rec     attach.RecordKind
	id      string
	files   []attach.Attachment
	heading *widget.Label
	list    *fyne.Container
	kind    *widget.Select
	add     *button
	views   map[int64]*button // each shown file's 查看
	removes map[int64]*button // each file's 撤下, while it is on the record
	form    *deskForm         // the open 撤下 dialog, if any
	reason  *field            // its reason
	status  *widget.Label
	content fyne.CanvasObject
	// counted is told how many files are on the record after each load.
	counted func(n int)
	// shown is the picture 查看 has open, for tests.
	shown *canvas.Image
}

const thumbSide = 96 // a thumbnail's box in the list, in Fyne units

func newAttachPanel(d *financeView) *attachPanel {
	p := &attachPanel{d: d, views: map[int64]*button{}}
	p.kind = newSelect(titles(attach.Kinds(), func(k attach.Kind) string { return string(k) }), nil)
	p.kind.PlaceHolder = tr("请选择类别")
	p.add = newButton(d.a, tr("添加附件…"), theme.ContentAddIcon(), p.pick)
	p.heading = widget.NewLabelWithStyle(tr("附件"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true})
	p.list = container.NewVBox()
	p.status = deskStatus()
	note := widget.NewLabel(fmt.Sprintf(tr("可添加 JPEG、PNG 图片或 PDF 文件，每个不超过 %s"), attach.SizeText(attach.MaxSize)))
	p.content = container.NewVBox(widget.NewSeparator(), p.heading, p.list,
		container.NewHBox(widget.NewLabel(tr("类别")), p.kind, p.add), note, p.status)
	return p
}

// show lists the files of record id.
func (p *attachPanel) show(rec attach.RecordKind, id string) {
	p.rec, p.id = rec, id
	p.status.SetText("")
	p.load()
}

func (p *attachPanel) load() {
	a := p.d.a
	files, err := p.d.svc.Attachments(a.ctx, a.sess, p.rec, p.id)
	if err != nil {
		sayError(p.status, errorText(err))
		files = nil
	}
	p.files = files
	p.views, p.removes = map[int64]*button{}, map[int64]*button{}
	p.list.RemoveAll()
	on := 0
	for _, f := range files {
		if f.Removed == nil {
			on++
		}
		if !f.Hidden {
			p.list.Add(p.row(f))
		}
	}
	if hidden := hiddenText(files); hidden != "" {
		l := widget.NewLabel(hidden)
		l.Wrapping = fyne.TextWrapWord
		p.list.Add(container.NewBorder(nil, nil, widget.NewIcon(theme.VisibilityOffIcon()), nil, l))
	}
	if len(files) == 0 {
		p.list.Add(widget.NewLabel(tr("尚无附件")))
	}
	p.heading.SetText(fmt.Sprintf(tr("附件（%d 个）"), on))
	if p.counted != nil {
		p.counted(on)
	}
	// The domain says who may add a file, even to a record with none.
	setEnabled(p.add, err == nil && p.d.svc.MayAttach(a.ctx, a.sess, p.rec, p.id) == nil)
}

// row is one file: its thumbnail, what it is, and 查看.
func (p *attachPanel) row(f attach.Attachment) fyne.CanvasObject {
	a := p.d.a
	var pic fyne.CanvasObject
	if len(f.Thumb) > 0 {
		img := canvas.NewImageFromReader(bytes.NewReader(f.Thumb), fmt.Sprintf("attachment-%d-thumb", f.ID))
		img.FillMode = canvas.ImageFillContain
		img.SetMinSize(fyne.NewSquareSize(thumbSide))
		pic = img
	} else {
		pic = container.NewGridWrap(fyne.NewSquareSize(thumbSide), widget.NewIcon(theme.DocumentIcon()))
	}
	what := tr(attach.TypeText(f.ContentType))
	if f.Pages > 0 {
		what += fmt.Sprintf(tr("，%d 页"), f.Pages)
	}
	line := fmt.Sprintf(tr("%s　%s\n%s，%s\n%s 添加于 %s"), tr(string(f.Kind)), f.Name, what, attach.SizeText(f.Size),
		a.userLabel(f.AddedBy), deskTime(f.AddedAt))
	if r := f.Removed; r != nil {
		line += fmt.Sprintf(tr("\n已撤下：%s（%s %s）"), r.Reason, a.userLabel(r.By), deskTime(r.At))
	}
	text := widget.NewLabel(line)
	text.Wrapping = fyne.TextWrapWord
	view := newButton(a, tr("查看"), theme.VisibilityIcon(), func() { p.view(f) })
	p.views[f.ID] = view
	actions := container.NewVBox(view)
	if f.Removed == nil {
		remove := newButton(a, tr("撤下…"), theme.DeleteIcon(), func() { p.askRemove(f) })
		p.removes[f.ID] = remove
		actions.Add(remove)
	}
	return container.NewBorder(nil, nil, pic, container.NewCenter(actions), text)
}

// askRemove asks why, then takes the file off the record; the file is
// kept.
func (p *attachPanel) askRemove(f attach.Attachment) {
	a := p.d.a
	reason := newField(a, tr("如：传错了照片"))
	p.reason = reason
	p.form = a.askDeskForm(tr("撤下附件"), fmt.Sprintf(tr("撤下 %s“%s”：附件仍保留备查，不再算作本记录的附件。"), tr(string(f.Kind)), f.Name),
		tr("撤下"), []*widget.FormItem{widget.NewFormItem(tr("撤下原因"), reason)}, reason, func() error {
			if err := p.d.svc.RemoveAttachment(a.ctx, a.sess, f.ID, reason.Text); err != nil {
				return err
			}
			p.form = nil
			p.load()
			sayDone(p.status, fmt.Sprintf(tr("已撤下附件 %s"), f.Name))
			return nil
		})
}

// pick asks for a file and adds it with the kind chosen.
func (p *attachPanel) pick() {
	if p.kind.SelectedIndex() < 0 {
		sayRefused(p.status, tr("请先选择附件类别，再添加附件"))
		return
	}
	p.d.a.openDeskFile(tr("附件"), attach.Extensions(), p.addFile)
}

// addFile adds the file the dialog chose, named name: a refusal is said
// in the panel and nothing is kept.
func (p *attachPanel) addFile(name string, r io.Reader) error {
	a := p.d.a
	a.touch()
	data, err := io.ReadAll(io.LimitReader(r, attach.MaxSize+1))
	if err != nil {
		return err
	}
	kind, _ := chosen(p.kind, attach.Kinds())
	f, err := p.d.svc.AddAttachment(a.ctx, a.sess, p.rec, p.id, name, kind, data)
	if err != nil {
		sayRefused(p.status, tr("未添加：")+errorText(err))
		return nil
	}
	p.load()
	sayDone(p.status, fmt.Sprintf(tr("已添加附件 %s（%s，%s）"), f.Name, tr(string(f.Kind)), attach.SizeText(f.Size)))
	return nil
}

// view shows a picture larger, or saves a PDF out to be opened.
func (p *attachPanel) view(f attach.Attachment) {
	a := p.d.a
	a.touch()
	got, data, err := p.d.svc.AttachmentFile(a.ctx, a.sess, f.ID)
	if err != nil {
		sayRefused(p.status, tr("不能查看：")+errorText(err))
		return
	}
	if got.ContentType == attach.PDF {
		a.saveDeskFile(tr("附件 ")+got.Name, got.Name, ".pdf", func(w io.Writer) error {
			_, err := w.Write(data)
			return err
		})
		return
	}
	pic, err := attach.Picture(data, 1200)
	if err != nil {
		sayError(p.status, tr("图片无法显示：")+errorText(err))
		return
	}
	img := canvas.NewImageFromImage(pic)
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSize(720, 480))
	p.shown = img
	var m *modal
	closeBtn := newButton(a, tr("关闭"), theme.CancelIcon(), func() { a.closeModal(m); p.shown = nil })
	m = a.showModal(fmt.Sprintf("%s　%s", tr(string(got.Kind)), got.Name), img, []fyne.CanvasObject{closeBtn}, 760, closeBtn, func() { p.shown = nil })
}

// showFiles opens the chosen demand's 附件.
func (v *demandsView) showFiles() {
	st, ok := v.current()
	if !ok {
		return
	}
	a := v.d.a
	v.files = newAttachPanel(v.d)
	v.files.show(attach.OnDemand, st.ID)
	v.files.counted = func(n int) { v.attached.SetText(fmt.Sprintf(tr("附件（%d）"), n)) }
	var m *modal
	closeBtn := newButton(a, tr("关闭"), theme.CancelIcon(), func() { a.closeModal(m); v.files = nil })
	body := container.NewVScroll(v.files.content)
	body.SetMinSize(fyne.NewSize(680, 420))
	m = a.showModal(fmt.Sprintf(tr("需求 %s 的附件"), st.ID), body, []fyne.CanvasObject{closeBtn}, 720, closeBtn, func() { v.files = nil })
}

// countFiles shows on 附件 how many files demand id has.
func (v *demandsView) countFiles(id string, ok bool) {
	if !ok {
		v.attached.SetText(tr("附件"))
		return
	}
	a := v.d.a
	files, err := v.d.svc.Attachments(a.ctx, a.sess, attach.OnDemand, id)
	if err != nil {
		log.Printf("ui: attachments of %s: %v", id, err)
		v.attached.SetText(tr("附件"))
		return
	}
	n := 0
	for _, f := range files {
		if f.Removed == nil {
			n++
		}
	}
	v.attached.SetText(fmt.Sprintf(tr("附件（%d）"), n))
}

// hiddenText is attach.HiddenText in the screens' language: how many
// files of each kind a viewer may not see.
func hiddenText(files []attach.Attachment) string {
	if t, ok := attach.HiddenMessage(files); ok {
		return msgText(t)
	}
	return ""
}
