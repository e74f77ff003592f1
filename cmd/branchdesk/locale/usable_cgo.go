//go:build linux && cgo

package locale

/*
#include <langinfo.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

static int utf8_locale(const char *name) {
	locale_t l = newlocale(LC_CTYPE_MASK, name, (locale_t)0);
	if (l == (locale_t)0) return 0;
	int ok = strcmp(nl_langinfo_l(CODESET, l), "UTF-8") == 0;
	freelocale(l);
	return ok;
}
*/
import "C"

import "unsafe"

// Usable reports whether the C library has a UTF-8 locale of this name:
// what setlocale(LC_CTYPE, "") will find when LC_CTYPE names it.
func Usable(name string) bool {
	if name == "" {
		return false
	}
	cs := C.CString(name)
	defer C.free(unsafe.Pointer(cs))
	return C.utf8_locale(cs) != 0
}
