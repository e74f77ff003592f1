package sync

import (
	"errors"

	"branchdesk/domain/ledger"
	"branchdesk/domain/msg"
)

// 第十四条: 对不能核销的过渡账务，必须报上级业务管理部门批准后方可进行挂账
// 处理. Head office, the branches' upper level, decides each suspense item
// a branch reported once, and the decision goes down in the branch's next
// config bundle.

// Refusals of an upper-level decision at head office.
var (
	ErrSuspenseUnknown   = errors.New("总行未收到该网点的这笔挂账，无法批复")
	ErrSuspenseDecided   = errors.New("该笔挂账总行已批复过，不能再次批复")
	ErrSuspenseAmbiguous = errors.New("该网点有多台终端上报了同一编号的挂账，无法确定批复哪一笔")
)

// CheckDecisions refuses upper-level decisions a branch cannot take: each
// must be valid and name its item once.
func CheckDecisions(ds []ledger.Decision) error {
	seen := map[int64]bool{}
	for _, d := range ds {
		if err := d.Validate(); err != nil {
			return msg.Errorf("挂账 #%d 的上级批复：%w", d.Item, err)
		}
		if seen[d.Item] {
			return msg.Errorf("挂账 #%d 的上级批复：同一笔挂账重复", d.Item)
		}
		seen[d.Item] = true
	}
	return nil
}
