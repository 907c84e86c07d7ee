"""The PySide6 desktop app and the `closeread` command line; the only package that imports Qt."""
