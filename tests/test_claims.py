"""Claims over time and headline fidelity (issue 9).

* lexical evidence, claim units and the incremental claim index (no model needed);
* headline links of the doctrine dispatch (the issue's two examples), in the extract JSON
  and stored with their article on both backends;
* claims built in a store on both backends (needs the semantic extra: ``make test`` installs
  it; without it these skip, and fail under ``CI=true``), the ``claims`` command and the API;
* accuracy gates on ``tests/data/claim-pairs.jsonl`` and ``headline-links.jsonl`` (need
  ``../shared``), with pinned floors.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from conftest import REPO_ROOT, require_shared
from quotegraph import extract
from quotegraph.api import create_app
from quotegraph.claims import ClaimIndex, Weights, link_headlines, pair_score
from quotegraph.claims.build import update_claims
from quotegraph.claims.headlines import DIRECT, SAME_SPEAKER, SEMANTIC_MARGIN, Similarity, relink
from quotegraph.claims.lexical import conflict, coverage, overlap, terms, units
from quotegraph.claims.model import ClaimQuery
from quotegraph.cli import app as cli_app
from quotegraph.errors import UsageError
from quotegraph.options import Options
from quotegraph.search import semantic
from quotegraph.store import Store
from quotegraph.store.sql import SQLStore

EXAMPLES = REPO_ROOT / "src" / "quotegraph" / "data" / "examples"
DOCTRINE = EXAMPLES / "tass-military-doctrine.txt"
OPTIONS = Options(reference_date=dt.date(2026, 11, 22))
DATA = REPO_ROOT / "tests" / "data"
ENSURE = (
    "The doctrine will ensure an even higher level of interaction between the ministries of defense"
)
# Pinned floors (only go up): measured with `quotegraph eval --claims ... --headlines ...`.
CLAIM_FLOOR = {"precision": 0.95, "recall": 0.9}
HEADLINE_FLOOR = {"precision": 0.88, "coverage": 0.83, "mismatched_flagged": 1.0}
SEMANTIC_HEADLINE_FLOOR = {"precision": 0.9, "coverage": 0.83, "mismatched_flagged": 1.0}


@pytest.fixture
def needs_extra() -> None:
    if not semantic.semantic_available():
        reason = f"the semantic extra is not installed ({semantic.INSTALL})"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"CI=true but {reason}")
        pytest.skip(reason)


# -- lexical evidence and the claim index -----------------------------------------------------


def test_issue9_lexical_overlap_is_symmetric_and_sees_negation_and_numbers() -> None:
    a, b = terms("Russia has a few Oreshnik systems"), terms("Russia has Oreshnik missile systems")
    assert overlap(a, b) == overlap(b, a) > 0.6
    assert overlap(terms("the fire is out"), terms("nobody was hurt")) == 0.0
    assert conflict(terms("there is evidence of collusion"), terms("no evidence of collusion"))
    assert conflict(terms("3.9% growth"), terms("4% growth")) == 1.0
    assert conflict(terms("growth of 4%"), terms("4% growth")) == 0.0


def test_issue9_possessive_meets_the_bare_word() -> None:
    headline = terms("Putin's plan for the Union State")
    assert {"putin", "plan"} <= headline.stems and "putin's" not in headline.stems
    assert coverage(terms("Putin's plan"), terms("the plan Putin proposed")) == 1.0
    assert terms("Lavrov’s remarks").stems == terms("Lavrov remarks").stems


def test_issue9_units_are_the_sentences_of_a_long_quote() -> None:
    text = f"{ENSURE}. <...> This is an important factor. At the same time, neither Russia nor "
    text += "Belarus threatens anyone."
    found = [text[s:e] for s, e in units(text)]
    assert found == [
        f"{ENSURE}.",
        "This is an important factor.",
        "At the same time, neither Russia nor Belarus threatens anyone.",
    ]
    assert units("we will use it, but we are not in a hurry.") == [(0, 42)]


def _unit(*values: float) -> np.ndarray:
    vector = np.asarray(values, dtype=np.float32)
    return vector / np.linalg.norm(vector)


def test_issue9_claim_index_groups_by_meaning_and_words() -> None:
    texts = [
        "Russia is in no hurry to use Oreshnik",
        "we are not in a hurry to use Oreshnik",
        "Russia will make progress on the line of engagement",
        "serial production has begun",
    ]
    vectors = np.vstack([_unit(1, 0.1, 0), _unit(1, 0.12, 0), _unit(1, 1, 0.2), _unit(0, 0, 1)])
    index = ClaimIndex(3, Weights())
    found = index.assign(vectors, texts)
    assert [a.claim for a in found] == [0, 0, 1, 2]
    assert [a.new for a in found] == [True, False, True, True]
    assert index.sizes == [2, 1, 1]
    # incremental: a later batch joins the claims already there
    again = index.assign(np.vstack([_unit(0, 0.01, 1)]), ["serial production of it has begun"])
    assert again[0].claim == 2 and not again[0].new and index.sizes[2] == 2


def test_issue9_pair_score_weighs_meaning_words_and_conflicts() -> None:
    weights = Weights()
    same = terms("Russia is in no hurry to use Oreshnik")
    assert pair_score(1.0, same, same, weights) == pytest.approx(1.0)
    negated = terms("Russia is in a hurry to use Oreshnik")
    assert pair_score(0.8, same, negated, weights) == pytest.approx(
        pair_score(0.8, same, same, weights) - weights.conflict
    )
    assert pair_score(0.2, same, terms("serial production has begun"), weights) < 0.5


def test_issue9_batches_do_not_change_the_result() -> None:
    rng = np.random.default_rng(9)
    base = rng.normal(size=(20, 8)).astype(np.float32)
    vectors = np.vstack([base, base + rng.normal(scale=0.05, size=base.shape)]).astype(np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    texts = [f"{i % 20:02d}topic {i % 20:02d}matter" for i in range(40)]
    whole = [a.claim for a in ClaimIndex(8).assign(vectors, texts)]
    index = ClaimIndex(8)
    parts = [a.claim for a in index.assign(vectors[:13], texts[:13])]
    parts += [a.claim for a in index.assign(vectors[13:], texts[13:])]
    assert whole == parts and len(set(whole)) == 20


def test_issue9_claim_query_refuses_bad_values() -> None:
    with pytest.raises(UsageError, match="min-statements"):
        ClaimQuery(min_statements=0)
    with pytest.raises(UsageError, match="after"):
        ClaimQuery(since=dt.date(2025, 1, 2), until=dt.date(2025, 1, 1))


# -- headline fidelity -----------------------------------------------------------------------


def test_issue9_doctrine_headline_links() -> None:
    doc = extract(DOCTRINE, OPTIONS)
    links = {(link.section, link.rank): link for link in doc.headline_links}
    headline = links["headline", 1]
    assert headline.part.text.endswith("is response to pressure from the West")
    lead = doc.statements[headline.support or 0]
    assert headline.supported and lead.paragraph == 0 and lead.kind.value == "indirect"
    assert "was a response to the policy of pressure from the West" in lead.content.text
    standfirst = links["standfirst", 1]
    assert standfirst.part.text == ENSURE and standfirst.supported
    quote = doc.statements[standfirst.support or 0]
    assert quote.kind.value == "direct" and ENSURE in quote.content.text
    assert standfirst.evidence is not None and standfirst.evidence.text.startswith(ENSURE)
    assert 0.9 <= standfirst.score <= 1.0
    assert json.loads(doc.to_json())["headline_links"][0]["support"] == headline.support


def test_issue9_unsupported_headline_is_flagged() -> None:
    text = (
        "Russia to leave the WTO - minister\n\n"
        "MOSCOW, March 3. /TASS/. Russia will host a trade fair in May, the minister said.\n\n"
        '"The fair will show our goods to the world," he said.'
    )
    doc = extract(text, OPTIONS)
    (link,) = [link for link in doc.headline_links if link.section == "headline"]
    assert not link.supported and link.support is None and link.score < 0.5
    assert link_headlines(doc.article, doc.statements) == doc.headline_links


def test_issue9_a_paraphrase_sharing_no_words_is_supported_given_a_similarity() -> None:
    """Lexically the headline's claim has no support; a cosine of 0.7 with the quote (a
    share of 0.7 - SEMANTIC_MARGIN) supports it, and only that quote."""
    text = (
        "Russia sees prevention of Syria's disintegration as essential - Lavrov\n\n"
        "MOSCOW, December 26. /TASS/. Sergey Lavrov spoke to reporters on Thursday.\n\n"
        '"We should stop the country from fragmenting," Lavrov said. "The talks go on," he '
        "added."
    )
    doc = extract(text, OPTIONS)
    (lexical,) = [k for k in doc.headline_links if k.section == "headline"]
    assert not lexical.supported

    def similarity(parts: Sequence[str], others: Sequence[str]) -> list[list[float]]:
        return [[0.7 if "fragmenting" in o else 0.1 for o in others] for _ in parts]

    linked = relink(doc, similarity)
    (head,) = [k for k in linked.headline_links if k.section == "headline"]
    assert head.supported and head.support is not None
    assert "fragmenting" in linked.statements[head.support].content.text
    assert head.score == pytest.approx(0.7 - SEMANTIC_MARGIN + DIRECT + SAME_SPEAKER)
    assert linked.statements == doc.statements


def test_issue9_headline_conventions() -> None:
    """A mis-decoded dash ('"?'), 'X calls ...', a short name of the body's speaker, a clause
    the body does not support, and the quote that backs the lead's paraphrase."""
    text = (
        'Oreshnik systems still few, but they are enough "?Foreign Ministry\n\n'
        "MOSCOW, March 3. /TASS/. Russia has few Oreshnik missile systems so far, the Russian "
        "Foreign Ministry said on Monday.\n\n"
        '"We still have few of these Oreshnik systems," the ministry said.'
    )
    doc = extract(text, OPTIONS)
    head = doc.statements[0]
    assert head.section == "headline" and head.cue_lemma == "—"
    assert head.speaker.name == "Russian Foreign Ministry"
    links = [link for link in doc.headline_links if link.section == "headline"]
    few = next(link for link in links if link.part.text == "Oreshnik systems still few")
    assert few.rank == 1 and few.supported and few.support is not None
    assert doc.statements[few.support].kind.value == "direct"  # the quote after the lead
    (enough,) = [link for link in links if link.part.text == "but they are enough"]
    assert not enough.supported and enough.support is None
    calls = extract("Putin calls rotation of governors natural process\n\nBody.", OPTIONS)
    (stated,) = calls.statements
    assert stated.cue_lemma == "call"
    assert stated.content.text == "rotation of governors natural process"
    assert extract("Trump calls\n\nBody text here.", OPTIONS).statements == ()


