"""A warm fork server for the limited child processes: one start per process, not per file.

Starting a fresh Python for every file (``spawn``) and importing pdfplumber, Pillow and the
parser in it cost ~0.5 s; the reading itself a few milliseconds. So each process that
reads (a ``db_worker``, a gunicorn worker, ``runserver``, ``manage.py extract_letter``)
starts, on first use, one small *fork server*: a fresh Python that imports
the readers once and then forks a child per job. Forking there is safe (the server runs
one thread and holds no locks); forking the Django process itself, with its threads and
database connections, would not be.

A job:

1. the caller makes a socket pair and hands one end to the server over the control
   connection (``SCM_RIGHTS``; the only step under a lock, so any number of threads run
   jobs side by side);
2. the server forks; the child leads its own process group (so Tesseract, Poppler and
   OCRmyPDF's helpers below it die with it), sends its pid, receives the job, sets
   RLIMIT_AS on itself, runs it and sends progress and its outcome;
3. the caller waits at most the time limit, then kills the child's whole group;
4. when the child ends, however it ends, the server reaps it, kills what is left of its
   group and sends its exit status on the job's socket: a child killed by the memory limit
   or a segfault reads as ``died`` with its code, never as a hang.

A server that dies (killed, or its parent's limits) is started again by the next job; a
server whose parent goes away (the control connection closes, whatever killed the parent)
kills its children and exits, and so does one ended with SIGTERM: no process outlives the
one that started it.
"""

from __future__ import annotations

import importlib
import os
import resource
import signal
import socket
import subprocess
import sys
import tempfile
import threading
from multiprocessing.connection import Connection, wait
from multiprocessing.reduction import recv_handle, send_handle

from documents.formats import PDF, UnreadableFile
from documents.pdf_objects import pdf_from_objects

# Imported once in the server, so that no child pays for them. ocrmypdf is left out: it
# is heavy and only the PDF/A job, which takes seconds anyway, needs it.
PRELOAD = (
    "documents.extraction.runner",
    "documents.extraction.pdf_text",
    "documents.validation",
    "documents.derived",
    "pdfminer.pdfdocument",
    "PIL.Image",
    "PIL.ImageOps",
)


# --------------------------------------------------------------------------------------
# In the server
# --------------------------------------------------------------------------------------


def _preload() -> None:
    """Import the readers, then read a small letter once: pdfminer's font tables, the
    parser's regular expressions and the like are built lazily, on first use, and would
    otherwise be built again in every child (some 50 ms a file)."""
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - a child that needs it reports the error itself
            pass
    try:  # by name: the readers import this module (through the runner)
        read = importlib.import_module("documents.extraction.runner").read_in_process
        probe = importlib.import_module("documents.validation").probe_in_child
        with tempfile.TemporaryDirectory(prefix="lontar-warm-") as folder:
            sample = os.path.join(folder, "warm.pdf")
            with open(sample, "wb") as handle:
                handle.write(_warm_pdf())
            read(sample)
            probe(PDF, sample, 1_000_000)
    except Exception:  # noqa: BLE001 - only a warm-up
        pass


_WARM_LINES = (
    "PEMERINTAH KOTA CONTOH",
    "DINAS KOMUNIKASI DAN INFORMATIKA",
    "Nomor : 005/1/Diskominfo/2026          Contoh, 2 Januari 2026",
    "Sifat : Biasa",
    "Perihal : Undangan",
    "Kepada Yth. Bapak Wali Kota",
    "Hari/Tanggal : Senin, 5 Januari 2026",
    "Pukul : 09.00 WITA s.d. selesai",
    "Tempat : Aula Kantor",
    "Acara : Rapat Koordinasi",
)


def _warm_pdf() -> bytes:
    """A one-page text PDF of ``_WARM_LINES`` (Helvetica), for the warm-up read."""
    text = "\n".join(f"({line}) '" for line in _WARM_LINES)
    stream = f"BT /F1 11 Tf 14 TL 72 770 Td\n{text}\nET".encode("latin-1")
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]"
        b"/Resources<</Font<</F1 5 0 R>>>>/Contents 4 0 R>>",
        b"<</Length %d>>stream\n" % len(stream) + stream + b"\nendstream",
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica/Encoding/WinAnsiEncoding>>",
    ]
    return pdf_from_objects(objects)


def serve(control: Connection) -> None:
    """The server's loop: a forked child per socket received on ``control``."""
    _preload()
    wake_reader, wake_writer = os.pipe()
    os.set_blocking(wake_writer, False)
    signal.set_wakeup_fd(wake_writer)
    children: dict[int, Connection] = {}
    signal.signal(signal.SIGCHLD, lambda *_: None)  # only to wake the loop
    signal.signal(signal.SIGTERM, lambda *_: _stop(children))
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # ^C reaches the parent, which ends us
    try:
        while True:
            ready = wait([control, wake_reader])
            if wake_reader in ready:
                try:
                    os.read(wake_reader, 512)
                except BlockingIOError:
                    pass
            _reap(children)
            if control in ready:
                try:
                    handle = recv_handle(control)
                except (EOFError, OSError):
                    break  # the parent is gone
                job = Connection(handle)
                pid = os.fork()
                if pid == 0:
                    for other in children.values():  # other jobs' sockets are not ours
                        other.close()
                    _in_child(job, control, wake_reader, wake_writer)  # never returns
                children[pid] = job
    finally:
        _stop(children)


