"""The `layer` command line: one file per command, a thin shell over the library."""
