"""Teacher-mode dialogs and windows: annotation editor, source library, article editor, orphan
queue, question review. Each gets its dependencies through its constructor (STYLE.md rule 8);
none queries the store on the GUI thread."""
