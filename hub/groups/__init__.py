"""Regional working groups: the groups and their initiatives, their shared view, reports."""
