"""Each of the regulation's checks refuses the step with its reason, and nothing changes."""

import pytest
from django.utils import timezone

from zhengban.core.errors import ActionError
from zhengban.documents.models import Document
from zhengban.engine.actions import do_transition
from zhengban.engine.models import Matter
from zhengban.numbering.models import Sequence

from .test_flows_outgoing import YES, draft, signed, to_office_review

pytestmark = pytest.mark.django_db


def refused(actor, matter, name, payload):
    before = Matter.objects.get(pk=matter.pk)
    with pytest.raises(ActionError) as error:
        do_transition(actor, matter, name, payload)
    after = Matter.objects.get(pk=matter.pk)
    assert (after.state, after.version, after.number) == (before.state, before.version, before.number)
    return error.value


def submitted(office, **extra):
    matter = draft(office, **extra)
    return do_transition(office.econ, matter, "submit", {})


def test_a_request_with_two_main_recipients_is_refused_before_office_review(office):
    matter = submitted(office, doc_type="request", title="关于申请防汛资金的请示",
                       main_recipients=["hunan-government", "hunan-finance"], cc_recipients=[])
    error = refused(office.econ_chief, matter, "unit_approve", {})
    assert error.code == "document_check" and "main_recipients" in error.fields


def test_a_request_carrying_several_matters_is_refused(office):
    matter = submitted(office, doc_type="request", title="关于申请防汛资金的请示", main_recipients=["hunan-government"],
                       cc_recipients=[], carries_several_matters=True)
    error = refused(office.econ_chief, matter, "unit_approve", {})
    assert "carries_several_matters" in error.fields


def test_an_upward_document_without_signer_is_refused_at_registration(office):
    matter = signed(office, doc_type="report", title="关于防汛工作的报告", main_recipients=["hunan-government"],
                    cc_recipients=[])
    matter = do_transition(office.clerk, matter, "recheck", {})
    Document.objects.filter(matter=matter).update(signers=[])
    error = refused(office.clerk, matter, "register", {})
    assert "signers" in error.fields
    assert not Sequence.objects.filter(key="office", last__gt=0).exists()


def test_a_document_to_a_higher_level_organization_is_upward(office):
    matter = signed(office, doc_type="letter", title="关于商请支持的函", main_recipients=["hunan-drc"], cc_recipients=[])
    assert Document.objects.get(matter=matter).signers[0]["username"] == "mayor"


def test_a_classified_document_without_period_is_refused(office):
    matter = submitted(office, classification=1, classification_period="1年")
    Matter.objects.filter(pk=matter.pk).update(classification_period="")
    error = refused(office.econ_chief, matter, "unit_approve", {})
    assert "classification_period" in error.fields


def test_a_classified_document_without_copy_numbers_is_refused_at_printing(office):
    matter = signed(office, classification=1, classification_period="1年")
    for step in ("recheck", "register"):
        matter = do_transition(office.clerk, matter, step, {})
    matter = do_transition(office.clerk, matter, "seal", {"seal": "office-seal", "impressions": 1})
    printing = {"printing_date": timezone.localdate().isoformat(), "copy_count": 5}
    error = refused(office.clerk, matter, "print", printing)
    assert "copy_numbers" in error.fields
    matter = do_transition(office.clerk, matter, "print", {**printing, "copy_numbers": "000001-000005"})
    assert Document.objects.get(matter=matter).copy_numbers == "000001-000005"


@pytest.mark.parametrize("step", ["submit", "register"])
def test_a_typed_document_number_is_refused(office, step):
    matter = draft(office)
    if step == "register":
        matter = signed(office)
        matter = do_transition(office.clerk, matter, "recheck", {})
    actor = office.econ if step == "submit" else office.clerk
    error = refused(actor, matter, step, {"number": "衡政办发〔2026〕1号"})
    assert error.code == "manual_number" and "number" in error.fields


def test_the_issuer_must_be_present(office):
    matter = submitted(office)
    Document.objects.filter(matter=matter).update(issuer_signature="")
    error = refused(office.econ_chief, matter, "unit_approve", {})
    assert "issuer_signature" in error.fields


def test_the_written_date_comes_from_signing_and_is_required_at_registration(office):
    matter = signed(office)
    assert Document.objects.get(matter=matter).written_date == timezone.localdate()
    matter = do_transition(office.clerk, matter, "recheck", {})
    Document.objects.filter(matter=matter).update(written_date=None)
    error = refused(office.clerk, matter, "register", {})
    assert "written_date" in error.fields


def test_office_review_checks_run_again_at_signing(office):
    matter = to_office_review(office, draft(office))
    matter = do_transition(office.clerk, matter, "office_approve", {**YES})
    Document.objects.filter(matter=matter).update(issuer_signature="")
    error = refused(office.sg, matter, "sign", {"opinion": "同意"})
    assert "issuer_signature" in error.fields
