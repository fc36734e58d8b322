#!/usr/bin/env python3
"""zhengban's matter engine on the peers' benchmark: one liaison memo per lifecycle.

A lifecycle opens a memo (its own transaction: matter, memo row, the creator's draft task, the
`memo.opened` audit event) and then takes five human steps, each by its own user, each storing a
small payload, through the same actions the web pages and the API call:

    send    (clerk of unit A: lead unit B, requested date; assigns the memo's number, a deadline
             and a task for unit B)
    accept  (clerk of unit B, note)      handle (clerk of unit B, result text)
    reply   (chief of unit B, reply)     confirm (the creator, note) -> closed

So a lifecycle is 6 write transactions, like the SpiffWorkflow and floor runners. Tasks,
working-day deadlines, gap-free numbers and the hash-chained audit trail are all included.

Listeners (notifications of opened tasks, the search index) run as in production: each action writes
one outbox row and the worker delivers them (`--listeners worker`, the default). After the timed
loop the pending changes are delivered, timed apart and printed as `worker_changes_per_s`.
`--listeners inline` runs them in the acting process after each commit (as a deployment without a
worker would); `--listeners none` disconnects them, to see what the engine alone costs.

Like the peers' runners: warm-up lifecycles, then N timed with time.perf_counter(); statements
are counted in a separate, untimed run (CaptureQueriesContext; BEGIN/COMMIT/ROLLBACK are not
counted, SAVEPOINT/RELEASE are); on PostgreSQL the times each step waits for the server are
counted in another untimed run (writes held back by core.postgresql travel together, so a step
waits fewer times than it sends statements); every lifecycle is then checked and any mismatch exits
1 with `FAIL: ...`. Prints one JSON line and appends it to $PEERS_OUT when that is set.
"""

import argparse
import datetime
import json
import os
import re
import resource
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH_PG_DB = "zhengban_bench"
PG_SERVER = "postgres://postgres@127.0.0.1:5432"
UNIT_A, UNIT_B = "bench-sending", "bench-handling"
REQUESTED = datetime.date(2026, 12, 18)
TRANSACTION_CONTROL = re.compile(r"^\s*(BEGIN|COMMIT|ROLLBACK)\b", re.IGNORECASE)


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    ap.add_argument("-n", "--lifecycles", type=int, default=300)
    ap.add_argument("--warmup", type=int, default=20)
    ap.add_argument("--count-lifecycles", type=int, default=20, help="untimed lifecycles whose statements are counted")
    ap.add_argument("--sqlite-path", default="/tmp/zhengban-bench.sqlite3")
    ap.add_argument(
        "--sqlite-synchronous",
        choices=["FULL", "NORMAL"],
        default="FULL",
        help="FULL (default) as the peers' runners; NORMAL is what zhengban's settings use in production",
    )
    ap.add_argument(
        "--listeners",
        choices=["worker", "inline", "none"],
        default="worker",
        help="worker (production: one outbox row per action, delivered apart), inline (in the acting "
        "process after each commit) or none (disconnected: the engine alone)",
    )
    return ap.parse_args()


def disconnect_listeners():
    from zhengban.engine import signals

    for signal in (signals.tasks_opened, signals.matter_changed):
        signal.receivers.clear()
        signal.sender_receivers_cache.clear()


def prepare_database(args):
    """Point zhengban at a fresh database of the benchmark's own, before Django starts."""
    if args.db == "sqlite":
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(args.sqlite_path + suffix).unlink(missing_ok=True)
        os.environ["ZHENGBAN_DATABASE_URL"] = f"sqlite:///{args.sqlite_path}"
    else:
        import psycopg

        with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {BENCH_PG_DB} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {BENCH_PG_DB} OWNER postgres")
        os.environ["ZHENGBAN_DATABASE_URL"] = f"{PG_SERVER}/{BENCH_PG_DB}"
    os.environ["ZHENGBAN_DEBUG"] = "false"  # DEBUG would keep every statement in memory
    os.environ["ZHENGBAN_LISTENERS"] = "inline" if args.listeners == "inline" else "worker"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhengban.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()
    from django.db import connection

    if args.db == "sqlite":
        options = connection.settings_dict["OPTIONS"]
        options["init_command"] = options["init_command"].replace(
            "synchronous=NORMAL", f"synchronous={args.sqlite_synchronous}"
        )
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if args.db == "sqlite":
        with connection.cursor() as cursor:
            mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
            sync = cursor.execute("PRAGMA synchronous").fetchone()[0]
        assert mode == "wal", mode
        assert sync == {"FULL": 2, "NORMAL": 1}[args.sqlite_synchronous], sync
        assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


