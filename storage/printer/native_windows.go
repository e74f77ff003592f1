package printer

// native prints through the Windows shell.
var native system = shell{}
