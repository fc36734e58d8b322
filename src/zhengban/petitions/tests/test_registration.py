"""Registration, repeats, discipline inspection, identity protection, the public form and query."""

import pytest
from django.test import Client
from rest_framework.test import APIClient

from zhengban.audit.models import Event
from zhengban.core.errors import ActionError, NotAllowed
from zhengban.petitions.actions import do_submit_online_petition, petition_by_code
from zhengban.petitions.models import PROTECTED, Petition

from .conftest import LETTER_TEXT
from .helpers import forward, step

pytestmark = pytest.mark.django_db
ACCUSER = {"name": "李某（示例）", "phone": "13900000009", "id_number": "43042119900101002X", "address": "雁峰区某街"}
ACCUSATION = "举报某局干部王某在项目审批中收受好处费，请求查处。"


def accusation(register):
    return register(category="accusation", against_officials=True, text=ACCUSATION, petitioners=[ACCUSER],
                    place="yanfeng-district")


def test_registration_writes_number_query_code_and_one_event(office, register):
    petition = register()
    assert petition.matter.number.startswith("衡信〔") and len(petition.query_code) == 12
    verbs = list(Event.objects.filter(subject_type="engine.matter", subject_id=petition.pk).values_list("verb", flat=True))
    assert verbs == ["petition.opened", "petition.registered"]
    assert "张某" not in str(Event.objects.filter(subject_id=petition.pk).values_list("payload", flat=True))


def test_only_petition_officers_register(office, register):
    with pytest.raises(NotAllowed):
        register(actor=office.cast.other_member)
    assert not Petition.objects.exists()


def test_bad_input_is_refused_with_fields(office, register):
    with pytest.raises(ActionError) as bad:
        register(channel="visit", place="mars", petitioners=[{"name": "", "id_number": "123"}])
    assert {"place", "petitioners.0.name", "petitioners.0.id_number", "visit.arrived_at"} <= set(bad.value.fields)
    assert not Petition.objects.exists()


def test_visit_keeps_the_visitors_register(office, register):
    petition = register(channel="visit", visit={"arrived_at": "2026-05-06T09:30:00+08:00", "visitors": 3,
                                                "reception_officer": office.officer.username})
    assert petition.visit.visitors == 3 and petition.visit.reception_officer == office.officer


def test_repeat_by_same_phone_and_similar_text_is_linked_not_new(office, register):
    first = register()
    second = register(petitioners=[{"name": "张某（示例）", "phone": "13800000001"}],
                      text="衡南县某村道路年久失修，雨天泥泞，村民出行非常困难，请求政府安排资金硬化村道。")
    other = register(text="建议在市区增设公共自行车站点，方便市民绿色出行。", category="suggestion")
    assert second.is_repeat and second.repeat_of_id == first.pk
    assert second.matter.links_out.filter(kind="duplicate-of", target_id=first.pk).exists()
    assert not other.is_repeat
    stranger = register(petitioners=[{"name": "赵某（示例）", "phone": "13700000000"}])
    assert not stranger.is_repeat
    from zhengban.petitions.queries import statistics

    stats = statistics(office.cast.leader)
    assert stats["total"] == 4 and stats["new"] == 3 and stats["repeats"] == 1


def test_accusation_against_officials_goes_to_discipline_inspection(office, register):
    petition = accusation(register)
    with pytest.raises(ActionError) as refused:
        forward(office, petition)
    assert refused.value.code == "discipline_only"
    petition = step(office.officer, petition, "to_discipline")
    assert petition.matter.state == "discipline"
    assert petition.receiving_body.short_name_zh == "市纪委监委"


