"""Schemathesis against the API's OpenAPI schema (issue 8): generated requests for every
operation, through ASGI in-process, never get a server error. Every check schemathesis runs
by default applies (server errors, status codes, content types, response schemas, negative
data rejected) except that schema-valid data is accepted: a query string can be valid for
the schema and still not parse as a search query, and that is a 400 by design."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from quotegraph.api import ApiSettings, create_app
from quotegraph.api.limits import Limits
from quotegraph.options import Options
from quotegraph.store import open_store

EXAMPLES = Path(__file__).parents[1] / "src" / "quotegraph" / "data" / "examples"
OPTIONS = Options(reference_date=dt.date(2026, 11, 22))
MAX_EXAMPLES = 60  # per operation
CASES: list[str] = []


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    url = f"sqlite:///{tmp_path_factory.mktemp('schemathesis') / 'q.db'}"
    with open_store(url) as store:
        assert store.ingest(str(EXAMPLES), OPTIONS).counts.ok == 2
    built = create_app(url, OPTIONS, ApiSettings(limits=Limits(rate=0)))
    yield built
    built.state.quotegraph.close()


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.fixture(scope="module")
def api_schema(app: FastAPI) -> schemathesis.schemas.BaseSchema:
    return schemathesis.openapi.from_asgi("/api/v1/openapi.json", app)


@pytest.fixture(scope="module", autouse=True)
def _count_cases() -> Iterator[None]:
    """Report how many requests were made (and fail if none were)."""
    yield
    print(f"\nschemathesis: {len(CASES)} cases over {len(set(CASES))} operations")
    assert CASES


@schema.parametrize()
@settings(
    max_examples=MAX_EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_server_errors(case: schemathesis.Case) -> None:
    CASES.append(case.operation.label)
    case.call_and_validate(excluded_checks=[positive_data_acceptance])
