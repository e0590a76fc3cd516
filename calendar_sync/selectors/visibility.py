"""Who may see what of the agenda, and who may change it.

Anyone sees the leaders' public items. A confidential item is read in full only by its
official, their ajudan/sespri, the protocol office, auditors and administrators (not the
mailroom, which reads every letter but not the agenda); to others it is "Sibuk"
(``AgendaEntry``). An official's private feed is handed out by the official's own people
and the protocol office; items are changed by hand by the protocol office, administrators,
and a leader's own people.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from calendar_sync.models import AgendaItem
from organization.backends import leader_ids_for_user
from organization.models import Official, Role
from organization.permissions import SCHEDULE_LETTER, VIEW_CONFIDENTIAL_AGENDA
from organization.roles import has_role

AGENDA_EDITOR_ROLES = (Role.PROTOCOL_SCHEDULER, Role.PROTOCOL_REVIEWER, Role.ADMINISTRATOR)
SEE_ALL_PERMISSION = VIEW_CONFIDENTIAL_AGENDA


def public_items() -> QuerySet[AgendaItem]:
    """Public items of the leaders (head, deputy, sekda): what anyone may see."""
    return AgendaItem.objects.filter(
        visibility=AgendaItem.Visibility.PUBLIC,
        official__position__in=Official.LEADER_POSITIONS,
    )


def officials_for_feed_tokens(*, user: Any) -> QuerySet[Official]:
    """Officials whose private feed addresses ``user`` may hand out and revoke: their own,
    the leaders they serve as ajudan/sespri, or everyone's for the protocol office
    (scheduler role or the schedule-letter permission) and administrators."""
    if not user.is_authenticated or not user.is_active:
        return Official.objects.none()
    if has_role(user, Role.PROTOCOL_SCHEDULER, Role.ADMINISTRATOR) or user.has_perm(
        SCHEDULE_LETTER
    ):
        return Official.objects.filter(is_active=True)
    return Official.objects.filter(pk__in=leader_ids_for_user(user), is_active=True)


def agenda_may_edit(*, user: Any, official: Official) -> bool:
    """Whether ``user`` may enter and change items on ``official``'s agenda by hand: the
    protocol office and administrators for every official; a leader and their own
    ajudan/sespri for that leader's agenda."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or has_role(user, *AGENDA_EDITOR_ROLES):
        return official.is_active
    return official.is_leader and official.pk in leader_ids_for_user(user)


def agenda_editable_officials(*, user: Any) -> QuerySet[Official]:
    """The officials ``agenda_may_edit`` allows, in protocol order."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Official.objects.none()
    active = Official.objects.filter(is_active=True)
    if user.is_superuser or has_role(user, *AGENDA_EDITOR_ROLES):
        return active
    return active.filter(pk__in=leader_ids_for_user(user), position__in=Official.LEADER_POSITIONS)


@dataclass(frozen=True)
class AgendaViewer:
    """What one user may read of confidential items."""

    sees_all: bool
    official_ids: frozenset[int]

    def sees_details(self, item: AgendaItem) -> bool:
        return (
            item.visibility != AgendaItem.Visibility.CONFIDENTIAL
            or self.sees_all
            or item.official_id in self.official_ids
        )


def agenda_viewer(*, user: Any) -> AgendaViewer:
    """A confidential item is read in full by the official, their ajudan/sespri, and the
    holders of ``VIEW_CONFIDENTIAL_AGENDA`` (protocol reviewer and scheduler, auditors,
    administrators); others, the mailroom included, see "Sibuk"."""
    if user is None or not user.is_authenticated or not user.is_active:
        return AgendaViewer(sees_all=False, official_ids=frozenset())
    return AgendaViewer(
        sees_all=user.is_superuser or user.has_perm(SEE_ALL_PERMISSION),
        official_ids=frozenset(leader_ids_for_user(user)),
    )


@dataclass(frozen=True)
class AgendaEntry:
    """An agenda item as one viewer may read it. Pages and the share text read only these
    fields, so a confidential item cannot show its title, place or notes by mistake."""

    item: AgendaItem
    visible: bool

    @property
    def pk(self) -> int:
        return self.item.pk

    @property
    def official(self) -> Official:
        return self.item.official

    @property
    def title(self) -> str:
        return self.item.title if self.visible else _("Sibuk")

    @property
    def venue(self) -> str:
        return self.item.venue if self.visible else ""

    @property
    def role_note(self) -> str:
        return self.item.role_note if self.visible else ""

    @property
    def description(self) -> str:
        return self.item.description if self.visible else ""

    @property
    def kind_display(self) -> str:
        return self.item.get_kind_display() if self.visible else ""

    @property
    def outside_region(self) -> bool:
        return self.item.outside_region and self.visible

    @property
    def status(self) -> str:
        return self.item.status

    @property
    def status_display(self) -> str:
        return self.item.get_status_display()

    @property
    def is_cancelled(self) -> bool:
        return self.item.status == AgendaItem.Status.CANCELLED

    @property
    def start(self) -> datetime:
        return self.item.start

    @property
    def end(self) -> datetime | None:
        return self.item.end

    @property
    def local_start(self) -> datetime:
        return self.item.local_start

    @property
    def local_end(self) -> datetime | None:
        return self.item.local_end

    @property
    def zone_word(self) -> str:
        return self.item.zone_word

    @property
    def is_multi_day(self) -> bool:
        return self.item.is_multi_day


def agenda_entries(*, items: Iterable[AgendaItem], viewer: AgendaViewer) -> list[AgendaEntry]:
    return [AgendaEntry(item=item, visible=viewer.sees_details(item)) for item in items]