class Office:
    """Two units, the three people who act, and the memo number prefix."""

    def __init__(self):
        from zhengban.core.actions import do_create_person
        from zhengban.core.models import DocumentPrefix, RoleCode, Unit, UnitKind

        sending = Unit.objects.create(code=UNIT_A, name_zh="秘书一科", name_en="Secretariat Section 1", kind=UnitKind.SECTION)
        handling = Unit.objects.create(code=UNIT_B, name_zh="经济科", name_en="Economic Affairs Section", kind=UnitKind.SECTION)

        def person(username, unit, role, name):
            return do_create_person(None, username=username, full_name=name, unit=unit, roles=[role], system=True)

        self.clerk_a = person("bench-clerk-a", sending, RoleCode.CLERK, "张办事员")
        self.clerk_b = person("bench-clerk-b", handling, RoleCode.CLERK, "李办事员")
        self.chief_b = person("bench-chief-b", handling, RoleCode.CHIEF, "王科长")
        DocumentPrefix.objects.create(code="memo", prefix="联系单", name_zh="工作联系单", name_en="Liaison memo")

    def steps(self, i):
        """(transition, actor, payload) of lifecycle i, after the memo is opened."""
        return [
            ("send", self.clerk_a, {"lead_unit": UNIT_B, "requested_by": REQUESTED.isoformat()}),
            ("accept", self.clerk_b, {"note": f"已受理，第{i}件"}),
            ("handle", self.clerk_b, {"result": f"已整理第{i}件所需经济运行数据并书面答复"}),
            ("reply", self.chief_b, {"reply": "数据已核，同意答复"}),
            ("confirm", self.clerk_a, {"note": "已收到答复，办结"}),
        ]


def lifecycle(office, i, on_step=None):
    from zhengban.engine.actions import do_transition
    from zhengban.memos.actions import do_create_memo

    step = on_step or (lambda name, run: run())
    matter = step("open", lambda: do_create_memo(office.clerk_a, title=f"关于提供经济运行数据的联系单（{i}）", body="请于月底前提供。"))
    for name, actor, payload in office.steps(i):
        matter = step(name, lambda m=matter, a=actor, n=name, p=payload: do_transition(a, m, n, p))
    return matter.pk


def count_statements(office, first_i, count):
    """Statements of `count` more lifecycles, per step, outside the timed loop.

    Each step's statements are split at its COMMIT: those of the action itself (validation and its
    transaction) and those that listeners run after commit (notifications of the opened tasks).
    """
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    per_step = {}

    def counted(name, run):
        with CaptureQueriesContext(connection) as captured:
            result = run()
        sql = [q["sql"] for q in captured.captured_queries]
        commits = [k for k, text in enumerate(sql) if text.strip().upper().startswith("COMMIT")]
        end = commits[0] if commits else len(sql)
        action = [text for text in sql[:end] if not TRANSACTION_CONTROL.match(text)]
        after = [text for text in sql[end:] if not TRANSACTION_CONTROL.match(text)]
        per_step.setdefault(name, []).append((len(action), len(after)))
        return result

    ids = {lifecycle(office, first_i + k, counted): first_i + k for k in range(count)}
    return ids, per_step


