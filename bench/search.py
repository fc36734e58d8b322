#!/usr/bin/env python3
"""zhengban's search on the peers' corpus and query set (../shared/peers/search/).

    python bench/search.py segment CORPUS.jsonl SEG.jsonl [--procs 2]
    python bench/search.py load SEG.jsonl --db URL     # bulk-load the index table of a fresh database
    python bench/search.py run --db URL [--n N]       # time the query set through zhengban.search.query
    python bench/search.py pages --db URL OUT.json    # every query's pages, to compare databases or versions

`segment` cuts every record once with zhengban's own segmenter (jieba cut_for_search plus the
office's user dictionary), as indexing does. `load` migrates the database named by --db (a
sqlite:/// path or a postgres:// URL, the same form as ZHENGBAN_DATABASE_URL) and bulk-inserts
the records straight into search.SearchEntry (records are not matters; the benchmark measures the
query path). `run` times the peers' 63 queries (one warm-up pass, then the set 5 times) through
`zhengban.search.query.search`, the function behind /api/search/ and /search/, as a leader (every
record within clearance) and, for the `_filtered` line, as a clerk of the query's unit with
clearance 1 (the permission filter the API applies). It prints p50/p95 and the peers' JSON lines,
with the machine's load average before and after each line.
"""

import argparse
import json
import multiprocessing as mp
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
PEERS = ROOT.parent / "shared" / "peers" / "search"
CHUNK = 2000


def _segment_chunk(lines):
    from zhengban.search.segmentation import index_text

    out = []
    for line in lines:
        record = json.loads(line)
        record["title_seg"] = index_text(record["title"])
        record["body_seg"] = index_text(f"{record['body']}\n{record['sender']}")
        out.append(json.dumps(record, ensure_ascii=False))
    return "\n".join(out) + "\n", len(lines)


def _chunks(path):
    buffer = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            buffer.append(line)
            if len(buffer) == CHUNK:
                yield buffer
                buffer = []
    if buffer:
        yield buffer


def segment(args):
    from zhengban.search.segmentation import tokens

    tokens("预热")  # load the dictionary once, before forking
    started, done = time.perf_counter(), 0
    with open(args.out, "w", encoding="utf-8") as out, mp.get_context("fork").Pool(args.procs) as pool:
        for text, count in pool.imap(_segment_chunk, _chunks(args.corpus)):
            out.write(text)
            done += count
            if done % 100_000 == 0:
                print(f"segmented {done} in {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    print(json.dumps({"engine": "zhengban_segment", "n": done, "seconds": round(time.perf_counter() - started, 1)}))


def _django(db_url):
    os.environ["ZHENGBAN_DATABASE_URL"] = db_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhengban.settings")
    import django

    django.setup()
    from django.db import connection

    return connection


def _cast(units):
    """Units named after the corpus's handling sections, a leader who may see everything, and one
    clerk with clearance 1 per unit (the peers' filter: unit = X AND classification <= 1)."""
    from zhengban.core.actions import do_create_person
    from zhengban.core.models import Person, RoleCode, Unit

    unit_ids = {}
    for index, name in enumerate(units):
        unit, _ = Unit.objects.get_or_create(code=f"bench-{index}", defaults={"name_zh": name, "name_en": f"Section {index}"})
        unit_ids[name] = unit.pk
    def person(username, **fields):
        found = Person.objects.filter(username=username).first()
        return found or do_create_person(None, username=username, full_name=username, system=True, **fields)
    leader = person("bench-leader", roles=[RoleCode.SECRETARY_GENERAL], clearance=3)
    clerks = {
        name: person(f"bench-clerk-{unit_ids[name]}", unit=Unit.objects.get(pk=unit_ids[name]), roles=[RoleCode.CLERK], clearance=1)
        for name in units
    }
    return unit_ids, leader, clerks


def _rows(path, unit_ids):
    import datetime

    from django.utils import timezone

    from zhengban.search.index import clearance_keys

    for line in open(path, encoding="utf-8"):
        r = json.loads(line)
        unit = unit_ids[r["unit"]]
        opened = timezone.make_aware(datetime.datetime(r["year"], 1, 1) + datetime.timedelta(minutes=r["id"] % 500_000))
        yield (
            r["id"], "document", "", r["title"][:300], f"{r['body']}\n{r['sender']}", r["title_seg"], r["body_seg"],
            " ".join([*clearance_keys(r["classification"]), f"_u{unit}", f"_o{unit}"]), r["classification"], "closed", unit, opened, opened,
        )


COLUMNS = (
    "matter_id", "type", "number", "title", "text", "title_tokens", "body_tokens", "keys",
    "classification", "state", "lead_unit_id", "opened_at", "indexed_at",
)
def _corpus_units(path, limit):
    units = set()
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f):
            if number >= limit:
                break
            units.add(json.loads(line)["unit"])
    return sorted(units)


