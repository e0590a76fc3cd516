from django.urls import path
from django.utils.translation import gettext_lazy as _
from viewflow.urls import Application

from intake import views
from intake.views import OFFICE_ROLES
from organization.models import Role
from organization.roles import has_role


class RequestsApp(Application):
    """Online requests inside the signed-in site, at /permohonan/; the public form and
    status page are intake.public_urls, outside it."""

    title = _("Permohonan daring")
    icon = "outbox"
    app_name = "permohonan"
    menu_template_name = None

    index_path = path("", views.request_list, name="index")
    create_path = path("baru/", views.DepartmentRequestCreateView.as_view(), name="create")
    answer_path = path("surat/<int:pk>/jawaban/", views.AnswerView.as_view(), name="answer")
    reply_path = path("surat/<int:pk>/balasan/", views.ReplyLetterView.as_view(), name="reply")
    # Viewflow's middleware lets only these roles into the app (and lists it in their
    # menu); each page then checks its own users.
    permission = staticmethod(lambda user: has_role(user, *OFFICE_ROLES, Role.DEPARTMENT_OFFICER))
