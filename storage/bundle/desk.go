package bundle

import (
	"context"

	"branchdesk/storage/sqlite"
)

// Exports lists every bundle this terminal exported, and whether head
// office has acknowledged it (with the records it refused and why).
func (t *Terminal) Exports(ctx context.Context) ([]sqlite.SyncExport, error) {
	return t.db.SyncExports(ctx)
}

// State is this terminal's sync identity and position.
func (t *Terminal) State(ctx context.Context) (sqlite.SyncState, error) {
	return t.db.SyncState(ctx)
}
