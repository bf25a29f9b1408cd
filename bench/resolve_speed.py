"""Cross-article resolution speed (issue 4): :class:`~quotegraph.knowledge.Resolver` over
synthetic articles, no spaCy, no store.

Each article holds ``--per`` entities drawn with a seeded RNG from pools shaped like the news
store's: people ("First Surname", bare surnames, titled), organisations (nationality +
head, "X Y Agency of Z", acronyms) and places. Most mentions repeat a pooled name (as real
coverage does), a share are new names, so the known organisations grow with the run — the
case where a linear scan per lookup makes the run quadratic. Prints articles, entity mentions,
global entities, seconds, and a digest of the assignments (equal digests: equal results).

Usage: ``python bench/resolve_speed.py [--articles 5000] [--per 20] [--seed 1]``
"""

from __future__ import annotations

import argparse
import hashlib
import random
import string
import time

from quotegraph.knowledge import Resolver
from quotegraph.nlp.facts import Entity, EntityType, Role, entity_id

DEMONYMS = ["Russian", "Ukrainian", "Chinese", "French", "German", "US", "Japanese", "Syrian"]
COUNTRIES = ["Russia", "Ukraine", "China", "France", "Germany", "Japan", "Syria", "Iran"]
HEADS = ["Ministry", "Agency", "Council", "Committee", "Bank", "Service", "Party", "Fund"]
TITLES = ["minister", "spokesman", "president", "ambassador", "senator", "chairman"]


def _word(rng: random.Random) -> str:
    return "".join(rng.choices(string.ascii_lowercase, k=rng.randint(4, 9))).title()


def _pools(rng: random.Random, size: int) -> tuple[list[str], list[str], list[str]]:
    firsts = [_word(rng) for _ in range(size // 10)]
    surnames = [_word(rng) for _ in range(size)]
    people = [f"{rng.choice(firsts)} {rng.choice(surnames)}" for _ in range(size)]
    orgs = []
    for _ in range(size):
        shape = rng.random()
        if shape < 0.4:
            orgs.append(f"{rng.choice(DEMONYMS)} {_word(rng)} {rng.choice(HEADS)}")
        elif shape < 0.8:
            orgs.append(f"{_word(rng)} {_word(rng)} {rng.choice(HEADS)} of {rng.choice(COUNTRIES)}")
        else:
            orgs.append("".join(rng.choices(string.ascii_uppercase, k=rng.randint(3, 5))))
    return people, orgs, COUNTRIES + [_word(rng) for _ in range(size // 5)]


def _article(rng: random.Random, pools: tuple[list[str], list[str], list[str]], per: int,
             fresh: float) -> list[Entity]:  # fmt: skip
    people, orgs, places = pools
    out: dict[str, Entity] = {}
    for _ in range(per):
        kind = rng.choices([EntityType.PERSON, EntityType.ORGANISATION, EntityType.PLACE],
                           [0.45, 0.35, 0.2])[0]  # fmt: skip
        pool = {EntityType.PERSON: people, EntityType.ORGANISATION: orgs}.get(kind, places)
        if rng.random() < fresh:  # a name not seen before
            pool.append(_fresh(rng, kind))
        name = pool[-1] if pool and rng.random() < fresh else rng.choice(pool)
        if kind is EntityType.PERSON and rng.random() < 0.15:
            name = name.split()[-1]  # a bare surname
        roles = (Role(title=rng.choice(TITLES)),) if kind is EntityType.PERSON else ()
        ent = Entity(id=entity_id(kind, name), name=name, type=kind, roles=roles)
        out.setdefault(ent.id, ent)
    return list(out.values())


def _fresh(rng: random.Random, kind: EntityType) -> str:
    if kind is EntityType.PERSON:
        return f"{_word(rng)} {_word(rng)}"
    if kind is EntityType.ORGANISATION:
        return f"{_word(rng)} {_word(rng)} {rng.choice(HEADS)}"
    return _word(rng)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--articles", type=int, default=5000)
    ap.add_argument("--per", type=int, default=20)
    ap.add_argument("--pool", type=int, default=4000)
    ap.add_argument("--fresh", type=float, default=0.1)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    pools = _pools(rng, args.pool)
    articles = [_article(rng, pools, args.per, args.fresh) for _ in range(args.articles)]
    resolver = Resolver()
    digest = hashlib.sha1()
    start = time.perf_counter()
    assigned = [resolver.add(f"a{i}", ents) for i, ents in enumerate(articles)]
    seconds = time.perf_counter() - start
    for i, ids in enumerate(assigned):
        for local, gid in sorted(ids.items()):
            digest.update(f"{i}:{local}:{resolver.final(gid)}\n".encode())
    mentions = sum(len(a) for a in articles)
    orgs = sum(g.type is EntityType.ORGANISATION for g in resolver.entities.values())
    print(f"articles {args.articles}  mentions {mentions}  global entities "
          f"{len(resolver.entities)} (organisations {orgs})  seconds {seconds:.2f}  "
          f"digest {digest.hexdigest()[:12]}")  # fmt: skip


if __name__ == "__main__":
    main()
