package enterprise

import "testing"

// RULES §7: the rows of 工信部联企业〔2011〕300号 over GB/T 4754-2017.
func TestIndustryFor(t *testing.T) {
	tests := []struct {
		section, code string
		want          Industry
	}{
		{"A", "", Agriculture},
		{"A", "01", Agriculture},
		{"a", "0511", Agriculture},
		{"B", "06", Industrial},
		{"C", "", Industrial},
		{"C", "3011", Industrial},
		{"D", "44", Industrial},
		{"E", "47", Construction},
		{"F", "51", Wholesale},
		{"F", "5121", Wholesale},
		{"F", "F52", Retail},
		{"f", "f521", Retail},
		{"F", "", Unspecified}, // wholesale or retail?
		{"G", "53", Others},    // rail is not transport in the notice
		{"G", "531", Others},
		{"G", "54", Transport},
		{"G", "56", Transport},
		{"G", "58", Transport},
		{"G", "59", Warehousing},
		{"G", "60", Postal},
		{"G", "", Unspecified},
		{"H", "61", Accommodation},
		{"H", "62", Accommodation},
		{"I", "63", InfoTransmission},
		{"I", "64", InfoTransmission},
		{"I", "65", Software},
		{"I", "6511", Software},
		{"I", "", Unspecified},
		{"J", "66", Others},
		{"K", "701", RealEstateDevelopment},
		{"K", "7010", RealEstateDevelopment},
		{"K", "702", PropertyManagement},
		{"K", "703", Others},
		{"K", "70", Unspecified}, // development or property management?
		{"K", "", Unspecified},
		{"L", "71", Leasing},
		{"L", "72", Leasing},
		{"M", "", Others},
		{"O", "80", Others},
		{"T", "97", Others},
		{" Ｇ ", " ５９ ", Warehousing},
		// Malformed or inconsistent input.
		{"", "", Unspecified},
		{"U", "", Unspecified},
		{"FG", "51", Unspecified},
		{"F", "5", Unspecified},
		{"F", "51211", Unspecified},
		{"F", "5a", Unspecified},
		{"F", "65", Unspecified}, // a division of I, not F
		{"G", "G", Unspecified},
		{"K", "71", Unspecified},
		{"批发", "51", Unspecified},
	}
	for _, tt := range tests {
		if got := IndustryFor(tt.section, tt.code); got != tt.want {
			t.Errorf("IndustryFor(%q, %q) = %q, want %q", tt.section, tt.code, got, tt.want)
		}
	}
}

// Every section with its first division lands on a row of the table.
func TestIndustryForEverySection(t *testing.T) {
	rows := Default().Rows
	for _, s := range Sections() {
		for _, code := range []string{"", "01", "06", "13", "44", "47", "51", "53", "61", "63", "66", "701", "71", "73", "76", "80", "83", "84", "86", "91", "97"} {
			ind := IndustryFor(s.Code, code)
			if _, ok := rows[ind]; !ok && ind != Unspecified {
				t.Errorf("IndustryFor(%q, %q) = %q, not a row", s.Code, code, ind)
			}
		}
	}
}

func TestSections(t *testing.T) {
	s := Sections()
	if len(s) != 20 || s[0] != (Section{"A", "农、林、牧、渔业"}) || s[19] != (Section{"T", "国际组织"}) {
		t.Fatalf("Sections() = %v", s)
	}
	for i, sec := range s {
		if want := string(rune('A' + i)); sec.Code != want || sec.Name == "" {
			t.Errorf("section %d = %v, want code %s", i, sec, want)
		}
		if _, ok := sectionDivisions[sec.Code]; !ok {
			t.Errorf("section %s has no divisions", sec.Code)
		}
	}
	s[0].Name = "changed"
	if Sections()[0].Name == "changed" {
		t.Error("Sections must return a fresh slice")
	}
}

func TestIndustryTitles(t *testing.T) {
	seen := map[string]bool{}
	for _, ind := range Industries() {
		title := ind.Title()
		if title == "未确定行业" || seen[title] {
			t.Errorf("%q has title %q", ind, title)
		}
		seen[title] = true
	}
	if Unspecified.Title() != "未确定行业" || Industry("x").Title() != "未确定行业" {
		t.Error("unknown industries must say so")
	}
}
