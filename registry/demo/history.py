"""How the demo's history is made: dated actions through the real services, run in the
order of their dates, and the notices those services queue meanwhile taken back."""

import functools
from contextlib import contextmanager

from django.db import transaction
from django.db.models.signals import post_save
from mailer.models import Message

from registry import data_version
from registry.services import transitions


class Timeline:
    """Actions with their dates, run in date order (ties in the order they were added),
    each given its date as ``now``: every service then checks the state it would have
    found on that day, and writes that day's timestamps."""

    def __init__(self):
        self.events = []

    def add(self, at, action, *args, **kwargs):
        self.events.append((at, len(self.events), functools.partial(action, *args, **kwargs)))

    def run(self):
        for at, _order, action in sorted(self.events, key=lambda event: event[:2]):
            action(now=at)


def backdate(model, instance, at):
    """Date a row the services just created: ``created_at`` is ``auto_now_add``, so no
    clock argument reaches it."""
    model.objects.filter(pk=instance.pk).update(created_at=at)
    data_version.bump()  # a queryset update sends no signal


@contextmanager
def queued_mail_discarded():
    """Delete, in the same transaction, every notice queued inside the block.

    The services queue their notices (registry.notifications) as they would for a real
    change: to the demo's fictitious addresses, and to any real staff of this database.
    A demo should mail no one, so what it queued goes before the transaction commits and
    nothing is left to deliver. The services themselves stay exactly as in production.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Discard queued mail inside the transaction that queues it.")
    queued = []

    def remember(sender, instance, created, **kwargs):
        if created:
            queued.append(instance.pk)

    uid = "registry.demo.queued_mail_discarded"
    post_save.connect(remember, sender=Message, weak=False, dispatch_uid=uid)
    try:
        yield
    finally:
        post_save.disconnect(sender=Message, dispatch_uid=uid)
    for start in range(0, len(queued), 500):
        Message.objects.filter(pk__in=queued[start : start + 500]).delete()


def shortest_paths(model):
    """Status -> the fewest rows of the transitions table that lead to it from the
    object's creation, as [(from status, row)] ("" for the creation)."""
    rows_from = {}
    for row in transitions.TRANSITIONS:
        if (row.subject or row.on) is not model or row.part_of:
            continue
        # A row about another object (recommend: asked of a community) creates its
        # subject; otherwise its sources are the subject's statuses, none for a creation.
        own_sources = row.subject in (None, row.on)
        for source in (row.sources if own_sources else ()) or ("",):
            rows_from.setdefault(source, []).append(row)
    paths, reached = {"": []}, [""]
    for status in reached:  # breadth first, so each status by its shortest path
        for row in rows_from.get(status, []):
            if row.target not in paths:
                paths[row.target] = [*paths[status], (status, row)]
                reached.append(row.target)
    return paths
