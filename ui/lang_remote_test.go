package ui

import (
	"context"
	"regexp"
	"slices"
	"testing"

	"fyne.io/fyne/v2/test"

	"branchdesk/assets"
	"branchdesk/domain/counter"
	"branchdesk/domain/ledger"
	"branchdesk/storage/demo"
	"branchdesk/ui/uitext"
)

// TestEnglishRemoteReasonOverBoxLimit: a teller in Chinese queues a cash
// deposit into a box over its limit for remote authorization; the B who
// opens it at another PC in English reads why in English, with the same
// figures as the teller's Chinese.
func TestEnglishRemoteReasonOverBoxLimit(t *testing.T) {
	tm := newTerminal(t)
	ctx := context.Background()
	if err := tm.svc.SetSetting(ctx, counter.CommandLine(), counter.SettingRemoteAuth, "on"); err != nil {
		t.Fatal(err)
	}
	pc2 := tm.secondPC("0101-T02")
	tm.signedIn("1001")
	if err := tm.svc.SetBoxLimit(ctx, counter.CommandLine(), "1001", 100_00); err != nil {
		t.Fatal(err)
	}
	// The box crosses its limit with a deposit of its own.
	over, err := tm.svc.Prepare(ctx, tm.a.sess, counter.Request{Presenter: demo.Presenter, Kind: ledger.SavingsCashDeposit,
		Account: savings1, Amount: 200_00})
	if err == nil {
		_, err = tm.svc.Post(ctx, over)
	}
	if err != nil {
		t.Fatal(err)
	}

	b := tm.key(savings1, "300")
	test.Tap(b.submit)
	confirmed(t, b)
	waitFor(t, "teller message", func() string { return b.message.Text }, "需B级授权后方可收款")
	zh := b.message.Text

	t.Cleanup(func() { useCatalog(assets.Chinese) })
	useCatalog(assets.English)
	pc2.login("2001", "pass2001")
	_, d := pc2.openOnlyQueued()
	en := d.need.Text
	wantContains(t, "the B's reason", en, "B-level authorization needed before the cash is taken")
	wantContains(t, "the B's reason", en, "The cash box is above its upper limit")
	figures := regexp.MustCompile(`¥[0-9,]+\.[0-9]{2}`)
	if uitext.HasHan(en) || !slices.Equal(figures.FindAllString(en, -1), figures.FindAllString(zh, -1)) ||
		len(figures.FindAllString(en, -1)) != 2 {
		t.Errorf("the B reads %q; the teller %q", en, zh)
	}
}
