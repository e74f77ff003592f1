package locale

// setup does nothing on Windows: Fyne takes the language from the user's
// Windows display language, and the system IME types into any window.
func setup() []string { return nil }
