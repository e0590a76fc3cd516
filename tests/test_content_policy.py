"""The Content-Security-Policy: strict on every page and role, and no template that needs
it looser. A new inline script, style, ``on*=`` handler or ``javascript:`` URL in any
project template fails here, naming its file and line."""

import ast
import base64
import hashlib
import re
from pathlib import Path

import pytest
import viewflow
from django.conf import settings
from django.test import Client
from django.urls import reverse
from viewflow.workflow.models import Task

from config.content_policy import TURBO_PROGRESS_BAR_STYLE, site_policy
from tests.factories import ROLE_USERS
from tests.workflows.walk import client_for, open_task, register, review_forward

ROOT = Path(__file__).resolve().parent.parent
SKIPPED_DIRS = {".venv", "node_modules", "var", ".git", "tests", "bench"}
# A <script> or <style> element that truly needs to be inline carries the request's nonce
# (nonce="{{ request.csp_nonce }}") and is listed here, "path:line": why. None does.
NONCED_ALLOWED: dict[str, str] = {}


def directives(header: str) -> dict[str, list[str]]:
    parsed = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            parsed[words[0]] = words[1:]
    return parsed


def assert_strict(header: str, where: str) -> None:
    policy = directives(header)
    for name, sources in (
        ("default-src", ["'self'"]),
        ("object-src", ["'none'"]),
        ("base-uri", ["'self'"]),
        ("frame-ancestors", ["'none'"]),
        ("form-action", ["'self'"]),
        ("connect-src", ["'self'"]),
        ("worker-src", ["'self'"]),
        ("manifest-src", ["'self'"]),
    ):
        assert policy.get(name) == sources, (where, name, header)
    assert policy["script-src"] == ["'self'"], (where, header)
    assert policy["style-src"] == ["'self'", TURBO_PROGRESS_BAR_STYLE], (where, header)
    assert set(policy["img-src"]) == {"'self'", "data:"}, (where, header)
    for name in ("script-src", "style-src", "style-src-attr", "script-src-attr", "default-src"):
        for loose in ("'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "*"):
            assert loose not in policy.get(name, []), (where, name, header)


@pytest.fixture
def letter(world):
    letter = register(world.clerk)
    review_forward(world.reviewer, letter, world.mayor)
    return letter


def _main_pages(letter) -> list[str]:
    process = letter.process.pk
    return [
        "/letter/", "/letter/inbox/", "/letter/queue/", "/letter/archive/", "/letters/",
        f"/letters/{letter.pk}/", f"/letters/{letter.pk}/lembar-disposisi/", f"/letter/{process}/",
        "/jadwal/", "/jadwal/bagikan/", "/jadwal/cetak/", "/tindak-lanjut/", "/permohonan/",
        "/notifikasi/", "/notifikasi/pengaturan/", "/akun/2fa/", "/luring/", "/api/docs/",
        "/tidak-ada/",
    ]  # fmt: skip


def rendered_inline_code(url: str, response) -> list[str]:
    """What the policy would refuse in the HTML as served, third-party templates included."""
    if not response["Content-Type"].startswith("text/html"):
        return []
    return inline_code(url, response.content.decode())


@pytest.mark.parametrize("role", ROLE_USERS)
def test_every_main_page_a_role_opens_has_the_strict_policy(world, letter, role):
    client = client_for(getattr(world, role))
    pages = _main_pages(letter) + (["/admin/"] if role == "admin" else [])
    found = []
    for url in pages:
        response = client.get(url)
        assert response.status_code in (200, 302, 403, 404), (url, response.status_code)
        assert_strict(response["Content-Security-Policy"], f"{role} {url}")
        found += rendered_inline_code(url, response)
    assert found == []


def test_viewflows_task_process_and_bulk_pages_as_served_have_no_inline_code(world, letter):
    """viewflow's own pages Lontar shows (overridden in templates/viewflow/workflow/): a
    task's detail, assign and unassign pages, a process's page and cancel page, the lists,
    the bulk assign and unassign confirmations."""
    dispose = open_task(letter, "dispose")
    review = Task.objects.get(process=letter.process, flow_task__endswith=".review")
    second = register(world.clerk, subject="Menunggu telaah")
    queued = Task.objects.get(process=second.process, flow_task_type="HUMAN", status="NEW")
    process = letter.process.pk
    found = []
    for user, method, url, data in [
        (world.reviewer, "get", f"/letter/{process}/review/{review.pk}/detail/", None),
        (world.reviewer, "get", f"/letter/{second.process.pk}/review/{queued.pk}/assign/", None),
        (world.mayor_user, "get", f"/letter/{process}/dispose/{dispose.pk}/unassign/", None),
        (world.admin, "get", f"/letter/{process}/", None),
        (world.admin, "get", f"/letter/{process}/cancel/", None),
        (world.admin, "get", "/letter/flows/", None),
        (world.admin, "get", "/letter/tasks/", None),
        (world.reviewer, "post", reverse("letter:tasks_assign"), {"pk": [queued.pk]}),
        (world.mayor_user, "post", reverse("letter:tasks_unassign"), {"pk": [dispose.pk]}),
    ]:
        client = client_for(user)
        response = getattr(client, method)(url, data) if data else getattr(client, method)(url)
        assert response.status_code == 200, (url, response.status_code)
        assert_strict(response["Content-Security-Policy"], url)
        found += rendered_inline_code(url, response)
    assert found == []


def test_the_public_pages_the_login_and_the_error_pages_have_the_strict_policy(db):
    client = Client()
    for url in (
        "/accounts/login/", "/agenda/", "/agenda/minggu/", "/agenda/opd/",
        "/permohonan/publik/", "/permohonan/status/", "/api/docs/", "/luring/",
        "/letters/", "/tidak-ada/", "/manifest.webmanifest", "/sw.js",
    ):  # fmt: skip
        response = client.get(url)
        assert_strict(response["Content-Security-Policy"], url)


def test_the_policy_is_enforced_not_only_reported(world):
    response = client_for(world.clerk).get("/letters/")
    assert "Content-Security-Policy" in response
    assert "Content-Security-Policy-Report-Only" not in response


def test_no_page_carries_a_nonce_it_does_not_use(world, letter):
    # Every script and stylesheet is a file: a nonce in the header would only widen it.
    client = client_for(world.clerk)
    for url in _main_pages(letter):
        assert "nonce-" not in client.get(url)["Content-Security-Policy"], url


def test_the_process_chart_alone_has_its_narrower_policy_with_no_script(world, letter):
    client = client_for(world.clerk)
    response = client.get(f"/letter/{letter.process.pk}/chart/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/svg+xml")
    policy = directives(response["Content-Security-Policy"])
    assert policy["default-src"] == ["'none'"]
    assert policy["style-src"] == ["'unsafe-inline'"]
    assert "script-src" not in policy  # falls back to default-src 'none'
    assert policy["frame-ancestors"] == ["'none'"]


def test_upgrade_insecure_requests_only_under_the_https_setting():
    assert "upgrade-insecure-requests" not in directives(_header(site_policy(https=False)))
    assert directives(_header(site_policy(https=True)))["upgrade-insecure-requests"] == []
    expected = site_policy(https=settings.LONTAR_HTTPS)
    assert settings.CONTENT_SECURITY_POLICY == expected


def _header(policy: dict) -> str:
    from csp.utils import build_policy, default_config

    return build_policy(config=default_config(policy["DIRECTIVES"]))


def test_the_turbo_progress_bar_hash_matches_the_installed_turbo():
    """Turbo inserts one fixed <style> at start; the site's style-src allows exactly its
    hash. Recomputed here the way Turbo builds the text (its unindent of the template)."""
    source = (Path(viewflow.__file__).parent / "static/viewflow/js/turbo.es2017-umd.js").read_text()
    template = re.search(r"static get defaultCSS\(\) \{\s*return unindent `(.*?)`;", source, re.S)
    assert template, "Turbo's ProgressBar.defaultCSS moved: see config/content_policy.py"
    duration = int(re.search(r"ProgressBar\.animationDuration = (\d+);", source).group(1))
    text = template.group(1).replace("${ProgressBar.animationDuration}", str(duration))
    text = text.replace("${ProgressBar.animationDuration / 2}", f"{duration / 2:g}")
    assert "${" not in text
    lines = re.sub(r"^\n", "", text).split("\n")
    indent = len(re.match(r"^\s*", lines[0]).group(0))
    css = "\n".join(line[indent:] for line in lines)
    digest = base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()
    assert TURBO_PROGRESS_BAR_STYLE == f"'sha256-{digest}'"


# --- No inline script or style in any template -------------------------------------------

# What the policy refuses, as it appears in a template's source.
INLINE = [
    (
        "inline <script> (put the code in a static .js file)",
        re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.I),
    ),
    (
        "<style> block (put the rules in a static .css file)",
        re.compile(r"<style\b", re.I),
    ),
    (
        'style="..." attribute (use a class from a static .css file)',
        re.compile(r"<[a-zA-Z][^<>]*?\sstyle\s*=", re.S),
    ),
    (
        "on*= event handler attribute (add a listener in a static .js file)",
        re.compile(r"<[a-zA-Z][^<>]*?\son[a-z]+\s*=", re.S),
    ),
    ("javascript: URL", re.compile(r"javascript:", re.I)),
]
# Not executed, so the policy lets them be: JSON data blocks.
DATA_SCRIPT = re.compile(r'<script\b[^>]*\btype="application/(?:ld\+)?json"', re.I)


