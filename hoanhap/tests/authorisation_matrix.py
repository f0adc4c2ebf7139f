"""The authorisation matrix of Hòa Nhập: what every role gets from every URL, in every scope.

This table is the specification; ``test_authorisation_matrix.py`` requests every URL as every
role and compares. It is written from docs/permissions.md and agencies/capabilities.py, never
read back from the code under test. A URL pattern without a row, or a row whose URL is gone,
fails the tests: whoever adds a page adds its row here.

**Roles** are the personas of core/testing/personas.py (one membership each), an inspector
of Hải Phòng, and ``anonymous`` (nobody signed in). The system administrator is a staff
superuser, as deployments make them (core/demo/users.py).

**Scopes** say which record the URL's arguments point to (hoanhap/tests/world.py builds them):

- ``own area``: a record of a Hải Phòng case — the home province of the personas. Nothing of
  it is addressed to a persona's agency: its verification request went to a commune police
  station, its referral to a hospital.
- ``other area``: the same record of a Quảng Ninh case, the outsider's province.
- ``addressed to my agency``: for the police, the Women's Union and the legal aid centre, a
  record of the case that reached their agency through a verification request or a referral
  addressed to it (a row's ``referral`` is then the one addressed to the role's own agency).
  Other roles have no such records: the scope does not apply to them (N/A).
- ``no object``: pages without a record (lists, forms for new records, sign-in).

**Answers**: ALLOW (2xx; a 400 for a form sent empty, whose input, not its user, is refused; or
a redirect that is not to a sign-in page), NOT_FOUND (404: a record the user may not see answers
like a missing one), FORBIDDEN (403: a page or a visible record the user may not act on), LOGIN
(redirect to our sign-in page, coming back afterwards), ADMIN_LOGIN (redirect to the admin's
sign-in page, see the admin section below), N/A.

Roles whose need to know is narrow (``NEED_TO_KNOW``) are also checked on every response: no
personal value they do not need may appear in it, whatever its status.

Print the whole matrix, one line per URL and method:
``DJANGO_SETTINGS_MODULE=hoanhap.settings.test .venv/bin/python -m hoanhap.tests.authorisation_matrix``.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class Answer(StrEnum):
    ALLOW = "allow"
    NOT_FOUND = "404"
    FORBIDDEN = "403"
    LOGIN = "login"
    ADMIN_LOGIN = "admin login"
    NA = "n/a"


class Scope(StrEnum):
    OWN = "own area"
    OTHER = "other area"
    ADDRESSED = "addressed to my agency"
    NONE = "no object"


ALLOW, NOT_FOUND, FORBIDDEN, LOGIN, ADMIN_LOGIN, NA = Answer
OWN, OTHER, ADDRESSED, NONE = Scope
RECORD_SCOPES = (OWN, OTHER, ADDRESSED)

# --- Roles ---------------------------------------------------------------------------------------

ANONYMOUS = "anonymous"
COORDINATOR = "coordinator"  # provincial coordinator, Hải Phòng
COMMUNE_OFFICER = "commune_officer"  # commune social officer, the commune of the Hải Phòng cases
READER = "reader"  # read-only case reader, Hải Phòng
INSPECTOR = "inspector"  # inspector, Hải Phòng
BORDER_GUARD = "border_guard"  # border guard, Hải Phòng: received the person of the own-area case
POLICE = "police_officer"  # provincial police, Hải Phòng
WOMENS_UNION = "womens_union_officer"  # Women's Union, Hải Phòng
LEGAL_AID = "legal_aid_officer"  # service provider: legal aid centre, Hải Phòng
OUTSIDER = "outsider"  # provincial coordinator of Quảng Ninh
MINISTRY = "ministry"  # aggregate statistics only
ADMIN = "admin"  # system administrator

ROLES = (
    ANONYMOUS,
    COORDINATOR,
    COMMUNE_OFFICER,
    READER,
    INSPECTOR,
    BORDER_GUARD,
    POLICE,
    WOMENS_UNION,
    LEGAL_AID,
    OUTSIDER,
    MINISTRY,
    ADMIN,
)
SIGNED_IN = frozenset(ROLES) - {ANONYMOUS}
RECEIVING = frozenset({POLICE, WOMENS_UNION, LEGAL_AID})  # roles that have an "addressed to my agency" scope

# Who works on cases, by what their role grants (agencies/capabilities.py):
READERS = frozenset({COORDINATOR, COMMUNE_OFFICER, READER, INSPECTOR, OUTSIDER})  # case.view
EDITORS = frozenset({COORDINATOR, COMMUNE_OFFICER, OUTSIDER})  # case.edit, verification.send, referral.send,
# support.deliver, follow_up.record: the casework of coordinators and commune officers
DECIDERS = frozenset({COORDINATOR, OUTSIDER})  # support.decide: coordinators only
INTAKE = frozenset({COORDINATOR, COMMUNE_OFFICER, BORDER_GUARD, OUTSIDER})  # case.create
# person.name_view: whose work needs the person's name; readers, inspectors and the ministry see case codes.
NAMES = frozenset({COORDINATOR, COMMUNE_OFFICER, BORDER_GUARD, POLICE, WOMENS_UNION, LEGAL_AID, OUTSIDER})
STATISTICS = READERS | {MINISTRY}  # statistics.view: aggregate figures
PRIVACY = frozenset({ADMIN, INSPECTOR})  # privacy.manage: breach records and the retention schedule
SUBJECT_ACCESS = frozenset({COORDINATOR, OUTSIDER})  # person.subject_access: export or correct a person's data
MERGERS = frozenset({COORDINATOR, OUTSIDER})  # person.merge: the duplicate review queue (with case.edit)

# Who sees a case and every record hanging off it, in each scope (docs/permissions.md): the area roles
# of Hải Phòng see its cases, the outsider those of Quảng Ninh. The receiving roles see only what was
# addressed to their agency, which each row states.
SEES_CASE: Mapping[Scope, frozenset[str]] = {
    OWN: frozenset({COORDINATOR, COMMUNE_OFFICER, READER, INSPECTOR}),
    OTHER: frozenset({OUTSIDER}),
    ADDRESSED: frozenset(),
}

# What a page may show of a person to the roles whose need to know is narrow (DESIGN.md section 1).
# The police and the receiving agencies see these fields of the person whose request or referral was
# addressed to them, and nothing of anyone else; the others see nothing personal of anyone.
PERSONAL_FIELDS = ("full_name", "birth_date", "identity_number", "phone", "address_detail")
NEED_TO_KNOW: Mapping[str, frozenset[str]] = {
    POLICE: frozenset({"full_name", "birth_date", "identity_number"}),  # what verification needs
    WOMENS_UNION: frozenset({"full_name", "phone"}),  # what the service needs
    LEGAL_AID: frozenset({"full_name", "phone"}),
    BORDER_GUARD: frozenset(),  # records intakes; no page shows a person afterwards
    MINISTRY: frozenset(),  # aggregates only
    ADMIN: frozenset(),  # reference data only
    ANONYMOUS: frozenset(),
}

# --- Rows ----------------------------------------------------------------------------------------

GET = ("GET",)
POST = ("POST",)
GET_POST = ("GET", "POST")


@dataclass(frozen=True)
class Row:
    """One URL: the methods tried, the record its arguments point to, and every role's answer per scope."""

    name: str  # the URL name as resolved ("cases:detail"), or the route of a pattern without a name
    methods: tuple[str, ...]
    target: str | None  # attribute of hoanhap.tests.world.Records, or an admin target; None: no object
    answers: Mapping[str, Mapping[Scope, Answer]]
    query: Mapping[str, str] = field(default_factory=dict)  # GET parameters a page needs to answer 200
    post_answers: Mapping[str, Mapping[Scope, Answer]] | None = None  # where POST answers differently
    why: str = ""

    @property
    def scopes(self) -> tuple[Scope, ...]:
        return RECORD_SCOPES if self.target in RECORD_TARGETS else (NONE,)

    def answer(self, role: str, scope: Scope, method: str = "GET") -> Answer:
        answers = self.post_answers if method == "POST" and self.post_answers is not None else self.answers
        return answers[role][scope]


