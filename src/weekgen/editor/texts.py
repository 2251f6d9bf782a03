"""What `weekgen import` tells an editor, in one place: English for now, gathered here so that
the sentences can go through the site's message catalogues (issue 22) without a hunt through
the code. Each is a `str.format` template; the names in braces are filled in by the caller."""

from __future__ import annotations

# Reading the file (sheets.py)
MIXED_ENCODINGS = ("the file mixes two encodings: line {utf8} is UTF-8 and line {other} is "
                   "not, so some letters (é, ë) would come out garbled")
MIXED_ENCODINGS_HINT = ("open it in a spreadsheet program and save it again as 'CSV UTF-8', "
                        "or export it again from the form")
NOT_TEXT = "the file is neither UTF-8 nor Windows-1252 text (byte 0x{byte:02x})"
UNPACKS_TOO_LARGE = ("the spreadsheet unpacks to {size:,} MiB, more than a registration export "
                     "(at most {most} MiB)")
TOO_WIDE = "the sheet is {columns} columns wide (at most {most})"
TOO_LONG = "the sheet has more than {most} rows"
BOUNDS_HINT = ("is this the registrations export? Copy the rows into a new sheet, or export "
               "them as CSV, and import that")
HOLDS_DTD = "the spreadsheet holds a DTD (<!DOCTYPE or <!ENTITY) in {part}, which weekgen refuses"
HOLDS_DTD_HINT = ("a spreadsheet program never writes one: save the file again from Excel or "
                  "LibreOffice, or export it as CSV")

# What the file is and where its header is (importer.py)
SOURCE_KIND = "{name} is {kind} ({encoding}); its header is row {row}"
KIND_MS_FORMS = "a Microsoft Forms export"
KIND_GOOGLE_FORMS = "a Google Forms export"
KIND_SHEET = "a spreadsheet"
TITLE_ROW = "row {row} is above the header, skipped: '{text}'"

# What each column became
COLUMN_FIELD = "column '{header}' → {field}"
COLUMN_MAPPED = "column '{header}' → {field} (--map)"
COLUMN_IGNORED = "column '{header}' left out (--map '{header}=-')"
COLUMN_BOOKKEEPING = "column '{header}' left out: the form's bookkeeping, not the activity's"
COLUMN_PERSONAL = ("column '{header}' left out: personal data ({what}); to publish it anyway, "
                   "add --map '{header}=FIELD'")
COLUMN_TAKEN = "column '{header}' is not imported: column '{other}' gives '{field}'"
PERSONAL_NAMES = "the names of the people who filled in the form"
PERSONAL_EMAIL = "e-mail addresses"
PERSONAL_PHONE = "phone numbers"
PERSONAL_CONTACT = "a contact person"
NO_TITLE_HINT = ("a column 'Naam' holds the name of whoever filled in the form, so it is "
                 "never the title by itself: add --map '{header}=title' if it is the activity's")

# Writing the file
STALE_TEMP = "removed {path}, left by an import that was interrupted"
INTO_USAGE = ("--into {into!r} should be activities.yaml or activities/NAME.yaml: the files of "
              "content/{year}/ that hold activities")
