# Technical writing: no formulae or phrasing tables; spaces between
# Chinese and Latin letters or digits, as autocorrect and pangu do.
unicode
protect
convfix
numbers
punct
spacing