def test_issue9_headline_links_are_stored(store: Store) -> None:
    assert store.ingest(str(DOCTRINE), OPTIONS).counts.ok == 1
    (article_id,) = list(store.article_ids())
    stored = store.document(article_id)
    expected = extract(DOCTRINE, OPTIONS)
    if semantic.semantic_available():  # the ingest embeds, and weighs embeddings in its links
        expected = relink(expected, semantic.shared_embedder().similarity)
        lexical = extract(DOCTRINE, OPTIONS).headline_links
        assert expected.headline_links[-1].score > lexical[-1].score
    assert stored is not None and stored.headline_links == expected.headline_links
    assert store.counts()["headline_links"] == len(stored.headline_links) >= 2


# -- claims in a store -----------------------------------------------------------------------


@pytest.fixture
def claimed(store: Store, needs_extra: None) -> SQLStore:
    """The doctrine dispatch ingested: with the semantic extra the ingest groups its
    statements into claims itself (nothing is left for ``update_claims``)."""
    assert isinstance(store, SQLStore)
    assert store.ingest(str(DOCTRINE), OPTIONS).counts.ok == 1
    assert store.counts()["claims"] > 0
    assert update_claims(store, semantic.shared_embedder()).statements == 0
    return store


def test_issue9_ingest_updates_claims_incrementally(store: Store, needs_extra: None) -> None:
    """Claims grow as articles arrive: each ingest run groups its new statements; without
    embedding (--no-embed) nothing is grouped until a later run or ``quotegraph claims``."""
    assert isinstance(store, SQLStore)
    assert store.ingest(str(DOCTRINE), OPTIONS.evolve(embed=False)).counts.ok == 1
    assert store.counts()["claims"] == 0 and store.counts()["statements"] > 0
    assert store.ingest(str(EXAMPLES), OPTIONS).counts.ok == 1  # the other dispatch, embedding
    assert store.counts()["claims"] > 0 and not list(store.pending_claim_statements())
    grown = store.claims(ClaimQuery(min_statements=2))
    assert any("ensure an even higher level" in c.representative for c in grown.claims)
    assert update_claims(store, semantic.shared_embedder()).statements == 0


