"""The English catalogue (locale/en): complete, placeholders intact, and actually used by the pages.

The interface is Chinese first (the msgids are Chinese); English comes from
locale/en/LC_MESSAGES/django.po, compiled to django.mo by `make run` / `make test` (and by the
`compiled_catalogue` fixture below when the .mo is missing or older than the .po).
"""

import ast
import fcntl
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from ipcollab.core import navigation

ROOT = Path(settings.BASE_DIR)
PO = ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")

CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
# %(name)s / %(n)d / %s / %d ... (python-format, which {% blocktranslate %} variables become too)
PLACEHOLDER = re.compile(r"%(?:\([^)]*\))?[#0\- +]*(?:\d+|\*)?(?:\.\d+)?[sdifrxXeEgGcoa%]")


# --- a small .po reader (polib is not a project dependency) ---------------------------------------


def parse_po(path):
    """Entries as dicts: flags (set), msgctxt, msgid, msgid_plural, msgstr (str) or msgstr_plural
    ({index: str}). The header (empty msgid) is returned too, first; obsolete (#~) entries are not."""
    entries, entry, key = [], None, None

    def flush():
        if entry is not None and "msgid" in entry:
            entries.append(entry)

    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            flush()
            entry, key = None, None
            continue
        if entry is None:
            entry = {"flags": set(), "msgctxt": None, "msgid_plural": None, "msgstr": None, "msgstr_plural": {}}
        if line.startswith("#,"):
            entry["flags"].update(f.strip() for f in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr\[(\d+)\]|msgstr)\s+(".*")$', line)
        if match:
            keyword, index, value = match.group(1), match.group(2), ast.literal_eval(match.group(3))
            if index is not None:
                key = ("msgstr_plural", int(index))
                entry["msgstr_plural"][int(index)] = value
            else:
                key = (keyword, None)
                entry[keyword] = value
        elif line.startswith('"') and key is not None:
            value = ast.literal_eval(line)
            if key[0] == "msgstr_plural":
                entry["msgstr_plural"][key[1]] += value
            else:
                entry[key[0]] += value
        else:
            raise AssertionError(f"{path}: cannot parse line {raw!r}")
    return entries


def messages():
    return [e for e in parse_po(PO) if e["msgid"] != ""]


def placeholders(text):
    return sorted(PLACEHOLDER.findall(text))


def label(entry):
    ctxt = f"[{entry['msgctxt']}] " if entry["msgctxt"] else ""
    return f"{ctxt}{entry['msgid']!r}"


# --- the catalogue file -----------------------------------------------------------------------------


def test_the_reader_understands_multiline_plural_and_flagged_entries(tmp_path):
    po = tmp_path / "x.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: en\\n"\n\n'
        '#: a.py:1\n#, fuzzy, python-format\nmsgid ""\n"共 %(n)d "\n"条"\nmsgid_plural "共 %(n)d 条"\n'
        'msgstr[0] "%(n)d entry"\nmsgstr[1] ""\n"%(n)d entries"\n\n'
        '#~ msgid "旧"\n#~ msgstr "old"\n',
        encoding="utf-8",
    )
    header, entry = parse_po(po)
    assert header["msgstr"] == "Language: en\n"
    assert entry["msgid"] == "共 %(n)d 条" and entry["msgid_plural"] == "共 %(n)d 条"
    assert entry["msgstr_plural"] == {0: "%(n)d entry", 1: "%(n)d entries"}
    assert entry["flags"] == {"fuzzy", "python-format"}
    assert placeholders("%(b)s 与 %(a)d，100%%") == ["%%", "%(a)d", "%(b)s"]


def test_the_catalogue_is_english_with_two_plural_forms():
    header = parse_po(PO)[0]
    assert header["msgid"] == ""
    assert "Language: en\n" in header["msgstr"]
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header["msgstr"]
    assert "fuzzy" not in header["flags"]
    assert len(messages()) > 100


def test_every_message_is_translated_and_none_is_fuzzy():
    untranslated, fuzzy = [], []
    for entry in messages():
        if "fuzzy" in entry["flags"]:
            fuzzy.append(label(entry))
        if entry["msgid_plural"] is not None:
            forms = entry["msgstr_plural"]
            if sorted(forms) != [0, 1] or not all(forms.values()):
                untranslated.append(label(entry))
        elif not entry["msgstr"]:
            untranslated.append(label(entry))
    assert untranslated == [], f"untranslated in {PO}: {untranslated}"
    assert fuzzy == [], f"fuzzy in {PO}: {fuzzy}"


