"""Data files for re-use: the table definitions (`tables`) and what is made from them (`registry`)."""
