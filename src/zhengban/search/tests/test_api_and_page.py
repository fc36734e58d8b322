import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_api_returns_visible_hits_with_marked_snippets(office, memo, client):
    matter = memo(office.member, "春节值班安排", "请安排<春节>值班。", send_to="economic-affairs")
    memo(office.member, "春节慰问")  # a draft of the member's unit: none of the other unit's business
    memo(office.member, "春节慰问（秘密）", classification=1, send_to="economic-affairs")  # above their clearance
    client.force_login(office.other_member)
    body = client.get("/api/search/", {"q": "春节"}).json()
    assert body["total"] == 1 and not body["total_capped"] and body["tokens"] == ["春节"]
    hit = body["hits"][0]
    assert hit["id"] == matter.pk and hit["title_match"] and hit["url"] == reverse("matter", args=[matter.pk])
    assert hit["title_html"] == "<mark>春节</mark>值班安排"
    assert hit["snippet_html"] == "请安排&lt;<mark>春节</mark>&gt;值班。"


def test_api_filters_and_bad_parameters(office, memo, client):
    memo(office.member, "春节值班安排", send_to="economic-affairs")
    client.force_login(office.member)
    assert client.get("/api/search/", {"q": "春节", "unit": "secretariat-1"}).json()["total"] == 0
    assert client.get("/api/search/", {"q": "春节", "unit": "economic-affairs", "from": "2000-01-01"}).json()["total"] == 1
    bad = client.get("/api/search/", {"q": "春节", "from": "yesterday", "limit": "5"})
    assert bad.status_code == 400 and bad.json()["fields"] == {"from": "yesterday"}
    assert client.get("/api/search/", {"q": "春节", "unit": "nowhere"}).status_code == 400
    assert client.get("/api/search/", {"q": "春节", "limit": "500"}).status_code == 400


def test_api_needs_a_login(client):
    assert client.get("/api/search/", {"q": "春节"}).status_code in (401, 403)


@pytest.mark.parametrize(
    "language, expected",
    [("en", ["1 matter found", "Liaison memo"]), ("zh-hans", ["找到 1 件", "工作联系单"])],
)
def test_page_in_both_languages(office, memo, client, language, expected):
    memo(office.member, "Typhoon warning drill")
    client.force_login(office.member)
    client.cookies["django_language"] = language
    page = client.get(reverse("search"), {"q": "typhoon"}).content.decode()
    for text in expected:
        assert text in page
    assert "<mark>Typhoon</mark> warning drill" in page
    partial = client.get(reverse("search"), {"q": "typhoon"}, headers={"HX-Request": "true"}).content.decode()
    assert partial.startswith('<section id="search-results"')


def test_box_partial_submits_to_the_page(rf, office):
    from django.template.loader import render_to_string

    request = rf.get("/", {"q": "春节"})
    html = render_to_string("search/_box.html", {"request": request})
    assert f'action="{reverse("search")}"' in html and 'value="春节"' in html
