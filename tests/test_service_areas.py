"""The controlled list of categories (decisions.service_areas): its data, the import mapping other
names to their heading and refusing unknown ones (nothing changed), the admin's select, the data
migration, and the search page's and API's category filters (an unknown one a 400)."""

import json
from importlib import import_module

import pytest
from django.apps import apps as django_apps
from django.db import connection

from councils.services.errors import DataImportError
from decisions import service_areas
from decisions.models import Decision
from decisions.sample.categories import CATEGORY_WEIGHTS, SUBCATEGORIES
from decisions.services.imports import decisions_import
from tests.admin_staff import ADD_DECISION, _fast_passwords, caseworker_client, council
from tests.decision_files import DECISION_HEADER, decision, write_csv
from tests.factories import DecisionFactory

pytestmark = pytest.mark.django_db
FIXTURES = (_fast_passwords, caseworker_client, council)
EDUCATION = "Education and children's services"


def test_the_list_is_one_file_of_headings_subcategories_and_synonyms():
    data = json.loads(service_areas.LIST_FILE.read_text(encoding="utf-8"))
    assert tuple(h["name"] for h in data["headings"]) == service_areas.HEADINGS
    assert len(service_areas.HEADINGS) == 8
    assert len(set(service_areas.HEADINGS)) == 8
    for synonym in data["synonyms"]:
        assert synonym["heading"] in service_areas.HEADINGS
        assert synonym["name"] not in service_areas.HEADINGS
        assert synonym["found_in"]
    assert service_areas.SYNONYMS == {
        "Education": EDUCATION,
        "Children's care services": EDUCATION,
        "Planning": "Planning and development",
        "Benefits": "Benefits and tax",
    }


def test_every_category_of_the_sample_generator_has_a_heading_and_its_subcategories():
    for weights in CATEGORY_WEIGHTS.values():
        for category in weights:
            heading = service_areas.heading_for(category)
            assert heading in service_areas.HEADINGS, category
            assert set(SUBCATEGORIES[category]) <= set(service_areas.SUBCATEGORIES[heading])


@pytest.mark.parametrize(
    "text, heading",
    [
        ("Housing", "Housing"),
        ("housing", "Housing"),
        ("Education", EDUCATION),
        ("EDUCATION", EDUCATION),
        ("Children’s care services", EDUCATION),  # a curly apostrophe
        ("children-s-care-services", EDUCATION),  # the Ombudsman's URL slug
        ("Planning", "Planning and development"),
        ("Benefits", "Benefits and tax"),
        ("Benefits & Tax", "Benefits and tax"),
        ("  Highways   and transport ", "Highways and transport"),
        ("Potholes", None),
        ("", None),
        ("Education and", None),
    ],
)
def test_heading_for(text, heading):
    assert service_areas.heading_for(text) == heading


def test_the_import_files_other_names_under_their_heading(world, tmp_path):
    rows = [
        decision("22 003 001", category="Education", subcategory="School transport"),
        decision("22 003 002", category="benefits", subcategory="Council tax"),
        decision("22 003 003", category="Children's care services", subcategory="Adoption"),
        decision("22 003 004", category="Planning", subcategory="Enforcement"),
        decision("22 003 005", category="Housing"),
    ]
    decisions_import(decisions_path=write_csv(tmp_path / "d.csv", DECISION_HEADER, rows))
    stored = dict(
        Decision.objects.filter(reference__startswith="22 003").values_list("reference", "category")
    )
    assert stored == {
        "22 003 001": EDUCATION,
        "22 003 002": "Benefits and tax",
        "22 003 003": EDUCATION,
        "22 003 004": "Planning and development",
        "22 003 005": "Housing",
    }


def test_an_unknown_category_is_refused_with_the_list_and_nothing_changes(world, tmp_path):
    before = sorted(Decision.objects.values_list("reference", "category", "outcome"))
    rows = [
        decision("22 004 001"),
        decision("22 004 002", category="Potholes"),
        decision("22 004 003", category="Education"),
        decision("22 004 004", category="Libraries"),
    ]
    path = write_csv(tmp_path / "d.csv", DECISION_HEADER, rows)
    with pytest.raises(DataImportError) as caught:
        decisions_import(decisions_path=path)
    problems = [str(p) for p in caught.value.problems]
    assert len(problems) == 2  # every bad row, each with its line and column
    assert problems[0].startswith("d.csv line 3, column category: 'Potholes' is not one of")
    assert problems[1].startswith("d.csv line 5, column category: 'Libraries' is not one of")
    for problem in problems:
        for heading in service_areas.HEADINGS:
            assert heading in problem
    assert sorted(Decision.objects.values_list("reference", "category", "outcome")) == before


