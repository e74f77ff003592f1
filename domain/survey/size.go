package survey

import "branchdesk/domain/enterprise"

// Size classifies the surveyed enterprise by table (enterprise.Default() for
// 工信部联企业〔2011〕300号) from its industry section and code, employees,
// prior-year revenue and total assets, so the form can show the size while
// those fields are typed. The errors are those of SizeTable.Classify:
// enterprise.ErrSizeIndustry while the industry is incomplete,
// enterprise.ErrSizeNegative for a negative figure.
func Size(s Survey, table enterprise.SizeTable) (enterprise.Size, error) {
	s = Normalize(s)
	return table.Classify(s.Industry(), s.Employees, s.Revenue, s.Assets)
}
