"""The benchmark's synthetic files are valid input: guards `make bench` from drifting away from
the import and postcode layouts it measures."""

import pytest

from bench.data import decisions_write, postcodes_write
from councils.models import Postcode
from councils.services.postcodes_import import postcodes_import
from decisions.services.imports import decisions_import

pytestmark = pytest.mark.django_db


def test_synthetic_decision_files_import(world, tmp_path):
    decisions, recommendations = tmp_path / "d.csv", tmp_path / "r.csv"
    codes = [(c.gss_code, c.start_date, c.end_date) for c in world.values()]
    decisions_write(decisions, recommendations, decisions=300, recommendations=120, councils=codes)
    summary = decisions_import(decisions_path=decisions, recommendations_path=recommendations)
    assert (summary.decisions_created, summary.recommendations_created) == (300, 120)


def test_synthetic_postcodes_import(db, tmp_path):
    path = postcodes_write(tmp_path / "pc.csv", rows=2000, anchors=[(51.66, -0.28), (52.0, -1.0)])
    result = postcodes_import(path=path)
    assert (result.rows, result.written, result.no_coordinates) == (2000, 2000, 0)
    assert Postcode.objects.count() == 2000