RECORD_TARGETS = frozenset(
    {"case", "verification", "decision", "application", "document", "referral", "offline_referral"}
    | {"person"}  # the person of the case
    | {"training", "inspection", "recommendation", "review", "figure"}  # oversight records of the province
    | {"group", "loan"}  # programme records of the commune (programmes/policies.py)
    | {"import_batch"}  # a list imported in the area (imports/policies.py)
)


def _grid(answer_of: Mapping[str, Answer], scope: Scope = NONE) -> dict[str, dict[Scope, Answer]]:
    return {role: {scope: answer_of[role]} for role in ROLES}


def public(name: str, methods: tuple[str, ...] = GET, *, why: str = "") -> Row:
    """A page everyone reaches, signed in or not."""
    return Row(name, methods, None, _grid(dict.fromkeys(ROLES, ALLOW)), why=why)


def page(
    name: str,
    methods: tuple[str, ...] = GET,
    *,
    allow: Iterable[str],
    anonymous: Answer = LOGIN,
    target: str | None = None,
    query: Mapping[str, str] | None = None,
    why: str = "",
) -> Row:
    """A page without a record of an area: the roles in ``allow`` get it, every other signed-in role 403.

    ``target`` names a record of the whole installation the page is about (``World.installation``).
    """
    allowed = frozenset(allow)
    answers = {role: ALLOW if role in allowed else FORBIDDEN for role in SIGNED_IN} | {ANONYMOUS: anonymous}
    return Row(name, methods, target, _grid(answers), query=query or {}, why=why)


