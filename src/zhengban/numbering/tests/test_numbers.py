"""Gap-free numbers: sequential, rollback-safe, independent per key and year, unique under threads."""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.transaction import TransactionManagementError

from zhengban.numbering.models import Sequence
from zhengban.numbering.numbers import (
    DEFAULT_PATTERN,
    InvalidPattern,
    assign_number,
    check_pattern,
    format_number,
    pattern_validator,
)


@pytest.mark.django_db
def test_numbers_are_sequential_from_one():
    with transaction.atomic():
        assert [assign_number("hzf", 2026) for _ in range(5)] == [1, 2, 3, 4, 5]
    assert Sequence.objects.get(key="hzf", year=2026).last == 5


@pytest.mark.django_db
def test_a_rolled_back_action_does_not_consume_its_number():
    with transaction.atomic():
        assert assign_number("hzf", 2026) == 1
    with pytest.raises(RuntimeError), transaction.atomic():
        assert assign_number("hzf", 2026) == 2
        raise RuntimeError("the action failed after numbering")
    with transaction.atomic():
        assert assign_number("hzf", 2026) == 2


@pytest.mark.django_db
def test_a_rolled_back_first_number_leaves_no_counter_behind():
    with pytest.raises(RuntimeError), transaction.atomic():
        assign_number("jiyao", 2026)
        raise RuntimeError("rolled back")
    assert not Sequence.objects.filter(key="jiyao").exists()
    with transaction.atomic():
        assert assign_number("jiyao", 2026) == 1


@pytest.mark.django_db
def test_keys_and_years_are_independent():
    with transaction.atomic():
        assert assign_number("hzf", 2026) == 1
        assert assign_number("hzf", 2026) == 2
        assert assign_number("hzf", 2027) == 1
        assert assign_number("hzbf", 2026) == 1
        assert assign_number("hzf", 2026) == 3


@pytest.mark.django_db(transaction=True)
def test_assigning_outside_a_transaction_is_a_programming_error():
    with pytest.raises(TransactionManagementError):
        assign_number("hzf", 2026)
    assert not Sequence.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("key, year", [("", 2026), ("hzf", 26), ("hzf", "2026"), ("x" * 61, 2026)])
def test_bad_keys_and_years_are_refused(key, year):
    with pytest.raises(ValueError), transaction.atomic():
        assign_number(key, year)


@pytest.mark.django_db
def test_assigning_costs_one_statement_once_the_counter_exists(django_assert_num_queries):
    with transaction.atomic():
        assign_number("hzf", 2026)
        with django_assert_num_queries(1):
            assign_number("hzf", 2026)


def test_default_pattern_formats_a_document_number():
    assert format_number(DEFAULT_PATTERN, "衡政发", 2026, 12) == "衡政发〔2026〕12号"
    assert format_number("{prefix}〔{year}〕{n}号", "联系单", 2026, 7) == "联系单〔2026〕7号"
    assert format_number("纪要〔{year}〕{n}号", "", 2026, 5) == "纪要〔2026〕5号"


@pytest.mark.parametrize(
    "pattern",
    ["{prefix}〔{year}〕{n:03d}号", "{prefix}〔{year}〕{n:>3}号", "{prefix}〔{year:02}〕{n}号", "{prefix}〔{year}〕号",
     "{prefix}〔{yr}〕{n}号", "{prefix}〔{year}〕{}号", "{prefix}〔{year}〕{n!r}号", "{prefix}〔{year}〕{n号"],
)
def test_patterns_that_would_break_the_number_rules_are_refused(pattern):
    with pytest.raises(InvalidPattern):
        check_pattern(pattern)
    with pytest.raises(ValidationError):
        pattern_validator(pattern)


@pytest.mark.parametrize("year, n", [(26, 1), (2026, 0), (2026, -3), (2026, "7")])
def test_short_years_and_non_positive_numbers_are_refused(year, n):
    with pytest.raises(InvalidPattern):
        format_number(DEFAULT_PATTERN, "衡政发", year, n)


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_eight_threads_assigning_a_hundred_each_get_exactly_one_to_eight_hundred():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: real row locks between concurrent connections")
    issued, errors = [], []
    lock = threading.Lock()
    start = threading.Barrier(8)

    def worker():
        try:
            start.wait()
            mine = []
            for _ in range(100):
                with transaction.atomic():
                    mine.append(assign_number("hzf", 2026))
            with lock:
                issued.extend(mine)
        except Exception as exc:  # reported below: a thread's failure must fail the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(issued) == 800
    assert sorted(issued) == list(range(1, 801))
    assert Sequence.objects.get(key="hzf", year=2026).last == 800


def test_pattern_refusals_are_translated():
    from django.utils import translation

    with translation.override("zh-hans"), pytest.raises(InvalidPattern, match="序号不编虚位"):
        check_pattern("{prefix}〔{year}〕{n:03d}号")