def project_templates() -> list[Path]:
    found = []
    for path in ROOT.rglob("*"):
        relative = path.relative_to(ROOT)
        if SKIPPED_DIRS & set(relative.parts) or "templates" not in relative.parts[:-1]:
            continue
        if path.suffix in {".html", ".txt", ".svg", ".xml"} and path.is_file():
            found.append(path)
    return sorted(found)


def inline_code(path: Path | str, text: str) -> list[str]:
    """One line per offence: "path:line: what (the tag)" (a str path: a page's URL)."""
    relative = path if isinstance(path, str) else path.relative_to(ROOT).as_posix()
    found = []
    for what, pattern in INLINE:
        for match in pattern.finditer(text):
            tag = match.group(0)
            if what.startswith("inline <script>") and DATA_SCRIPT.match(tag):
                continue
            line = text.count("\n", 0, match.start()) + 1
            where = f"{relative}:{line}"
            if "nonce=" in tag and where in NONCED_ALLOWED:
                continue
            snippet = " ".join(tag.split())[:80]
            found.append(f"{where}: {what}: {snippet}")
    return found


def test_the_scan_finds_each_kind_of_inline_code_with_its_file_and_line():
    sample = ROOT / "templates" / "sample.html"
    text = (
        "<p>ok</p>\n<script>alert(1)</script>\n<style>p{}</style>\n"
        '<div class="x"\n     style="color:red">\n<button onclick="go()">\n'
        '<a href="javascript:void(0)">\n<script src="/static/a.js"></script>\n'
        '<script type="application/json" id="d">{}</script>\n'
        "{% url 'x' as onward %}<span data-on=\"1\">\n"
    )
    found = inline_code(sample, text)
    assert [line.split(": ", 1)[0] for line in found] == [
        "templates/sample.html:2",
        "templates/sample.html:3",
        "templates/sample.html:4",
        "templates/sample.html:6",
        "templates/sample.html:7",
    ], found
    assert 'style="..." attribute' in found[2] and "on*= event handler" in found[3]