def test_issue9_standfirst_and_quote_make_one_claim(claimed: SQLStore) -> None:
    found = claimed.claims(ClaimQuery(min_statements=2))
    ensure = [c for c in found.claims if "ensure an even higher level" in c.representative]
    assert len(ensure) == 1
    claim = ensure[0]
    assert claim.statements == 2 and claim.speakers == 1 and claim.outlets == 1
    assert claim.first_seen.date == "2021-11-05" and claim.first_seen.speaker == "Dmitry Mezentsev"
    assert claim.first_seen.outlet == "TASS"
    assert [(m.value, m.count) for m in claim.months] == [("2021-11", 2)]
    profile = claimed.claim(claim.id)
    assert profile is not None
    assert [h.section for h in profile.statements] == ["standfirst", "body"]
    assert [(s.value, s.count) for s in profile.speakers] == [("Dmitry Mezentsev", 2)]
    assert claimed.claim(10**9) is None


def test_issue9_claims_grow_incrementally_and_rebuild(claimed: SQLStore) -> None:
    before = claimed.counts()
    assert update_claims(claimed, semantic.shared_embedder()).statements == 0  # nothing new
    assert claimed.ingest(str(EXAMPLES), OPTIONS).counts.ok == 1  # the second dispatch
    after = claimed.counts()  # its statements were grouped by the ingest itself
    assert after["claim_members"] > before["claim_members"] and after["claims"] >= before["claims"]
    assert update_claims(claimed, semantic.shared_embedder()).statements == 0
    rebuilt = update_claims(claimed, semantic.shared_embedder(), rebuild=True)
    assert rebuilt.statements == after["claim_members"] and rebuilt.claims == rebuilt.new_claims
    assert claimed.claims(ClaimQuery(speaker="mezentsev")).total == rebuilt.claims
    assert claimed.claims(ClaimQuery(speaker="nobody at all")).total == 0
    assert claimed.claims(ClaimQuery(since=dt.date(2030, 1, 1))).total == 0


