#!/usr/bin/env python3
"""Routing on the labelled evaluation sets (bench/data/routing_eval*.jsonl): accuracy, learning, speed, memory.

The sets hold realistic incoming matters written from the seed's division of labour (not from the
profile's word lists), each with the unit responsible. Every item is marked `dev` (the half the
weights were tuned on), `test` (held out; scored before, counts only) or `test2` (a second held-out
split, written and committed before any run on it). Every split is printed on its own. The run:

 1. profile alone: top-1 / top-3 accuracy per language on every split, ms per call, and the list of
    errors of the dev half only (held-out errors are counted, not shown, so that nobody tunes on them);
 2. learning: the dev half is confirmed one by one through routing.actions.confirm, and the held-out
    splits are measured again;
 3. scale: 100,000 SYNTHETIC confirmed examples are added (the dev items perturbed: words dropped,
    random dictionary words added, so the vocabulary grows as real traffic would); then, in a fresh
    process as a web server would be, the memory the routing state takes (RSS before and after
    loading it, and the process's peak), ms per recommendation and held-out accuracy again.

The sender organization of an item is given as text at the head of its body (the directory of
organizations is empty in this fresh database, so no sender bonus is involved).
"""

import argparse
import json
import os
import random
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL_SETS = sorted((ROOT / "bench" / "data").glob("routing_eval*.jsonl"))
HELD_OUT = ("test", "test2")
PG_SERVER = "postgres://postgres@127.0.0.1:5432"


def parse_args():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    ap.add_argument("--sqlite-path", default="/tmp/zhengban-routing-bench.sqlite3")
    ap.add_argument("--synthetic", type=int, default=100_000, help="synthetic confirmed examples for the scale run")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--measure-process", action="store_true", help=argparse.SUPPRESS)
    return ap.parse_args()


def connect(args, fresh):
    if args.db == "sqlite":
        if fresh:
            Path(args.sqlite_path).unlink(missing_ok=True)
        os.environ["ZHENGBAN_DATABASE_URL"] = f"sqlite:///{args.sqlite_path}"
    else:
        if fresh:
            import psycopg

            with psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True) as connection:
                connection.execute("DROP DATABASE IF EXISTS zhengban_routing_bench")
                connection.execute("CREATE DATABASE zhengban_routing_bench")
        os.environ["ZHENGBAN_DATABASE_URL"] = f"{PG_SERVER}/zhengban_routing_bench"
    os.environ["ZHENGBAN_DEBUG"] = "false"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "zhengban.settings")
    sys.path.insert(0, str(ROOT / "src"))
    import django

    django.setup()


def set_up(args):
    connect(args, fresh=True)
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("profile", "load", "hengyang", verbosity=0)
    from zhengban.core.actions import do_create_person
    from zhengban.core.models import RoleCode, Unit

    clerk = do_create_person(
        None, username="bench-clerk", full_name="Bench clerk", unit=Unit.objects.get(code="secretariat-1"),
        roles=[RoleCode.CLERK], password="bench password 1", system=True,
    )
    return clerk


