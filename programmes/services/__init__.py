"""Writes on community programmes, split by kind of record; each function is one audited transaction."""

from programmes.services.groups import (
    peer_group_close,
    peer_group_create,
    peer_group_funding_record,
    peer_group_meeting_record,
    peer_group_member_add_other,
    peer_group_member_add_victim,
)
from programmes.services.loans import (
    loan_record_for_beneficiary,
    loan_record_for_case,
    loan_repayment_record,
    loan_schedule,
    loan_write_off,
)
from programmes.services.sessions import (
    SessionRow,
    awareness_session_import,
    awareness_session_record,
    session_row_problems,
)

__all__ = [
    "SessionRow",
    "awareness_session_import",
    "awareness_session_record",
    "loan_record_for_beneficiary",
    "loan_record_for_case",
    "loan_repayment_record",
    "loan_schedule",
    "loan_write_off",
    "peer_group_close",
    "peer_group_create",
    "peer_group_funding_record",
    "peer_group_meeting_record",
    "peer_group_member_add_other",
    "peer_group_member_add_victim",
    "session_row_problems",
]
