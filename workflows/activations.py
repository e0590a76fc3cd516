"""Running a human task of the letter's process outside viewflow's own pages (the REST API).

The same steps, in the same order and under the same lock, as viewflow's task view wrapper
(``viewflow.workflow.flow.utils.wrap_view``, and ``wrap_start_view`` for registration) and
``views.tasks.LetterTaskView.form_valid``: take the process lock, load the task, check the
node's own permission (``can_assign`` for a task taken from the queue, ``can_execute``),
start the activation, call the service (``perform``), then ``activation.execute()`` in the
same transaction, so a refused service leaves the task as it was.
"""

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from viewflow.fsm import TransitionNotAllowed
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from workflows.models import Letter


def _task_of(flow_task: Any, task_id: int) -> Task:
    """The task ``task_id`` if it is a task of the node ``flow_task``; else DoesNotExist
    (viewflow's URLs name the node, so another node's task is a 404 there too)."""
    task = flow_task.flow_class.task_class.objects.select_related("process").get(pk=task_id)
    if task.flow_task != flow_task:
        raise Task.DoesNotExist
    return task


def task_assign(*, user: Any, flow_task: Any, task_id: int) -> Task:
    """Take a task from the queue (viewflow's assign view): refused unless ``can_assign``."""
    process_id = _task_of(flow_task, task_id).process_id
    try:
        with flow_task.flow_class.lock(process_id), transaction.atomic():
            task = _task_of(flow_task, task_id)
            if not flow_task.can_assign(user, task):
                raise PermissionDenied
            flow_task.activation_class(task).assign(user)
    except TransitionNotAllowed as exc:
        raise PermissionDenied(",".join(exc.args)) from exc
    return task


def task_execute(
    *, request: Any, flow_task: Any, task_id: int, perform: Callable[[Letter], Any]
) -> Any:
    """Execute the task ``task_id`` of node ``flow_task`` as ``request.user``: ``perform``
    gets the letter and calls the service; its result is returned. A task still in the
    queue is taken first, with the queue's permission. Raises Task.DoesNotExist,
    PermissionDenied, or the service's ValidationError (nothing is changed then)."""
    user = request.user
    process_id = _task_of(flow_task, task_id).process_id
    try:
        with flow_task.flow_class.lock(process_id), transaction.atomic():
            task = _task_of(flow_task, task_id)
            activation = flow_task.activation_class(task)
            if task.status == STATUS.NEW:
                if not flow_task.can_assign(user, task):
                    raise PermissionDenied
                activation.assign(user)
            if not flow_task.can_execute(user, task=task):
                raise PermissionDenied
            activation.start(request)
            result = perform(activation.process.letter)
            if isinstance(result, Letter):
                # The gates after the step read the letter as the service left it.
                activation.process.letter = result
            activation.execute()
    except TransitionNotAllowed as exc:
        raise PermissionDenied(",".join(exc.args)) from exc
    return result


def process_start(*, request: Any, flow_task: Any, perform: Callable[[], Letter]) -> Letter:
    """Start a new process at the start node ``flow_task`` (registration), as viewflow's
    start view does: refused unless ``can_execute``; ``perform`` calls the service and
    returns the letter it registered, which the process then carries."""
    activation = flow_task.activation_class.create(flow_task, None, None)
    if not flow_task.can_execute(request.user, activation.task):
        raise PermissionDenied
    with transaction.atomic():
        activation.start(request)
        letter = perform()
        activation.process.letter = letter
        activation.execute()
    return letter