def count_round_trips(office, first_i, count):
    """PostgreSQL: the times each step waits for the server, over `count` more untimed lifecycles,
    with statements not logged, as in the timed loop (so held writes travel together). A wait is a
    statement sent on its own (plus psycopg's BEGIN before a transaction's first one), a pipeline of
    held writes with the statement or COMMIT they travel with, or a COMMIT on its own."""
    from django.db import connections
    from psycopg import pq

    connection = connections["default"]
    backend = type(connection)
    waits, in_pipeline = [0], [False]
    pipelined, commit = backend._pipelined, backend._commit

    def counting_pipelined(self, held, then=None):
        waits[0] += 1
        in_pipeline[0] = True
        try:
            return pipelined(self, held, then)
        finally:
            in_pipeline[0] = False

    def counting_commit(self):
        waits[0] += 0 if self.held_writes else 1
        return commit(self)

    def counting(execute, sql, params, many, context):
        if not in_pipeline[0]:
            status = connection.connection.pgconn.transaction_status
            waits[0] += 2 if status == pq.TransactionStatus.IDLE and not connection.get_autocommit() else 1
        return execute(sql, params, many, context)

    per_step = {}

    def counted(name, run):
        before = waits[0]
        result = run()
        per_step.setdefault(name, []).append(waits[0] - before)
        return result

    backend._pipelined, backend._commit = counting_pipelined, counting_commit
    try:
        with connection.execute_wrapper(counting):
            ids = {lifecycle(office, first_i + k, counted): first_i + k for k in range(count)}
    finally:
        backend._pipelined, backend._commit = pipelined, commit
    steps = {name: Counter(counts).most_common(1)[0][0] for name, counts in per_step.items()}
    per_lifecycle = sum(sum(counts) for counts in per_step.values()) / count
    return ids, {"round_trips_per_lifecycle": round(per_lifecycle, 2), "round_trips_per_step": steps}


def deliver_pending():
    """Deliver what the actions left in the outbox, as the worker does; timed apart from the actions."""
    from zhengban.engine import changes
    from zhengban.engine.models import Change

    pending = Change.objects.count()
    if not pending:
        return {}
    start = time.perf_counter()
    delivered = changes.drain_all(batch=200)
    seconds = time.perf_counter() - start
    if delivered != pending or Change.objects.exists():
        fail(f"{delivered} of {pending} pending changes delivered")
    return {"worker_changes": delivered, "worker_seconds": round(seconds, 4),
            "worker_changes_per_s": round(delivered / seconds, 1)}


def fail(message):
    raise SystemExit(f"FAIL: {message}")


def check(office, expected):
    """Every lifecycle closed, with its events, actors, payloads, tasks, numbers; the chain intact."""
    from zhengban.audit.chain import verify
    from zhengban.audit.models import Event
    from zhengban.engine.models import Matter, Task, TaskState
    from zhengban.memos.models import Memo

    matters = {m.pk: m for m in Matter.objects.filter(pk__in=expected)}
    if len(matters) != len(expected):
        fail(f"{len(matters)} matters found, {len(expected)} expected")
    memos = {m.matter_id: m for m in Memo.objects.filter(matter_id__in=expected)}
    events = {}
    for subject_id, verb, actor_id, payload in (
        Event.objects.filter(subject_type="engine.matter", subject_id__in=expected)
        .order_by("subject_id", "seq")
        .values_list("subject_id", "verb", "actor_id", "payload")
    ):
        events.setdefault(subject_id, []).append((verb, actor_id, payload))
    tasks = {}
    for matter_id, state, completed_by in Task.objects.filter(matter_id__in=expected).values_list(
        "matter_id", "state", "completed_by_id"
    ):
        tasks.setdefault(matter_id, []).append((state, completed_by))
    numbers = []
    for pk, i in expected.items():
        matter, memo = matters[pk], memos.get(pk)
        if matter.state != "closed" or matter.closed_at is None or matter.version != 6:
            fail(f"matter {pk}: state={matter.state} closed_at={matter.closed_at} version={matter.version}")
        steps = office.steps(i)
        want = [("memo.opened", office.clerk_a.pk)] + [(f"memo.{name}", actor.pk) for name, actor, _ in steps]
        got = events.get(pk, [])
        if [(verb, actor) for verb, actor, _ in got] != want:
            fail(f"matter {pk}: events {[(v, a) for v, a, _ in got]} != {want}")
        for (name, _actor, payload), (_verb, _a, stored) in zip(steps, got[1:]):
            if any(stored.get(key) != value for key, value in payload.items()):
                fail(f"matter {pk}: {name} event payload {stored} lacks {payload}")
        if memo is None or (memo.requested_by, memo.result, memo.reply) != (
            REQUESTED, steps[2][2]["result"], steps[3][2]["reply"]
        ):
            fail(f"matter {pk}: memo row {memo and (memo.requested_by, memo.result, memo.reply)}")
        done_by = sorted(by for _, by in tasks.get(pk, []))
        want_by = sorted([office.clerk_a.pk, office.clerk_b.pk, office.clerk_b.pk, office.chief_b.pk, office.clerk_a.pk])
        if any(state != TaskState.DONE for state, _ in tasks.get(pk, [])) or done_by != want_by:
            fail(f"matter {pk}: tasks {tasks.get(pk)} (want 5 done, completed by {want_by})")
        found = re.fullmatch(r"联系单〔(\d{4})〕(\d+)号", matter.number)
        if not found:
            fail(f"matter {pk}: number {matter.number!r}")
        numbers.append(int(found.group(2)))
    if sorted(numbers) != list(range(1, len(expected) + 1)):
        fail(f"numbers are not 1..{len(expected)} without gaps")
    count, problems = verify()
    if problems:
        fail(f"audit chain: {problems[0]}")
    if count != 6 * len(expected) + Event.objects.exclude(subject_type="engine.matter").count():
        fail(f"audit chain holds {count} events")


