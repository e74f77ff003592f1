package ui

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"branchdesk/domain/counter"
	"branchdesk/domain/finance"
	"branchdesk/domain/money"
	"branchdesk/domain/pipeline"
	"branchdesk/domain/survey"
	"branchdesk/storage/demo"
	"branchdesk/storage/sqlite"
	"branchdesk/storage/sqlstore"
)

// deskBed is a demo database with the counter and the officer's desk
// over it, and the means to open the real UI on it as often as a test
// likes (a reopened UI is what the officer sees after closing the app).
type deskBed struct {
	t     *testing.T
	path  string
	fa    fyne.App
	clock *clock
	ids   finance.IDs
	svc   *counter.Service
	fin   *finance.Service
}

func newDeskBed(t *testing.T) *deskBed {
	t.Helper()
	n := 0
	b := &deskBed{
		t: t, path: filepath.Join(t.TempDir(), "bd.db"), fa: test.NewTempApp(t),
		clock: &clock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.Local), tick: time.Second},
		ids:   func(p string) string { n++; return fmt.Sprintf("%s%04d", p, n) },
	}
	b.svc, b.fin = b.open()
	if err := demo.Seed(context.Background(), b.svc, businessDate); err != nil {
		t.Fatal(err)
	}
	return b
}

// open opens the database file afresh, with new services over it.
func (b *deskBed) open() (*counter.Service, *finance.Service) {
	b.t.Helper()
	db, err := sqlite.Open(context.Background(), b.path)
	if err != nil {
		b.t.Fatal(err)
	}
	b.t.Cleanup(func() { db.Close() })
	fin, err := finance.New(sqlstore.Finance(db), b.clock, b.ids)
	if err != nil {
		b.t.Fatal(err)
	}
	return counter.New(db, b.clock, "0101-T01"), fin
}

// terminal opens the real UI on a fresh connection to the database and
// logs id in; the 信贷服务 tab is shown.
func (b *deskBed) terminal(id string) *terminal {
	b.t.Helper()
	svc, fin := b.open()
	ui := &clock{t: time.Date(2026, 11, 23, 9, 0, 0, 0, time.Local)}
	a := New(b.fa, svc, Options{Now: ui.Now, IdleCheck: -1, Finance: fin})
	a.Show()
	b.t.Cleanup(func() {
		for _, w := range b.fa.Driver().AllWindows() {
			if w == a.win {
				w.Close()
			}
		}
	})
	tm := &terminal{t: b.t, a: a, svc: svc, ui: ui}
	tm.login(id, "pass"+id)
	if a.ws == nil {
		b.t.Fatalf("login %s: no workspace; login says %q", id, a.login.message.Text)
	}
	if a.desk == nil {
		b.t.Fatalf("%s sees no 信贷服务 tab", id)
	}
	a.ws.tabs.Select(a.desk.tab)
	return tm
}

// login signs id in to the desk's service directly, to set the scene.
func (b *deskBed) login(id string) *counter.Session {
	b.t.Helper()
	s, err := b.svc.Login(context.Background(), id, "pass"+id)
	if err != nil {
		b.t.Fatal(err)
	}
	return s
}

// filedSurvey is a complete, correct survey of officer's.
func filedSurvey(officer string) survey.Survey {
	return survey.Survey{
		Name: "虎林市兴农农机销售有限公司", CreditCode: "91350100M000100Y43", RegisteredOn: "2016-04-08",
		LegalRep: "张三", LegalRepID: "11010519491231002X", Address: "虎林市虎林镇民主街88号",
		Section: "F", Division: "52", MainBusiness: "农机销售及维修", Ownership: survey.OwnershipPrivate,
		Employees: 50, Revenue: 500 * 1_000_000, Assets: 300 * 1_000_000, Liabilities: 120 * 1_000_000,
		TaxGrade: survey.TaxB, AmountSought: 200 * 1_000_000, Purpose: survey.PurposeWorkingCapital,
		TermMonths: 12, Urgency: survey.UrgencyMedium,
		Collateral: []survey.Collateral{survey.CollateralProperty, survey.CollateralGuarantee},
		Contact:    "李四", ContactMobile: "13812345678", Consent: true, OfficerID: officer, SurveyDate: businessDate,
	}
}

// file files a final survey for the officer signed in as sess and
// returns its id.
func (b *deskBed) file(sess *counter.Session, s survey.Survey) string {
	b.t.Helper()
	ctx := context.Background()
	rec, err := b.fin.NewSurvey(ctx, sess)
	if err != nil {
		b.t.Fatal(err)
	}
	rec.Survey = s
	if err := b.fin.SaveDraft(ctx, sess, rec); err != nil {
		b.t.Fatal(err)
	}
	if _, err := b.fin.Finalize(ctx, sess, rec.ID); err != nil {
		b.t.Fatal(err)
	}
	return rec.ID
}

// demand files a survey seeking sought, collects it and matches it with p.
func (b *deskBed) demand(sess *counter.Session, p pipeline.Product, sought money.Amount) string {
	b.t.Helper()
	ctx := context.Background()
	s := filedSurvey(sess.User().ID)
	s.AmountSought = sought
	id, err := b.fin.Collect(ctx, sess, b.file(sess, s))
	if err != nil {
		b.t.Fatal(err)
	}
	b.advance(sess, pipeline.Event{DemandID: id, Stage: pipeline.Matched, Product: &p, Plan: "抵押加保证"})
	return id
}

func (b *deskBed) advance(sess *counter.Session, e pipeline.Event) {
	b.t.Helper()
	if _, err := b.fin.Advance(context.Background(), sess, e); err != nil {
		b.t.Fatalf("%s %s: %v", e.DemandID, e.Stage.Title(), err)
	}
}

// deskProduct is the demo catalogue's one product.
var deskProduct = pipeline.Product{Code: "P01", Name: "小微快贷", Institution: "示范支行", MinAmount: 100_000_00, MaxAmount: 3_000_000_00,
	TermMonths: 36, Collateral: []survey.Collateral{survey.CollateralProperty, survey.CollateralGuarantee}, RateBP: 385}