def test_accuser_identity_only_for_those_handling_it(office, register):
    from zhengban.petitions.export import petitions_xlsx
    from zhengban.petitions.queries import filtered

    petition = accusation(register)
    leader, officer = office.cast.leader, office.officer
    api = APIClient()
    api.force_authenticate(leader)
    listed = api.get("/api/petitions/").json()["results"][0]
    assert listed["identity_protected"] and listed["petitioners"][0] == {
        "name": PROTECTED, "id_number": PROTECTED, "phone": PROTECTED, "address": PROTECTED}
    detail = api.get(f"/api/petitions/{petition.pk}/").content.decode()
    assert ACCUSER["name"] not in detail and ACCUSER["phone"] not in detail and ACCUSER["id_number"] not in detail
    engine_detail = api.get(f"/api/matters/{petition.pk}/").content.decode()
    assert ACCUSER["name"] not in engine_detail
    xlsx = petitions_xlsx(leader, filtered(leader, {}))
    import io

    from openpyxl import load_workbook

    cells = [c for row in load_workbook(io.BytesIO(xlsx)).active.iter_rows(values_only=True) for c in row if c]
    assert ACCUSER["name"] not in cells and ACCUSER["phone"] not in cells and PROTECTED in cells
    web = Client()
    web.force_login(leader)
    page = web.get(f"/matters/{petition.pk}/").content.decode()
    assert ACCUSER["name"] not in page and PROTECTED in page
    assert ACCUSER["name"] not in web.get("/petitions/").content.decode()
    assert ACCUSER["name"] not in web.get("/search/?q=李某").content.decode()
    # The registering officer handles it and sees who wrote.
    web.force_login(officer)
    assert ACCUSER["name"] in web.get(f"/matters/{petition.pk}/").content.decode()
    api.force_authenticate(officer)
    assert api.get(f"/api/petitions/{petition.pk}/").json()["petitioners"][0]["phone"] == ACCUSER["phone"]
    # Another unit does not even see the petition.
    api.force_authenticate(office.cast.other_member)
    assert api.get(f"/api/petitions/{petition.pk}/").status_code == 404


def test_accusation_not_against_officials_handled_by_the_unit_shows_identity_to_it(office, register):
    petition = register(category="accusation", text="投诉某商户短斤少两。", petitioners=[ACCUSER])
    forward(office, petition)
    api = APIClient()
    api.force_authenticate(office.handler)
    assert api.get(f"/api/petitions/{petition.pk}/").json()["petitioners"][0]["name"] == ACCUSER["name"]
    api.force_authenticate(office.cast.leader)
    assert api.get(f"/api/petitions/{petition.pk}/").json()["petitioners"][0]["name"] == PROTECTED


def test_online_petition_and_public_query_show_only_public_facts(office, clock):
    clock.set(2026, 5, 6)
    petition = do_submit_online_petition("10.0.0.1", name="王某（示例）", phone="13600000001", category="claim",
                                          place="shigu-district", text=LETTER_TEXT)
    assert petition.channel == "online"
    task = petition.matter.tasks.get()
    assert task.assignee_unit == office.intake and task.assignee_person is None
    forward(office, petition, receiving_body="")
    api = APIClient()
    body = api.get("/api/public/petitions/status/", {"code": petition.query_code.lower()}).json()
    assert body["state"] and body["received"] == "2026-05-06" and body["reply"] is None
    text = str(body)
    for internal in (office.handling_unit.name_zh, office.handling_unit.code, office.officer.full_name, "王某", "13600000001"):
        assert internal not in text
    assert api.get("/api/public/petitions/status/", {"code": "AAAAAAAAAAAA"}).json()["code"] == "not_found"


def test_public_submission_and_rating_through_the_api(office, clock):
    from .helpers import accept, reply

    clock.set(2026, 5, 6)
    api = APIClient()
    created = api.post("/api/public/petitions/", {"name": "周某（示例）", "phone": "13500000001", "category": "suggestion",
                                                   "place": "nanyue-district", "text": "建议南岳景区增加停车位。"}, format="json")
    assert created.status_code == 201
    code = created.json()["query_code"]
    petition = Petition.objects.get(query_code=code)
    petition = reply(office, accept(office, forward(office, petition)))
    status = api.get("/api/public/petitions/status/", {"code": code}).json()
    assert status["reply"] and status["may_rate"]
    rated = api.post("/api/public/petitions/rating/", {"code": code, "rating": "satisfied"}, format="json")
    assert rated.status_code == 200 and not rated.json()["may_rate"]
    again = api.post("/api/public/petitions/rating/", {"code": code, "rating": "dissatisfied"}, format="json")
    assert again.status_code == 400 and again.json()["code"] == "rated"
    assert Event.objects.filter(subject_id=petition.pk, verb="petition.rated").count() == 1


