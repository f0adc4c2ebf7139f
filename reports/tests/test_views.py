"""The statistics page /thong-ke/ (reports:statistics) and the drill-down /thong-ke/chi-tiet/ (reports:drill_down)."""

import datetime

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from people.display import SESSION_KEY
from programmes.models import AwarenessSession
from reports.tests.helpers import dataset, quang_ninh_case, statistics_consent

URL = "/thong-ke/"
DRILL = "/thong-ke/chi-tiet/"
Q3 = {"report": "ministry_periodic", "start": "01/07/2025", "end": "30/09/2025"}
OLD = {"report": "ministry_periodic", "start": "01/06/2013", "end": "30/06/2019"}


def test_the_urls_are_the_ones_documented():
    assert reverse("reports:statistics") == URL
    assert reverse("reports:drill_down") == DRILL


def test_the_form_comes_first_with_this_year_until_today(client, personas):
    client.force_login(personas.coordinator)
    response = client.get(URL)
    assert response.status_code == 200
    assert "report" not in response.context
    form = response.context["form"]
    assert form.initial["report"] == "ministry_periodic"
    assert form.initial["start"].month == 1 and form.initial["start"].day == 1
    assert reverse("reports:statistics") in response.content.decode()  # in the menu


def test_the_coordinator_sees_every_table_with_money_in_dong_and_links_to_the_records(client, personas):
    data = dataset(personas)
    client.force_login(personas.coordinator)
    response = client.get(URL, OLD)
    assert response.status_code == 200
    page = response.content.decode()
    report = response.context["report"]
    assert [table.code for table in report.breakdowns] == [
        "by_agency", "by_regime", "by_legal_basis", "by_channel", "by_sex", "by_age_band", "by_area",
        "by_referral_status",
    ]  # fmt: skip
    for table in report.breakdowns:
        assert f'id="table-{table.code}"' in page
    assert "6.000.000 ₫" in page and "01/06/2013" in page and "30/06/2019" in page
    # Each figure leads to the records behind it: codes, dates and unit ids only, never a name
    assert f"{DRILL}?report=ministry_periodic&amp;start=01%2F06%2F2013&amp;end=30%2F06%2F2019&amp;area=" in page
    assert "indicator=support_instances&amp;table=by_agency&amp;row=" + str(data.school.pk) in page
    for personal in ("Nguyễn Thị An", data.a.code, str(data.a.pk)):
        assert personal not in page


def test_a_preset_period_and_an_area(client, personas):
    dataset(personas)
    client.force_login(personas.coordinator)
    response = client.get(
        URL,
        {"report": "ministry_periodic", "preset": "quarter", "month": "9", "year": "2025", "area": personas.commune.pk},
    )
    assert response.status_code == 200
    scope = response.context["report"].scope
    assert (scope.start, scope.end, scope.area_id) == (
        datetime.date(2025, 7, 1),
        datetime.date(2025, 9, 30),
        personas.commune.pk,
    )
    assert "by_area" not in [table.code for table in response.context["report"].breakdowns]  # a commune


def test_the_ministry_sees_aggregates_of_every_province_with_small_counts_hidden_and_no_link(client, personas):
    data = dataset(personas)
    other = quang_ninh_case(personas, received_on=datetime.date(2025, 9, 2))
    client.force_login(personas.ministry)
    response = client.get(URL, Q3)
    assert response.status_code == 200
    report = response.context["report"]
    assert report.suppressed_for_audience
    assert report.headline.rows[0].cells["cases_opened"].suppressed  # 2 < 5
    page = response.content.decode()
    assert 'id="headline-support_instances">&lt;5</td>' in page
    assert 'id="suppression-note"' in page
    assert DRILL not in page
    for personal in ("Phạm Thị Dung", "Vũ Thị Lan", data.d.code, other.code, str(data.d.pk), "/ho-so/"):
        assert personal not in page, personal


def test_the_research_report_says_how_many_cases_were_left_out_and_offers_no_link(client, personas):
    data = dataset(personas)
    statistics_consent(personas, data.d, granted=True)
    client.force_login(personas.coordinator)
    response = client.get(URL, {**Q3, "report": "research_partners"})
    assert response.context["report"].left_out_for_consent == 1  # A was supported in the quarter, no consent
    page = response.content.decode()
    assert '<p id="left-out">1 ' in page
    assert DRILL not in page  # outside readers: suppressed, no records behind


@pytest.mark.parametrize("who", ["coordinator", "commune_officer", "reader", "ministry"])
def test_statistics_roles_may_open_the_page(client, personas, who):
    client.force_login(getattr(personas, who))
    assert client.get(URL, Q3).status_code == 200


@pytest.mark.parametrize(
    "who", ["police_officer", "womens_union_officer", "legal_aid_officer", "border_guard", "admin"]
)
def test_other_roles_are_refused(client, personas, who):
    client.force_login(getattr(personas, who))
    assert client.get(URL).status_code == 403
    assert client.get(DRILL, Q3).status_code == 403
    assert reverse("reports:statistics") not in client.get(reverse("home")).content.decode()


