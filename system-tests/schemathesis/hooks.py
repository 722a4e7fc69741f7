"""Schemathesis hooks for SchemathesisIT (loaded through SCHEMATHESIS_HOOKS=hooks).

Only rules an OpenAPI 3.0 document cannot state live here; each is also written in the parameter's
description, so a client learns it from the document.
"""
from datetime import datetime

import schemathesis


def _instant(value):
    try:
        return datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None


@schemathesis.hook
def before_call(ctx, case, **kwargs):
    _order_due_range(case)
    _complete_merge_patch(case)


def _order_due_range(case):
    """GET .../tasks answers 400 when due_from is after due_to (a rule between two parameters): a generated
    pair is put in order, so the request stays as valid as the document says it is."""
    query = case.query
    if not isinstance(query, dict) or "due_from" not in query or "due_to" not in query:
        return
    start, end = _instant(query["due_from"]), _instant(query["due_to"])
    if start is not None and end is not None and start.tzinfo and end.tzinfo and start > end:
        query["due_from"], query["due_to"] = query["due_to"], query["due_from"]


def _complete_merge_patch(case):
    """A merge patch is checked against the stored task: a recurrence or a reminder needs a due_at, which the
    task may or may not have. A generated valid patch is made valid for any task: setting a recurrence or a
    reminder brings a due_at, and removing due_at removes them too. Invalid (negative) patches are left alone."""
    if case.method.upper() != "PATCH" or not case.path.endswith("/tasks/{id}") or not isinstance(case.body, dict):
        return
    if case.meta is None or not case.meta.generation.mode.is_positive:
        return
    body = case.body
    if "due_at" in body and body["due_at"] is None:
        body["recurrence_pattern"] = None
        body["reminder_offset"] = None
    elif (body.get("recurrence_pattern") or body.get("reminder_offset")) and not body.get("due_at"):
        body["due_at"] = "2030-01-07T09:00:00Z"
