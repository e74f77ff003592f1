package sync

import "context"

type operatorKey struct{}

// WithOperator names who runs the sync operations done with ctx (the
// signed-in user at the sync screen, or "bdctl"), for the audit trail.
func WithOperator(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, operatorKey{}, id)
}

// Operator is who runs a sync operation: the one WithOperator named, or
// "sync" when nobody was.
func Operator(ctx context.Context) string {
	if id, ok := ctx.Value(operatorKey{}).(string); ok && id != "" {
		return id
	}
	return "sync"
}