def test_issue9_claims_command_and_api(claimed: SQLStore, tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli_app, ["claims", "--db", claimed.url, "--min-statements", "2", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    listed = json.loads(result.stdout)
    assert listed["total"] >= 1 and listed["claims"][0]["statements"] >= 2
    table = CliRunner().invoke(cli_app, ["claims", "--db", claimed.url, "--no-update"])
    assert "first seen: 2021-11-05, Dmitry Mezentsev, TASS" in table.stdout
    app = create_app(claimed.url, OPTIONS)
    with TestClient(app) as client:
        page = client.get("/api/v1/claims", params={"limit": 1}).json()
        assert page["total"] == claimed.claims().total and len(page["claims"]) == 1
        first = page["claims"][0]
        one = client.get(f"/api/v1/claims/{first['id']}").json()
        assert one["claim"] == first and len(one["statements"]) == first["statements"]
        missing = client.get("/api/v1/claims/999999")
        assert missing.status_code == 404 and missing.json()["error"]["code"] == "QG501"
        assert client.get("/api/v1/claims", params={"min_statements": 0}).status_code == 422


# -- accuracy gates --------------------------------------------------------------------------


def test_issue9_claims_accuracy_gate(needs_extra: None) -> None:
    from quotegraph.eval.claims import evaluate_claims, read_jsonl

    shared = require_shared(REPO_ROOT.parent / "shared")
    rows = read_jsonl(DATA / "claim-pairs.jsonl")
    assert len(rows) >= 200
    score = evaluate_claims(rows, shared, semantic.shared_embedder().embed)
    assert score.precision >= CLAIM_FLOOR["precision"], score.table()
    assert score.recall >= CLAIM_FLOOR["recall"], score.table()


def _headline_gate(floor: dict[str, float], similarity: Similarity | None) -> None:
    from quotegraph.eval.claims import evaluate_link_splits, read_jsonl
    from quotegraph.nlp.pipeline import Pipeline

    shared = require_shared(REPO_ROOT.parent / "shared")
    rows = read_jsonl(DATA / "headline-links.jsonl")
    assert len(rows) >= 50
    score, _, _, mismatched = evaluate_link_splits(rows, shared, Pipeline(OPTIONS), similarity)
    assert score.judged >= 20 and score.precision >= floor["precision"], score.table()
    assert score.coverage >= floor["coverage"], score.table()
    assert score.unsupported_flagged == score.unsupported_gold, score.table()
    assert mismatched.flagged_rate >= floor["mismatched_flagged"], mismatched.table()


def test_issue9_headline_links_accuracy_gate() -> None:
    """Lexical links, measured when pinned (``quotegraph eval --headlines
    tests/data/headline-links.jsonl``): precision 0.883 (53/60), coverage 0.833 (60/72), the
    unsupported part flagged (1/1); tuning part 0.881 (37/42), held-out part 0.889 (16/18);
    64/64 mismatched parts flagged."""
    _headline_gate(HEADLINE_FLOOR, None)


def test_issue9_semantic_headline_links_accuracy_gate(needs_extra: None) -> None:
    """Links that weigh sentence embeddings, as an ingest with the semantic extra stores
    them (``... --headlines tests/data/headline-links.jsonl --semantic``): precision 0.900
    (54/60), coverage 0.833; tuning part 0.905 (38/42), held-out part 0.889 (16/18); 64/64
    mismatched parts flagged."""
    _headline_gate(SEMANTIC_HEADLINE_FLOOR, semantic.shared_embedder().similarity)


def test_issue9_claim_pages(claimed: SQLStore) -> None:
    ensure = next(c for c in claimed.claims().claims if "ensure an even" in c.representative)
    with TestClient(create_app(claimed.url, OPTIONS)) as client:
        listing = client.get("/claims", params={"repeated": "1"})
        assert listing.status_code == 200 and f'href="/claims/{ensure.id}"' in listing.text
        one = client.get(f"/claims/{ensure.id}")
        assert one.status_code == 200
        assert '<svg role="img"' in one.text and 'data-count="2"' in one.text  # the timeline
        assert "first seen 2021-11-05" in one.text and one.text.count('class="card"') == 2
        assert client.get("/claims/123456789").status_code == 404
        article = client.get(f"/articles/{ensure.first_seen.article_id}")
        assert "Headline fidelity" in article.text and "supported by" in article.text


def test_issue9_embedder_similarity_reuses_recent_vectors(
    needs_extra: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The writer embeds an article's statements for its headline links and again to store
    them: the second time comes from the embedder's memory of recent texts (bounded)."""
    embedder = semantic.Embedder()
    texts = ["The doctrine will ensure interaction.", "Nobody was hurt in the fire."]
    first = embedder.embed(texts)
    cos = embedder.similarity(texts[:1], texts)
    assert cos.shape == (1, 2) and cos[0, 0] == pytest.approx(1.0, abs=1e-5) and cos[0, 1] < 0.5
    monkeypatch.setattr(embedder, "_loaded", lambda: pytest.fail("embedded again"))
    assert np.array_equal(embedder.embed(texts[::-1]), first[::-1])
    small = semantic.Embedder(recent=1)
    small.embed(texts)
    assert list(small._recent) == texts[1:]
