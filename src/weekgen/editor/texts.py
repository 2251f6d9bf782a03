"""What `weekgen import` tells an editor, in one place. Each is a `Text` of the message
catalogues, English, a `str.format` template whose names in braces the caller fills in; the
command line says it in the site's language (`weekgen.messages.said`)."""

from __future__ import annotations

from weekgen.messages import N_

# Reading the file (sheets.py)
MIXED_ENCODINGS = N_("the file mixes two encodings: line {utf8} is UTF-8 and line {other} is "
                      "not, so some letters (é, ë) would come out garbled")
MIXED_ENCODINGS_HINT = N_("open it in a spreadsheet program and save it again as 'CSV UTF-8', "
                           "or export it again from the form")
NOT_TEXT = N_("the file is neither UTF-8 nor Windows-1252 text (byte 0x{byte:02x})")
UNPACKS_TOO_LARGE = N_("the spreadsheet unpacks to {size:,} MiB, more than a registration export "
                        "(at most {most} MiB)")
TOO_WIDE = N_("the sheet is {columns} columns wide (at most {most})")
TOO_LONG = N_("the sheet has more than {most} rows")
BOUNDS_HINT = N_("is this the registrations export? Copy the rows into a new sheet, or export "
                  "them as CSV, and import that")
HOLDS_DTD = N_("the spreadsheet holds a DTD (<!DOCTYPE or <!ENTITY) in {part}, which weekgen "
               "refuses")
HOLDS_DTD_HINT = N_("a spreadsheet program never writes one: save the file again from Excel or "
                     "LibreOffice, or export it as CSV")

# What the file is and where its header is (importer.py)
SOURCE_KIND = N_("{name} is {kind} ({encoding}); its header is row {row}")
KIND_MS_FORMS = N_("a Microsoft Forms export")
KIND_GOOGLE_FORMS = N_("a Google Forms export")
KIND_SHEET = N_("a spreadsheet")
TITLE_ROW = N_("row {row} is above the header, skipped: '{text}'")

# What each column became
COLUMN_FIELD = N_("column '{header}' → {field}")
COLUMN_MAPPED = N_("column '{header}' → {field} (--map)")
COLUMN_IGNORED = N_("column '{header}' left out (--map '{header}=-')")
COLUMN_BOOKKEEPING = N_("column '{header}' left out: the form's bookkeeping, not the activity's")
COLUMN_PERSONAL = N_("column '{header}' left out: personal data ({what}); to publish it anyway, "
                      "add --map '{header}=FIELD'")
COLUMN_TAKEN = N_("column '{header}' is not imported: column '{other}' gives '{field}'")
PERSONAL_NAMES = N_("the names of the people who filled in the form")
PERSONAL_EMAIL = N_("e-mail addresses")
PERSONAL_PHONE = N_("phone numbers")
PERSONAL_CONTACT = N_("a contact person")
NO_TITLE_HINT = N_("a column 'Naam' holds the name of whoever filled in the form, so it is "
                    "never the title by itself: add --map '{header}=title' if it is the activity's")

# Writing the file
STALE_TEMP = N_("removed {path}, left by an import that was interrupted")
INTO_USAGE = N_("--into {into!r} should be activities.yaml or activities/NAME.yaml: the files of "
                 "content/{year}/ that hold activities")
