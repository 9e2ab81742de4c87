"""A round's results as files: one neutral table model (``results``) written as .xlsx, as CSV
(one file per table in a .zip) and as JSON; the download route and `workshop export results`.

A package of its own above the domains: it composes the review's scores and reasons and the
proposals' decisions, and each of those domains stays unaware of it (docs/exports.md).
"""
