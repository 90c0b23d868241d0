"""The public, read-only JSON API at /api/v1/ (DESIGN.md, "Machine access").

- ``views``: the endpoints, each reading what an anonymous visitor may see.
- ``serializers``: what each object shows (no contact e-mail).
- ``filtering``: the list pages' own FilterSets, with bad values answered as 400.
- ``pagination``: ``page`` and ``limit`` (at most 100).
- ``errors``: problem details (RFC 9457) for every error under /api/.
- ``throttling``: the per-client rate limit, in the shared cache.
- ``urls``: the routes (namespace ``api``).
"""
