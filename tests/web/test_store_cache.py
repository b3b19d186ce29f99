"""The corpus pages keep the answers computed over the whole store (ogi.web.store_cache) only while the store is
unchanged: a report ingested after a page was shown, or a unit list uploaded, shows on the very next request —
on SQLite and PostgreSQL."""

from __future__ import annotations

import shutil
from pathlib import Path

from fastapi.testclient import TestClient
from sqlalchemy import Engine

from ogi.web import corpus_view
from ogi.web.store_cache import store_version

from .corpus_support import LUOHE, SAMPLES, ingest_files
from .support import add_user, sign_in


def _samples(tmp: Path, names: list[str]) -> Path:
    folder = tmp / "-".join(names)
    folder.mkdir()
    for name in names:
        shutil.copy(next(SAMPLES.glob(f"{name}_*.txt")), folder)
    return folder


def test_a_report_ingested_after_a_page_was_shown_shows_at_once(client: TestClient, engine: Engine, db_url: str,
                                                                 tmp_path: Path) -> None:
    ingest_files(db_url, _samples(tmp_path, ["000"]))  # 安阳市 2023 only
    add_user(engine, "qian.yu", "reader", "")
    assert sign_in(client, "qian.yu").status_code == 303
    before = store_version(engine)
    assert corpus_view.choices(engine, [])["years"] == [2023]
    first = client.get("/corpus/region", params={"division": "411100"})  # 漯河市: nothing yet
    assert first.status_code == 200 and 'data-category="2021"' not in first.text

    ingest_files(db_url, _samples(tmp_path, ["002"]))  # 漯河市科学技术局 2021
    assert store_version(engine) != before
    assert corpus_view.choices(engine, [])["years"] == [2023, 2021]
    again = client.get("/corpus/region", params={"division": "411100"})
    assert again.status_code == 200 and 'data-category="2021"' in again.text
    listing = client.get("/corpus")
    assert LUOHE in listing.text and 'value="2021"' in listing.text


def test_the_same_store_answers_from_the_cache_and_each_scope_apart(engine: Engine, db_url: str,
                                                                     tmp_path: Path) -> None:
    ingest_files(db_url, _samples(tmp_path, ["000", "002"]))
    whole = corpus_view.choices(engine, [])
    assert corpus_view.choices(engine, []) is whole  # unchanged store: the very same answer, not recomputed
    henan_luohe = corpus_view.choices(engine, ["411100"])
    assert henan_luohe is not whole and henan_luohe["years"] == [2021]  # a scope never sees another's answer
    assert whole["years"] == [2023, 2021]


def test_more_reports_than_one_comparison_takes_asks_for_a_narrower_selection(
        client: TestClient, engine: Engine, db_url: str, tmp_path: Path, monkeypatch) -> None:  # noqa: ANN001
    ingest_files(db_url, SAMPLES)  # five reports: 2021 is 漯河市 alone
    monkeypatch.setattr(corpus_view, "MAX_SIMILAR_REPORTS", 4)
    add_user(engine, "sun.li", "reader", "")
    assert sign_in(client, "sun.li").status_code == 303
    page = client.get("/corpus/similar")
    assert page.status_code == 400 and "缩小范围" in page.text and "当前选中 5 份，上限 4 份" in page.text
    api = client.get("/api/v1/corpus/similar")
    assert api.status_code == 422 and "缩小范围" in api.json()["detail"]
    narrowed = client.get("/corpus/similar", params={"year": "2021"})
    assert narrowed.status_code == 200 and "缩小范围" not in narrowed.text
