"""Self-contained view widgets that render plain records (no store access): the reader, its
legend, the annotation panel, the compare view and class mode. The main window wires them."""
