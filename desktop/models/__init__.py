"""Qt item models over lists of plain values (STYLE.md rule 8): they never query the store."""
