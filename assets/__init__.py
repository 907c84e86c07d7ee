"""Package data: icons and style sheets, read with importlib.resources.files("assets")."""