TEMPLATE_COMMENT = re.compile(r"\{% comment %\}.*?\{% endcomment %\}|\{#.*?#\}", re.S)


def without_comments(text: str) -> str:
    """The template as rendered: comments blanked out, line numbers kept."""
    return TEMPLATE_COMMENT.sub(lambda m: "\n" * m.group(0).count("\n"), text)


def test_no_template_has_inline_script_style_or_event_handlers():
    templates = project_templates()
    assert len(templates) > 50  # the scan sees the project's templates
    found = []
    for path in templates:
        found += inline_code(path, without_comments(path.read_text(encoding="utf-8")))
    assert found == [], "\n".join(["Inline code the Content-Security-Policy refuses:"] + found)


def html_strings(source: str) -> str:
    """The module's string constants (not its docstrings or comments), each on the line
    it starts at, so that an offence is reported where it is written."""
    tree = ast.parse(source)
    docstrings = {
        id(node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
    }
    lines = [""] * (source.count("\n") + 2)
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            if id(node) not in docstrings:
                lines[node.lineno - 1] += " " + node.value.replace("\n", " ")
    return "\n".join(lines)


def test_no_python_module_writes_inline_script_or_style_into_html():
    found = []
    for path in sorted(ROOT.rglob("*.py")):
        relative = path.relative_to(ROOT)
        if SKIPPED_DIRS & set(relative.parts) or "migrations" in relative.parts:
            continue
        found += inline_code(path, html_strings(path.read_text(encoding="utf-8")))
    assert found == [], "\n".join(found)
