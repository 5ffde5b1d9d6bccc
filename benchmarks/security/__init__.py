"""Issue 12's security and reliability review, re-measured on the current code.

`python -m benchmarks.security` rebuilds the review's table (tried / failed / lost /
leaked per area) on a real on-disk hub: leaks to nine callers over every GET of the
OpenAPI, writes by the wrong role, hostile input, `kill -9` of a served hub and of a CLI
import, and reads and writes during a large upload and a CLI import. Results go to
`benchmarks/results/security.json`. Nothing here asserts: the table is the answer.
"""
