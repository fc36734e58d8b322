"""Every kind of profile error is reported with the file, the line, the entry and the problem; nothing is written."""

from io import StringIO
from textwrap import dedent

import pytest
from django.utils import translation
from django.core.management import CommandError, call_command

from zhengban.audit.models import Event
from zhengban.core.models import Unit
from zhengban.core.profile import ProfileInvalid, check_profile

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield

HEAD = """\
format: zhengban-profile/1
organization:
  code: testville
  name_zh: 测试市人民政府办公室
  name_en: Testville Government Office
  city_zh: 测试市
  city_en: Testville
"""


def problems(tmp_path, body, head=HEAD):
    path = tmp_path / "profile.yaml"
    path.write_text(head + dedent(body), encoding="utf-8")
    with pytest.raises(ProfileInvalid) as caught:
        check_profile(path)
    return [str(error) for error in caught.value.errors], path


def test_a_valid_small_profile_passes(tmp_path):
    path = tmp_path / "ok.yaml"
    path.write_text(HEAD + "units:\n- {code: a, name_zh: 甲科, name_en: Section A, kind: section}\n", encoding="utf-8")
    assert [u["code"] for u in check_profile(path)["units"]] == ["a"]


def test_unknown_field_names_file_line_and_entry(tmp_path):
    errors, path = problems(
        tmp_path,
        """\
        units:
        - code: a
          name_zh: 甲科
          name_en: Section A
          kind: section
          colour: red
        """,
    )
    assert errors == [f'{path}:13: units[0] code=a: unknown field "colour"; known fields: ' + errors[0].split("known fields: ")[1]]


def test_missing_required_field_and_section(tmp_path):
    errors, path = problems(tmp_path, "units:\n- {code: a, name_zh: 甲科, kind: section}\n")
    assert f'{path}:9: units[0] code=a: missing required field "name_en"' in errors
    errors, _ = problems(tmp_path, "", head=HEAD.replace("format: zhengban-profile/1\n", ""))
    assert any('missing required section "format"' in e for e in errors)
    assert any('missing required section "units"' in e for e in errors)


def test_duplicate_codes(tmp_path):
    errors, path = problems(
        tmp_path,
        """\
        units:
        - {code: a, name_zh: 甲科, name_en: Section A, kind: section}
        - {code: a, name_zh: 乙科, name_en: Section B, kind: section}
        """,
    )
    assert errors == [f'{path}:10: units[1] code=a: duplicate code "a": already given by units[0] code=a']


def test_repeated_key_in_one_entry(tmp_path):
    errors, path = problems(
        tmp_path,
        """\
        units:
        - code: a
          name_zh: 甲科
          name_zh: 乙科
          name_en: Section A
          kind: section
        """,
    )
    assert f'{path}:11: key "name_zh" is given twice' in errors


def test_unknown_parent_and_parent_cycle(tmp_path):
    errors, path = problems(
        tmp_path,
        """\
        units:
        - {code: a, name_zh: 甲, name_en: A, kind: section, parent: nowhere}
        - {code: b, name_zh: 乙, name_en: B, kind: section, parent: c}
        - {code: c, name_zh: 丙, name_en: C, kind: section, parent: b}
        """,
    )
    assert f'{path}:9: units[0] code=a: field "parent" names unknown unit "nowhere"' in errors
    assert f"{path}:10: units[1] code=b: parent chain loops: b → c → b" in errors
    assert f"{path}:11: units[2] code=c: parent chain loops: c → b → c" in errors


def test_unknown_kind_category_and_role(tmp_path):
    errors, path = problems(
        tmp_path,
        """\
        units:
        - {code: a, name_zh: 甲, name_en: A, kind: department}
        post_kinds:
        - {code: boss, name_zh: 头, name_en: Boss, role: emperor}
        posts:
        - {code: a-boss, name_zh: 甲头, name_en: A boss, kind: tyrant, unit: a, quota_category: divine}
        """,
    )
    text = "\n".join(errors)
    assert f"{path}:9: units[0] code=a: field \"kind\" unknown value 'department'" in text
    assert f"{path}:11: post_kinds[0] code=boss: field \"role\" unknown value 'emperor'" in text
    assert f'{path}:13: posts[0] code=a-boss: field "kind" names unknown post kind "tyrant"' in text
    assert f"{path}:13: posts[0] code=a-boss: field \"quota_category\" unknown value 'divine'" in text


def test_bad_quota_numbers(tmp_path):
    errors, path = problems(
        tmp_path,
        """\
        units:
        - {code: a, name_zh: 甲, name_en: A, kind: section}
        quotas:
        - {unit: a, category: administrative, authorized: -3}
        - {unit: a, category: worker, authorized: "twelve"}
        - {unit: a, category: institution}
        - {category: leadership, within: leadership, authorized: 2}
        """,
    )
    text = "\n".join(errors)
    assert f'{path}:11: quotas[0] unit=a category=administrative: field "authorized" must be a whole number of at least 0' in text
    assert f'{path}:12: quotas[1] unit=a category=worker: field "authorized" must be a whole number' in text
    assert f'{path}:13: quotas[2] unit=a category=institution: give "authorized"' in text
    assert f"{path}:14: quotas[3] unit=(office) category=leadership: a quota cannot be counted within its own category" in text


def test_prefix_pattern_needs_number_and_year(tmp_path):
    errors, path = problems(
        tmp_path,
        """\
        units:
        - {code: a, name_zh: 甲, name_en: A, kind: section}
        prefixes:
        - {code: gov, name_zh: 政府文件, name_en: Gov, prefix: 测政发, pattern: "{prefix}第{n}号"}
        - {code: office, name_zh: 办公室文件, name_en: Office, prefix: 测政办发, pattern: "{prefix}〔{yr}〕{n}号"}
        """,
    )
    text = "\n".join(errors)
    assert f'{path}:11: prefixes[0] code=gov: field "pattern" must contain {{year}}' in text
    assert f'{path}:12: prefixes[1] code=office: field "pattern" uses unknown field(s) {{yr}}' in text


def test_yaml_syntax_error_names_the_line(tmp_path):
    errors, path = problems(tmp_path, "units:\n- {code: a, name_zh: [unclosed\n")
    assert errors[0].startswith(f"{path}:") and "not valid YAML" in errors[0]


def test_all_errors_are_listed_and_the_command_changes_nothing(tmp_path):
    path = tmp_path / "bad.yaml"
    path.write_text(
        HEAD
        + "units:\n- {code: a, name_zh: 甲, name_en: A, kind: section}\n- {code: B!, name_zh: 乙, name_en: B, kind: x}\n",
        encoding="utf-8",
    )
    err = StringIO()
    with pytest.raises(CommandError, match="2 problem"):
        call_command("profile", "load", str(path), stdout=StringIO(), stderr=err)
    assert "units[1]" in err.getvalue() and "code" in err.getvalue()
    assert not Unit.objects.exists()
    assert not Event.objects.exists()
