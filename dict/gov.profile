# The default profile: official text.
