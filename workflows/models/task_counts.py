"""How many open tasks wait, by step, status, owner and permission: kept by the database.

Every worklist page counts the user's inbox and queue (the paginator, the lines of what
waits, the menu's numbers, the filter's steps). Counted from viewflow's task table, that
is a scan of every open task the user may see (10,000 for a reviewer with a long queue
at 100,000 letters), so the page slowed as the backlog grew. Instead, triggers on
``viewflow_task`` (``workflows.task_counts``) append a row of +1 or -1 here whenever a
task enters or leaves an open status (new, assigned) or changes owner, permission or
step, and a page sums these rows. The timer round folds them (``task_counts_compact``)
into one row per combination, so the table holds about as many rows as there are
combinations of step, owner and permission among the open tasks, plus the changes
since the last round.

Appending, never updating, means two transactions that change tasks never wait for
each other here (a counter row per queue would be updated by every registration).
"""

from django.conf import settings
from django.db import models
from viewflow.workflow.fields import TaskReferenceField


class TaskCountDelta(models.Model):
    """``n`` open tasks (or ``-n``, gone) of one combination; only the triggers and the
    compaction write here. The fields are named as on viewflow's Task, so that the
    worklists' conditions (``selectors.inbox_filter``, ``queue_filter``) apply as they are."""

    flow_task = TaskReferenceField()
    flow_task_type = models.CharField(max_length=50)
    status = models.CharField(max_length=50)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    # NULL as on viewflow's Task (no permission needed), which the queue tells apart.
    owner_permission = models.CharField(max_length=255, null=True)  # noqa: DJ001
    n = models.IntegerField()

    class Meta:
        # Written by triggers (no FK checks, no index beyond the key: a page reads all).
        default_permissions = ()

    def __str__(self) -> str:
        return f"{self.flow_task} {self.status} {self.owner_id} {self.owner_permission}: {self.n}"
