# zhnorm: the Python module of zhnorm, a C extension over libzhnorm
# (_zhnorm.c), whose docstrings are the manual: help(zhnorm).
from ._zhnorm import (
    __doc__,
    __version__,
    ArgumentError,
    ConfigError,
    Converter,
    ConvertError,
    DataError,
    Error,
    Finding,
    InvalidUTF8Error,
    RulesError,
    RuleWarning,
    version,
    OK,
    EARG,
    ECONFIG,
    EDATA,
    ERULES,
    EUTF8,
    ECONVERT,
    ERULE,
)

__all__ = [
    "ArgumentError", "ConfigError", "Converter", "ConvertError", "DataError",
    "Error", "Finding", "InvalidUTF8Error", "RulesError", "RuleWarning",
    "version", "OK", "EARG", "ECONFIG", "EDATA", "ERULES", "EUTF8",
    "ECONVERT", "ERULE",
]
