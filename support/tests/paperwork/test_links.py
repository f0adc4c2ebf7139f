"""Where the documents are offered: the case page (application, each decision) and the main menu (receipt list)."""

import datetime

from django.urls import reverse

from support.tests.helpers import identified_case
from support.tests.paperwork.helpers import decided


def test_the_case_page_links_the_application_and_each_decision(client, personas):
    # Given a case with a decision, seen by a commune officer (the documents are for roles that see names)
    case = identified_case(personas, received_on=datetime.date(2025, 9, 2))
    decision = decided(personas, case, "vocational_training", on=datetime.date(2025, 9, 10), amount_vnd=3_000_000)
    client.force_login(personas.commune_officer)
    # When they open the case
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    # Then the application and the decision can be downloaded from it
    assert reverse("support:paperwork:application", args=[case.pk]) in page
    assert reverse("support:paperwork:decision_download", args=[decision.pk]) in page


def test_the_receipt_list_is_in_the_menu_of_those_who_deliver_support(client, personas):
    url = reverse("support:paperwork:receipt_list")
    client.force_login(personas.commune_officer)
    assert url in client.get(reverse("home")).content.decode()
    client.force_login(personas.reader)
    assert url not in client.get(reverse("home")).content.decode()
