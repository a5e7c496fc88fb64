# The default profile: official text (mainland, Taiwan and Hong Kong).
# Tables run in this order (each rule where its script and region say).
unicode
protect
annotation
convfix
numbers
formulae
phrasing
punct
govspacing
