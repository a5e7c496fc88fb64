# Type hints for the zhnorm module (the C extension zhnorm._zhnorm).
import os
from types import TracebackType
from typing import Any, ClassVar, Iterable, Literal, Optional, Sequence, Union, final, overload

from _typeshed import structseq

__version__: str

StrPath = Union[str, "os.PathLike[str]"]

OK: int
EARG: int
ECONFIG: int
EDATA: int
ERULES: int
EUTF8: int
ECONVERT: int
ERULE: int

def version() -> str: ...

class Error(Exception):
    code: Optional[int]

class ArgumentError(Error, ValueError): ...
class ConfigError(Error): ...
class DataError(Error): ...
class RulesError(Error): ...
class InvalidUTF8Error(Error, ValueError): ...
class ConvertError(Error): ...
class RuleWarning(UserWarning): ...

@final
class Finding(structseq[Any], tuple[int, int, int, int, str, str, Optional[str], str, Optional[str]]):
    """An immutable tuple with named fields (a structseq, like os.stat_result)."""
    n_fields: ClassVar[int]
    n_sequence_fields: ClassVar[int]
    n_unnamed_fields: ClassVar[int]
    @property
    def line(self) -> int: ...
    @property
    def column(self) -> int: ...
    @property
    def offset(self) -> int: ...
    @property
    def length(self) -> int: ...
    @property
    def rule(self) -> str: ...
    @property
    def level(self) -> Literal["fix", "warn"]: ...
    @property
    def message(self) -> Optional[str]: ...
    @property
    def before(self) -> str: ...
    @property
    def after(self) -> Optional[str]: ...

@final
class Converter:
    def __init__(
        self,
        config: Optional[StrPath] = "s2t",
        *,
        profile: Optional[str] = "gov",
        tables: Optional[Iterable[StrPath]] = None,
        disable: Optional[Iterable[str]] = None,
        rules: bool = True,
        region: Optional[Literal["cn", "tw", "hk", "none"]] = None,
        markup: Literal["text", "html", "markdown"] = "text",
        engine: Literal["native", "libopencc"] = "native",
        opencc_data: Optional[StrPath] = None,
        tofu: bool = False,
        keep_markers: bool = False,
        invalid: Literal["error", "pass"] = "error",
        rules_path: Union[None, StrPath, Sequence[StrPath]] = None,
    ) -> None: ...
    @overload
    def convert(self, text: str, /) -> str: ...
    @overload
    def convert(self, text: bytes, /) -> bytes: ...
    def check(self, text: Union[str, bytes], /) -> list[Finding]: ...
    def close(self) -> None: ...
    @property
    def closed(self) -> bool: ...
    @property
    def config(self) -> Optional[str]: ...
    def __enter__(self) -> "Converter": ...
    def __exit__(
        self,
        exc_type: Optional[type[BaseException]],
        exc: Optional[BaseException],
        tb: Optional[TracebackType],
    ) -> None: ...
