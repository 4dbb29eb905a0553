"""No patient data in application logs, whatever the log level."""

from __future__ import annotations

import logging

import pytest

from careplanner.documents import read_plan_file
from careplanner.resources import examples_dir
from careplanner.store import Store, StoreError
from tests.builders import CATALOG


def test_no_patient_data_reaches_the_logs_even_at_debug(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)  # also turns on SQLAlchemy's statement logging
    logging.getLogger("sqlalchemy.engine").setLevel(logging.DEBUG)
    document = read_plan_file(examples_dir() / "good-plan.careplan.json", CATALOG.modalities.keys()).document
    store = Store.open(database_url, "dr.log")
    try:
        imported = store.import_document(document)
        store.search_patients("alex")
        store.export_document(imported.plan_id)
        with pytest.raises(StoreError):
            store.create_patient(document.patient)  # the error path too
    finally:
        store.close()
        logging.getLogger("sqlalchemy.engine").setLevel(logging.NOTSET)
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert logged  # the statements were logged...
    for private in ("Alex Sample", "1968-05-14", "DEMO-0001", "Walk to the park", "alex"):
        assert private not in logged  # ...without their values
