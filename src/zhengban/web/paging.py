"""Pages of long lists: the order is taken over the keys alone, then only the page's rows are loaded.

Sorting a large visible set with every joined column, to keep fifty rows, was most of a register
page's time; the keys alone sort in a fraction of it (bench/README.md, Documents). The API's
counterpart is zhengban.api.pagination.KeysFirstPagination.
"""

from django.core.paginator import Paginator


def keys_first_page(rows, number, per_page, rows_of, count=None):
    """Page `number` of the ordered queryset `rows`, as Paginator.get_page gives it, its rows in order.

    rows_of(keys) loads the rows with what the page shows. The keys were chosen under the reader's
    permission filter already, so it need not repeat it (on PostgreSQL repeating it cost more than
    the sort it saves). `count`, when the caller has counted the rows already, spares the pager's count.
    """
    paginator = Paginator(rows.values_list("pk", flat=True), per_page)
    if count is not None:
        paginator.count = count
    page = paginator.get_page(number)
    keys = list(page.object_list)
    found = {row.pk: row for row in rows_of(keys)}
    page.object_list = [found[key] for key in keys if key in found]
    return page
