"""The crash drill: writers post timesheet entries while the whole server (gunicorn's master and
workers) is SIGKILLed at random moments and started again on the same data. Afterwards the
database passes its integrity check, every acknowledged write is stored exactly once, and every
write that got no answer, posted again with its idempotency key, is stored exactly once too.

Each restart costs an import of the app (2.5-4 s on two cores), so the default run (8 writers,
20 kills) takes 60-90 s. The long run, before a release or after a change to the database
layer, kills a hundred times (DRILL_WRITERS=24 gives the concurrency of the operator's trial):

    DRILL_KILLS=100 pytest tests/drills/test_crash.py

Each run prints its counts and its seed; DRILL_SEED=<seed> repeats its intervals between kills.
"""

import os
import random
import threading
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.drills.conftest import (
    ACKNOWLEDGED,
    ANSWERED_OK,
    IN_DOUBT,
    REFUSED,
    integrity_problems,
    stored_entries,
)

KILLS = int(os.environ.get("DRILL_KILLS", "20"))
WRITERS = int(os.environ.get("DRILL_WRITERS", "8"))
#: seconds the server serves between being ready and the next kill
UPTIME = (0.1, 0.6)


@pytest.mark.drill
def test_crash_drill(server, make_writers, capsys):
    seed = int(os.environ.get("DRILL_SEED") or random.SystemRandom().randrange(2**32))
    moments = random.Random(seed)
    writers = make_writers(WRITERS)
    serving, stop = threading.Event(), threading.Event()
    serving.set()
    began = time.monotonic()
    with ThreadPoolExecutor(len(writers)) as pool:
        running = [pool.submit(writer.run, serving, stop) for writer in writers]
        try:
            for _kill in range(KILLS):
                time.sleep(moments.uniform(*UPTIME))
                serving.clear()
                server.kill()
                server.start()
                serving.set()
            time.sleep(UPTIME[1])
        finally:
            stop.set()
        for writer_done in running:
            writer_done.result()
    writes = [write for writer in writers for write in writer.writes]
    counts = Counter(write.outcome for write in writes)
    # Posted again with its key, a write without an answer must end up stored once, whether or
    # not its first post was committed. A kill seldom falls between a commit and its answer, so
    # each writer's last acknowledged write is posted again too, as by a browser whose answer
    # was lost: the committed case, in every run.
    replays = []
    for writer in writers:
        replays += [(writer, write) for write in writer.writes if write.outcome == IN_DOUBT]
        acknowledged = [write for write in writer.writes if write.outcome == ACKNOWLEDGED]
        replays += [(writer, acknowledged[-1])] if acknowledged else []
    for writer, write in replays:
        writer.replay(write)
    server.kill()  # the checks read the database as a crash left it
    stored = stored_entries(writes)
    replayed = [write for _writer, write in replays if write.replay_status in ANSWERED_OK]
    lost = [write for write in writes if write.outcome == ACKNOWLEDGED and not stored[write.note]]
    lost += [write for write in replayed if write.outcome == IN_DOUBT and not stored[write.note]]
    with capsys.disabled():
        print(
            f"\ncrash drill (seed {seed}): {KILLS} kills, {len(writers)} writers, {len(writes)} "
            f"writes in {time.monotonic() - began:.0f} s: {counts[ACKNOWLEDGED]} acknowledged, "
            f"{counts[REFUSED]} refused, {counts[IN_DOUBT]} in doubt; {len(replays)} posted again "
            f"({counts[IN_DOUBT]} in doubt, {len(replays) - counts[IN_DOUBT]} acknowledged), "
            f"{len(replayed)} of them acknowledged; {len(lost)} lost"
        )

    assert integrity_problems() == []
    assert [
        (write.day, write.start_minute, write.status)
        for write in writes
        if write.outcome == REFUSED
    ] == []
    assert counts[ACKNOWLEDGED], "no write was acknowledged: the drill tested nothing"
    misstored = [
        (write.key, stored[write.note])
        for write in writes
        if write.outcome == ACKNOWLEDGED and stored[write.note] != write.stored_once
    ]
    assert misstored == []
    unresolved = [
        (write.key, write.status, write.replay_status, stored[write.note])
        for _writer, write in replays
        if write.replay_status not in ANSWERED_OK or stored[write.note] != write.stored_once
    ]
    assert unresolved == []
