"""The user's files, read and written safely: only regular files read, with a byte cap; writes atomic.

Reading opens with O_NONBLOCK (a FIFO never blocks the open), checks with fstat that it is a regular file,
then reads at most the cap (st_size is 0 for a device, so the size alone proves nothing). Writing
(write_atomically, the one way) goes through a temporary file in the same folder, renamed into place: a
reader never sees half a file, a device, FIFO or folder is never replaced, a symbolic link is never followed
out of the folder, and a replaced file keeps its mode. `-` (and /dev/stdout) writes to standard output.
"""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from trainer.core.errors import TrainerError

#: Names that mean "standard output" wherever a file to write is asked for.
STDOUT_NAMES = frozenset({"-", "/dev/stdout", "/dev/fd/1", "/proc/self/fd/1"})

#: The reason shown for an OSError, by errno: what a person can act on, not the C library's wording.
_REASONS = {
    errno.ENOENT: "no such file or folder",
    errno.EACCES: "permission denied",
    errno.EPERM: "permission denied",
    errno.EISDIR: "a folder, not a file",
    errno.ENOTDIR: "a part of the path is not a folder",
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the file system is read-only",
    errno.ELOOP: "too many symbolic links",
    errno.ENAMETOOLONG: "the name is too long",
    errno.EIO: "an input/output error (the disk may be failing)",
    errno.EFBIG: "the file is too large for this file system",
    errno.ETXTBSY: "the file is in use",
    errno.ENXIO: "no device behind it",
    errno.EMFILE: "too many files open",
}


class FileProblem(TrainerError):
    """A file that cannot be read or written; `str()` names the file and why, in one line."""

    def __init__(self, path: Path | str, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f"{printable_path(path)}: {reason}")


class FileExists(FileProblem):
    """The target exists and replacing it was not asked for."""


def printable_path(path: Path | str) -> str:
    """A path for a one-line message: control characters (a newline, an escape) shown escaped."""
    text = str(path)
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode("ascii") for c in text)


def has_control(text: str) -> bool:
    """True when `text` holds a control character (an escape sequence starts with one)."""
    return not text.isprintable() and any(_control(c) for c in text)


def printable_text(text: str) -> str:
    """Outside text for plain-text output: control characters escaped ("\\x1b"), line breaks and tabs kept."""
    if text.isprintable():
        return text
    return "".join(c.encode("unicode_escape").decode("ascii") if _control(c) and c not in "\n\t" else c for c in text)


def _control(char: str) -> bool:
    code = ord(char)
    return code < 0x20 or 0x7F <= code <= 0x9F


def os_reason(exc: OSError) -> str:
    """Why an operating-system call failed, as the system says it ("No space left on device")."""
    return exc.strerror or str(exc) or type(exc).__name__


def plain_reason(exc: OSError) -> str:
    """Why an operating-system call failed, in everyday words ("the disk is full")."""
    return _REASONS.get(exc.errno or 0) or os_reason(exc)


def kind_of(mode: int) -> str:
    """What a file is, for messages ("a FIFO (named pipe)")."""
    if stat.S_ISREG(mode):
        return "a file"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode):
        return "a character device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    return "not a regular file"


def not_regular(mode: int) -> str:
    """The reason given for refusing a file that is not a regular one."""
    return f"not a regular file ({kind_of(mode)})"


# --- reading ---------------------------------------------------------------------------------------------------


