#!/usr/bin/env python3
"""Official documents: full incoming lifecycles per second, PDF pages per second, and the incoming
register page at 100,000 documents.

    .venv/bin/python bench/documents.py                 # both databases, one after the other
    .venv/bin/python bench/documents.py --db postgres -n 50 --register-size 100000

Each database is fresh: a SQLite file (/tmp/zhengban-bench-docs.sqlite3) and the PostgreSQL
database zhengban_bench_docs (dropped and created). The Hengyang profile and the organization
directory are loaded; the people are a Secretariat Section 1 clerk, the secretary-general, and
clerks of the lead and co-unit.

A lifecycle is the incoming flow end to end through the same actions the pages call: sign in
(with the routing recommendation), register, check, propose for action, the leader's instruction,
the co-unit's countersignature, handling, the reply, filing — 9 write transactions.

The register: 100,000 incoming documents are bulk-inserted (matter, document, one done task each,
consistent with the engine's and the documents' tables), then GET /documents/incoming/ is timed
through the Django test client as the clerk — the first page, a title search and page 200 — with
its queries counted. Figures are printed; nothing is asserted about time.
"""

import argparse
import datetime
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
PG_DB = "zhengban_bench_docs"
SQLITE_PATH = "/tmp/zhengban-bench-docs.sqlite3"


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", choices=["both", "sqlite", "postgres"], default="both")
    ap.add_argument("-n", "--lifecycles", type=int, default=50)
    ap.add_argument("--warmup", type=int, default=3)
    ap.add_argument("--pdf-renders", type=int, default=10)
    ap.add_argument("--register-size", type=int, default=100_000)
    ap.add_argument("--register-requests", type=int, default=20)
    return ap.parse_args()


def prepare_database(db):
    if db == "sqlite":
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(SQLITE_PATH + suffix).unlink(missing_ok=True)
        os.environ["ZHENGBAN_DATABASE_URL"] = f"sqlite:///{SQLITE_PATH}"
    else:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {PG_DB} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {PG_DB} OWNER postgres")
        os.environ["ZHENGBAN_DATABASE_URL"] = f"{PG_SERVER}/{PG_DB}"
    os.environ["ZHENGBAN_DEBUG"] = "false"
    os.environ["ZHENGBAN_ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhengban.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("profile", "load", "hengyang", stdout=open(os.devnull, "w"))
    from zhengban.documents.directory import load_directory

    load_directory()


class Office:
    def __init__(self):
        from zhengban.core.actions import do_create_person
        from zhengban.core.models import Clearance, RoleCode, Unit

        units = {u.code: u for u in Unit.objects.all()}

        def person(username, unit, role, clearance=Clearance.CONFIDENTIAL):
            return do_create_person(None, username=username, full_name=f"样例{username}", unit=units.get(unit),
                                    roles=[role], clearance=clearance, system=True)

        self.clerk = person("bench-clerk", "secretariat-1", RoleCode.CLERK)
        self.leader = person("bench-sg", None, RoleCode.SECRETARY_GENERAL, Clearance.TOP_SECRET)
        self.handler = person("bench-econ", "economic-affairs", RoleCode.CLERK)
        self.co_unit = person("bench-finance", "finance-trade", RoleCode.CHIEF)


def incoming_lifecycle(office, i):
    from zhengban.documents.actions import do_sign_in_document
    from zhengban.engine.actions import do_transition
    from zhengban.engine.generic import do_countersign
    from zhengban.engine.models import Task

    clerk = office.clerk
    matter = do_sign_in_document(clerk, sender="hy-transport", sender_number=f"衡交〔2026〕{i}号", doc_type="request",
                                 title=f"关于申请2026年农村公路建设补助资金的请示（第{i}件）", received_copies=2,
                                 body="为加快农村公路建设，申请安排补助资金。")
    matter = do_transition(clerk, matter, "register", {})
    matter = do_transition(clerk, matter, "check", {"note": "符合要求"})
    matter = do_transition(clerk, matter, "propose_action", {
        "opinion": "拟请经济科牵头办理", "lead_unit": "economic-affairs", "co_units": ["finance-trade"], "leader": "bench-sg"})
    matter = do_transition(office.leader, matter, "instruct", {
        "instruction": "请经济科会同财贸科研究办理。", "lead_unit": "economic-affairs", "co_units": ["finance-trade"]})
    task = Task.objects.get(matter=matter, kind="countersign", state="open")
    do_countersign(office.co_unit, task, agree=True, opinion="同意")
    matter = do_transition(office.handler, matter, "handle", {"result": "已提出资金安排意见。"})
    matter = do_transition(clerk, matter, "reply", {"reply": "已函复来文单位"})
    return do_transition(clerk, matter, "file", {})


def bench_lifecycles(office, args):
    for i in range(args.warmup):
        incoming_lifecycle(office, 10_000 + i)
    started, cpu = time.perf_counter(), time.process_time()
    for i in range(args.lifecycles):
        matter = incoming_lifecycle(office, i)
        assert matter.state == "filed", matter.state
    elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"  incoming lifecycles: {args.lifecycles} in {elapsed:.1f} s = {args.lifecycles / elapsed:.1f}/s "
          f"({1000 * elapsed / args.lifecycles / 9:.1f} ms a step; CPU {cpu:.1f} s)")