def test_wrong_method_and_anonymous(client, personas):
    assert client.get(URL).status_code == 302  # to the login page
    assert client.get(DRILL).status_code == 302
    client.force_login(personas.coordinator)
    assert client.post(URL, Q3).status_code == 405
    assert client.post(DRILL, Q3).status_code == 405


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"report": "ministry_periodic", "start": "31/02/2025", "end": "30/09/2025"}, "start"),
        ({"report": "ministry_periodic", "start": "", "end": "30/09/2025"}, "start"),
        ({"report": "ministry_periodic", "start": "30/09/2025", "end": "01/09/2025"}, "end"),
        ({"report": "no_such_report", "start": "01/09/2025", "end": "30/09/2025"}, "report"),
        ({"report": "ministry_periodic", "preset": "quarter", "month": "", "year": "2025"}, "month"),
        ({"report": "ministry_periodic", "preset": "fortnight", "month": "9", "year": "2025"}, "preset"),
        ({**Q3, "area": "not-a-number"}, "area"),
    ],
)
def test_bad_input_is_explained_next_to_the_field_and_nothing_is_computed(client, personas, data, field):
    client.force_login(personas.coordinator)
    response = client.get(URL, data)
    assert response.status_code == 400
    assert response.context["report"] is None
    assert field in response.context["form"].errors


def test_an_area_outside_the_users_scope_is_refused_with_a_message(client, personas):
    client.force_login(personas.outsider)
    response = client.get(URL, {**Q3, "area": personas.hai_phong.pk})
    assert response.status_code == 400
    assert "area" in response.context["form"].errors


# --- Drill-down ------------------------------------------------------------------------------------


def _drill(client, data=OLD, **figure):
    return client.get(DRILL, {**data, "area": "", **figure})


def test_the_drill_down_lists_the_cases_behind_a_figure_with_names_for_those_who_see_names(client, personas):
    data = dataset(personas)
    client.force_login(personas.coordinator)
    # When the coordinator opens the school's instances of support over 2013-2019
    response = _drill(client, indicator="support_instances", table="by_agency", row=str(data.school.pk))
    # Then A's case is listed, with the one instance and her name
    assert response.status_code == 200
    rows = response.context["rows"]
    assert [(case.pk, figures["records"]) for case, figures in rows] == [(data.a.pk, 1)]
    page = response.content.decode()
    assert "Nguyễn Thị An" in page and data.a.code in page and "Trần Văn Bình" not in page
    # And the read is audited like a case list: who saw which persons
    event = AuditEvent.objects.filter(verb="report_drill_down_view").latest("sequence")
    assert event.actor == personas.coordinator and event.changes == {"persons": [str(data.a.person_id)]}


def test_the_drill_down_of_an_amount_shows_each_cases_share(client, personas):
    data = dataset(personas)
    client.force_login(personas.coordinator)
    response = _drill(client, indicator="support_amount", table="headline", row="all")
    shares = {case.pk: figures["amount"] for case, figures in response.context["rows"]}
    assert shares == {data.a.pk: 5_000_000, data.b.pk: 1_000_000}
    assert "5.000.000 ₫" in response.content.decode()


def test_hidden_names_and_readers_see_case_codes_only(client, personas):
    data = dataset(personas)
    client.force_login(personas.reader)  # no person.name_view
    page = _drill(client, indicator="persons_received", table="headline", row="all").content.decode()
    assert data.c.code in page and "Lê Thị Cúc" not in page
    client.force_login(personas.coordinator)
    session = client.session
    session[SESSION_KEY] = True
    session.save()
    page = _drill(client, indicator="persons_received", table="headline", row="all").content.decode()
    assert data.c.code in page and "Lê Thị Cúc" not in page


def test_the_drill_down_of_a_programme_figure_lists_its_records(client, personas):
    dataset(personas)
    AwarenessSession.objects.create(
        agency=personas.womens_union, held_on=datetime.date(2025, 8, 20), unit=personas.commune,
        audience_type="residents", attendees=150, topics="Phòng, chống mua bán người",
        recorded_by=personas.womens_union_officer,
    )  # fmt: skip
    client.force_login(personas.coordinator)
    response = _drill(client, Q3, indicator="awareness_attendees", table="by_agency", row=str(personas.womens_union.pk))
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 1
    assert "20/08/2025" in response.content.decode()


def test_the_ministry_and_outside_audiences_may_not_drill_down(client, personas):
    dataset(personas)
    client.force_login(personas.ministry)
    assert _drill(client, indicator="persons_received", table="headline", row="all").status_code == 403
    client.force_login(personas.coordinator)
    research = {**OLD, "report": "research_partners"}
    assert _drill(client, research, indicator="persons_received", table="headline", row="all").status_code == 403


def test_what_the_user_may_not_count_answers_like_a_missing_figure(client, personas):
    data = dataset(personas)
    client.force_login(personas.outsider)
    # Hải Phòng is not the outsider's area
    response = client.get(
        DRILL,
        {**OLD, "area": personas.hai_phong.pk, "indicator": "persons_received", "table": "headline", "row": "all"},
    )
    assert response.status_code == 404
    # And the outsider's own figures hold none of Hải Phòng's cases
    response = _drill(client, indicator="persons_received", table="headline", row="all")
    assert response.status_code == 200 and data.a.code not in response.content.decode()


@pytest.mark.parametrize(
    "figure",
    [
        {"indicator": "no_such_indicator", "table": "headline", "row": "all"},
        {"indicator": "persons_received", "table": "no_such_table", "row": "all"},
        {"indicator": "support_amount", "table": "by_channel", "row": "application"},  # not in that table
        {"indicator": "persons_received", "table": "headline", "row": "female"},
        {"indicator": "support_amount", "table": "by_agency", "row": "not-an-id"},
    ],
)
def test_an_unknown_figure_is_404(client, personas, figure):
    client.force_login(personas.coordinator)
    assert _drill(client, **figure).status_code == 404


def test_a_drill_down_without_its_parameters_is_400(client, personas):
    client.force_login(personas.coordinator)
    assert client.get(DRILL).status_code == 400
