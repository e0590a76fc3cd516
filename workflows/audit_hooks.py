"""The tasks of a letter's process in the audit log: each change of a person's task (taken,
given back, started, done, cancelled), wherever it comes from (a task page, the bulk
assign and unassign actions of the worklists, the REST API, the process's cancel).

A receiver, not a service call: viewflow's activations save the tasks themselves. The
task's creation is not a row of its own; the letter's change that made it is."""

from typing import Any

from viewflow.workflow.models import Task

from audit import context
from audit.services import audit_record
from workflows.models import LetterProcess

HUMAN = ("HUMAN", "HUMAN_START")


def _task_initial(sender: Any, instance: Task, **kwargs: Any) -> None:
    values = instance.__dict__
    instance._audit_initial = (values.get("status"), values.get("owner_id"))


def _action(before: tuple[Any, Any], task: Task) -> str:
    status, _owner = before
    if status == task.status or task.status in ("ASSIGNED", "NEW"):
        return "task.assign" if task.owner_id else "task.unassign"
    return f"task.{str(task.status).lower()}"


def _task_saved(sender: Any, instance: Task, created: bool, **kwargs: Any) -> None:
    before = getattr(instance, "_audit_initial", (None, None))
    now = (instance.status, instance.owner_id)
    instance._audit_initial = now
    if created or before == now or instance.flow_task_type not in HUMAN:
        return
    letter = (
        LetterProcess.objects.filter(pk=instance.process_id)
        .values_list("letter_id", "letter__agenda_number")
        .first()
    )
    scope = (letter[1] or f"Surat #{letter[0]}") if letter and letter[0] else ""
    audit_record(
        action=_action(before, instance),
        actor=context.current_user(),
        obj=instance,
        obj_label=f"Tugas #{instance.pk}",
        scope=scope,
        before={"status": before[0], "owner": before[1]},
        after={"status": now[0], "owner": now[1], "step": getattr(instance.flow_task, "name", "")},
    )


def connect() -> None:
    from django.db.models.signals import post_init, post_save

    post_init.connect(_task_initial, sender=Task, dispatch_uid="workflows.audit.task_init")
    post_save.connect(_task_saved, sender=Task, dispatch_uid="workflows.audit.task")
