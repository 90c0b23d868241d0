"""The demo data of ``manage.py seed_demo`` (development databases only).

- ``data``: the content: accounts, the named communities, words for generated titles.
- ``vocabulary``: the reference data by slug, title words, bulk links, contributions.
- ``history``: the timeline of dated service calls, and the notices taken back.
- ``builder``: the named demo (accounts, communities, contributions, impact examples),
  every status reached through the real services.
- ``rounds``: its two review rounds and their recommendations, through the services.
- ``volume``: many generated communities and contributions in bulk, each status and
  transition log a path of the transitions table.
"""
