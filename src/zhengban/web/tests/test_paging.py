import pytest

from zhengban.core.models import Unit
from zhengban.web.paging import keys_first_page

pytestmark = pytest.mark.django_db


def test_a_page_holds_its_rows_in_the_list_order_with_the_paginators_numbers(make_unit):
    for code in ("a", "b", "c", "d", "e"):
        make_unit(f"paging-{code}")
    rows = Unit.objects.filter(code__startswith="paging-").order_by("-code")
    loaded = []

    def rows_of(keys):
        loaded.append(sorted(keys))
        return Unit.objects.filter(pk__in=keys).order_by("code")  # any order: the page restores the list's

    page = keys_first_page(rows, "2", 2, rows_of)
    assert [u.code for u in page.object_list] == ["paging-c", "paging-b"] and len(loaded[0]) == 2
    assert (page.number, page.paginator.num_pages, page.paginator.count) == (2, 3, 5)
    assert [u.code for u in keys_first_page(rows, "99", 2, rows_of).object_list] == ["paging-a"]  # past the end
    assert [u.code for u in keys_first_page(rows, "x", 2, rows_of).object_list] == ["paging-e", "paging-d"]
