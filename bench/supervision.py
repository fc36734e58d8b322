#!/usr/bin/env python3
"""The supervision list at 100,000 items: statements and time of the list API.

Creates N supervision items with bulk inserts consistent with the engine's tables (a matter row of
type "supervision" in progress, its SupervisionItem, the lead unit's open report task and one audit
event each), spread over 20 units, several leaders and due dates around today, then times
GET /api/supervision/items/ (first page of 100, with the counts by light) for the office's full
list, filtered by light and by unit, as a leader and as a unit member: the statements of one warm
request and the p50/p95 of --repeat more.

    .venv/bin/python bench/supervision.py --db sqlite -n 100000
    .venv/bin/python bench/supervision.py --db postgres -n 100000
"""

import argparse
import datetime
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = "postgres://postgres@127.0.0.1:5432"


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    ap.add_argument("-n", "--items", type=int, default=100_000)
    ap.add_argument("--repeat", type=int, default=20)
    ap.add_argument("--sqlite-path", default="/tmp/zhengban-bench-supervision.sqlite3")
    return ap.parse_args()


def setup(args):
    sys.path.insert(0, str(ROOT / "src"))
    if args.db == "sqlite":
        Path(args.sqlite_path).unlink(missing_ok=True)
        os.environ["ZHENGBAN_DATABASE_URL"] = f"sqlite:///{args.sqlite_path}"
    else:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            conn.execute("DROP DATABASE IF EXISTS zhengban_bench_supervision")
            conn.execute("CREATE DATABASE zhengban_bench_supervision")
        os.environ["ZHENGBAN_DATABASE_URL"] = f"{PG_SERVER}/zhengban_bench_supervision"
    os.environ["ZHENGBAN_DEBUG"] = "false"
    os.environ["ZHENGBAN_ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhengban.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def populate(n):
    from django.db import transaction
    from django.utils import timezone

    from zhengban.audit.models import Event
    from zhengban.core.actions import do_create_person
    from zhengban.core.models import RoleCode, Unit
    from zhengban.engine.models import Matter, Task
    from zhengban.supervision.models import SupervisionItem

    office = Unit.objects.create(code="supervision", name_zh="督查室", name_en="Supervision Office", kind="section")
    units = [Unit.objects.create(code=f"unit-{i}", name_zh=f"单位{i}", name_en=f"Unit {i}", kind="section") for i in range(20)]
    make = lambda name, unit, role: do_create_person(None, username=name, unit=unit, roles=[role], password="x" * 12,  # noqa: E731
                                                     system=True, full_name=name)
    officer = make("officer", office, RoleCode.SUPERVISION_OFFICER)
    leaders = [make(f"leader{i}", None, RoleCode.VICE_MAYOR) for i in range(5)]
    member = make("member", units[0], RoleCode.CLERK)
    now = timezone.now()
    batch = 5000
    for start in range(0, n, batch):
        with transaction.atomic():
            size = min(batch, n - start)
            matters = Matter.objects.bulk_create([
                Matter(type="supervision", number=f"督办〔2026〕{start + i + 1}号", title=f"督办事项{start + i + 1}",
                       lead_unit=units[(start + i) % 20], creator=officer, creator_unit=office, state="in-progress",
                       opened_at=now - datetime.timedelta(days=60),
                       due_at=now + datetime.timedelta(days=((start + i) % 120) - 20, hours=1),
                       data={"path": ["registered", "assigned", "in-progress"], "co_units": []})
                for i in range(size)
            ])
            SupervisionItem.objects.bulk_create([
                SupervisionItem(matter=m, source="annual-key-task", year=2026, leader=leaders[m.pk % 5], cadence="monthly",
                                progress=(m.pk * 7) % 100, assigned_at=now - datetime.timedelta(days=59),
                                next_report_at=now + datetime.timedelta(days=m.pk % 30))
                for m in matters
            ])
            Task.objects.bulk_create([
                Task(matter=m, step="in-progress", assignee_unit_id=m.lead_unit_id, created_at=now, due_at=now)
                for m in matters
            ])
            Event.objects.bulk_create([
                Event(subject_type="engine.matter", subject_id=m.pk, seq=1, verb="supervision.opened", actor=officer,
                      created_at=now, hash=f"{m.pk:064d}") for m in matters
            ])
    return officer, leaders[0], member


def percentile(sorted_values, fraction):
    """The nearest-rank percentile of an ascending list."""
    rank = max(1, -(-len(sorted_values) * fraction // 1))
    return sorted_values[int(rank) - 1]


def measure(client, url, repeat):
    """Statements of one warm request and the p50/p95 of `repeat` more.

    The test client runs the request in this thread, on this thread's connection, so
    CaptureQueriesContext sees its statements whatever DEBUG is. They are counted as soon as the
    context closes: `len(captured)` slices the connection's live query log, which the next request
    clears, and counting it after the timing loop was what reported 0 statements."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    statements = [query["sql"] for query in captured.captured_queries]
    assert response.status_code == 200, response.content[:300]
    assert statements, "no statements captured: the request did not run on this connection"
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(url)
        timings.append(time.perf_counter() - started)
    timings.sort()
    return {"url": url, "statements": len(statements), "count": response.json()["count"],
            "p50_s": round(percentile(timings, 0.5), 3), "p95_s": round(percentile(timings, 0.95), 3)}


def main():
    args = parse_args()
    setup(args)
    from rest_framework.test import APIClient

    started = time.perf_counter()
    officer, leader, member = populate(args.items)
    populated = round(time.perf_counter() - started, 1)
    results = []
    for who, url in ((officer, "/api/supervision/items/"), (officer, "/api/supervision/items/?light=red"),
                     (officer, "/api/supervision/items/?unit=unit-3"),
                     (officer, "/api/supervision/items/?unit=unit-3&source=annual-key-task"),
                     (leader, "/api/supervision/items/?scope=leader"), (member, "/api/supervision/items/")):
        client = APIClient()
        client.force_authenticate(who)
        results.append({"as": who.username, **measure(client, url, args.repeat)})
    print(json.dumps({"db": args.db, "items": args.items, "populate_s": populated, "lists": results}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
