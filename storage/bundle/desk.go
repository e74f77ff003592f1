package bundle

import (
	"branchdesk/storage/sqlstore"

	"context"
)

// Exports lists every bundle this terminal exported, and whether head
// office has acknowledged it (with the records it refused and why).
func (t *Terminal) Exports(ctx context.Context) ([]sqlstore.SyncExport, error) {
	return t.db.SyncExports(ctx)
}

// State is this terminal's sync identity and position.
func (t *Terminal) State(ctx context.Context) (sqlstore.SyncState, error) {
	return t.db.SyncState(ctx)
}