def test_public_endpoints_are_rate_limited_per_ip_and_per_contact(office):
    api = APIClient()
    values = {"name": "孙某（示例）", "category": "suggestion", "place": "nanyue-district", "text": "建议"}
    for n in range(5):
        assert api.post("/api/public/petitions/", {**values, "phone": "1350000000" + str(n)}, format="json",
                        REMOTE_ADDR="10.0.0.7").status_code == 201
    limited = api.post("/api/public/petitions/", {**values, "phone": "13511111111"}, format="json", REMOTE_ADDR="10.0.0.7")
    assert limited.status_code == 429 and limited.json()["code"] == "rate_limited"
    for n in range(5):
        api.post("/api/public/petitions/", {**values, "phone": "13522222222"}, format="json", REMOTE_ADDR=f"10.1.0.{n}")
    same_contact = api.post("/api/public/petitions/", {**values, "phone": "13522222222"}, format="json", REMOTE_ADDR="10.2.0.1")
    assert same_contact.status_code == 429
    assert Petition.objects.count() == 10
    for _ in range(30):
        api.get("/api/public/petitions/status/", {"code": "X"}, REMOTE_ADDR="10.9.9.9")
    assert api.get("/api/public/petitions/status/", {"code": "X"}, REMOTE_ADDR="10.9.9.9").status_code == 429
    with pytest.raises(ActionError):
        petition_by_code("10.9.9.9", "X")


def test_public_pages_without_login(office, clock):
    clock.set(2026, 5, 6)
    web = Client()
    page = web.post("/public/petitions/new/", {"name": "吴某（示例）", "phone": "13400000001", "category": "claim",
                                                "place": "leiyang-city", "text": "请求解决拖欠工资问题。"})
    assert page.status_code == 200
    code = Petition.objects.get().query_code
    assert code in page.content.decode()
    status = web.get("/public/petitions/status/", {"code": code}).content.decode()
    assert "2026-05-06" in status and "吴某" not in status


def test_staff_pages_stats_and_export(office, register):
    register()
    web = Client()
    web.force_login(office.officer)
    assert web.get("/petitions/").status_code == 200
    assert web.get("/petitions/stats/").status_code == 200
    assert web.get("/petitions/new/").status_code == 200
    export = web.get("/petitions/export.xlsx")
    assert export.status_code == 200 and export.content[:2] == b"PK"
    web.force_login(office.cast.other_member)
    assert web.get("/petitions/new/").status_code == 404


def test_register_through_the_api_and_act_through_the_engine(office):
    api = APIClient()
    api.force_authenticate(office.officer)
    created = api.post("/api/petitions/", {"channel": "phone", "category": "claim", "place": "qidong-county",
                                           "text": LETTER_TEXT, "petitioners": [{"name": "郑某（示例）"}]}, format="json")
    assert created.status_code == 201
    pk = created.json()["id"]
    names = [a["name"] for a in api.get(f"/api/matters/{pk}/actions/").json()]
    assert {"forward", "assign", "not_accept"} <= set(names)
    taken = api.post(f"/api/matters/{pk}/actions/forward/", {"handling_unit": office.handling_unit.code}, format="json")
    assert taken.status_code == 200 and taken.json()["state"]["name"] == "awaiting_acceptance"
    bad = api.post("/api/petitions/", {"channel": "fax"}, format="json")
    assert bad.status_code == 400 and bad.json()["code"] == "invalid"


def test_reply_letter_renders_as_pdf_and_docx(office, register, clock):
    from .helpers import accept, reply

    clock.set(2026, 5, 6)
    petition = reply(office, accept(office, forward(office, register())))
    web = Client()
    web.force_login(office.officer)
    pdf = web.get(f"/petitions/{petition.pk}/letters/reply.pdf")
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
    docx = web.get(f"/petitions/{petition.pk}/letters/reply.docx")
    assert docx.status_code == 200 and docx.content[:2] == b"PK"


def test_routing_recommends_a_unit_for_the_text(office):
    from zhengban.petitions.routing import recommended_units

    assert isinstance(recommended_units(LETTER_TEXT), list)
