//go:build !windows

package printer

// native prints through CUPS.
var native system = cups{}
