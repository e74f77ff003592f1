package csvio

import (
	"bytes"
	"errors"
	"reflect"
	"strings"
	"testing"

	"branchdesk/domain/target"
)

func sample() []target.Target {
	return []target.Target{
		{ID: "T1", Cluster: "光谷生物城", SubBranch: "东湖支行", Name: "武汉示范生物科技有限公司", CreditCode: "91350100M000100Y43",
			Industry: "C 制造业", MainBusiness: "生物试剂", Size: "小型", WithUs: true, Needs: "流动资金贷款", LegalRep: "陈一",
			Contact: "13812345678", Operating: "正常", Class: target.Preferred, Officer: "2001", Deadline: "2026-12-31"},
		{ID: "T2", Name: "汉正街示范服装商行", Class: target.Exit, Officer: "2002", Deadline: "2026-12-01", Contact: "027-8888 8888"},
	}
}

func TestTargetsRoundTripWithBOM(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteTargets(&buf, sample(), false); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(buf.String(), "\uFEFF编号,所属圈链") {
		t.Fatalf("no BOM and header: %q", buf.String()[:30])
	}
	got, err := ReadTargets(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, sample()) {
		t.Fatalf("round trip:\n%+v\n%+v", got, sample())
	}
}

func TestExportMasksContacts(t *testing.T) {
	var buf bytes.Buffer
	_ = WriteTargets(&buf, sample(), true)
	if strings.Contains(buf.String(), "13812345678") || !strings.Contains(buf.String(), "138****5678") {
		t.Fatalf("mobile not masked:\n%s", buf.String())
	}
}

func TestImportNamesEveryBadRow(t *testing.T) {
	var buf bytes.Buffer
	bad := sample()
	bad[0].Class = "随便"
	bad[1].Deadline = "下周"
	_ = WriteTargets(&buf, sample()[:0], false)
	s := buf.String() +
		"T1,,,甲公司,,,,,否,否,,,,,随便,2001,2026-12-31\r\n" +
		"T2,,,乙公司,,,,,否,否,,,,,正常进入类,2001,下周\r\n" +
		"T3,,,丙公司,,,,,否,否,,,,,正常进入类,2001,2026-12-31\r\n"
	got, err := ReadTargets(strings.NewReader(s))
	if got != nil || !errors.Is(err, target.ErrClass) || !errors.Is(err, target.ErrDeadline) ||
		!strings.Contains(err.Error(), "第 2 行") || !strings.Contains(err.Error(), "第 3 行") {
		t.Fatalf("got %v, %v", got, err)
	}
	if _, err := ReadTargets(strings.NewReader("名称,地址\n")); !errors.Is(err, ErrHeader) {
		t.Fatalf("foreign header: %v", err)
	}
}
