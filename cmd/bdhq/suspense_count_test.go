package main

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"branchdesk/domain/counter"
	"branchdesk/storage/demo"
)

// A refusal and the approval that followed it, both made before the next
// config export, are two decisions in the bundle: the export counts both
// (挂账批复 2 笔), as the branch's audit line of the bundle does.
func TestConfigExportCountsRefusalAndApprovalOfOneItem(t *testing.T) {
	ctx := context.Background()
	_, hq, usb := freshHQ(t)
	db := seededDB(t)
	term := enrolledTerminal(t, db, hq, usb)
	configured(t, term, hq, usb)
	svc := counter.New(db, nil, "0101-T01")
	item, err := demo.Shortage(ctx, svc, signedInAt(t, svc, "1002"), 10, 9)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := term.Export(ctx, usb); err != nil {
		t.Fatal(err)
	}
	if out, err := bdhq(t, hq, "import", usb); err != nil {
		t.Fatalf("import: %v\n%s", err, out)
	}
	id := fmt.Sprint(item)
	if out, err := bdhq(t, hq, "suspense", "refuse", "-branch", demo.Branch, "-item", id, "-reason", "须先查明原因"); err != nil {
		t.Fatalf("refuse: %v\n%s", err, out)
	}
	if out, err := bdhq(t, hq, "suspense", "approve", "-branch", demo.Branch, "-item", id, "-by", "刘明", "-ref", "运管批〔2026〕12号"); err != nil {
		t.Fatalf("approve: %v\n%s", err, out)
	}
	if out, err := bdhq(t, hq, "config", "export", "-branch", demo.Branch, "-out", usb); err != nil || !strings.Contains(out, "挂账批复 2 笔") {
		t.Fatalf("config: %v\n%s", err, out)
	}
}