def record(
    name: str,
    target: str,
    methods: tuple[str, ...] = GET,
    *,
    may: Iterable[str],
    addressed: Mapping[str, Answer] | None = None,
    others: Answer = FORBIDDEN,
    query: Mapping[str, str] | None = None,
    why: str = "",
) -> Row:
    """A page about one record (``target``).

    In the own and other areas, whoever sees the record (``SEES_CASE``) gets the page if their
    role is in ``may`` and ``others`` (403) otherwise; everyone else 404. In the addressed scope
    the receiving roles get 404 unless ``addressed`` says otherwise; it does not apply to other roles.
    """
    allowed = frozenset(may)
    answers: dict[str, dict[Scope, Answer]] = {}
    for role in ROLES:
        answers[role] = {}
        for scope in RECORD_SCOPES:
            if scope == ADDRESSED:
                answers[role][scope] = (addressed or {}).get(role, NOT_FOUND) if role in RECEIVING else NA
            elif role == ANONYMOUS:
                answers[role][scope] = LOGIN
            elif role in SEES_CASE[scope]:
                answers[role][scope] = ALLOW if role in allowed else others
            else:
                answers[role][scope] = NOT_FOUND
    return Row(name, methods, target, answers, query=query or {}, why=why)


RECEIVERS_ANSWER = {WOMENS_UNION: ALLOW, LEGAL_AID: ALLOW}

# Oversight (oversight/policies.py): trainings, inspections and reviews are seen in their province by
# the coordinator, the reader and the inspector (oversight.view); the ministry sees trainings and reviews
# of every province but no inspection (findings name officials). The lead social-affairs agency keeps
# trainings and reviews, the inspectorate keeps inspections (oversight.manage). The ``addressed`` scope
# points at the Hải Phòng records: nothing of them is addressed to the receiving roles.
OVERSIGHT_SEES: Mapping[Scope, frozenset[str]] = {
    OWN: frozenset({COORDINATOR, READER, INSPECTOR}),
    OTHER: frozenset({OUTSIDER}),
    ADDRESSED: frozenset(),
}
OVERSIGHT_VIEWERS = frozenset({COORDINATOR, READER, INSPECTOR, OUTSIDER})
KEEP_PROGRAMME_RECORDS = frozenset({COORDINATOR, OUTSIDER})  # trainings and reviews
KEEP_INSPECTIONS = frozenset({INSPECTOR})


def oversight_record(
    name: str, target: str, methods: tuple[str, ...] = GET, *, may: Iterable[str], ministry: bool
) -> Row:
    """An oversight record's page: like ``record`` with the oversight viewers, and the ministry if ``ministry``."""
    allowed = frozenset(may)
    answers: dict[str, dict[Scope, Answer]] = {}
    for role in ROLES:
        answers[role] = {}
        for scope in RECORD_SCOPES:
            sees = role in OVERSIGHT_SEES[scope] or (ministry and role == MINISTRY and scope != ADDRESSED)
            if scope == ADDRESSED and role not in RECEIVING:
                answers[role][scope] = NA
            elif role == ANONYMOUS:
                answers[role][scope] = LOGIN
            elif sees:
                answers[role][scope] = ALLOW if role in allowed else FORBIDDEN
            else:
                answers[role][scope] = NOT_FOUND
    return Row(name, methods, target, answers)


