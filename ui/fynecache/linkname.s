// Empty: lets fynecache.go declare the functions it links from Fyne (go:linkname).
