"""One row per legal provision: who may get what, how much, until when, under which rule version."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from audit.models import AuditEvent
from core.errors import DomainError
from support.models import AmountKind, EligibleGroup, Regime, RegimeRule, SupportDecision
from support.selectors import age_range_on, condition_refusal, regime_rule_in_force
from support.services import provincial_rule_add, support_decision_record
from support.tests.helpers import identified_case

NEW_LAW_DAY = datetime.date(2025, 9, 3)
OLD_DAY = datetime.date(2019, 6, 1)
G = EligibleGroup

# Law 53/2024/QH15 Art. 37: the regimes each group may get (victims get them all).
ART_37 = {
    G.VICTIM: {
        "essential_needs",
        "medical",
        "interpretation",
        "legal_advice",
        "legal_aid",
        "travel",
        "psychological",
        "education",
        "vocational_training",
        "initial_hardship",
        "loan",
        "civil_papers",
    },
    G.ACCOMPANYING_CHILD: {
        "essential_needs",
        "medical",
        "interpretation",
        "legal_advice",
        "legal_aid",
        "travel",
        "psychological",
        "education",
    },
    G.IN_IDENTIFICATION_DOMESTIC: {
        "essential_needs",
        "medical",
        "interpretation",
        "legal_advice",
        "legal_aid",
        "travel",
        "psychological",
    },
    G.IN_IDENTIFICATION_ABROAD: {"essential_needs", "medical", "interpretation", "legal_advice"},
    G.FOREIGN_VICTIM: {"essential_needs", "medical", "interpretation", "legal_advice", "legal_aid", "psychological"},
}
REGIMES = sorted(ART_37[G.VICTIM])
ART_37_ROWS = [
    pytest.param(group, code, code in ART_37[group], id=f"law-53-2024-art-37-{group}-{code}")
    for group in ART_37
    for code in REGIMES
]


@pytest.mark.parametrize(("group", "code", "eligible"), ART_37_ROWS)
def test_eligibility_by_group_under_art_37_of_the_2024_law(db, group, code, eligible):
    # Given the national rule of the regime in force under the 2024 law
    rule = regime_rule_in_force(regime=Regime.objects.get(code=code), day=NEW_LAW_DAY, province=None)
    assert rule is not None and rule.valid_from == datetime.date(2025, 7, 1)
    # When a person of the group asks for it (an under-18 child, a poor household: the other conditions met)
    refusal = condition_refusal(rule, group=group, age=(10, 10), poor_household=True)
    # Then only the groups Art. 37 names may get it
    assert (refusal is None) == eligible
    if not eligible:
        assert refusal.code == "support.not_eligible"


@pytest.mark.parametrize(
    ("day", "max_days", "basis"),
    [
        pytest.param(OLD_DAY, 60, "Nghị định 09/2013/NĐ-CP", id="decree-09-2013-art-19-meals-at-most-60-days"),
        pytest.param(NEW_LAW_DAY, 120, "53/2024/QH15", id="law-53-2024-essential-needs-at-most-120-days"),
    ],
)
def test_days_limit_of_essential_needs(db, day, max_days, basis):
    rule = regime_rule_in_force(regime=Regime.objects.get(code="essential_needs"), day=day, province=None)
    assert rule.max_days == max_days
    assert basis in rule.legal_basis


def test_meals_for_days_beyond_60_are_capped_under_decree_09_2013(personas):
    # Given a victim who spent 75 days in the facility in 2019
    case = identified_case(personas, received_on=datetime.date(2019, 5, 6), home_unit=personas.legacy_commune)
    # When essential needs are decided for those days
    decision = support_decision_record(
        actor=personas.coordinator,
        case=case,
        regime=Regime.objects.get(code="essential_needs"),
        decided_on=OLD_DAY,
        days=75,
    )
    # Then the days are kept and the meals are paid for 60 of them
    assert (decision.days, decision.amount_vnd) == (75, 30_000 * 60)


FILED = {"application_filed_on": datetime.date(2019, 5, 20)}


@pytest.mark.parametrize(
    ("decided_on", "poor_household", "expected"),
    [
        pytest.param(OLD_DAY, True, 1_000_000, id="decree-09-2013-art-23-poor-household-gets-1000000"),
        pytest.param(
            OLD_DAY, False, "support.poor_household_required", id="decree-09-2013-art-23-not-poor-household-refused"
        ),
        pytest.param(
            datetime.date(2025, 6, 30), True, 1_000_000, id="decree-09-2013-art-23-last-day-30-06-2025-still-1000000"
        ),
    ],
)
def test_initial_hardship_allowance_for_poor_households_before_1_july_2025(
    personas, decided_on, poor_household, expected
):
    case = identified_case(personas, received_on=datetime.date(2019, 5, 6), home_unit=personas.legacy_commune)
    hardship = Regime.objects.get(code="initial_hardship")
    if isinstance(expected, int):
        decision = support_decision_record(
            actor=personas.coordinator,
            case=case,
            regime=hardship,
            decided_on=decided_on,
            poor_household=poor_household,
            **FILED,
        )
        assert decision.amount_vnd == expected and decision.poor_household
        assert decision.rule.legal_article == "Điều 23"
    else:
        with pytest.raises(DomainError) as error:
            support_decision_record(
                actor=personas.coordinator,
                case=case,
                regime=hardship,
                decided_on=decided_on,
                poor_household=poor_household,
                **FILED,
            )
        assert error.value.code == expected


@pytest.fixture
def hai_phong_rate(personas):
    """Hải Phòng's People's Council pays 2.000.000 ₫ of initial hardship allowance in 2020-2022."""
    return provincial_rule_add(
        actor=personas.admin,
        regime=Regime.objects.get(code="initial_hardship"),
        province=personas.hai_phong,
        legal_basis="Nghị quyết số 05/2019/NQ-HĐND của HĐND thành phố Hải Phòng",
        valid_from=datetime.date(2020, 1, 1),
        valid_to=datetime.date(2022, 12, 31),
        amount_kind=AmountKind.FIXED,
        amount_vnd=2_000_000,
    )


@pytest.mark.parametrize(
    ("day", "province", "amount"),
    [
        pytest.param(
            datetime.date(2019, 12, 31), "hai_phong", 1_000_000, id="provincial-rate-not-before-its-first-day"
        ),
        pytest.param(datetime.date(2020, 1, 1), "hai_phong", 2_000_000, id="provincial-rate-from-its-first-day"),
        pytest.param(datetime.date(2022, 12, 31), "hai_phong", 2_000_000, id="provincial-rate-until-its-last-day"),
        pytest.param(datetime.date(2023, 1, 1), "hai_phong", 1_000_000, id="provincial-rate-not-after-its-last-day"),
        pytest.param(datetime.date(2021, 6, 1), "quang_ninh", 1_000_000, id="provincial-rate-not-in-another-province"),
    ],
)
def test_a_provincial_rate_takes_precedence_only_inside_its_dates(personas, hai_phong_rate, day, province, amount):
    rule = regime_rule_in_force(regime=hai_phong_rate.regime, day=day, province=getattr(personas, province))
    assert rule.amount_vnd == amount
    assert (rule == hai_phong_rate) == (amount == 2_000_000)


def test_a_provincial_rate_copies_the_national_conditions_and_is_audited(personas, hai_phong_rate):
    assert hai_phong_rate.poor_household_required and hai_phong_rate.one_off and hai_phong_rate.application_required
    assert hai_phong_rate.eligible_groups == ["victim"]
    assert AuditEvent.objects.filter(verb="provincial_rule_add", object_id=str(hai_phong_rate.pk)).exists()


# Decree 09/2013 Art. 23: application within 12 months of the certifying document (06/05/2019 here).
@pytest.mark.parametrize(
    ("filed_on", "reason", "expected"),
    [
        pytest.param(
            datetime.date(2020, 5, 6), "", None, id="decree-09-2013-art-23-filed-on-the-last-day-of-12-months"
        ),
        pytest.param(
            datetime.date(2020, 5, 7), "", "support.application_late", id="decree-09-2013-art-23-filed-late-refused"
        ),
        pytest.param(
            datetime.date(2020, 5, 7),
            "Nạn nhân điều trị tại bệnh viện đến tháng 5/2020",
            None,
            id="decree-09-2013-art-23-filed-late-with-an-authorised-exception",
        ),
    ],
)
def test_the_12_month_filing_limit(personas, filed_on, reason, expected):
    case = identified_case(personas, received_on=datetime.date(2019, 5, 6), home_unit=personas.legacy_commune)
    call = {
        "actor": personas.coordinator,
        "case": case,
        "regime": Regime.objects.get(code="vocational_training"),
        "decided_on": datetime.date(2020, 6, 1),
        "amount_vnd": 2_000_000,
        "application_filed_on": filed_on,
        "limit_exception_reason": reason,
    }
    if expected is not None:
        with pytest.raises(DomainError) as error:
            support_decision_record(**call)
        assert error.value.code == expected
        assert "06/05/2020" in error.value.message
        assert not SupportDecision.objects.exists()
        return
    decision = support_decision_record(**call)
    assert decision.certified_on == datetime.date(2019, 5, 6)
    assert decision.filing_deadline == datetime.date(2020, 5, 6)
    assert decision.limit_exception_reason == reason
    assert (decision.limit_exception_by == personas.coordinator) == bool(reason)
    exception_events = AuditEvent.objects.filter(verb="support_limit_exception", object_id=str(decision.pk))
    assert exception_events.exists() == bool(reason)
    if reason:  # kept encrypted on the decision, never written into the audit trail
        assert reason not in str(list(AuditEvent.objects.values_list("changes", flat=True)))


def test_no_filing_limit_under_the_2024_law_unless_confirmed(personas):
    # Given a victim certified after 01/07/2025, applying for vocational training more than a year later
    case = identified_case(personas, received_on=datetime.date(2025, 7, 10))
    decision = support_decision_record(
        actor=personas.coordinator,
        case=case,
        regime=Regime.objects.get(code="vocational_training"),
        decided_on=datetime.date(2026, 9, 1),
        amount_vnd=3_000_000,
        application_filed_on=datetime.date(2026, 8, 20),
    )
    assert decision.filing_deadline is None and decision.limit_exception_reason == ""


@pytest.mark.parametrize(
    ("decided_on", "basis"),
    [
        pytest.param(datetime.date(2025, 6, 30), "Nghị định 09/2013/NĐ-CP", id="decree-09-2013-last-day-30-06-2025"),
        pytest.param(datetime.date(2025, 7, 1), "53/2024/QH15", id="law-53-2024-first-day-01-07-2025"),
    ],
)
def test_decisions_either_side_of_1_july_2025_land_on_different_rules(personas, decided_on, basis):
    case = identified_case(personas, received_on=datetime.date(2025, 6, 2), home_unit=personas.legacy_commune)
    decision = support_decision_record(
        actor=personas.coordinator, case=case, regime=Regime.objects.get(code="legal_aid"), decided_on=decided_on
    )
    assert basis in decision.rule.legal_basis
    assert decision.rule.is_valid_on(decided_on)


def test_a_decision_keeps_its_rule_when_a_later_rate_is_added(personas):
    case = identified_case(personas, received_on=datetime.date(2019, 5, 6), home_unit=personas.legacy_commune)
    decision = support_decision_record(
        actor=personas.coordinator,
        case=case,
        regime=Regime.objects.get(code="initial_hardship"),
        decided_on=OLD_DAY,
        poor_household=True,
        **FILED,
    )
    national = decision.rule
    provincial_rule_add(
        actor=personas.admin,
        regime=decision.regime,
        province=personas.hai_phong,
        legal_basis="Nghị quyết số 01/2019/NQ-HĐND",
        valid_from=datetime.date(2019, 1, 1),
        valid_to=datetime.date(2025, 6, 30),
        amount_kind=AmountKind.FIXED,
        amount_vnd=3_000_000,
    )
    decision.refresh_from_db()
    assert (decision.rule, decision.amount_vnd) == (national, 1_000_000)


@pytest.mark.parametrize(
    ("birth_date", "birth_year", "expected"),
    [
        pytest.param(datetime.date(2009, 3, 1), None, None, id="decree-162-2025-art-24-schooling-under-18"),
        pytest.param(datetime.date(2007, 9, 3), None, "support.age_over_limit", id="decree-162-2025-art-24-18-today"),
        pytest.param(datetime.date(2007, 9, 4), None, None, id="decree-162-2025-art-24-18-tomorrow"),
        pytest.param(None, 2007, "support.age_unknown", id="decree-162-2025-art-24-birth-year-alone-undecided"),
        pytest.param(None, 2010, None, id="decree-162-2025-art-24-birth-year-alone-clearly-under-18"),
        pytest.param(None, None, "support.age_unknown", id="decree-162-2025-art-24-no-birth-date"),
    ],
)
def test_the_age_limit_of_schooling_under_the_2024_law(db, birth_date, birth_year, expected):
    rule = regime_rule_in_force(regime=Regime.objects.get(code="education"), day=NEW_LAW_DAY, province=None)
    age = age_range_on(birth_date=birth_date, birth_year=birth_year, day=NEW_LAW_DAY)
    refusal = condition_refusal(rule, group=G.VICTIM, age=age, poor_household=False)
    assert (refusal.code if refusal else None) == expected


# --- Bad rule data ----------------------------------------------------------------------------------------


def _rule(**overrides) -> RegimeRule:
    fields = {
        "regime": Regime.objects.get(code="initial_hardship"),
        "legal_basis": "Nghị quyết thử",
        "valid_from": datetime.date(2030, 1, 1),
        "valid_to": datetime.date(2030, 12, 31),
        "eligible_groups": ["victim"],
        "amount_kind": AmountKind.FIXED,
        "amount_vnd": 1_000_000,
    }
    fields.update(overrides)
    return RegimeRule(**fields)


BAD_RULES = [
    pytest.param({"amount_vnd": -1}, "amount_vnd", id="negative-amount"),
    pytest.param({"valid_to": datetime.date(2029, 12, 31)}, "valid_to", id="valid-to-before-valid-from"),
    pytest.param({"amount_kind": AmountKind.PER_DAY, "max_days": None}, "max_days", id="per-day-without-max-days"),
    pytest.param({"amount_kind": AmountKind.PER_DAY, "max_days": 0}, "max_days", id="zero-max-days"),
    pytest.param({"amount_vnd": None}, "amount_vnd", id="fixed-without-amount"),
    pytest.param({"amount_kind": AmountKind.IN_KIND}, "amount_vnd", id="in-kind-with-an-amount"),
    pytest.param({"eligible_groups": []}, "eligible_groups", id="no-eligible-group"),
    pytest.param({"eligible_groups": ["everyone"]}, "eligible_groups", id="unknown-eligible-group"),
    pytest.param({"legal_basis": " "}, "legal_basis", id="no-legal-basis"),
    pytest.param(
        {"valid_from": datetime.date(2025, 7, 1), "valid_to": None}, "valid_from", id="overlaps-the-national-rule"
    ),
]


@pytest.mark.parametrize(("overrides", "field"), BAD_RULES)
def test_bad_rule_data_is_refused_by_the_model_clean_the_admin_uses(db, overrides, field):
    rule = _rule(**overrides)
    with pytest.raises(ValidationError) as error:
        rule.full_clean()
    assert field in error.value.message_dict


def test_a_sound_national_rule_after_the_current_one_is_refused_only_for_its_overlap(db):
    # The 2024 national rule is open-ended: a later version must wait for it to be ended
    rule = _rule()
    with pytest.raises(ValidationError) as error:
        rule.full_clean()
    assert list(error.value.message_dict) == ["valid_from"]
    current = regime_rule_in_force(regime=rule.regime, day=NEW_LAW_DAY, province=None)
    current.valid_to = datetime.date(2029, 12, 31)
    current.save()
    rule.full_clean()


@pytest.mark.parametrize(
    ("overrides", "code"),
    [
        pytest.param({"amount_vnd": -5}, "support.amount_negative", id="negative-amount"),
        pytest.param(
            {"valid_to": datetime.date(2019, 12, 31)}, "support.rule_period_reversed", id="valid-to-before-valid-from"
        ),
        pytest.param(
            {"amount_kind": AmountKind.PER_DAY, "amount_vnd": 50_000},
            "support.rule_max_days_missing",
            id="per-day-without-max-days",
        ),
        pytest.param(
            {"valid_from": datetime.date(2022, 1, 1), "valid_to": datetime.date(2023, 12, 31)},
            "support.rule_overlap",
            id="overlaps-the-same-provinces-rate",
        ),
        pytest.param(
            {"valid_from": datetime.date(2024, 1, 1), "valid_to": None},
            "support.rule_spans_national_change",
            id="outlives-the-national-rule-it-overrides",
        ),
        pytest.param(
            {"valid_from": datetime.date(2010, 1, 1), "valid_to": datetime.date(2011, 1, 1)},
            "support.rule_no_national_rule",
            id="before-any-national-rule",
        ),
    ],
)
def test_bad_provincial_rates_are_refused_by_the_service(personas, hai_phong_rate, overrides, code):
    call = {
        "actor": personas.admin,
        "regime": hai_phong_rate.regime,
        "province": personas.hai_phong,
        "legal_basis": "Nghị quyết số 09/2021/NQ-HĐND",
        "valid_from": datetime.date(2020, 1, 1),
        "valid_to": datetime.date(2020, 6, 30),
        "amount_kind": AmountKind.FIXED,
        "amount_vnd": 2_500_000,
    }
    if code != "support.rule_overlap" and "valid_from" not in overrides:
        call["province"] = personas.quang_ninh  # no rate there: only the bad data is at fault
    call.update(overrides)
    with pytest.raises(DomainError) as error:
        provincial_rule_add(**call)
    assert error.value.code == code
    assert RegimeRule.objects.filter(province__isnull=False).count() == 1


def test_the_same_dates_in_another_province_are_not_an_overlap(personas, hai_phong_rate):
    rule = provincial_rule_add(
        actor=personas.admin,
        regime=hai_phong_rate.regime,
        province=personas.quang_ninh,
        legal_basis="Nghị quyết của HĐND tỉnh Quảng Ninh",
        valid_from=hai_phong_rate.valid_from,
        valid_to=hai_phong_rate.valid_to,
        amount_kind=AmountKind.FIXED,
        amount_vnd=3_000_000,
    )
    assert rule.province == personas.quang_ninh


def test_only_reference_data_managers_add_provincial_rates(personas):
    with pytest.raises(DomainError) as error:
        provincial_rule_add(
            actor=personas.coordinator,
            regime=Regime.objects.get(code="initial_hardship"),
            province=personas.hai_phong,
            legal_basis="Nghị quyết",
            valid_from=datetime.date(2020, 1, 1),
            valid_to=datetime.date(2020, 12, 31),
            amount_kind=AmountKind.FIXED,
            amount_vnd=2_000_000,
        )
    assert error.value.code == "permission_denied"


@pytest.mark.parametrize(
    "overrides",
    [
        pytest.param({"valid_to": datetime.date(2029, 1, 1)}, id="db-refuses-reversed-dates"),
        pytest.param({"amount_kind": AmountKind.PER_DAY, "max_days": None}, id="db-refuses-per-day-without-max-days"),
        pytest.param({"amount_kind": AmountKind.PER_DAY, "max_days": 0}, id="db-refuses-zero-max-days"),
        pytest.param({"amount_kind": "lump"}, id="db-refuses-an-unknown-amount-kind"),
    ],
)
def test_the_database_refuses_bad_rules_written_around_the_checks(personas, overrides):
    with pytest.raises(IntegrityError), transaction.atomic():
        _rule(province=personas.hai_phong, **overrides).save()


def test_load_regimes_is_idempotent_and_leaves_provincial_rates_alone(personas, hai_phong_rate):
    from support.reference_data import regime_catalogue_load

    before = set(RegimeRule.objects.values_list("pk", "updated_at"))
    counts = regime_catalogue_load()
    assert counts["rules_created"] == 0 and counts["rules_updated"] == 21
    assert RegimeRule.objects.count() == len(before)
    assert RegimeRule.objects.get(pk=hai_phong_rate.pk).amount_vnd == 2_000_000


def test_load_regimes_refuses_a_data_file_with_an_overlap(db, tmp_path):
    import json

    from support.reference_data import DATA_FILE, RuleDataError, regime_catalogue_load

    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    extra = dict(data["rules"][-1], legal_basis="Nghị định trùng", valid_from="2026-01-01")
    data["rules"].append(extra)
    path = tmp_path / "regimes.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(RuleDataError):
        regime_catalogue_load(path)
    assert not RegimeRule.objects.filter(legal_basis="Nghị định trùng").exists()
