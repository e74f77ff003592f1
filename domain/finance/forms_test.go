package finance_test

import (
	"context"
	"slices"
	"testing"

	"branchdesk/domain/survey"
	"branchdesk/domain/sync"
	"branchdesk/storage/demo"
)

// Moving a draft to a newer form drops, and names on the way back and in
// the audit trail, an answer the new form does not ask of it (在我行贷款余额
// asked only with 在我行有贷款 ticked), rather than keep it until the next
// save clears it without a word.
func TestFormDefinitionUpgradeNamesUnasked(t *testing.T) {
	d := newDesk(t)
	ctx := context.Background()
	off := d.login(t, "2001")
	rec := d.filledDraft(t, off, func(s *survey.Survey) { s.LoansWithUsAmount = 100 })
	v2 := survey.V1()
	v2.Version = 2
	for gi := range v2.Groups {
		for fi := range v2.Groups[gi].Fields {
			if f := &v2.Groups[gi].Fields[fi]; f.Key == "LoansWithUsAmount" {
				f.Relevant = "LoansWithUs = 是"
			}
		}
	}
	if err := d.db.InitSync(ctx, demo.Branch, "T01", "/nonexistent/key"); err != nil {
		t.Fatal(err)
	}
	m := sync.Manifest{Format: sync.Format, Kind: sync.Config, Branch: demo.Branch, Version: 1, Schema: 1}
	if err := d.db.ApplyConfig(ctx, d.clock.Now(), m, sync.ConfigSet{Keys: sync.HQKeys{Sign: make([]byte, 32), Age: "age1test"}, Forms: []survey.Definition{v2}}); err != nil {
		t.Fatal(err)
	}
	out, dropped, err := d.fin.UpgradeSurvey(ctx, off, rec.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(dropped, []string{"在我行贷款余额"}) || out.Survey.LoansWithUsAmount != 0 || out.Survey.FormVersion != 2 {
		t.Fatalf("upgraded: dropped %v, balance %d, form v%d", dropped, out.Survey.LoansWithUsAmount, out.Survey.FormVersion)
	}
	got, err := d.fin.Open(ctx, off, rec.ID)
	if err != nil || got.Survey.LoansWithUsAmount != 0 || got.Survey.Name != rec.Survey.Name {
		t.Fatalf("stored: %+v %v", got.Survey, err)
	}
	var n int
	if err := d.db.QueryRow(ctx, `SELECT COUNT(*) FROM audit WHERE action = 'survey' AND detail LIKE ?`,
		"%"+rec.ID+"%升级到第2版，未带入：在我行贷款余额").Scan(&n); err != nil || n != 1 {
		t.Fatalf("%d audit lines naming the dropped answer (%v)", n, err)
	}
}
