"""Views that belong to no domain: the health check of load balancers and benchmarks."""

import logging

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


@never_cache
@require_GET
def health(request: HttpRequest) -> HttpResponse:
    """Answer "ok" when the application and its database respond; no login, no personal data.

    Load balancers and deployment scripts poll it, and ``bench/web.py`` measures it as
    the baseline of the web pages: the whole stack with one ``SELECT 1``.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database does not answer.")
        return HttpResponse("database unavailable", content_type="text/plain; charset=utf-8", status=503)
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
