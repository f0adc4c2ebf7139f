from django.utils.translation import gettext_lazy as _

from core.errors import ErrorCode

FILE_TOO_LARGE = ErrorCode("imports.file_too_large", _("The file is larger than %(limit)s MB."))
FILE_TYPE = ErrorCode("imports.file_type", _("Upload an .xlsx or .csv file."))
FILE_UNREADABLE = ErrorCode(
    "imports.file_unreadable", _("The file cannot be read. Save it again as .xlsx, or as .csv in UTF-8.")
)
FILE_EMPTY = ErrorCode("imports.file_empty", _("The file has a header row but no rows of people."))
TOO_MANY_ROWS = ErrorCode("imports.too_many_rows", _("The file has more than %(limit)s rows; split it."))
FILE_ALREADY_UPLOADED = ErrorCode(
    "imports.file_already_uploaded",
    _("This file was already uploaded on %(uploaded)s (letter %(letter)s of %(date)s); it is not imported twice."),
)
SENDER_NOT_IN_FORCE = ErrorCode("imports.sender_not_in_force", _("This agency cannot send lists."))
LETTER_DATE_IN_FUTURE = ErrorCode("imports.letter_date_in_future", _("The letter date cannot be in the future."))
MAPPING_REQUIRED = ErrorCode(
    "imports.mapping_required", _("Choose the columns of at least the full name and the commune.")
)
MAPPING_COLUMN_TWICE = ErrorCode("imports.mapping_column_twice", _("A column can fill only one field."))
NOT_MAPPED = ErrorCode("imports.not_mapped", _("Choose the columns of the file first."))
ALREADY_IMPORTED = ErrorCode("imports.already_imported", _("This list has already been imported."))
ROW_FAILED = ErrorCode(
    "imports.row_failed", _("Row %(row)s could not be imported: %(message)s Nothing of the list was imported.")
)
SAME_AS_NOT_FOUND = ErrorCode("imports.same_as_not_found", _("The person chosen cannot be found."))
NOTHING_CHOSEN = ErrorCode("imports.nothing_chosen", _("Choose what to do with at least one row."))
IMPORT_RUNNING = ErrorCode("imports.import_running", _("This list is being imported; wait for the import to finish."))
IMPORT_FAILED = ErrorCode(
    "imports.import_failed",
    _("The import failed and nothing of the list was imported. Try again; if it fails again, tell the administrator."),
)
IMPORT_INTERRUPTED = ErrorCode(
    "imports.import_interrupted",
    _("The import stopped before it finished (the server restarted); nothing was imported. Start it again."),
)
