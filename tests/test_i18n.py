"""Language: Bahasa Indonesia by default, English only after an explicit choice.

The browser's Accept-Language is ignored (config/middleware.py); the switch posts to Django's
set_language view, whose cookie selects English. The compiled catalogues are committed, so
these tests also check that every entry of the .po files is in the .mo files.
"""

import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from organization.models import Role
from tests.factories import login_verified, make_user

pytestmark = pytest.mark.django_db

LOCALE = Path(settings.BASE_DIR) / "locale"
TITLE_ID = "Daftar surat undangan"
TITLE_EN = "Invitation letters"


@pytest.fixture
def client() -> Client:
    """A signed-in auditor whose browser asks for English."""
    client = Client(HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    return login_verified(client, make_user("auditor_i18n", Role.AUDITOR))


def choose(client: Client, language: str, next_url: str):
    return client.post(reverse("set_language"), {"language": language, "next": next_url})


def test_indonesian_by_default_even_when_the_browser_asks_for_english(client):
    response = client.get(reverse("letters:index"))

    assert response.status_code == 200
    assert response["Content-Language"] == "id"
    page = response.content.decode()
    assert TITLE_ID in page
    assert TITLE_EN not in page
    # The switch: a form posting to set_language, coming back to this page.
    assert f'action="{reverse("set_language")}"' in page
    assert f'name="next" value="{reverse("letters:index")}"' in page
    assert 'name="language" value="en"' in page
    assert 'name="language" value="id"' in page


def test_choosing_english_translates_the_page_and_indonesian_switches_back(client):
    url = reverse("letters:index")

    response = choose(client, "en", url)
    assert response.status_code == 302
    assert response["Location"] == url

    response = client.get(url)
    assert response["Content-Language"] == "en"
    page = response.content.decode()
    assert TITLE_EN in page
    assert TITLE_ID not in page
    assert "Search number, subject, sender, event" in page

    choose(client, "id", url)
    assert TITLE_ID in client.get(url).content.decode()


def test_login_page_offers_the_switch():
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    url = reverse("login") + "?next=" + reverse("letters:index")

    page = client.get(url).content.decode()
    assert 'name="password"' in page  # still viewflow's login form
    assert re.search(r">\s*Masuk\s*<", page)
    assert f'action="{reverse("set_language")}"' in page
    assert 'name="next" value="/accounts/login/?next=/letters/"' in page

    response = choose(client, "en", url)
    assert response["Location"] == url
    page = client.get(url).content.decode()
    assert re.search(r">\s*Log in\s*<", page)


def po_msgids(po: Path) -> list[str]:
    """The translated messages of a .po file (the header and obsolete entries excluded)."""
    msgids, current = [], None
    for line in po.read_text(encoding="utf-8").splitlines():
        if line.startswith("msgid "):
            current = [line[len("msgid ") :]]
        elif current is not None and line.startswith('"'):
            current.append(line)
        elif current is not None:
            text = "".join(part.strip()[1:-1] for part in current)
            text = text.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")
            if text:
                msgids.append(text)
            current = None
    return msgids


@pytest.mark.parametrize("language", ["en", "id"])
def test_compiled_catalogue_exists_and_matches_the_po_file(language):
    po = LOCALE / language / "LC_MESSAGES" / "django.po"
    mo = LOCALE / language / "LC_MESSAGES" / "django.mo"
    assert mo.is_file(), f"compile with: msgfmt -o {mo} {po}"

    with mo.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    assert "#, fuzzy" not in po.read_text(encoding="utf-8")
    # A plural entry is compiled under (msgid, 0), (msgid, 1), ... rather than its msgid.
    compiled = {key[0] if isinstance(key, tuple) else key for key in catalogue._catalog}
    missing = [msgid for msgid in po_msgids(po) if msgid not in compiled]
    assert not missing, f"untranslated or not compiled in {mo}: {missing[:5]}"


def test_english_catalogue_translates_the_letter_list_title():
    with (LOCALE / "en" / "LC_MESSAGES" / "django.mo").open("rb") as handle:
        assert gettext.GNUTranslations(handle).gettext(TITLE_ID) == TITLE_EN
