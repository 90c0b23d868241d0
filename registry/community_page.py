"""The terms a community's page names, read in one query.

The page names its community's topics, functions, scales, regions, member types and
languages, each contribution's topics and deliverables, and each impact example's
deliverables. Prefetched one relation at a time that was nine queries, each costing
more to build in Python than to run; here one UNION ALL of the link tables reads them
all, each list in its vocabulary's order (position, then name). The statement is
written from the models' metadata once per process and number of rows (building it
as nine querysets cost more than running it). The terms are reference rows with the fields the page
uses (id, name, slug, position, and a deliverable's year_approved, which its name
shows): any other field would be read from the database when asked for, as a
deferred field.
"""

import functools

from django.db import connection

from registry.models import Community, Contribution, ImpactExample

# (model, its many-to-many relations to terms) in the order the statement reads them.
RELATIONS = (
    (Community, ("topics", "functions", "scales", "regions", "member_types", "languages")),
    (Contribution, ("topics", "deliverables")),
    (ImpactExample, ("deliverables",)),
)
FIELDS = ("id", "name", "slug", "position")
YEAR = "year_approved"  # a deliverable's, in its __str__


@functools.cache
def _has_year(model):
    return any(field.name == YEAR for field in model._meta.concrete_fields)


def _links_sql(model, relation, index, count):
    """SELECT index, owner id, term id, name, slug, position, year (or NULL) of the
    links of ``model.relation`` whose owner is the community (one parameter, its id) or,
    for its contributions and impact examples, one of ``count`` owners (their ids:
    naming them, rather than joining their table on the community, halved the
    statement's planning time)."""
    quote = connection.ops.quote_name
    field = model._meta.get_field(relation)
    through = field.remote_field.through._meta
    source = through.get_field(field.m2m_field_name()).column
    target = through.get_field(field.m2m_reverse_field_name()).column
    term = field.related_model._meta
    year = f"t.{quote(YEAR)}" if _has_year(field.related_model) else "CAST(NULL AS smallint)"
    columns = ", ".join(f"t.{quote(term.get_field(name).column)}" for name in FIELDS)
    owners = "= %s" if model is Community else f"IN ({', '.join(['%s'] * count)})"
    # Only the models' own table and column names and integers go into the text; the
    # ids are parameters.
    return (
        f"SELECT {index}, l.{quote(source)}, {columns}, {year}"  # noqa: S608
        f" FROM {quote(through.db_table)} l"
        f" INNER JOIN {quote(term.db_table)} t ON t.{quote(term.pk.column)} = l.{quote(target)}"
        f" WHERE l.{quote(source)} {owners}"
    )


@functools.lru_cache(maxsize=256)
def _statement(counts):
    """The UNION ALL of the links of the relations of the models with owners, and what
    each index reads: [(owner model, relation, term model)]. ``counts``: how many owners
    each model of RELATIONS has (the community: 1), in order."""
    parts, relations = [], []
    for (model, names), count in zip(RELATIONS, counts, strict=True):
        if not count:
            continue
        for name in names:
            parts.append(_links_sql(model, name, len(relations), count))
            relations.append((model, name, model._meta.get_field(name).related_model))
    # Ordered by relation, owner, then the vocabulary's order: position, name.
    return " UNION ALL ".join(parts) + " ORDER BY 1, 2, 6, 4", relations


def load_terms(community, contributions, impact_examples):
    """The community's terms as {relation: [term, ...]}; each contribution gets
    ``topic_list`` and ``deliverable_list``, each impact example ``deliverable_list``."""
    owners = {Community: [community], Contribution: contributions, ImpactExample: impact_examples}
    sql, relations = _statement(tuple(len(owners[model]) for model, _names in RELATIONS))
    params = []
    for model, _name, _term_model in relations:
        params += [row.pk for row in owners[model]]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    found = {}  # {(index, owner id): [term, ...]}
    for index, owner, *values, year in rows:
        term_model = relations[index][2]
        if _has_year(term_model):
            term = term_model.from_db(connection.alias, (*FIELDS, YEAR), (*values, year))
        else:
            term = term_model.from_db(connection.alias, FIELDS, values)
        found.setdefault((index, owner), []).append(term)
    terms = {}
    for index, (model, name, _term_model) in enumerate(relations):
        for row in owners[model]:
            listed = found.get((index, row.pk), [])
            if model is Community:
                terms[name] = listed
            else:
                setattr(row, f"{name.removesuffix('s')}_list", listed)
    return terms
