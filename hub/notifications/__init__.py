"""Notifications: an outbox of events written with every audited change, subscriptions
to them (signed webhooks, e-mail, the console inbox) and the dispatcher that delivers
them at least once.

`events` is the outbox (graph nodes, written in the change's transaction); `ledger` keeps
subscriptions and deliveries in `notify.db` beside the graph (delivery bookkeeping would
otherwise queue behind imports, and bump the graph's revision on every attempt);
`audience` decides who may receive what; `dispatcher` delivers, after `overdue` has
announced the partnerships stalled in their status (the one event no write causes).
"""