# Community programmes (programmes/policies.py): groups and loans are seen by the area roles and the
# Women's Union of their province (programme.view), and kept by coordinators, commune officers and the
# Women's Union (programme.manage, loan.manage); border guards record their own agency's sessions only.
# The ``addressed`` scope points at the Hải Phòng records, which the Women's Union keeps.
PROGRAMME_SEES: Mapping[Scope, frozenset[str]] = {
    OWN: frozenset({COORDINATOR, COMMUNE_OFFICER, READER, INSPECTOR, WOMENS_UNION}),
    OTHER: frozenset({OUTSIDER}),
    ADDRESSED: frozenset({WOMENS_UNION}),
}
PROGRAMME_VIEWERS = frozenset({COORDINATOR, COMMUNE_OFFICER, READER, INSPECTOR, WOMENS_UNION, OUTSIDER})
RUN_GROUPS = frozenset({COORDINATOR, COMMUNE_OFFICER, WOMENS_UNION, OUTSIDER})  # groups and loans


def programme_record(name: str, target: str, methods: tuple[str, ...] = GET, *, may: Iterable[str]) -> Row:
    """A programme record's page: whoever sees it (``PROGRAMME_SEES``) gets it if in ``may``, else 403; others 404."""
    allowed = frozenset(may)
    answers: dict[str, dict[Scope, Answer]] = {}
    for role in ROLES:
        answers[role] = {}
        for scope in RECORD_SCOPES:
            if scope == ADDRESSED and role not in RECEIVING:
                answers[role][scope] = NA
            elif role == ANONYMOUS:
                answers[role][scope] = LOGIN
            elif role in PROGRAMME_SEES[scope]:
                answers[role][scope] = ALLOW if role in allowed else FORBIDDEN
            else:
                answers[role][scope] = NOT_FOUND
    return Row(name, methods, target, answers)


