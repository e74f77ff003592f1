//go:build !windows

package locale

func setup() []string { return Fix(osEnv{}, Usable) }
