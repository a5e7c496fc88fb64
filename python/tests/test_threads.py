# One Converter shared by threads: the results are those of serial calls,
# the GIL is released while the library works, and close() waits for the
# calls in flight.
import itertools
import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import zhnorm

from conftest import DATA


@pytest.fixture(scope="module")
def sample():
    with open(os.path.join(DATA, "sample.txt"), encoding="utf-8") as f:
        return f.read()


def test_shared_converter_gives_serial_results(texts):
    inputs = [t for t in texts.values() for _ in range(4)]
    with zhnorm.Converter("s2twp") as c:
        serial_out = [c.convert(t) for t in inputs]
        serial_found = [c.check(t) for t in inputs]
        with ThreadPoolExecutor(max_workers=8) as pool:
            outs = list(pool.map(c.convert, inputs))
            found = list(pool.map(c.check, inputs))
            mixed = list(pool.map(lambda it: c.convert(it[1]) if it[0] % 2
                                  else c.check(it[1]), enumerate(inputs)))
    assert outs == serial_out
    assert found == serial_found
    assert mixed == [serial_out[i] if i % 2 else serial_found[i]
                     for i in range(len(inputs))]


def test_converters_in_threads(sample):
    # A Converter per thread, opened and closed there, works as well.
    def work(config):
        with zhnorm.Converter(config) as c:
            return c.convert(sample)
    configs = ["s2t", "s2tw", "s2twp", "s2hk"] * 2
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(work, configs))
    assert got == [work(c) for c in configs]


def gil_free_during(call):
    """Runs CALL while a pure-Python thread counts: returns how many of
    that thread's ticks fell in the middle half of the call.  While the GIL
    is held the thread cannot tick at all."""
    ticks = []
    stop = threading.Event()

    def counter():
        while not stop.is_set():
            ticks.append(time.monotonic())
            time.sleep(0)

    t = threading.Thread(target=counter)
    t.start()
    try:
        while not ticks:
            time.sleep(0.001)
        t0 = time.monotonic()
        call()
        t1 = time.monotonic()
    finally:
        stop.set()
        t.join()
    lo, hi = t0 + (t1 - t0) / 4, t1 - (t1 - t0) / 4
    assert t1 - t0 > 0.05, "the call was too short to tell"
    return sum(lo < x < hi for x in ticks)


def test_gil_is_released(sample):
    big = sample * (8 * 1024 * 1024 // len(sample.encode()))
    with zhnorm.Converter("s2twp") as c:
        assert gil_free_during(lambda: c.convert(big)) > 0
        assert gil_free_during(lambda: c.check(big)) > 0


def test_gil_check_can_fail():
    # The measure itself: a C call that holds the GIL gives no ticks.  A
    # sum over a C iterator runs no bytecode, so it never offers the GIL,
    # and 40 million items take well over the 50 ms the measure needs
    # (a sum over 20 MB of bytes took 45 ms on a fast machine).
    assert gil_free_during(lambda: sum(itertools.repeat(1, 40_000_000))) == 0


def test_close_waits_for_calls_in_flight(sample):
    big = sample * (4 * 1024 * 1024 // len(sample.encode()))
    c = zhnorm.Converter()
    want = c.convert(big)
    started = threading.Barrier(5)

    def work():
        started.wait()
        return c.convert(big)

    with ThreadPoolExecutor(max_workers=4) as pool:
        futs = [pool.submit(work) for _ in range(4)]
        started.wait()
        time.sleep(0.01)
        c.close()
        assert c.closed
        running = sum(not f.done() for f in futs)
        results = []
        for f in futs:
            try:
                results.append(f.result())
            except ValueError as e:     # began after the close
                assert "closed" in str(e)
    # The calls that began before the close finished, with the whole text.
    assert running > 0 or results
    assert all(r == want for r in results)
    with pytest.raises(ValueError):
        c.convert("中")
