"""The native module: the Rust library's stages behind one call."""

from os import PathLike
from typing import Any, Dict, Optional, Sequence, Tuple, Union

__version__: str

class SightlineError(Exception):
    """Everything Sightline refuses: the base of its exceptions."""

    field: Optional[str]
    problem: Optional[str]

class InputError(SightlineError):
    """A layer that cannot be read or used (file, feature, property)."""

class StudyError(SightlineError):
    """A study refused before any layer is read (its field, keyword or line)."""

class PlanError(SightlineError):
    """Layers that cannot be planned as asked."""

class MemoryLimitError(PlanError):
    """The demand grid or the coverage would not fit the memory limit."""

class OutputError(SightlineError):
    """An output that cannot be rendered or written."""

def run_study(
    study: Optional[str],
    layers: Sequence[Tuple[str, bytes]],
    *,
    points: Sequence[Tuple[str, bytes, bytes, Optional[str], Sequence[Tuple[str, str, Any]]]] = ...,
    path: Optional[Union[str, PathLike]] = None,
    task: str = "plan",
    format: Optional[str] = None,
    write: bool = False,
    command: str = "",
) -> Dict[str, Any]: ...
def solve_cover(
    weights: bytes,
    sites: bytes,
    demand: bytes,
    n_sites: int,
    p: int,
    *,
    method: str = "auto",
    time_limit: Optional[float] = None,
    effort: Optional[int] = None,
) -> Dict[str, Any]: ...
def check_study(study: Optional[str], *, path: Optional[Union[str, PathLike]] = None) -> str: ...