def page_count(pdf):
    import io

    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return len(document.pages)


def bench_pdf(args):
    from zhengban.documents.layout import DocumentSpec, render_pdf

    lines = ["一、总体要求", *(f"（{n}）各县市区人民政府、市直有关单位要切实加强组织领导，压实工作责任，确保各项措施落到实处。" * 2
                              for n in "一二三四五六七八九十")] * 3
    spec = DocumentSpec(title="关于做好2026年春节期间安全生产工作的通知", body="\n".join(lines), doc_type="notice",
                        issuer_mark="衡阳市人民政府办公室文件", number="衡政办发〔2026〕1号", main_recipients="各县市区人民政府，市直有关单位",
                        issuer_signature="衡阳市人民政府办公室", written_date=datetime.date(2026, 1, 20),
                        cc_recipients="市委办公室", printing_organ="衡阳市人民政府办公室", printing_date=datetime.date(2026, 1, 20))
    pages_each = page_count(render_pdf(spec))
    started = time.perf_counter()
    for _ in range(args.pdf_renders):
        render_pdf(spec)
    elapsed = time.perf_counter() - started
    pages = pages_each * args.pdf_renders
    print(f"  PDF: {args.pdf_renders} renders, {pages // args.pdf_renders} pages each, "
          f"{pages / elapsed:.1f} pages/s ({elapsed / args.pdf_renders:.2f} s a document)")


def bulk_register(office, size):
    from django.db import transaction
    from django.utils import timezone

    from zhengban.documents.models import Document, Organization
    from zhengban.engine.models import Matter, Task

    senders = list(Organization.objects.all())
    unit = office.clerk.unit
    lead = office.handler.unit
    start = timezone.now() - datetime.timedelta(days=365)
    states = ("filed", "filed", "filed", "handling", "replied", "proposing")
    topics = ("农村公路建设", "安全生产", "防汛抗旱", "春节期间", "老旧小区改造", "高标准农田")
    batch = 5000
    for offset in range(0, size, batch):
        rows = []
        for i in range(offset, min(size, offset + batch)):
            state = states[i % len(states)]
            moment = start + datetime.timedelta(minutes=5 * i % (365 * 24 * 60))
            rows.append(Matter(type="incoming", number=f"收文〔2025〕{i + 1}号", title=f"关于{topics[i % 6]}工作的请示（{i}）",
                               body="（基准数据）", state=state, classification=2 if i % 50 == 0 else 0, creator=office.clerk,
                               creator_unit=unit, lead_unit=lead, opened_at=moment,
                               closed_at=moment if state == "filed" else None, data={}))
        with transaction.atomic():
            matters = Matter.objects.bulk_create(rows)
            Document.objects.bulk_create([
                Document(matter_id=m.pk, direction="incoming", doc_type="request", sender=senders[m.pk % len(senders)],
                         sender_number=f"衡交〔2025〕{m.pk}号", received_at=m.opened_at, received_copies=1) for m in matters])
            Task.objects.bulk_create([
                Task(matter_id=m.pk, kind="handle", step="handling", assignee_unit=lead, state="done", created_at=m.opened_at)
                for m in matters])


def bench_register(office, args):
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    started = time.perf_counter()
    bulk_register(office, args.register_size)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")  # as autovacuum would after a bulk load: the planner needs the row counts
    print(f"  register: {args.register_size:,} documents inserted in {time.perf_counter() - started:.0f} s")
    client = Client()
    client.force_login(office.clerk)
    for label, params in (("first page", {}), ("title search 春节", {"q": "春节"}), ("page 200", {"page": 200})):
        client.get("/documents/incoming/", params)
        times = []
        for _ in range(args.register_requests):
            t = time.perf_counter()
            response = client.get("/documents/incoming/", params)
            times.append(1000 * (time.perf_counter() - t))
            assert response.status_code == 200
        with CaptureQueriesContext(connection) as queries:
            client.get("/documents/incoming/", params)
        times.sort()
        p95 = times[min(len(times) - 1, int(round(0.95 * (len(times) - 1))))]
        print(f"  register {label}: p50 {statistics.median(times):.0f} ms, p95 {p95:.0f} ms, {len(queries)} queries")


def run_one(db, args):
    prepare_database(db)
    from django.conf import settings

    print(f"{db}: {settings.DATABASES['default']['ENGINE'].rsplit('.', 1)[-1]} {settings.DATABASES['default']['NAME']}")
    office = Office()
    bench_lifecycles(office, args)
    if db == "sqlite":
        bench_pdf(args)
    bench_register(office, args)


def main():
    args = parse_args()
    if args.db != "both":
        run_one(args.db, args)
        return
    for db in ("sqlite", "postgres"):
        command = [sys.executable, __file__, "--db", db, "-n", str(args.lifecycles), "--warmup", str(args.warmup),
                   "--pdf-renders", str(args.pdf_renders), "--register-size", str(args.register_size),
                   "--register-requests", str(args.register_requests)]
        subprocess.run(command, check=True)


if __name__ == "__main__":
    main()