ROWS: tuple[Row, ...] = (
    # Sign-in and pages of no domain
    public("login", GET_POST, why="a signed-in user is sent on to the home page"),
    page("logout", POST, allow=SIGNED_IN, anonymous=ALLOW, why="without a session it only goes back to sign-in"),
    public("health", why="load balancers poll it; it says only 'ok'"),
    public("set_language", POST),
    page("home", allow=SIGNED_IN, why="each role sees its own work; the ministry sees totals only"),
    # The second factor (agencies/views.py): every signed-in user's own; a session that passed it is sent on
    page("second_factor_code", GET_POST, allow=SIGNED_IN, why="after the password; a passed session is sent on"),
    page("second_factor_enrol", GET_POST, allow=SIGNED_IN, why="setting up one's own authenticator app"),
    page("second_factor_confirm", GET_POST, allow=SIGNED_IN, why="confirming again before an export"),
    page("account_security", allow=SIGNED_IN),
    page("recovery_codes_renew", POST, allow=SIGNED_IN),
    page("people:hide_names", POST, allow=SIGNED_IN, why="a switch for one's own screen"),
    # Duplicate review (people/merging.py): coordinators, on people every case of whom they may edit; the
    # other record of the pair (or the merge to undo) is in the form, so an empty POST is sent back to the queue
    page("people:duplicate_queue", allow=MERGERS),
    page("people:merge_history", allow=MERGERS),
    page("people:duplicates_rescore", POST, allow=MERGERS, why="scores the records one may merge again; audited"),
    record("people:person_merge", "person", POST, may=MERGERS, why="keeps this record; asks the second factor again"),
    record("people:person_merge_undo", "person", POST, may=MERGERS, why="asks the second factor again"),
    record("people:persons_mark_different", "person", POST, may=MERGERS),
    # Statistics: aggregate figures, never a name
    page("reports:statistics", allow=STATISTICS),
    page(
        "reports:drill_down",
        allow=READERS,
        query={"report": "ministry_periodic", "start": "01/09/2025", "end": "30/09/2025", "area": ""}
        | {"indicator": "persons_received", "table": "headline", "row": "all"},
        why="the records behind a figure: case.view in the area, listed through the cases policy; never the ministry",
    ),
    page("reports:dashboard", allow=STATISTICS, why="charts of aggregate figures; small counts hidden for outsiders"),
    page(
        "reports:export_xlsx",
        allow=STATISTICS,
        query={"report": "ministry_periodic", "start": "01/09/2025", "end": "30/09/2025"},
        why="the report's aggregate figures as a file; audited, asks the second factor again when old",
    ),
    page(
        "reports:export_docx",
        allow=STATISTICS,
        query={"report": "ministry_periodic", "start": "01/09/2025", "end": "30/09/2025"},
        why="the report's aggregate figures as a file; audited, asks the second factor again when old",
    ),
    # Cases: lists and new records
    page("cases:list", allow=READERS),
    page(
        "cases:search",
        POST,
        allow=READERS & NAMES,
        why="case.view to list cases, and person.name_view: searching by name is for those who see names",
    ),
    page("cases:intake_new", GET_POST, allow=INTAKE),
    page("cases:intake_matches", POST, allow=INTAKE),
    page("cases:commune_options", allow=SIGNED_IN, why="public reference data (communes of a province)"),
    page("cases:verification_deadline", allow=EDITORS),
    page("cases:verification_inbox", allow={POLICE}),
    # Cases: one case
    record("cases:detail", "case", may=READERS),
    record("cases:document_upload", "case", GET_POST, may=EDITORS),
    record("cases:document_download", "document", may=READERS),
    record("cases:intake_attach", "case", GET_POST, may=EDITORS),
    record("cases:consent_record", "case", GET_POST, may=EDITORS),
    record("cases:verification_send", "case", GET_POST, may=EDITORS),
    record("cases:visit_record", "case", GET_POST, may=EDITORS),
    record("cases:assessment_record", "case", GET_POST, may=EDITORS),
    record("cases:case_close", "case", GET_POST, may=EDITORS),
    record("cases:case_reopen", "case", GET_POST, may=EDITORS, why="an open case sends the user back to it"),
    # Verification requests: the case's side sees them on the case page, the police in their inbox
    record(
        "cases:verification_answer",
        "verification",
        GET_POST,
        may={POLICE},
        addressed={POLICE: ALLOW},
        others=NOT_FOUND,
        why="the police's page: to anyone else the request is as if missing, even where its case shows it",
    ),
    record(
        "cases:verification_cancel",
        "verification",
        POST,
        may=EDITORS,
        why="the sender's action: the police it is addressed to find no such request there",
    ),
    # Support: catalogue and provincial rates
    page("support:catalogue", allow=READERS | {ADMIN}, why="for casework and for who keeps the rates"),
    page("support:provincial_rule_new", GET_POST, allow={ADMIN}),
    # Support: decisions, applications, deliveries of one case
    record("support:decision_new", "case", GET_POST, may=DECIDERS),
    record("support:rule_preview", "case", may=DECIDERS),
    record("support:application_new", "case", GET_POST, may=EDITORS),
    record("support:application_withdraw", "application", POST, may=EDITORS),
    record("support:delivery_new", "decision", GET_POST, may=EDITORS),
    # Referrals: the sender's side through the case, the receiving agency through the referral
    record("support:referral_new", "case", GET_POST, may=EDITORS),
    page("support:referral_inbox", allow={WOMENS_UNION, LEGAL_AID}),
    record("support:referral_detail", "referral", may=READERS, addressed=RECEIVERS_ANSWER),
    record("support:referral_slip", "offline_referral", may=EDITORS, why="only referrals to agencies off the system"),
    record("support:referral_accept", "referral", POST, may=(), addressed=RECEIVERS_ANSWER),
    record("support:referral_decline", "referral", POST, may=(), addressed=RECEIVERS_ANSWER),
    record("support:referral_deliver", "referral", POST, may=(), addressed=RECEIVERS_ANSWER),
    record("support:referral_offline_outcome", "offline_referral", POST, may=EDITORS),
    # Official documents
    record("support:paperwork:application", "case", may=READERS & NAMES, why="the document names the person"),
    record("support:paperwork:application_download", "case", may=READERS & NAMES),
    record("support:paperwork:decision_download", "decision", may=READERS & NAMES),
    page("support:paperwork:receipt_list", allow=EDITORS),
    # The audit trail
    page("audit:event_list", allow={INSPECTOR}),
    # Personal data protection (privacy/policies.py): breach records and retention belong to the whole
    # installation; a person's own data is exported or corrected by who may edit one of their cases
    page("privacy:retention_rules", allow=PRIVACY),
    page("privacy:retention_rule_new", GET_POST, allow=PRIVACY),
    page("privacy:retention_rule_edit", GET_POST, allow=PRIVACY, target="retention_rule"),
    page("privacy:breach_list", allow=PRIVACY),
    page("privacy:breach_new", GET_POST, allow=PRIVACY),
    page("privacy:breach_detail", GET_POST, allow=PRIVACY, target="breach_report"),
    record("privacy:subject_access", "person", may=SUBJECT_ACCESS),
    record("privacy:subject_access_docx", "person", may=SUBJECT_ACCESS),
    record("privacy:subject_access_json", "person", may=SUBJECT_ACCESS),
    record("privacy:person_correction", "person", GET_POST, may=SUBJECT_ACCESS),
    # Oversight: training courses, inspections and their recommendations, reviews
    page("oversight:training_list", allow=OVERSIGHT_VIEWERS | {MINISTRY}),
    page("oversight:training_new", GET_POST, allow=KEEP_PROGRAMME_RECORDS),
    oversight_record("oversight:training_detail", "training", may=OVERSIGHT_VIEWERS | {MINISTRY}, ministry=True),
    oversight_record("oversight:training_edit", "training", GET_POST, may=KEEP_PROGRAMME_RECORDS, ministry=True),
    oversight_record("oversight:training_participants", "training", POST, may=KEEP_PROGRAMME_RECORDS, ministry=True),
    page("oversight:inspection_list", allow=OVERSIGHT_VIEWERS, why="inspections are internal: not the ministry"),
    page("oversight:inspection_new", GET_POST, allow=KEEP_INSPECTIONS),
    oversight_record("oversight:inspection_detail", "inspection", may=OVERSIGHT_VIEWERS, ministry=False),
    oversight_record("oversight:inspection_edit", "inspection", GET_POST, may=KEEP_INSPECTIONS, ministry=False),
    oversight_record("oversight:recommendation_new", "inspection", POST, may=KEEP_INSPECTIONS, ministry=False),
    oversight_record(
        "oversight:recommendation_follow_up", "recommendation", POST, may=KEEP_INSPECTIONS, ministry=False
    ),
    page("oversight:overdue", allow=OVERSIGHT_VIEWERS),
    page("oversight:review_list", allow=OVERSIGHT_VIEWERS | {MINISTRY}),
    page("oversight:review_new", GET_POST, allow=KEEP_PROGRAMME_RECORDS),
    oversight_record("oversight:review_detail", "review", may=OVERSIGHT_VIEWERS | {MINISTRY}, ministry=True),
    oversight_record("oversight:review_edit", "review", GET_POST, may=KEEP_PROGRAMME_RECORDS, ministry=True),
    oversight_record("oversight:review_figure_new", "review", POST, may=KEEP_PROGRAMME_RECORDS, ministry=True),
    oversight_record("oversight:review_figures_fill", "review", POST, may=KEEP_PROGRAMME_RECORDS, ministry=True),
    oversight_record("oversight:review_download", "review", may=OVERSIGHT_VIEWERS | {MINISTRY}, ministry=True),
    oversight_record("oversight:review_figure_delete", "figure", POST, may=KEEP_PROGRAMME_RECORDS, ministry=True),
    # Community programmes: peer groups and loans (a woman at risk's), awareness sessions
    page("programmes:group_list", allow=PROGRAMME_VIEWERS),
    page("programmes:group_new", GET_POST, allow=RUN_GROUPS, why="border guards hold sessions, not groups"),
    programme_record("programmes:group_detail", "group", may=PROGRAMME_VIEWERS),
    programme_record("programmes:funding_new", "group", GET_POST, may=RUN_GROUPS),
    programme_record("programmes:member_by_case_new", "group", GET_POST, may=RUN_GROUPS),
    programme_record("programmes:member_new", "group", GET_POST, may=RUN_GROUPS),
    programme_record("programmes:meeting_new", "group", GET_POST, may=RUN_GROUPS),
    programme_record("programmes:group_close", "group", POST, may=RUN_GROUPS),
    page("programmes:loan_list", allow=PROGRAMME_VIEWERS),
    page("programmes:loan_overdue", allow=PROGRAMME_VIEWERS),
    page("programmes:loan_new", GET_POST, allow=RUN_GROUPS),
    programme_record("programmes:loan_detail", "loan", may=PROGRAMME_VIEWERS),
    programme_record("programmes:repayment_new", "loan", POST, may=RUN_GROUPS),
    programme_record("programmes:loan_write_off", "loan", POST, may=RUN_GROUPS),
    page("programmes:session_list", allow=PROGRAMME_VIEWERS | {BORDER_GUARD}, why="border guards: their own sessions"),
    page("programmes:session_new", GET_POST, allow=RUN_GROUPS | {BORDER_GUARD}),
    page("programmes:session_import", GET_POST, allow=RUN_GROUPS | {BORDER_GUARD}),
    page("programmes:session_import_confirm", POST, allow=RUN_GROUPS | {BORDER_GUARD}, why="back to the import"),
    # Importing lists from the police and support facilities (imports/policies.py)
    page("imports:upload", GET_POST, allow=EDITORS, why="case.create of an area role; border guards record one by one"),
    record("imports:mapping", "import_batch", GET_POST, may=EDITORS, why="the batch's area; readers 403"),
    record("imports:dry_run", "import_batch", may=EDITORS, why="an audited search of persons, names via display tags"),
    record("imports:import", "import_batch", POST, may=EDITORS, why="nothing chosen: back to the dry run"),
    record("imports:decide", "import_batch", POST, may=EDITORS, why="choices of one page of the dry run"),
    record("imports:progress", "import_batch", may=EDITORS, why="n / N rows of a running import; counts only"),
    record("imports:error_report_xlsx", "import_batch", may=EDITORS, why="the rows not imported; audited export"),
    record("imports:error_report_csv", "import_batch", may=EDITORS, why="the rows not imported; audited export"),
)

