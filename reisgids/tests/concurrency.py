"""Run calls at the same moment, each in its own thread with its own database connection (for tests
marked ``django_db(transaction=True)``: the rows must be committed for the threads to see them)."""

import threading

from django.core.exceptions import ValidationError
from django.db import connections


def all_at_once(calls):
    """Start every ``call()`` together behind a barrier; return their outcomes in completion order:
    what the call returned (``"ok"`` for None) or the messages of the ``ValidationError`` it raised
    (any other exception fails the test)."""
    barrier = threading.Barrier(len(calls))
    outcomes, errors = [], []
    lock = threading.Lock()

    def run(call):
        try:
            barrier.wait()
            outcome = call()
            if outcome is None:
                outcome = "ok"
        except ValidationError as error:
            outcome = " ".join(error.messages)
        except Exception as error:  # noqa: BLE001 - reported to the test below
            with lock:
                errors.append(error)
            return
        finally:
            connections.close_all()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    assert len(outcomes) == len(calls), "a call did not finish in time"
    return outcomes