def load(args):
    from itertools import islice

    connection = _django(args.db)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    unit_ids, _, _ = _cast(_corpus_units(args.seg, 20000))
    started = time.perf_counter()
    rows = islice(_rows(args.seg, unit_ids), args.n)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_searchentry")
        if connection.vendor == "postgresql":
            cursor.execute("DROP INDEX IF EXISTS search_entry_document")
            raw = cursor.cursor
            with raw.copy(f"COPY search_searchentry ({', '.join(COLUMNS)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
            cursor.execute("SET maintenance_work_mem = '1GB'")
            cursor.execute("CREATE INDEX search_entry_document ON search_searchentry USING gin (document)")
            cursor.execute("VACUUM ANALYZE search_searchentry")
        else:
            adapt = connection.ops.adapt_datetimefield_value
            insert = f"INSERT INTO search_searchentry ({', '.join(COLUMNS)}) VALUES ({', '.join(['?'] * len(COLUMNS))})"
            raw = connection.connection
            while batch := [(*row[:11], adapt(row[11]), adapt(row[12])) for row in islice(rows, 20000)]:
                raw.executemany(insert, batch)
            raw.commit()
            raw.execute("INSERT INTO search_fts(search_fts) VALUES ('optimize')")
            raw.execute("ANALYZE")
            raw.commit()
    count = _count(connection)
    print(json.dumps({"engine": f"zhengban_{connection.vendor}_load", "n": count, "seconds": round(time.perf_counter() - started, 1)}))


def _count(connection):
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM search_searchentry")
        return cursor.fetchone()[0]


def _percentile(values, p):
    k = (len(values) - 1) * p / 100
    low, high = int(k), min(int(k) + 1, len(values) - 1)
    return values[low] + (values[high] - values[low]) * (k - low)


def run(args):
    import statistics

    connection = _django(args.db)
    from zhengban.core.models import Unit
    from zhengban.search.query import COUNT_CAP, search

    units = list(Unit.objects.filter(code__startswith="bench-").order_by("name_zh").values_list("name_zh", flat=True))
    _, leader, clerks = _cast(units)
    n = _count(connection)
    queries = json.load(open(PEERS / "queries.json", encoding="utf-8"))["queries"]
    for variant in ("", "_filtered"):
        def reader(qid):
            return leader if not variant else clerks[units[qid % len(units)]]
        load_before = [round(x, 2) for x in os.getloadavg()]  # 1, 5, 15 minutes: the machine is shared
        for qid, item in enumerate(queries):  # warm-up
            search(reader(qid), item["q"])
        times, per_query, totals, returned, marked = [], {}, {}, {}, [0, 0]
        for _ in range(args.repeat):
            for qid, item in enumerate(queries):
                t0 = time.perf_counter()
                results = search(reader(qid), item["q"])
                elapsed = time.perf_counter() - t0
                times.append(elapsed)
                per_query.setdefault(qid, []).append(elapsed)
                totals[qid] = results.total
                returned[qid] = len(results.hits)
                for hit in results.hits:
                    marked[1] += 1
                    marked[0] += "<mark>" in hit.snippet_html or "<mark>" in hit.title_html
        for qid in totals:
            if returned[qid] != min(20, totals[qid]):
                raise SystemExit(f"FAIL: {queries[qid]['q']!r} returned {returned[qid]} of {totals[qid]}")
        times.sort()
        ms = lambda s: round(s * 1000, 3)
        slowest = sorted(per_query, key=lambda q: -statistics.median(per_query[q]))[:3]
        print(json.dumps({
            "engine": f"zhengban_{connection.vendor}{variant}",
            "n": n,
            "p50_ms": ms(_percentile(times, 50)),
            "p95_ms": ms(_percentile(times, 95)),
            "p99_ms": ms(_percentile(times, 99)),
            "queries": len(times),
            "hits_median": statistics.median(totals.values()),
            "hits_counted_up_to": COUNT_CAP,
            "returned_median": statistics.median(returned.values()),
            "mean_ms": ms(sum(times) / len(times)),
            "max_ms": ms(times[-1]),
            "highlighted_share": round(marked[0] / marked[1], 3) if marked[1] else None,
            "slowest": {queries[q]["q"]: ms(statistics.median(per_query[q])) for q in slowest},
            "loadavg_before": load_before,
            "loadavg_after": [round(x, 2) for x in os.getloadavg()],
        }, ensure_ascii=False), flush=True)


def pages(args):
    """Each query's hits (id, title match), total and capped flag, for both readers, pages of 20
    and 100: two databases, or two versions of the code, must write the same file."""
    _django(args.db)
    from zhengban.core.models import Unit
    from zhengban.search.query import search

    units = list(Unit.objects.filter(code__startswith="bench-").order_by("name_zh").values_list("name_zh", flat=True))
    _, leader, clerks = _cast(units)
    queries = json.load(open(PEERS / "queries.json", encoding="utf-8"))["queries"]
    found = {}
    for variant in ("", "_filtered"):
        for qid, item in enumerate(queries):
            reader = leader if not variant else clerks[units[qid % len(units)]]
            for limit in (20, 100):
                results = search(reader, item["q"], limit=limit)
                hits = [[hit.matter_id, hit.title_match] for hit in results.hits]
                found[f"{item['q']}{variant} {limit}"] = {"hits": hits, "total": results.total, "capped": results.total_capped}
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump(found, out, ensure_ascii=False, indent=0)
    print(json.dumps({"pages": len(found), "out": args.out}))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("segment")
    p.add_argument("corpus")
    p.add_argument("out")
    p.add_argument("--procs", type=int, default=os.cpu_count() or 1)
    p.set_defaults(handler=segment)
    p = sub.add_parser("load")
    p.add_argument("seg")
    p.add_argument("--db", required=True)
    p.add_argument("--n", type=int, default=None, help="load only the first N records")
    p.set_defaults(handler=load)
    p = sub.add_parser("run")
    p.add_argument("--db", required=True)
    p.add_argument("--repeat", type=int, default=5)
    p.set_defaults(handler=run)
    p = sub.add_parser("pages")
    p.add_argument("--db", required=True)
    p.add_argument("out")
    p.set_defaults(handler=pages)
    args = parser.parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
