"""A real, throwaway clamd (Debian's clamav-daemon) with a signature database of its own.

The machine has no internet, so freshclam cannot fetch ClamAV's databases: the daemon is given
one custom signature for the EICAR test string instead, which is all the tests need to see
clamd find something in a file and say so through INSTREAM. The daemon runs in the foreground
in a temporary folder (its socket, database, temporary files and log there), for the session,
and is stopped at the end. The system's own clamav-daemon, if any, is never used.
"""

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from app.uploads import malware
from tests.uploads.crafted import EICAR

CLAMD = Path("/usr/sbin/clamd")
#: a body signature (.ndb): any file type, anywhere in the file, the EICAR string's bytes
SIGNATURE_NAME = "Mentoru.Test.EICAR"
START_SECONDS = 30


@pytest.fixture(scope="session")
def clamd_socket(tmp_path_factory):
    """The path of a running clamd's socket that knows the EICAR test signature."""
    if not CLAMD.exists():
        pytest.skip("needs ClamAV's daemon (/usr/sbin/clamd): apt-get install clamav-daemon")
    folder = tmp_path_factory.mktemp("clamd")
    # A UNIX socket path must stay under ~108 bytes: pytest's temporary folders can be longer.
    socket_path = Path(f"/tmp/mentoru-clamd-{os.getpid()}.ctl")
    (folder / "test.ndb").write_text(f"{SIGNATURE_NAME}:0:*:{EICAR.hex()}\n")
    config = folder / "clamd.conf"
    config.write_text(
        f"LocalSocket {socket_path}\n"
        "Foreground yes\n"
        f"DatabaseDirectory {folder}\n"
        f"TemporaryDirectory {folder}\n"
        f"LogFile {folder / 'clamd.log'}\n"
        f"PidFile {folder / 'clamd.pid'}\n"
        "StreamMaxLength 30M\n"
        "SelfCheck 0\n"
    )
    # No User line: clamd runs as whoever runs the tests, and can read the folder.
    process = subprocess.Popen(  # noqa: S603 - our own command line
        [str(CLAMD), "-c", str(config)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + START_SECONDS
        while not malware.ping(str(socket_path), 1):
            if process.poll() is not None or time.monotonic() > deadline:
                log = (folder / "clamd.log").read_text() if (folder / "clamd.log").exists() else ""
                pytest.fail(f"clamd did not start:\n{log[-2000:]}")
            time.sleep(0.05)
        yield str(socket_path)
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        socket_path.unlink(missing_ok=True)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def no_clamd(tmp_path) -> str:
    """An address where nothing answers."""
    return str(tmp_path / "no-clamd.ctl")
