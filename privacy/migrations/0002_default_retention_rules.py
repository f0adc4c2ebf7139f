"""The software's default retention schedule, valid from 01/01/2026 (when Law 91/2025/QH15 took effect).

The periods are not taken from any law: each province decides them and records its decision
on the retention page (docs/privacy.md). Reversing removes only these default rows.
"""

import datetime

from django.db import migrations

VALID_FROM = datetime.date(2026, 1, 1)
BASIS = "Mặc định của phần mềm; tỉnh quyết định thời hạn và ghi văn bản làm căn cứ tại đây."
DEFAULTS = [
    ("closed_case", 5),
    ("documents", 5),
    ("follow_up", 5),
    ("audit_events", 10),
]


def add_defaults(apps, schema_editor):
    RetentionRule = apps.get_model("privacy", "RetentionRule")
    for record_type, years in DEFAULTS:
        RetentionRule.objects.get_or_create(
            record_type=record_type,
            valid_from=VALID_FROM,
            defaults={"period_years": years, "legal_basis": BASIS},
        )


def remove_defaults(apps, schema_editor):
    RetentionRule = apps.get_model("privacy", "RetentionRule")
    RetentionRule.objects.filter(valid_from=VALID_FROM, legal_basis=BASIS, version=1).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("privacy", "0001_retention_rules_breach_reports_corrections"),
    ]

    operations = [
        migrations.RunPython(add_defaults, remove_defaults),
    ]
