import pytest

from zhengban.core.models import Unit
from zhengban.web.paging import keys_first_page

pytestmark = pytest.mark.django_db


def test_a_page_holds_its_rows_in_the_list_order_with_the_paginators_numbers(make_unit):
    for code in ("a", "b", "c", "d", "e"):
        make_unit(f"paging-{code}")
    rows = Unit.objects.filter(code__startswith="paging-").order_by("-code")
    page = keys_first_page(rows, "2", 2)
    assert [u.code for u in page.object_list] == ["paging-c", "paging-b"]
    assert (page.number, page.paginator.num_pages, page.paginator.count) == (2, 3, 5)
    assert [u.code for u in keys_first_page(rows, "99", 2).object_list] == ["paging-a"]  # past the end: the last
    assert [u.code for u in keys_first_page(rows, "x", 2).object_list] == ["paging-e", "paging-d"]  # not a number: the first