# --- The Django admin (/quan-tri/) ------------------------------------------------------------------
#
# Only the system administrator uses the admin: the staff flag alone does not open it (a coordinator
# marked as staff by mistake gets nothing). Every admin page sends anyone else to the admin's sign-in
# page; that page sends visitors who are not signed in to ours (password, then second factor) and
# answers 403 to whoever is signed in without being the administrator. The audit trail is read-only.


@dataclass(frozen=True)
class AdminModel:
    """A model registered in the admin, and what the system administrator may do with it there."""

    label: str  # app_label.model_name
    add: bool = True
    change: bool = True  # False: the change page shows the record read-only and refuses a POST
    delete: bool = True
    extra: Mapping[str, Answer] = field(default_factory=dict)  # other URL names of its admin -> answer


ADMIN_MODELS: tuple[AdminModel, ...] = (
    AdminModel("auth.group"),
    AdminModel("axes.accessattempt", add=False),
    AdminModel("axes.accesslog", add=False),
    AdminModel("axes.accessfailurelog", add=False),
    AdminModel("audit.auditevent", add=False, change=False, delete=False),  # append-only trail
    AdminModel("geo.adminunit", add=False, delete=False),  # loaded by load_admin_units
    AdminModel("geo.unitsuccession", add=False, change=False, delete=False),
    AdminModel("agencies.user", extra={"auth_user_password_change": ALLOW}),
    AdminModel("agencies.agency"),
    AdminModel("agencies.membership"),
    AdminModel("support.regime"),
    AdminModel("support.regimerule"),
)