def _reap(children: dict[int, Connection]) -> None:
    while children:
        try:
            pid, status = os.waitpid(-1, os.WNOHANG)
        except ChildProcessError:
            return
        if pid == 0:
            return
        _kill_group(pid)  # helpers the child left behind
        job = children.pop(pid, None)
        if job is None:
            continue
        code = os.waitstatus_to_exitcode(status)
        try:
            job.send(("exit", code))
        except OSError:
            pass  # the caller stopped listening (it had its answer, or gave up)
        job.close()


def _stop(children: dict[int, Connection]) -> None:
    for pid in list(children):
        _kill_group(pid)
    for pid in list(children):
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:
            pass
        children.pop(pid).close()
    os._exit(0)


def _kill_group(pid: int) -> None:
    try:
        os.killpg(pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _in_child(connection: Connection, control: Connection, *fds: int) -> None:
    """The forked child: the job received on ``job``, under its limits. Exits, never
    returns into the server's loop."""
    code = 0
    try:
        signal.set_wakeup_fd(-1)
        for number in (signal.SIGCHLD, signal.SIGTERM, signal.SIGINT):
            signal.signal(number, signal.SIG_DFL)
        control.close()
        for fd in fds:
            os.close(fd)
        os.setsid()  # one process group: killing it also ends tesseract/pdftoppm below us
        _die_with_server()
        connection.send(("pid", os.getpid()))
        target, args, memory_limit = connection.recv()
        _run_job(connection, target, args, memory_limit)
    except BaseException:  # noqa: BLE001 - the exit code tells the caller
        code = 70
    finally:
        os._exit(code)


def _die_with_server() -> None:
    """SIGKILL this child should the server die (Linux; the server runs one thread, so
    the signal is tied to the server's life, not to a thread's)."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() == 1:  # the server died before the line above
        os._exit(70)


def _run_job(connection: Connection, target: str, args: tuple, memory_limit: int) -> None:
    if memory_limit:
        resource.setrlimit(resource.RLIMIT_AS, (memory_limit, memory_limit))
    try:
        module_name, function_name = target.split(":")
        function = getattr(importlib.import_module(module_name), function_name)
        result = function(*args, lambda percent: connection.send(("progress", percent)))
        connection.send(("ok", result))
    except MemoryError:
        connection.send(("memory", ""))
    except UnreadableFile as exc:  # ExtractionError, or a file that is no scan at all
        connection.send(("refused", str(exc)))
    except Exception as exc:
        connection.send(("crashed", f"{type(exc).__name__}: {exc}"))
    connection.close()


# --------------------------------------------------------------------------------------
# In the caller
# --------------------------------------------------------------------------------------


class ServerGone(RuntimeError):
    """The fork server could not take the job (it died, or could not start)."""


class _Server:
    """This process's fork server, started on first use and again after it dies.

    Started as a plain ``python -c`` (not multiprocessing's spawn, which would import the
    caller's ``__main__`` again) with the caller's ``sys.path``; it reads jobs from a
    socket it inherits and exits when that socket closes, i.e. when this process ends."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.owner = 0  # the pid that started it: a fork of this process starts its own
        self.process: subprocess.Popen | None = None
        self.control: Connection | None = None

    def _start(self) -> None:
        self.shutdown()
        ours, theirs = socket.socketpair()
        path = os.pathsep.join(entry for entry in sys.path if entry)
        process = subprocess.Popen(
            [sys.executable, "-c", _MAIN, str(theirs.fileno())],
            pass_fds=[theirs.fileno()],
            stdin=subprocess.DEVNULL,
            env={**os.environ, "PYTHONPATH": path},
        )
        theirs.close()
        self.process, self.control, self.owner = process, Connection(ours.detach()), os.getpid()

    def _alive(self) -> bool:
        return (
            self.owner == os.getpid() and self.process is not None and self.process.poll() is None
        )

    def submit(self, job: socket.socket) -> None:
        """Hand ``job`` (the child's end) to the server; start it first if need be."""
        with self.lock:
            for attempt in range(2):
                if not self._alive():
                    self._start()
                assert self.process is not None and self.control is not None
                try:
                    send_handle(self.control, job.fileno(), self.process.pid)
                    return
                except OSError as exc:
                    if attempt:
                        raise ServerGone(str(exc)) from exc
                    self.process = None  # died since the last job: start another

    def pid(self) -> int | None:
        """The server's pid, if this process has one running."""
        with self.lock:
            return self.process.pid if self._alive() and self.process else None

    def shutdown(self) -> None:
        """Stop the server (its children die with it); the next job starts another."""
        process, control = self.process, self.control
        self.process = self.control = None
        if self.owner != os.getpid():
            return  # a fork's copy: the server belongs to the process that started it
        if control is not None:
            control.close()  # the server sees the end, kills its children and exits
        if process is not None:
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


_MAIN = (
    "import sys; from multiprocessing.connection import Connection; "
    "from documents.extraction.forkserver import serve; serve(Connection(int(sys.argv[1])))"
)


SERVER = _Server()


def open_job() -> Connection:
    """A connection to a fresh forked child: ``recv()`` gives ``("pid", n)`` first; then
    send ``(target, args, memory_limit)``. Raises ServerGone if no server takes it."""
    ours, theirs = socket.socketpair()
    try:
        SERVER.submit(theirs)
    finally:
        theirs.close()
    return Connection(ours.detach())
