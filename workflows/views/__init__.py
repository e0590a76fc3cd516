"""Views of the letter: ``tasks`` holds the process's task views (imported by the flow),
``pages`` the letter pages outside the process (routed by ``workflows.urls``)."""

from workflows.views.dossier import LetterDossierView
from workflows.views.pages import (
    DispositionSheetView,
    DocumentView,
    FollowUpListView,
    FollowUpView,
    LetterDetailView,
    LetterListView,
    SenderUpdateView,
    StagedScanView,
    StageScanView,
    followup_form_class,
    followup_form_kwargs,
    letter_document_response,
)
from workflows.views.tasks import (
    CorrectView,
    DisposeView,
    RegisterView,
    ReviewView,
    ScheduleView,
    VerifyView,
)

__all__ = [
    "LetterDossierView",
    "CorrectView",
    "DisposeView",
    "DispositionSheetView",
    "DocumentView",
    "FollowUpListView",
    "FollowUpView",
    "LetterDetailView",
    "LetterListView",
    "RegisterView",
    "ReviewView",
    "ScheduleView",
    "SenderUpdateView",
    "StageScanView",
    "StagedScanView",
    "VerifyView",
    "followup_form_class",
    "followup_form_kwargs",
    "letter_document_response",
]
