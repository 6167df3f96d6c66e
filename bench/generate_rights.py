"""Write generated patents or trademarks as JSONL (one record a line), streaming.

    python bench/generate_rights.py --kind patent --n 1000000 --seed 1 --out bench/.cache/patents-1m.jsonl

Records come from :mod:`ipcollab.registry.generator` (pure Python, no Django, no database):
deterministic for a seed, memory flat whatever ``--n``. ``--out -`` writes to standard output.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ipcollab.registry import generator


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kind", choices=("patent", "trademark"), required=True)
    parser.add_argument("--n", type=int, required=True, help=f"number of records (0–{generator.MAX_RECORDS:,})")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--out", required=True, help="output file (parent folders are created), or - for stdout")
    parser.add_argument("--start-year", type=int, default=2005, help="patents: first filing year")
    parser.add_argument("--end-year", type=int, default=2025, help="patents: last filing year")
    parser.add_argument(
        "--as-of", type=date.fromisoformat, default=None, help="no event after this day (ISO date; default: end of --end-year, 2025-12-31 for trademarks)"
    )
    args = parser.parse_args(argv)
    if not 0 <= args.n <= generator.MAX_RECORDS:
        parser.error(f"--n must be between 0 and {generator.MAX_RECORDS}")

    if args.kind == "patent":
        try:
            records = generator.patents(args.seed, args.n, args.start_year, args.end_year, as_of=args.as_of)
            first = next(records, None)
        except ValueError as error:
            parser.error(str(error))
    else:
        records = generator.trademarks(args.seed, args.n, as_of=args.as_of or date(2025, 12, 31))
        first = next(records, None)

    started = time.perf_counter()
    out = sys.stdout if args.out == "-" else None
    if out is None:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        out = open(args.out, "w", encoding="utf-8")
    count = 0
    try:
        dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
        if first is not None:
            out.write(dumps(first) + "\n")
            count = 1
        for record in records:
            out.write(dumps(record) + "\n")
            count += 1
            if count % 100_000 == 0 and args.out != "-":
                print(f"{count:,} records, {time.perf_counter() - started:.0f} s", file=sys.stderr)
    finally:
        if out is not sys.stdout:
            out.close()
    if args.out != "-":
        print(f"wrote {count:,} {args.kind} records to {args.out} in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
