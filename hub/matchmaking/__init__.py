"""Matchmaking: where a request is ranked.

`inputs` reads the store into the matching algorithms' plain inputs, `provider` fits and
keeps every model per store revision, `results` types the answers, and one module per
mechanism answers: partners, similar, funding, consortium, allocation, synergies (and
the gap matrix), heatmap (its picture).
"""
