package bundle

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"branchdesk/domain/appraisal"
	"branchdesk/domain/counter"
	"branchdesk/domain/sync"
	"branchdesk/storage/demo"
	"branchdesk/storage/sqlstore"
)

// TestQuarterWeightsConfig: head office sends the quarterly evaluation's
// weights down in a config bundle; weights that do not sum to 100 are
// refused at head office (nothing issued) and, in a bundle made some
// other way, at the terminal (nothing applied), with the reason; a later
// config without weights keeps them. Weights are in force from the time
// head office issued them: a quarter ending before keeps the earlier ones.
func TestQuarterWeightsConfig(t *testing.T) {
	r := newRig(t)
	ctx := context.Background()
	weightsAt := func(before time.Time) (appraisal.Weights, error) {
		var w appraisal.Weights
		err := r.db.View(ctx, func(tx counter.Tx) (err error) {
			w, err = tx.(*sqlstore.Tx).QuarterWeights(before)
			return err
		})
		return w, err
	}
	weights := func() (appraisal.Weights, error) { return weightsAt(r.clock.Now().Add(time.Hour)) }
	if _, err := weights(); !errors.Is(err, counter.ErrNotFound) {
		t.Fatalf("weights before any config: %v", err)
	}
	w := appraisal.DefaultWeights()
	w[appraisal.Coverage]++ // 101
	if _, _, err := r.hq.ExportConfig(ctx, demo.Branch, sync.ConfigSet{Weights: w}); !errors.Is(err, appraisal.ErrWeights) ||
		!strings.Contains(err.Error(), "合计须为 100，现为 101") {
		t.Fatalf("head office issued weights summing to 101: %v", err)
	}

	// A bundle signed by head office's key but carrying 99: the terminal
	// checks it again.
	r.configure(sync.ConfigSet{})
	w[appraisal.Coverage] -= 2 // 99
	files, err := encodeConfig(sync.ConfigSet{Keys: r.hq.PublicKeys(), Weights: w})
	if err != nil {
		t.Fatal(err)
	}
	st, _ := r.db.SyncState(ctx)
	plain, _, err := Pack(sync.Manifest{Kind: sync.Config, Branch: demo.Branch, Version: st.ConfigVersion + 1, Created: time.Now(), Schema: 1}, files, r.hq.sign)
	if err != nil {
		t.Fatal(err)
	}
	to, _ := terminalRecipient(r.term.PublicKey())
	data, err := Seal(plain, to)
	if err != nil {
		t.Fatal(err)
	}
	before := branchSnapshot(t, r)
	if _, err := r.term.ApplyConfig(ctx, data, r.fingerprint()); !errors.Is(err, appraisal.ErrWeights) || !strings.Contains(err.Error(), "现为 99") {
		t.Fatalf("terminal applied weights summing to 99: %v", err)
	}
	if _, err := weights(); !errors.Is(err, counter.ErrNotFound) || branchSnapshot(t, r) != before {
		t.Fatalf("a refused config left weights or changes: %v", err)
	}

	// 100: issued and applied.
	w = appraisal.Weights{appraisal.Coverage: 30, appraisal.DailyLog: 10, appraisal.WeeklyClear: 10,
		appraisal.Success: 30, appraisal.Satisfaction: 10, appraisal.Complaints: 10}
	issued := r.clock.Now()
	r.configure(sync.ConfigSet{Weights: w})
	if got, err := weights(); err != nil || got[appraisal.Coverage] != 30 || got[appraisal.Success] != 30 || len(got) != 6 {
		t.Fatalf("weights after config: %v %v", got, err)
	}
	if _, err := weightsAt(issued); !errors.Is(err, counter.ErrNotFound) {
		t.Fatalf("weights in force before they were issued: %v", err)
	}
	var detail string
	if err := r.db.SQL().QueryRow(`SELECT detail FROM audit WHERE action = '` + sync.AuditConfig + `' ORDER BY id DESC LIMIT 1`).Scan(&detail); err != nil ||
		!strings.Contains(detail, "季度考核权重 名单覆盖率 30、日登完整率 10") {
		t.Fatalf("audit %q %v", detail, err)
	}
	r.configure(sync.ConfigSet{})
	if got, err := weights(); err != nil || got[appraisal.Coverage] != 30 {
		t.Fatalf("a config without weights changed them: %v %v", got, err)
	}
}
