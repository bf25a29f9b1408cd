"""Draw the candidate articles for tests/data/events-gold.jsonl (seeded, reproducible).

Usage: python bench/annotation/event_candidates.py [--seed 9] [--per 20]

Candidates are news-articles records whose body is 500-2,500 characters long and whose title
names an event of the gold set's types; the script prints a seeded random sample of TASS
records and one of other outlets' records, which the annotator then reads in this order,
skipping records that turn out to hold no event of the types.
"""

from __future__ import annotations

import argparse
import random
import re

from show import news_rows

EVENT_TITLE = re.compile(
    r"\b(talks?|meet\w*|summit|visit\w*|signs?|signed|sanction\w*|appoint\w*|elect\w*|vote\w*|"
    r"referendum|strikes?|attack\w*|drills?|protest\w*|arrest\w*|court|sentenc\w*|charged?|"
    r"approv\w*|adopt\w*|ratif\w*|phone|calls?|resign\w*|dismiss\w*|announc\w*)\b",
    re.IGNORECASE,
)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--seed", type=int, default=9)
    ap.add_argument("--per", type=int, default=20)
    args = ap.parse_args()
    rows = [
        r for r in news_rows() if 500 <= len(r["text"]) <= 2500 and EVENT_TITLE.search(r["title"])
    ]
    tass = [r for r in rows if "tass.com" in r["article_source_link"]]
    other = [r for r in rows if "tass.com" not in r["article_source_link"]]
    rng = random.Random(args.seed)
    for name, group in (("TASS", tass), ("other outlets", other)):
        print(f"### {name}: {len(group)} candidates")
        for r in rng.sample(group, min(args.per, len(group))):
            host = r["article_source_link"].split("/")[2]
            print(f"news-articles:{r['article_id']}\t{r['publish_date']}\t{host}\t{r['title']}")


if __name__ == "__main__":
    main()