def memory_kb(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def body(item):
    return f"{item['sender']}\n{item['text']}" if item["sender"] else item["text"]


def evaluate(items, label):
    from zhengban.routing.recommend import recommend

    results = {}
    errors = []
    elapsed = []
    for item in items:
        start = time.perf_counter()
        recommendation = recommend(body(item), title=item["title"], top=3)
        elapsed.append(time.perf_counter() - start)
        ranked = [unit.unit for unit in recommendation.units]
        stats = results.setdefault(item["lang"], Counter())
        stats["n"] += 1
        stats["top1"] += ranked[:1] == [item["unit"]]
        stats["top3"] += item["unit"] in ranked
        if ranked[:1] != [item["unit"]]:
            errors.append((item, ranked))
    print(f"\n## {label}")
    for lang in ("zh", "en"):
        stats = results.get(lang)
        if stats:
            print(
                f"  {lang}: n={stats['n']:3d}  top-1 {100 * stats['top1'] / stats['n']:5.1f} %"
                f"  top-3 {100 * stats['top3'] / stats['n']:5.1f} %"
            )
    total = sum(results.values(), Counter())
    print(f"  all: n={total['n']:3d}  top-1 {100 * total['top1'] / total['n']:5.1f} %  top-3 {100 * total['top3'] / total['n']:5.1f} %")
    elapsed.sort()
    print(f"  ms per recommendation: mean {1000 * sum(elapsed) / len(elapsed):.2f}, p95 {1000 * elapsed[int(0.95 * (len(elapsed) - 1))]:.2f}")
    return total, errors


def print_errors(errors):
    print(f"  errors ({len(errors)}): expected -> got [top 3]")
    for item, ranked in errors:
        print(f"    {item['id']} {item['unit']} -> {ranked[0] if ranked else '-'} {ranked}  {item['title'][:60]}")


def print_error_count(errors):
    """Held-out errors are counted, never listed: tuning looks at the dev half's errors only."""
    print(f"  errors: {len(errors)} (not listed: held out from tuning)")


def learn(clerk, items):
    from zhengban.routing.actions import confirm

    elapsed = []
    for item in items:
        start = time.perf_counter()
        confirm(clerk, body(item), item["title"], None, item["unit"])
        elapsed.append(time.perf_counter() - start)
    print(f"\n## confirmed {len(items)} dev items one by one: {1000 * sum(elapsed) / len(elapsed):.1f} ms per confirmation")


def synthetic_examples(items, count, rng):
    """Perturbed copies of the dev items: about a third of their words dropped, three random
    dictionary words added (a growing vocabulary, as real traffic has)."""
    import jieba

    from zhengban.routing.segment import tokens

    dictionary = Path(jieba.__file__).parent / "dict.txt"
    noise = [line.split()[0] for line in dictionary.read_text(encoding="utf-8").splitlines()[:60000] if len(line.split()[0]) >= 2]
    english_noise = ["alpha", "bridge", "county", "harbour", "meeting", "market", "orchard", "quarry", "river", "station"]
    base = [(item, sorted(set(tokens(f"{item['title']}\n{body(item)}")))) for item in items]
    for number in range(count):
        item, item_tokens = base[number % len(base)]
        kept = [token for token in item_tokens if rng.random() > 0.33] or item_tokens[:1]
        extra = rng.sample(noise, 3) if item["lang"] == "zh" else [f"{rng.choice(english_noise)}{rng.randrange(5000)}" for _ in range(3)]
        yield item, f"{item['title']} (synthetic {number})", sorted(set(kept + extra))


def add_synthetic(items, count, rng, clerk):
    from django.db import transaction

    from zhengban.core.models import Unit
    from zhengban.routing.learning import add_examples
    from zhengban.routing.models import ConfirmedExample, RoutingState

    units = dict(Unit.objects.values_list("code", "id"))
    start = time.perf_counter()
    batch = []
    for item, title, item_tokens in synthetic_examples(items, count, rng):
        batch.append(ConfirmedExample(title=title, text=item["text"], unit_id=units[item["unit"]], tokens=item_tokens, confirmed_by=clerk))
        if len(batch) == 5000:
            _store(batch, transaction, ConfirmedExample, RoutingState, add_examples)
            batch = []
    if batch:
        _store(batch, transaction, ConfirmedExample, RoutingState, add_examples)
    print(f"\n## stored {count:,} synthetic confirmed examples in {time.perf_counter() - start:.0f} s")


def _store(batch, transaction, ConfirmedExample, RoutingState, add_examples):
    with transaction.atomic():
        state = RoutingState.objects.select_for_update().get(pk=RoutingState.current().pk)
        created = ConfirmedExample.objects.bulk_create(batch)
        if created[0].pk is None:  # backends without RETURNING ids: read them back in order
            created = list(ConfirmedExample.objects.order_by("-id")[: len(batch)])[::-1]
        add_examples(state, created)


def measure_process(args, held_out):
    """In a fresh process, as a web server would be: memory of the routing state, then speed."""
    connect(args, fresh=False)
    from zhengban.routing import knowledge
    from zhengban.routing.segment import tokens

    tokens("预热 warm-up")  # jieba's dictionary is not routing state: load it first
    rss_before = memory_kb("VmRSS")
    start = time.perf_counter()
    state = knowledge.current()
    load_seconds = time.perf_counter() - start
    rss_after = memory_kb("VmRSS")
    pairs = sum(len(per_unit) for per_unit in state.learned.values())
    print(f"  fresh process: routing state of {len(state.learned):,} tokens and {pairs:,} (unit, token) counts loaded in {load_seconds:.1f} s")
    for split, items in held_out.items():
        evaluate(items, f"{split}, fresh process, first pass (per-token gains computed on first use)")
    for split, items in held_out.items():
        evaluate(items, f"{split}, fresh process, second pass")
    print(f"  RSS after Django and jieba {rss_before / 1024:.0f} MB; after loading the routing state {rss_after / 1024:.0f} MB "
          f"(routing state {(rss_after - rss_before) / 1024:.0f} MB); peak RSS of the process (VmHWM) {memory_kb('VmHWM') / 1024:.0f} MB")


def main():
    args = parse_args()
    items = [
        json.loads(line) for path in EVAL_SETS for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    dev = [item for item in items if item["split"] == "dev"]
    held_out = {split: [item for item in items if item["split"] == split] for split in HELD_OUT}
    if args.measure_process:
        return measure_process(args, held_out)
    clerk = set_up(args)
    rng = random.Random(args.seed)
    print(f"# routing bench on {args.db}: {len(items)} items ({sum(i['lang'] == 'zh' for i in items)} Chinese, "
          f"{sum(i['lang'] == 'en' for i in items)} English); dev {len(dev)}, "
          + ", ".join(f"{split} {len(split_items)}" for split, split_items in held_out.items()))

    from zhengban.routing.recommend import recommend

    recommend("warm-up", title="")  # jieba's dictionary and the profile vocabulary: once per process
    _total, errors = evaluate(dev, "profile alone, dev half (tuned on)")
    print_errors(errors)
    for split, split_items in held_out.items():
        _total, errors = evaluate(split_items, f"profile alone, {split} (held out)")
        print_error_count(errors)

    learn(clerk, dev)
    _total, errors = evaluate(dev, "after learning the dev half, dev half (seen: memorization, not a measure)")
    print_error_count(errors)
    for split, split_items in held_out.items():
        _total, errors = evaluate(split_items, f"after learning the dev half, {split} (held out)")
        print_error_count(errors)

    add_synthetic(dev, args.synthetic, rng, clerk)
    from django.db import connections

    connections.close_all()
    print(f"\n## with {args.synthetic:,} synthetic examples stored")
    sys.stdout.flush()
    subprocess.run(
        [sys.executable, __file__, "--measure-process", "--db", args.db, "--sqlite-path", args.sqlite_path], check=True
    )


if __name__ == "__main__":
    main()
