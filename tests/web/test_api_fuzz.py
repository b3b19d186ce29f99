"""The API fuzzed from its own OpenAPI schema (schemathesis): every operation of /api/openapi.json called on the
real app, with an administrator's token, on a database holding real reports and a batch; no server error, and
every answer (status, content type, body) as the schema says. Each case runs twice: as generated (random names:
mostly 404) and with the path's report and batch set to ones that exist, so the real answers are checked too.
Derandomized with a bounded number of examples, so a run is the same every time and takes well under a minute.
On SQLite and on PostgreSQL (where a wrong type or an out-of-range number in a query fails differently)."""

from __future__ import annotations

import hashlib
import io

import pytest

schemathesis = pytest.importorskip("schemathesis", reason="未安装 schemathesis（pip install -e '.[dev]'）")

from hypothesis import HealthCheck, settings  # noqa: E402

from ogi.web.app import create_app  # noqa: E402
from ogi.web.batches import Incoming, create_batch, run_batch  # noqa: E402
from ogi.web.reports import store_bytes  # noqa: E402
from ogi.web.settings import WebSettings  # noqa: E402
from ogi.web.users import create_user, issue_token  # noqa: E402

from .conftest import emptied_postgres  # noqa: E402
from .reports_support import SHIZUISHAN, broken_anyang  # noqa: E402
from .support import PASSWORD  # noqa: E402

pytestmark = pytest.mark.slow


def _seeded_app(url: str):  # noqa: ANN202
    settings = WebSettings(max_upload_bytes=1024 * 1024)
    app = create_app(url, settings)
    engine = app.state.engine
    create_user(engine, "test", "boss", PASSWORD, "admin", "")
    store_bytes(engine, broken_anyang(), "anyang.txt", "boss")
    store_bytes(engine, b"\x00 not a report", "junk.bin", "boss")
    batch_id = create_batch(engine, settings, "boss", [Incoming("s.txt", io.BytesIO(SHIZUISHAN.read_bytes()))])
    run_batch(engine, settings, batch_id)
    app.state.fuzz = {"sha": hashlib.sha256(broken_anyang()).hexdigest(), "batch_id": batch_id,
                      "token": issue_token(engine, "test", "boss")}
    return app


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def fuzz_app(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory):  # noqa: ANN201
    if request.param == "sqlite":
        return _seeded_app(f"sqlite:///{tmp_path_factory.mktemp('fuzz') / 'fuzz.db'}")
    return _seeded_app(emptied_postgres(request.getfixturevalue("postgres_url")))


def test_every_operation_answers_as_its_schema_says(fuzz_app) -> None:  # noqa: ANN001
    """Through schemathesis's own strategies (its pytest plugin's parametrize does not run under pytest 9)."""
    from hypothesis import given

    schema = schemathesis.openapi.from_asgi("/api/openapi.json", fuzz_app)
    known = fuzz_app.state.fuzz
    auth = {"Authorization": f"Bearer {known['token']}"}
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 11, "every operation of the reports and batches API is in the schema"

    # a schema cannot say what content is a report: an empty file, a URL to a private address are schema-valid
    # and refused with the documented 400 (the other checks stand, 5xx and response conformance among them)
    from schemathesis.specs.openapi.checks import positive_data_acceptance

    excluded = [positive_data_acceptance]

    @given(case=_any_case(operations))
    @settings(max_examples=40 * len(operations), derandomize=True, deadline=None, database=None,
              suppress_health_check=list(HealthCheck))
    def run(case) -> None:  # noqa: ANN001
        answered.append((case.operation.label, case.call_and_validate(headers=auth, excluded_checks=excluded).status_code))
        params = case.path_parameters or {}
        if "sha" in params or "batch_id" in params:
            params.update({k: v for k, v in (("sha", known["sha"]), ("batch_id", known["batch_id"]),
                                             ("index", 0)) if k in params})
            answered.append((case.operation.label,
                             case.call_and_validate(headers=auth, excluded_checks=excluded).status_code))

    answered: list[tuple[str, int]] = []
    run()
    ok = {label for label, status in answered if status < 300}
    assert {"GET /api/v1/reports/{sha}/model", "GET /api/v1/reports/{sha}/cells",
            "GET /api/v1/batches/{batch_id}"} <= ok, "the real report and batch were answered too"
    assert len(answered) > 10 * len(operations)


def _any_case(operations):  # noqa: ANN001, ANN202
    from hypothesis import strategies as st

    return st.one_of(*(op.as_strategy() for op in operations))
