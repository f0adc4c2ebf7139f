from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from reports.definitions import consent_required_codes

        consent_required_codes()  # an unknown report code in the setting stops start-up
