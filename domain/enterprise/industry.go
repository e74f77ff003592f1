package enterprise

import "strings"

// Industry is a row of the enterprise size table (工信部联企业〔2011〕300号).
// The value is a stable key to store; Title is the Chinese name.
type Industry string

// The industries of the size table. Unspecified means the GB/T 4754 code
// given was too coarse or not valid; no table has a row for it.
const (
	Unspecified           Industry = ""
	Agriculture           Industry = "agriculture"             // 农、林、牧、渔业 (A)
	Industrial            Industry = "industrial"              // 工业 (B, C, D)
	Construction          Industry = "construction"            // 建筑业 (E)
	Wholesale             Industry = "wholesale"               // 批发业 (F51)
	Retail                Industry = "retail"                  // 零售业 (F52)
	Transport             Industry = "transport"               // 交通运输业 (G54–58, not rail)
	Warehousing           Industry = "warehousing"             // 仓储业 (G59)
	Postal                Industry = "postal"                  // 邮政业 (G60)
	Accommodation         Industry = "accommodation"           // 住宿业、餐饮业 (H)
	InfoTransmission      Industry = "info-transmission"       // 信息传输业 (I63–64)
	Software              Industry = "software"                // 软件和信息技术服务业 (I65)
	RealEstateDevelopment Industry = "real-estate-development" // 房地产开发经营 (K701)
	PropertyManagement    Industry = "property-management"     // 物业管理 (K702)
	Leasing               Industry = "leasing"                 // 租赁和商务服务业 (L)
	Others                Industry = "others"                  // 其他未列明行业
)

// Industries returns the rows of the size table in the order of the notice.
func Industries() []Industry {
	return []Industry{
		Agriculture, Industrial, Construction, Wholesale, Retail, Transport,
		Warehousing, Postal, Accommodation, InfoTransmission, Software,
		RealEstateDevelopment, PropertyManagement, Leasing, Others,
	}
}

// Title is the industry's name in the notice, e.g. "批发业"; "未确定行业" for
// Unspecified or an unknown key.
func (i Industry) Title() string {
	switch i {
	case Agriculture:
		return "农、林、牧、渔业"
	case Industrial:
		return "工业"
	case Construction:
		return "建筑业"
	case Wholesale:
		return "批发业"
	case Retail:
		return "零售业"
	case Transport:
		return "交通运输业"
	case Warehousing:
		return "仓储业"
	case Postal:
		return "邮政业"
	case Accommodation:
		return "住宿和餐饮业"
	case InfoTransmission:
		return "信息传输业"
	case Software:
		return "软件和信息技术服务业"
	case RealEstateDevelopment:
		return "房地产开发经营"
	case PropertyManagement:
		return "物业管理"
	case Leasing:
		return "租赁和商务服务业"
	case Others:
		return "其他未列明行业"
	}
	return "未确定行业"
}

// Section is a section (门类) of the national industry classification
// GB/T 4754-2017.
type Section struct {
	// Code is the section letter, A to T.
	Code string
	// Name is the section's Chinese name.
	Name string
}

// sectionDivisions holds, per section, its first and last two-digit
// division (大类) in GB/T 4754-2017.
var sectionDivisions = map[string][2]int{
	"A": {1, 5}, "B": {6, 12}, "C": {13, 43}, "D": {44, 46}, "E": {47, 50},
	"F": {51, 52}, "G": {53, 60}, "H": {61, 62}, "I": {63, 65}, "J": {66, 69},
	"K": {70, 70}, "L": {71, 72}, "M": {73, 75}, "N": {76, 79}, "O": {80, 82},
	"P": {83, 83}, "Q": {84, 85}, "R": {86, 90}, "S": {91, 96}, "T": {97, 97},
}

// Sections returns the twenty sections of GB/T 4754-2017, A to T, for the
// industry field of the demand survey (融资需求调查表).
func Sections() []Section {
	return []Section{
		{"A", "农、林、牧、渔业"},
		{"B", "采矿业"},
		{"C", "制造业"},
		{"D", "电力、热力、燃气及水生产和供应业"},
		{"E", "建筑业"},
		{"F", "批发和零售业"},
		{"G", "交通运输、仓储和邮政业"},
		{"H", "住宿和餐饮业"},
		{"I", "信息传输、软件和信息技术服务业"},
		{"J", "金融业"},
		{"K", "房地产业"},
		{"L", "租赁和商务服务业"},
		{"M", "科学研究和技术服务业"},
		{"N", "水利、环境和公共设施管理业"},
		{"O", "居民服务、修理和其他服务业"},
		{"P", "教育"},
		{"Q", "卫生和社会工作"},
		{"R", "文化、体育和娱乐业"},
		{"S", "公共管理、社会保障和社会组织"},
		{"T", "国际组织"},
	}
}

// IndustryFor returns the size-table row of an enterprise classified under
// section (a letter A–T) and, where the section spans several rows, code: a
// division (大类, "51"), group (中类, "701") or class (小类, "7010") of
// GB/T 4754-2017, optionally led by the section letter ("F51"). Letters may
// be in either case; spaces and full-width characters are tolerated.
//
// Sections F, G and I need a division and K a group; without one, or with a
// code that is malformed or outside the section, the result is Unspecified.
// Rail transport (G53) and real estate other than development and property
// management (K703–709) fall under Others, as do sections the table does not
// name (J, M–T).
func IndustryFor(section, code string) Industry {
	section = normalize(section)
	span, ok := sectionDivisions[section]
	if !ok {
		return Unspecified
	}
	code = strings.TrimPrefix(normalize(code), section)
	if code != "" {
		if len(code) < 2 || len(code) > 4 || strings.Trim(code, "0123456789") != "" {
			return Unspecified
		}
		if d := int(code[0]-'0')*10 + int(code[1]-'0'); d < span[0] || d > span[1] {
			return Unspecified
		}
	}
	division := code[:min(len(code), 2)]
	switch section {
	case "A":
		return Agriculture
	case "B", "C", "D":
		return Industrial
	case "E":
		return Construction
	case "F":
		switch division {
		case "51":
			return Wholesale
		case "52":
			return Retail
		}
	case "G":
		switch division {
		case "":
			return Unspecified
		case "53":
			return Others
		case "59":
			return Warehousing
		case "60":
			return Postal
		}
		return Transport
	case "H":
		return Accommodation
	case "I":
		switch division {
		case "63", "64":
			return InfoTransmission
		case "65":
			return Software
		}
	case "K":
		if len(code) < 3 {
			return Unspecified
		}
		switch code[:3] {
		case "701":
			return RealEstateDevelopment
		case "702":
			return PropertyManagement
		}
		return Others
	case "L":
		return Leasing
	default:
		return Others
	}
	return Unspecified
}