def read_bytes(path: Path | str, max_bytes: int, *, what: str = "file") -> bytes:
    """The bytes of a regular file of at most `max_bytes`; FileProblem for anything else.

    Never blocks on a FIFO, never reads a device, never reads past the cap (a file growing while it is read
    is cut off and refused as too large).
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise FileProblem(path, "cannot read (no such file)") from None
    except IsADirectoryError:
        raise FileProblem(path, "cannot read (a folder, not a file)") from None
    except OSError as exc:
        raise FileProblem(path, f"cannot read ({os_reason(exc)})") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileProblem(path, not_regular(info.st_mode))
        if info.st_size > max_bytes:
            raise FileProblem(path, too_large(info.st_size, max_bytes, what))
        chunks: list[bytes] = []
        left = max_bytes + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        if len(data) > max_bytes:
            raise FileProblem(path, too_large(len(data), max_bytes, what))
        return data
    except OSError as exc:
        raise FileProblem(path, f"cannot read ({os_reason(exc)})") from None
    finally:
        os.close(fd)


def open_stream(path: Path | str) -> BinaryIO:
    """A file or a pipe (a FIFO, `<(command)`) opened to read as a binary stream, in order.

    A device, a folder or a socket is refused with a FileProblem; the open itself never blocks.
    """
    flags = os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise FileProblem(path, "cannot read (no such file)") from None
    except OSError as exc:
        raise FileProblem(path, f"cannot read ({os_reason(exc)})") from None
    try:
        info = os.fstat(fd)
        if not (stat.S_ISREG(info.st_mode) or stat.S_ISFIFO(info.st_mode)):
            raise FileProblem(path, not_regular(info.st_mode))
        os.set_blocking(fd, True)  # a pipe's reads wait for its writer, as a stream should
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def too_large(size: int, max_bytes: int, what: str) -> str:
    """The reason given for a file over its cap, in the units that read best."""

    def shown(n: int) -> str:
        return f"{n / (1 << 20):.0f} MB" if n >= 1 << 20 else f"{max(1, n // 1024)} KB"

    return f"{shown(size)}; a {what} may be at most {shown(max_bytes)}"


def check_regular(path: Path | str) -> os.stat_result | None:
    """The file's status when it is a regular file (following links), None when it does not exist.

    FileProblem for anything else (a FIFO, a device, a folder): the caller must not open it.
    """
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise FileProblem(path, os_reason(exc)) from None
    if not stat.S_ISREG(info.st_mode):
        raise FileProblem(path, not_regular(info.st_mode))
    return info


# --- writing ---------------------------------------------------------------------------------------------------

Content = str | bytes | Callable[[BinaryIO], None]


def is_stdout(path: Path | str) -> bool:
    """True for `-` and the names of standard output."""
    return str(path) in STDOUT_NAMES


def write_atomically(
    path: Path | str,
    data: Content,
    *,
    replace: bool = True,
    new_mode: int = 0o600,
    check: Callable[[Path], None] | None = None,
) -> None:
    """Write `data` (text as UTF-8, bytes, or a function writing to a binary stream) to `path` atomically.

    The one way the app writes a user's file. `-` and /dev/stdout write to standard output. Otherwise the
    target must be absent or a regular file: a device, FIFO, folder or symbolic link is refused with a
    FileProblem naming it, and left as it is (a link is not followed: it may lead out of the folder the user
    named). A replaced file keeps its mode; a new one gets `new_mode` (0600: what the app writes holds the
    user's answers).
    With `replace` False an existing file is never replaced (FileExists). `check` is called with the
    temporary file before it takes the name (raise to refuse it).
    """
    if is_stdout(path):
        _write_stdout(data)
        return
    path = Path(path)
    if path.name in ("", ".", ".."):
        raise FileProblem(path, "not a file name")
    folder = path.parent
    mode = _target_mode(path, replace=replace, new_mode=new_mode)
    temp = folder / f".{path.name[:100]}.{secrets.token_hex(4)}.tmp"
    try:
        # O_EXCL and O_NOFOLLOW: the temporary name is ours alone, never a link planted to lead elsewhere
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0), 0o600)
    except OSError as exc:
        raise FileProblem(path, f"cannot write in {printable_path(folder)} ({os_reason(exc)})") from None
    try:
        with os.fdopen(fd, "wb") as out:
            if callable(data):
                data(out)
            else:
                out.write(data.encode("utf-8") if isinstance(data, str) else data)
            out.flush()
            os.fchmod(out.fileno(), mode)
            os.fsync(out.fileno())
        if check is not None:
            check(temp)
        _give_name(temp, path, replace=replace)
    except OSError as exc:
        raise FileProblem(path, f"cannot write ({os_reason(exc)})") from None
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temp)


def _target_mode(path: Path, *, replace: bool, new_mode: int) -> int:
    """The mode the written file gets; FileProblem when the target must not be replaced."""
    try:
        info = os.lstat(path)  # the name itself: a symbolic link is never followed
    except FileNotFoundError:
        return new_mode
    except OSError as exc:
        raise FileProblem(path, f"cannot write ({os_reason(exc)})") from None
    if stat.S_ISLNK(info.st_mode):
        raise FileProblem(path, "a symbolic link; give the file it points to (nothing was written)")
    if stat.S_ISDIR(info.st_mode):
        raise FileProblem(path, "a folder, not a file; give a file name inside it (nothing was written)")
    if not stat.S_ISREG(info.st_mode):
        raise FileProblem(path, f"{not_regular(info.st_mode)}; give a file name, or - for standard output")
    if not replace:
        raise FileExists(path, "already exists")
    return stat.S_IMODE(info.st_mode)


def _give_name(temp: Path, path: Path, *, replace: bool) -> None:
    if replace:
        os.replace(temp, path)  # replaces the name: a link planted meanwhile is replaced, never followed
        return
    try:
        # a hard link never replaces a file that appeared meanwhile
        os.link(temp, path, follow_symlinks=False)
    except FileExistsError:
        raise FileExists(path, "already exists") from None
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise
        # a file system without hard links: check, then rename (the race is only with the user themself)
        _target_mode(path, replace=False, new_mode=0)
        os.replace(temp, path)


def _write_stdout(content: Content) -> None:
    stream = sys.stdout.buffer if hasattr(sys.stdout, "buffer") else None
    try:
        if stream is None:  # a text-only stream (a test runner's capture)
            if callable(content):
                raise FileProblem("-", "cannot write binary data to this output")
            sys.stdout.write(content if isinstance(content, str) else content.decode("utf-8", "replace"))
            sys.stdout.flush()
            return
        sys.stdout.flush()
        if callable(content):
            content(stream)
        else:
            stream.write(content.encode("utf-8") if isinstance(content, str) else content)
        stream.flush()
    except BrokenPipeError:
        raise FileProblem("standard output", "closed by the reader") from None
    except OSError as exc:
        raise FileProblem("standard output", f"cannot write ({os_reason(exc)})") from None
