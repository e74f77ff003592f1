package sync

import (
	"errors"

	"branchdesk/domain/ledger"
	"branchdesk/domain/msg"
)

// 第十四条: 对不能核销的过渡账务，必须报上级业务管理部门批准后方可进行挂账
// 处理. Head office, the branches' upper level, decides each suspense item
// a branch reported (an approval after a refusal, never after an
// approval: ledger.Decision.Follows), and the decisions go down in the
// branch's next config bundle, in the order they were made.

// Refusals of an upper-level decision at head office.
var (
	ErrSuspenseUnknown   = errors.New("总行未收到该网点的这笔挂账，无法批复")
	ErrSuspenseAmbiguous = errors.New("该网点有多台终端上报了同一编号的挂账，无法确定批复哪一笔")
)

// CheckDecisions refuses upper-level decisions a branch cannot take: each
// must be valid, and follow the one before it on the same item.
func CheckDecisions(ds []ledger.Decision) error {
	seen := map[int64]*ledger.Decision{}
	for _, d := range ds {
		if err := d.Validate(); err != nil {
			return msg.Errorf("挂账 #%d 的上级批复：%w", d.Item, err)
		}
		if err := d.Follows(seen[d.Item]); err != nil {
			return msg.Errorf("挂账 #%d 的上级批复：%w", d.Item, err)
		}
		seen[d.Item] = &d
	}
	return nil
}