def main():
    args = parse_args()
    prepare_database(args)
    if args.listeners == "none":
        disconnect_listeners()
    office = Office()
    expected = {}
    counter = 0
    for _ in range(args.warmup):
        expected[lifecycle(office, counter)] = counter
        counter += 1

    start, cpu_start = time.perf_counter(), time.process_time()
    for _ in range(args.lifecycles):
        expected[lifecycle(office, counter)] = counter
        counter += 1
    seconds = time.perf_counter() - start
    cpu_seconds = time.process_time() - cpu_start  # this process only: on a busy machine, less than seconds

    delivery = deliver_pending()
    counted, per_step = count_statements(office, counter, args.count_lifecycles)
    expected.update(counted)
    counter += args.count_lifecycles
    round_trips = {}
    if args.db == "postgres":
        counted, round_trips = count_round_trips(office, counter, args.count_lifecycles)
        expected.update(counted)
    deliver_pending()
    check(office, expected)
    per_lifecycle = sum(a + b for counts in per_step.values() for a, b in counts) / args.count_lifecycles
    # The usual count of each step; a step may now and then send one more statement when a
    # per-process cache expires (flow parameters are reloaded every 30 s), which is not growth.
    steps = {name: Counter(counts).most_common(1)[0][0] for name, counts in per_step.items()}
    worst = {name: max(a for a, _ in counts) for name, counts in per_step.items()}
    if any(worst[name] > steps[name][0] + 1 for name in steps):
        fail(f"statements per step vary between lifecycles: {per_step}")
    result = {
        "engine": "zhengban",
        "db": args.db,
        "lifecycles": args.lifecycles,
        "seconds": round(seconds, 4),
        "lifecycles_per_s": round(args.lifecycles / seconds, 2),
        "cpu_seconds": round(cpu_seconds, 4),
        "queries_per_lifecycle": per_lifecycle,
        "queries_per_transition_max": max(action for action, _after in steps.values()),
        "queries_per_step": {name: action for name, (action, _after) in steps.items()},
        "queries_per_step_worst": worst,
        "after_commit_per_step": {name: after for name, (_action, after) in steps.items()},
        **round_trips,
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "listeners": args.listeners,
        **delivery,
    }
    if args.db == "sqlite":
        result["sqlite_synchronous"] = args.sqlite_synchronous
    if args.listeners != "worker":
        result["engine"] = f"zhengban-listeners-{args.listeners}"
    line = json.dumps(result, ensure_ascii=False)
    print(line)
    if os.environ.get("PEERS_OUT"):
        with open(os.environ["PEERS_OUT"], "a", encoding="utf-8") as out:
            out.write(line + "\n")


if __name__ == "__main__":
    main()
