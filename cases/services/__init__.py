"""Writes on cases, one module per step of the procedure.

Each service checks permission, then state, then writes inside one transaction with
its audit events.
"""

from cases.services.documents import document_open, document_upload
from cases.services.follow_up import (
    case_close,
    case_reopen,
    follow_up_visit_record,
    reintegration_assessment_record,
)
from cases.services.identification import (
    verification_request_answer,
    verification_request_cancel,
    verification_request_send,
)
from cases.services.intake import case_open, consent_record, intake_attach

__all__ = [
    "case_close",
    "case_open",
    "case_reopen",
    "consent_record",
    "document_open",
    "document_upload",
    "follow_up_visit_record",
    "intake_attach",
    "reintegration_assessment_record",
    "verification_request_answer",
    "verification_request_cancel",
    "verification_request_send",
]
