"""Developer tools with their own entry points (`python -m tools.synth`, ...): a synthetic
hub, the temporal-split evaluation, tagger agreement and translation checks. They build
on `hub`; nothing in `hub` imports them."""
