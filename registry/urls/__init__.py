"""The registry's URL maps, one per audience: ``public`` (namespace ``registry``,
mounted at /) and ``coordinator`` (namespace ``coordinator``, mounted at /my/).
The admin's own pages are routed by their ModelAdmins (registry/admin/)."""
