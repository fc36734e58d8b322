"""Loading the shipped Hengyang profile, loading it again, exporting it back."""

from io import StringIO

import pytest
from django.utils import translation
from django.core.management import call_command

from zhengban.audit.models import Event
from zhengban.core.errors import NotAllowed
from zhengban.core.models import DocumentPrefix, OrganizationProfile, Post, Quota, Unit
from zhengban.core.profile import SHIPPED_DIR, export_profile_text, load_profile
from zhengban.core.profile.actions import do_save_unit
from zhengban.core.profile.export import unit_spec

DESIGN_UNIT_CODES = [
    "secretariat-1", "secretariat-2", "secretariat-3", "economic-affairs", "rural-affairs", "finance-trade",
    "urban-construction", "foreign-economic", "social-development", "supervision", "research",
    "information-technology", "economic-reform", "personnel", "administration", "veteran-cadres", "finance",
    "vehicles", "fao-general", "foreign-affairs", "overseas-chinese", "securities-office", "logistics-service",
]  # fmt: skip

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_hengyang_profile_loads_the_23_units_of_the_design():
    load_profile("hengyang")
    assert list(Unit.objects.values_list("code", flat=True)) == DESIGN_UNIT_CODES
    assert Unit.objects.filter(kind="section").count() == 21
    organization = OrganizationProfile.objects.get()
    assert (organization.code, organization.city_zh) == ("hengyang", "衡阳市")
    for unit in Unit.objects.all():
        assert unit.name_zh and unit.name_en and unit.responsibilities_zh and unit.responsibilities_en
        assert unit.subject_areas and all(set(area) == {"zh", "en"} for area in unit.subject_areas)
        assert 15 <= len(unit.routing_words_zh) <= 40 and 15 <= len(unit.routing_words_en) <= 40


def test_hengyang_quota_keeps_the_seed_figures_and_the_garbled_one_as_given():
    load_profile("hengyang")
    office = {q.category: q for q in Quota.objects.filter(unit__isnull=True)}
    assert office["administrative"].authorized == 75
    assert office["section-leadership"].authorized == 42
    assert office["leadership"].within == "administrative"
    logistics = Quota.objects.get(unit__code="logistics-service")
    assert (logistics.authorized, logistics.authorized_as_given) == (None, "365,438+0")
    assert "garbled" in logistics.note.lower()
    assert Quota.objects.get(unit__code="securities-office", category="institution").authorized == 5
    assert Post.objects.get(code="mayor").unit is None
    assert Post.objects.filter(unit__kind="section", kind__code="unit-chief").count() == 21
    assert DocumentPrefix.objects.get(code="minutes").pattern.format(prefix="纪要", year=2026, n=5) == "纪要〔2026〕5号"
    assert set(DocumentPrefix.objects.values_list("prefix", flat=True)) >= {"衡政发", "衡政办发", "衡政函", "衡政办函", "联系单"}


def test_loading_writes_audit_events_and_loading_twice_changes_nothing():
    load_profile("hengyang")
    unit = Unit.objects.get(code="secretariat-1")
    assert Event.objects.filter(subject_type="core.unit", subject_id=unit.pk, verb="unit.created").exists()
    assert Event.objects.filter(verb="organization.profile_loaded").count() == 1
    events, heads = Event.objects.count(), list(Unit.objects.values_list("audit_head", flat=True))

    summary = load_profile("hengyang")

    assert all(counts["created"] == counts["updated"] == 0 for counts in summary.values())
    assert Event.objects.count() == events
    assert list(Unit.objects.values_list("audit_head", flat=True)) == heads


def test_a_changed_field_is_updated_with_an_event_naming_the_change(tmp_path):
    load_profile("hengyang")
    text = (SHIPPED_DIR / "hengyang.yaml").read_text(encoding="utf-8")
    edited = tmp_path / "edited.yaml"
    edited.write_text(text.replace("name_en: Vehicle Management Section", "name_en: Motor Pool"), encoding="utf-8")

    summary = load_profile(edited)

    assert summary["units"]["updated"] == 1
    event = Event.objects.filter(verb="unit.updated").get()
    assert event.payload == {"changes": {"name_en": ["Vehicle Management Section", "Motor Pool"]}}


def test_export_of_the_shipped_profile_gives_the_shipped_text():
    load_profile("hengyang")
    assert export_profile_text() == (SHIPPED_DIR / "hengyang.yaml").read_text(encoding="utf-8")


def test_export_load_into_an_empty_database_export_gives_the_same_text(tmp_path):
    load_profile("hengyang")
    do_save_unit(None, {**unit_spec(Unit.objects.get(code="vehicles")), "note": "Edited after loading.\nSecond line."}, system=True)
    first = export_profile_text()
    exported = tmp_path / "export.yaml"
    exported.write_text(first, encoding="utf-8")
    Post.objects.all().delete()
    Quota.objects.all().delete()
    DocumentPrefix.objects.all().delete()
    Unit.objects.all().delete()
    OrganizationProfile.objects.all().delete()

    load_profile(exported)

    assert export_profile_text() == first


def test_profile_command_loads_and_exports(tmp_path):
    out = StringIO()
    call_command("profile", "load", "hengyang", stdout=out)
    assert "Units: 23 created" in out.getvalue()
    out = StringIO()
    call_command("profile", "load", "hengyang", stdout=out)
    assert "nothing changed" in out.getvalue()
    target = tmp_path / "out.yaml"
    call_command("profile", "export", "--output", str(target), stdout=StringIO())
    assert "code: secretariat-1" in target.read_text(encoding="utf-8")


def test_only_an_administrator_may_save_organization_rows(cast):
    with pytest.raises(NotAllowed):
        do_save_unit(cast.member, _unit_spec_for_cast())
    unit, outcome = do_save_unit(cast.admin, _unit_spec_for_cast())
    assert outcome == "created"
    assert Event.objects.get(subject_type="core.unit", subject_id=unit.pk).actor == cast.admin


def _unit_spec_for_cast():
    return {
        "code": "research", "name_zh": "研究室", "name_en": "Research Office", "kind": "section", "parent": None,
        "sort_order": 0, "responsibilities_zh": "", "responsibilities_en": "", "subject_areas": [],
        "routing_words_zh": [], "routing_words_en": [], "note": "",
    }  # fmt: skip
