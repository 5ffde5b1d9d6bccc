"""How outside data comes in: IATI parsing, organisation resolution, the file importer
(one file, one transaction), uploads and the tagging worker beside it."""
