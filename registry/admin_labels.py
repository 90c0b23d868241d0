"""How the admin names a contribution where several communities' could meet: with its
community and date, since titles repeat ("Annual workshop")."""

from django.utils.formats import date_format


def contribution_label(contribution):
    date = date_format(contribution.start_date, "DATE_FORMAT")
    return f"{contribution.title} ({contribution.community.name}, {date})"
