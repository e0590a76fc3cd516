"""Reads of letters, permission-aware, with their relations fetched in a fixed number of queries."""

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from organization.backends import leader_ids_for_user
from organization.models import Official
from workflows.models import Disposition, DispositionRecipient, Letter, LetterEvent


def letters_visible_to(*, user: Any) -> QuerySet[Letter]:
    """Every letter for the office roles and auditors; a leader's letters for the leader and
    their staff; their own department's letters for a department officer."""
    letters = Letter.objects.all()
    if not user.is_authenticated:
        return letters.none()
    if user.is_superuser or user.has_perm("workflows.view_all_letters"):
        return letters
    visible = Q(leader_id__in=leader_ids_for_user(user))
    departments = Official.objects.filter(user=user, department__isnull=False).values(
        "department_id"
    )
    visible |= Q(sender_department_id__in=departments)
    return letters.filter(visible)


def letter_for_page(*, user: Any, pk: int) -> Letter:
    """One letter with everything its page shows. Raises Letter.DoesNotExist if not visible."""
    return (
        letters_visible_to(user=user)
        .select_related("leader", "sender_department", "registered_by", "process")
        .prefetch_related(
            "documents",
            Prefetch(
                "events",
                queryset=LetterEvent.objects.select_related("actor", "on_behalf_of"),
            ),
            Prefetch(
                "dispositions",
                queryset=Disposition.objects.select_related(
                    "leader", "decided_by"
                ).prefetch_related(
                    Prefetch(
                        "recipients",
                        queryset=DispositionRecipient.objects.select_related("official"),
                    )
                ),
            ),
        )
        .get(pk=pk)
    )


def letter_search(*, user: Any, query: str = "", state: str = "") -> QuerySet[Letter]:
    letters = letters_visible_to(user=user).select_related("leader")
    if query:
        letters = letters.filter(
            Q(agenda_number__icontains=query)
            | Q(subject__icontains=query)
            | Q(sender__icontains=query)
            | Q(event_title__icontains=query)
            | Q(letter_number__icontains=query)
        )
    if state:
        letters = letters.filter(state=state)
    return letters
