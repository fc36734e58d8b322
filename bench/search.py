#!/usr/bin/env python3
"""zhengban's search on the peers' corpus and query set (../shared/peers/search/).

    python bench/search.py segment CORPUS.jsonl SEG.jsonl [--procs 2]
    python bench/search.py load SEG.jsonl --db URL     # bulk-load the index table of a fresh database
    python bench/search.py run --db URL [--n N]       # time the query set through zhengban.search.query

`segment` cuts every record once with zhengban's own segmenter (jieba cut_for_search plus the
office's user dictionary), as indexing does. `load` migrates the database named by --db (a
sqlite:/// path or a postgres:// URL, the same form as ZHENGBAN_DATABASE_URL) and bulk-inserts
the records straight into search.SearchEntry (records are not matters; the benchmark measures the
query path). `run` times the peers' 63 queries (one warm-up pass, then the set 5 times) through
`zhengban.search.query.search`, the function behind /api/search/ and /search/, as a leader (every
record within clearance) and, for the `_filtered` line, as a clerk of the query's unit with
clearance 1 (the permission filter the API applies). It prints p50/p95 and the peers' JSON lines.
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


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("segment")
    p.add_argument("corpus")
    p.add_argument("out")
    p.add_argument("--procs", type=int, default=os.cpu_count() or 1)
    p.set_defaults(handler=segment)
    args = parser.parse_args(argv)
    return args.handler(args)


if __name__ == "__main__":
    sys.exit(main())
