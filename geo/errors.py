"""Error codes of the geo app (see ``core.errors``)."""

from django.utils.translation import gettext_lazy as _

from core.errors import ErrorCode

DATA_MISSING = ErrorCode(
    "geo_data_missing",
    _(
        "The administrative-unit data of the vietnamadminunits package was not found (%(path)s). "
        "Install it with: pip install --no-deps -r requirements-data.txt"
    ),
)
DATA_INVALID = ErrorCode(
    "geo_data_invalid",
    _("The administrative-unit data of the vietnamadminunits package is inconsistent: %(problem)s"),
)