def admin_page(
    name: str,
    methods: tuple[str, ...] = GET,
    *,
    target: str | None = None,
    admin: Answer = ALLOW,
    others: Answer = ADMIN_LOGIN,
    anonymous: Answer = ADMIN_LOGIN,
    post_admin: Answer | None = None,
    why: str = "",
) -> Row:
    """An admin page: ``admin`` for the system administrator, ``others`` for every other signed-in role."""

    def grid(answer: Answer) -> dict[str, dict[Scope, Answer]]:
        return _grid(dict.fromkeys(SIGNED_IN, others) | {ADMIN: answer, ANONYMOUS: anonymous})

    post = grid(post_admin) if post_admin is not None else None
    return Row(name, methods, target, grid(admin), post_answers=post, why=why)


ADMIN_SITE_ROWS: tuple[Row, ...] = (
    admin_page("admin:index"),
    admin_page(
        "admin:login",
        GET_POST,
        others=FORBIDDEN,
        anonymous=LOGIN,
        why="ours is the only sign-in; the administrator is sent on to the admin",
    ),
    admin_page(
        "admin:logout",
        POST,
        others=ALLOW,
        anonymous=ALLOW,
        why="signs the administrator out; sends anyone else to the admin index, which refuses them",
    ),
    admin_page("admin:password_change", GET_POST),
    admin_page("admin:password_change_done"),
    admin_page("admin:autocomplete", admin=FORBIDDEN, why="no model admin offers autocompletion"),
    admin_page("admin:jsi18n"),
    admin_page("admin:view_on_site", target="view_on_site", admin=NOT_FOUND, why="no model has a public page"),
    admin_page("admin:app_list", target="app_label"),
    admin_page("quan-tri/(?P<url>.*)$", target="unknown_admin_path", admin=NOT_FOUND, why="the admin's catch-all"),
)