def test_placeholders_match_between_source_and_translation():
    wrong = []
    for entry in messages():
        if entry["msgid_plural"] is not None:
            pairs = [(entry["msgid"], entry["msgstr_plural"].get(0, "")), (entry["msgid_plural"], entry["msgstr_plural"].get(1, ""))]
        else:
            pairs = [(entry["msgid"], entry["msgstr"])]
        for source, target in pairs:
            if placeholders(source) != placeholders(target):
                wrong.append(f"{label(entry)}: {placeholders(source)} ≠ {placeholders(target)} in {target!r}")
    assert wrong == [], "\n".join(wrong)


def test_translations_are_english():
    # Chinese may remain only inside examples of real data (court codes such as 京73).
    allowed = re.compile(r"京\d+|最高法")
    chinese = [label(e) for e in messages() for s in [e["msgstr"] or "", *e["msgstr_plural"].values()] if CJK.search(allowed.sub("", s))]
    assert chinese == []


def test_the_sources_have_no_message_missing_from_the_catalogue():
    """scripts/check_translations.sh regenerates the catalogue from the sources in a temporary copy
    of the tree (makemessages) and fails on untranslated or fuzzy messages."""
    result = subprocess.run([str(ROOT / "scripts" / "check_translations.sh")], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


# --- the pages in English ---------------------------------------------------------------------------


@pytest.fixture(scope="session")
def compiled_catalogue():
    """Compile the catalogue when the .mo is missing or older than the .po (locked: xdist workers
    may get here at the same time), then drop Django's cached translations so they are reloaded."""
    lock = ROOT / "var" / ".compilemessages.lock"
    lock.parent.mkdir(exist_ok=True)
    with lock.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            if not MO.exists() or MO.stat().st_mtime < PO.stat().st_mtime:
                call_command("compilemessages", locale=["en"], ignore_patterns=[".venv", "node_modules", "var"], verbosity=0)
                from django.utils.translation import trans_real

                trans_real._translations = {}
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    assert MO.exists()


class NavText(HTMLParser):
    """The visible texts of the navigation bar's own controls: the brand, nav links, the user menu's
    items and buttons. The user menu's toggle (the user's name and agency: data) is left out."""

    TARGETS = {"navbar-brand", "nav-link", "dropdown-item"}

    def __init__(self):
        super().__init__()
        self.texts, self._depth, self._current, self._in_nav = [], 0, None, 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "nav":
            self._in_nav += 1
        if self._current is not None:
            self._depth += 1
            return
        classes = set((attrs.get("class") or "").split())
        if self._in_nav and classes & self.TARGETS and attrs.get("id") != "usermenu":
            self._current, self._depth = [], 1

    def handle_endtag(self, tag):
        if self._current is not None:
            self._depth -= 1
            if self._depth == 0:
                self.texts.append(" ".join("".join(self._current).split()))
                self._current = None
        if tag == "nav":
            self._in_nav -= 1

    def handle_data(self, data):
        if self._current is not None:
            self._current.append(data)


def nav_texts(html):
    parser = NavText()
    parser.feed(html)
    return parser.texts


@pytest.fixture
def english(client, compiled_catalogue):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.mark.django_db
def test_the_login_page_in_english(english):
    response = english.get(reverse("accounts:login"))
    html = response.content.decode()
    assert response["Content-Language"] == "en"
    assert '<html lang="en">' in html
    assert "<title>Sign in · IP Collab</title>" in html
    assert ">Sign in</button>" in html
    assert ">Username</label>" in html and ">Password</label>" in html
    texts = nav_texts(html)
    assert texts == ["IP Collaborative Protection Platform"]
    assert "知识产权协同保护平台" not in html
    assert not CJK.search(html.split("<main")[1].split("</main>")[0])


@pytest.mark.django_db
def test_the_home_page_in_english(world, login, compiled_catalogue):
    client = login(world.platform_admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("home:index"))
    html = response.content.decode()
    assert response["Content-Language"] == "en"
    texts = nav_texts(html)
    assert {"Workbench", "Agency directory", "Liaison directory", "People", "Notifications", "My settings", "Sign out"} <= set(texts)
    assert [t for t in texts if CJK.search(t)] == []
    assert "<title>Workbench · IP Collab</title>" in html
    assert "To-dos and reminders" in html
    # the user menu's toggle shows data (the name), which stays as entered
    assert "平台管理" in html


@pytest.mark.django_db
def test_the_home_page_stays_chinese_without_the_cookie(world, login, compiled_catalogue):
    texts = nav_texts(login(world.judge_a).get(reverse("home:index")).content.decode())
    assert "工作台" in texts and "通知" in texts
    assert "Workbench" not in texts


def test_every_navigation_entry_has_an_english_label(compiled_catalogue):
    registered = list(navigation._entries)
    assert registered
    with translation.override("en"):
        labels = {entry.key: str(entry.label) for entry in registered}
    assert {k: v for k, v in labels.items() if CJK.search(v)} == {}
    assert labels.get("orgs.agencies") == "Agency directory"
