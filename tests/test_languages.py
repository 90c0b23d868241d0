"""The interface speaks the six UN languages: English, French, Spanish, Arabic
(right to left), Chinese and Russian."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.utils import translation

LOCALE = Path(__file__).resolve().parent.parent / "locale"
CATALOGUES = ["fr", "es", "ar", "zh_Hans", "ru"]

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", "Communautés"),
        ("es", "Comunidades"),
        ("ar", "مجتمعات"),
        ("zh-hans", "社区"),
        ("ru", "Сообщества"),
    ],
)
def test_the_home_page_follows_the_browsers_language(client, language, expected):
    response = client.get("/", headers={"accept-language": language})
    html = response.content.decode()
    assert f'lang="{language}"' in html
    assert expected in html


def test_arabic_pages_read_right_to_left(client):
    html = client.get("/communities/", headers={"accept-language": "ar"}).content.decode()
    assert 'dir="rtl"' in html


def test_the_language_switcher_works_without_javascript(client):
    response = client.post("/i18n/setlang/", {"language": "es", "next": "/about/"})
    assert response.status_code == 302
    assert "Comunidades" in client.get("/about/").content.decode()


@pytest.mark.parametrize("code", CATALOGUES)
def test_every_message_is_translated(code):
    with translation.override(code.replace("_", "-").lower()):
        assert translation.gettext("Sign in") != "Sign in"
    text = (LOCALE / code / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    entries = text.split("\n\n")[1:]
    untranslated = [e for e in entries if 'msgstr ""' in e and e.rstrip().endswith('msgstr ""')]
    assert not untranslated, untranslated[:3]


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="gettext's msgfmt is not installed")
@pytest.mark.parametrize("code", CATALOGUES)
def test_compiled_catalogues_are_up_to_date(code, tmp_path):
    folder = LOCALE / code / "LC_MESSAGES"
    subprocess.run(  # noqa: S603
        ["msgfmt", "--check-format", "-o", str(tmp_path / "django.mo"), str(folder / "django.po")],  # noqa: S607
        check=True,
    )
    assert (tmp_path / "django.mo").read_bytes() == (folder / "django.mo").read_bytes(), (
        "run: python manage.py compilemessages --ignore=.venv"
    )


def test_every_reference_name_is_listed_for_translation():
    import json

    from registry.reference_names import REFERENCE_TEXTS

    data = json.loads((LOCALE.parent / "fixtures" / "reference_data.json").read_text())
    names = {
        row[1] for key, rows in data.items() if key not in {"functions", "groups"} for row in rows
    }
    texts = {f[k] for f in data["functions"] for k in ("name", "description", "how_to_engage")}
    assert names | texts == set(REFERENCE_TEXTS)


def test_reference_data_is_shown_in_the_visitors_language():
    from registry.models import Function, Topic

    topic = Topic.objects.get(slug="invasive-alien-species")
    function = Function.objects.get(slug="policy-support")
    with translation.override("fr"):
        assert str(topic) == topic.label == "Espèces exotiques envahissantes"
        assert function.how_to_engage_text != function.how_to_engage
    with translation.override("en"):
        assert str(topic) == "Invasive alien species"


GETTEXT_NAMES = {"_", "gettext", "ngettext", "pgettext", "npgettext"}
GETTEXT_NAMES |= {f"{name}_lazy" for name in GETTEXT_NAMES}


def test_no_message_is_asked_for_inside_an_f_string():
    """makemessages (xgettext) does not read inside f-strings: a gettext("...") there is
    left out of the catalogues at their next update, and the page falls back to English.
    Messages are looked up first, and the f-string takes the variable."""
    import ast

    root = LOCALE.parent / "registry"
    found = []
    for path in sorted(root.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for string in ast.walk(tree):
            if not isinstance(string, ast.JoinedStr):
                continue
            for node in ast.walk(string):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id in GETTEXT_NAMES
                ):
                    found.append(f"{path.relative_to(root.parent)}:{node.lineno}")
    assert not found, found