_ADMIN_MODEL_PAGES = {"changelist": None, "add": None, "history": "object", "delete": "object", "change": "object"}


def admin_model_rows(registry: Mapping[type, object], prefix: str) -> list[Row]:
    """Rows for the admin pages of each registered model that has an ``ADMIN_MODELS`` entry.

    The URL names come from the admin's registry, so a model registered without an entry has
    URLs without rows, which the resolver test reports. ``prefix`` is the admin's route ("quan-tri/").
    """
    known = {entry.label: entry for entry in ADMIN_MODELS}
    rows: list[Row] = []
    for model in registry:
        meta = model._meta  # type: ignore[attr-defined]
        entry = known.get(meta.label_lower)
        if entry is None:
            continue
        base = f"{meta.app_label}_{meta.model_name}"
        target = f"admin_object:{meta.label_lower}"
        may = {"changelist": True, "add": entry.add, "history": True, "delete": entry.delete, "change": True}
        for page_name, needs_object in _ADMIN_MODEL_PAGES.items():
            methods = GET_POST if page_name in ("add", "change") else GET
            answer = ALLOW if may[page_name] else FORBIDDEN
            post = (ALLOW if entry.change else FORBIDDEN) if page_name == "change" else None
            rows.append(
                admin_page(
                    f"admin:{base}_{page_name}",
                    methods,
                    target=target if needs_object else f"admin_model:{meta.label_lower}",
                    admin=answer,
                    post_admin=post,
                )
            )
        # The object's bare URL redirects to its change page.
        route = f"{prefix}{meta.app_label}/{meta.model_name}/<path:object_id>/"
        rows.append(admin_page(route, target=target, why="redirects to the change page"))
        rows.extend(admin_page(f"admin:{name}", target=target, admin=answer) for name, answer in entry.extra.items())
    return rows


def all_rows() -> list[Row]:
    """Every row: the application's URLs, the admin's own pages and the pages of each admin model."""
    from django.contrib import admin
    from django.urls import reverse

    prefix = reverse("admin:index").lstrip("/")
    return [*ROWS, *ADMIN_SITE_ROWS, *admin_model_rows(admin.site._registry, prefix)]


_SHORT = {ALLOW: "ok", NOT_FOUND: "404", FORBIDDEN: "403", LOGIN: "login", ADMIN_LOGIN: "admin", NA: "-"}


def as_text() -> str:
    """The matrix as a person reads it: one line per URL and method, one column per role.

    A page without a record shows one answer; a page about a record shows its three scopes,
    "own/other/addressed". ok = allowed, 403, 404, login = sign-in page, admin = the admin's, - = n/a.
    """
    width = 15
    lines = [f"{'URL name':<48}{'':<6}" + "".join(f"{role[: width - 1]:<{width}}" for role in ROLES)]
    for row in all_rows():
        for method in row.methods:
            cells = ["/".join(_SHORT[row.answer(role, scope, method)] for scope in row.scopes) for role in ROLES]
            lines.append(f"{row.name[:47]:<48}{method:<6}" + "".join(f"{cell:<{width}}" for cell in cells))
    return "\n".join(lines)


if __name__ == "__main__":
    import django

    django.setup()
    print(as_text())