def test_the_admin_chooses_the_category_from_the_list(caseworker_client, council):
    page = caseworker_client.get(ADD_DECISION)
    html = page.content.decode()
    assert '<select name="category"' in html
    for heading in service_areas.HEADINGS:
        assert f'<option value="{heading}"'.replace("'", "&#x27;") in html
    form_class = page.context["adminform"].form.__class__
    post = {
        "reference": "22 123 456",
        "council": str(council.pk),
        "received_date": "2022-05-01",
        "decision_date": "2022-09-01",
        "outcome": "upheld",
        "report_type": "statement",
    }
    bad = form_class(data={**post, "category": "Potholes"})
    assert not bad.is_valid()
    message = bad.errors["category"][0]
    assert "Potholes" in message
    assert all(heading in message for heading in service_areas.HEADINGS)
    good = form_class(data={**post, "category": "Planning"})
    good.is_valid()
    assert "category" not in good.errors
    assert good.cleaned_data["category"] == "Planning and development"


def test_the_admin_shows_a_stored_name_outside_the_list_and_asks_for_a_heading(council):
    from decisions.forms import DecisionAdminForm

    stored = DecisionFactory(council=council, category="Libraries")
    form = DecisionAdminForm(instance=stored)
    choices = dict(form.fields["category"].widget.choices)
    assert "Libraries" in choices and "not in the list" in choices["Libraries"]


def test_the_data_migration_files_stored_names_under_their_heading(world):
    migration = import_module("decisions.migrations.0010_service_area_headings")
    old = DecisionFactory(council=world["ambridge"], category="Education")
    slug = DecisionFactory(council=world["ambridge"], category="planning")
    unknown = DecisionFactory(council=world["ambridge"], category="Libraries")

    class Editor:
        pass

    editor = Editor()
    editor.connection = connection
    migration.categories_to_headings(django_apps, editor)
    for row, expected in ((old, EDUCATION), (slug, "Planning and development")):
        row.refresh_from_db()
        assert row.category == expected
    unknown.refresh_from_db()
    assert unknown.category == "Libraries"  # left for staff: the admin now asks for a heading


def test_the_search_page_offers_the_list_and_reads_other_names(world, client):
    page = client.get("/decisions/")
    html = page.content.decode()
    for heading in service_areas.HEADINGS:
        assert f'<option value="{heading}"'.replace("'", "&#x27;") in html
    by_synonym = client.get("/decisions/", {"category": "benefits", "format": "csv"})
    by_heading = client.get("/decisions/", {"category": "Benefits and tax", "format": "csv"})
    assert by_synonym.status_code == by_heading.status_code == 200
    text = b"".join(by_synonym.streaming_content).decode()
    assert text == b"".join(by_heading.streaming_content).decode()
    assert "Benefits and tax" in text
    # A heading no public decision has finds none; a name not in the list is a 400 naming it.
    assert client.get("/decisions/", {"category": "Highways and transport"}).status_code == 200
    refused = client.get("/decisions/", {"category": "Potholes"})
    assert refused.status_code == 400
    assert "category" in refused.content.decode()


def test_the_api_category_filter_takes_the_list(world, client):
    def references(**params):
        response = client.get("/api/decisions/", params)
        assert response.status_code == 200, response.content
        return {d["reference"] for d in response.json()["results"]}

    taxed = references(category="Benefits and tax")
    assert taxed and references(category="benefits") == taxed
    assert references(category="BENEFITS AND TAX") == taxed
    assert references(category="Highways and transport") == set()
    refused = client.get("/api/decisions/", {"category": "Potholes"})
    assert refused.status_code == 400
    body = refused.json()
    assert list(body) == ["category"]
    assert "Potholes" in body["category"][0] and "Housing" in body["category"][0]


def test_the_schema_lists_the_headings_for_the_category_filter(client):
    schema = client.get("/api/schema/?format=json").json()
    parameters = schema["paths"]["/api/decisions/"]["get"]["parameters"]
    category = next(p for p in parameters if p["name"] == "category")
    assert category["schema"]["enum"] == list(service_areas.HEADINGS)
    area = schema["paths"]["/api/service-areas/"]["get"]
    assert {p["name"] for p in area["parameters"]} >= {"year", "council", "format"}


def test_the_staff_upload_maps_synonyms_and_refuses_an_unknown_category(world, client):
    from tests.test_staff_workflows import CASEWORKERS, HEADER, login, upload

    login(client, CASEWORKERS)
    refused = upload(
        client,
        HEADER
        + "22 556 001,E06900001,2022-09-01,Education,Upheld\n"
        + "22 556 002,E06900001,2022-09-01,Potholes,Upheld\n",
    ).content.decode()
    assert "cases.csv line 3, column category" in refused
    assert "Potholes" in refused and "Highways and transport" in refused
    assert not Decision.objects.filter(reference__startswith="22 556").exists()
    upload(client, HEADER + "22 556 001,E06900001,2022-09-01,Education,Upheld\n")
    assert Decision.objects.get(reference="22 556 001").category == EDUCATION
