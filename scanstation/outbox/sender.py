"""The sender: drains the outbox through one transport, politely and without losing anything.

One loop (a plain thread in the app, the foreground of ``scanstation outbox run``):

1. put ``sending`` items of dead senders back in the queue, flagged for reconciliation;
2. if the circuit breaker is open (the portal looks down), wait — never hammer it;
3. claim the next due item (a lease: no other sender can take it);
4. if the item may already have reached the portal (an earlier attempt's outcome is unknown),
   ask the portal by idempotency key first; if it has it, that is the receipt;
5. otherwise send; on a receipt → ``sent``; on a transient failure → back to ``queued`` with an
   exponential, jittered backoff that honours ``Retry-After``; on a refusal → ``failed``.

Item failures count towards ``held`` only while the breaker is closed (other dossiers get
through), so a long portal outage never parks good dossiers: it just waits. With
``until_empty`` the loop ends when nothing is queued or sending, or when the portal has given no
usable answer for ``give_up_after`` seconds (items stay queued, safe, for the next run).
"""

from __future__ import annotations

import logging
import os
import random
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from typing import Any

from ..errors import ScanStationError
from .errors import (
    OutboxStoreError,
    PermanentPortalError,
    PortalAnswerInvalidError,
    TransientPortalError,
)
from .lease import RunnerLease
from .queue import Outbox, OutboxItem
from .transports import Transport, env_float

log = logging.getLogger("scanstation.outbox.sender")


@dataclass
class SenderSettings:
    """Timings of the sender. Every field can be set from ``SCANSTATION_OUTBOX_<FIELD>``."""

    backoff_base: float = 0.5  # first retry after ~0.5 s …
    backoff_max: float = 60.0  # … doubling up to a minute
    retry_after_max: float = 300.0  # a Retry-After longer than this is capped
    max_failures: int = 12  # item-specific failures before the item is held for the officer
    breaker_threshold: int = 5  # consecutive portal-wide failures that open the breaker
    breaker_cooldown: float = 1.0  # first open period, doubling …
    breaker_cooldown_max: float = 60.0  # … up to this
    idle_poll: float = 1.0  # how often an idle sender looks for new items
    orphan_scan: float = 5.0  # how often to look for items left by dead senders
    give_up_after: float = 60.0  # until_empty: stop after failing this long without a break
    deadline: float = 0.0  # until_empty: hard stop after this many seconds (0 = none)

    @classmethod
    def from_env(cls, **overrides: Any) -> SenderSettings:
        settings = cls()
        for f in fields(cls):
            value = env_float(f"SCANSTATION_OUTBOX_{f.name.upper()}", getattr(settings, f.name))
            setattr(settings, f.name, int(value) if f.type == "int" else value)
        for key, value in overrides.items():
            if value is not None:
                setattr(settings, key, value)
        return settings


class CircuitBreaker:
    """Closed → (threshold consecutive portal-wide failures) → open for a cooldown → half-open:
    one probe; success closes it, failure reopens it with a doubled cooldown. A ``Retry-After``
    on a portal-wide answer (429/503) keeps it open at least that long."""

    def __init__(self, threshold: int, cooldown: float, cooldown_max: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.threshold = max(1, threshold)
        self.cooldown = cooldown
        self.cooldown_max = cooldown_max
        self.clock = clock
        self.failures = 0
        self.open_until = 0.0
        self.trips = 0
        self.failing_since: float | None = None  # start of the current run of failures
        self._current_cooldown = cooldown
        self._lock = threading.Lock()  # shared by the workers of one run

    @property
    def closed(self) -> bool:
        return self.failures < self.threshold

    def wait_time(self) -> float:
        return max(0.0, self.open_until - self.clock())

    def permit(self) -> float:
        """0 if a request may go now, else seconds to wait. While the breaker is open, only one
        caller at a time gets through when the pause ends (the half-open probe)."""
        with self._lock:
            now = self.clock()
            if now < self.open_until:
                return self.open_until - now
            if not self.closed:
                self.open_until = now + self._current_cooldown  # reserved for this probe
            return 0.0

    def answered(self) -> None:
        """The portal gave a usable answer (maybe a refusal): it is not down."""
        with self._lock:
            self.failing_since = None

    def success(self) -> None:
        with self._lock:
            self.failures = 0
            self.open_until = 0.0
            self.failing_since = None
            self._current_cooldown = self.cooldown

    def failure(self, retry_after: float | None = None) -> None:
        with self._lock:
            self._failure(retry_after)

    def _failure(self, retry_after: float | None) -> None:
        self.failures += 1
        now = self.clock()
        if self.failing_since is None:
            self.failing_since = now
        if self.failures >= self.threshold:
            if self.failures == self.threshold:
                self.trips += 1
                log.warning("outbox: the portal looks down; pausing %.1f s", self._current_cooldown)
            pause = self._current_cooldown
            self._current_cooldown = min(self.cooldown_max, self._current_cooldown * 2)
            self.open_until = max(self.open_until, now + pause)
        if retry_after:
            self.open_until = max(self.open_until, now + retry_after)


@dataclass
class RunStats:
    sent: int = 0
    reconciled: int = 0  # receipts obtained by asking the portal instead of sending
    retried: int = 0
    failed: int = 0
    held: int = 0
    attempts: int = 0
    breaker_trips: int = 0
    stopped_by: str = ""
    outcomes: dict[str, int] = field(default_factory=dict)


class Sender:
    """Drains ``outbox`` through ``transport``. ``stop`` (a threading.Event) ends it cleanly."""

    def __init__(
        self,
        outbox: Outbox,
        transport: Transport,
        settings: SenderSettings | None = None,
        *,
        stop: threading.Event | None = None,
        label: str = "",
        on_change: Callable[[OutboxItem | None], None] | None = None,
        breaker: CircuitBreaker | None = None,
    ) -> None:
        self.outbox = outbox
        self.transport = transport
        self.settings = settings or SenderSettings.from_env()
        self.stop = stop or threading.Event()
        self.lease = RunnerLease(outbox.runners_dir, label)
        self.breaker = breaker or CircuitBreaker(
            int(self.settings.breaker_threshold),
            self.settings.breaker_cooldown,
            self.settings.breaker_cooldown_max,
        )
        self.stats = RunStats()
        self.on_change = on_change
        self._random = random.Random(os.getpid() ^ time.time_ns())
        self._last_orphan_scan = 0.0

    def close(self) -> None:
        self.lease.close()

    # -- the loop

    def run(self, *, until_empty: bool = False) -> RunStats:
        started = time.monotonic()
        try:
            while not self.stop.is_set():
                now = time.monotonic()
                if now - self._last_orphan_scan >= self.settings.orphan_scan:
                    self.outbox.recover_orphans()
                    self._last_orphan_scan = now
                if until_empty:
                    if self.settings.deadline and now - started >= self.settings.deadline:
                        self.stats.stopped_by = "deadline"
                        break
                    failing = self.breaker.failing_since
                    if failing is not None and now - failing >= self.settings.give_up_after:
                        self.stats.stopped_by = "portal-unreachable"
                        break
                wait = self.breaker.permit()
                if wait > 0:
                    self.stop.wait(min(wait, self.settings.idle_poll))
                    continue
                item = self.outbox.claim(self.lease.id)
                if item is None:
                    if until_empty and self.outbox.counts().pending == 0:
                        self.stats.stopped_by = "empty"
                        break
                    # Another live sender may hold the rest; check for orphans soon.
                    due = self.outbox.next_due()
                    pause = self.settings.idle_poll
                    if due is not None:
                        pause = min(pause, max(0.01, due - time.time()))
                    self.stop.wait(pause)
                    continue
                self.process(item)
            else:
                self.stats.stopped_by = self.stats.stopped_by or "stop"
        finally:
            self.stats.breaker_trips = self.breaker.trips
        return self.stats

    # -- one item

    def process(self, item: OutboxItem) -> str:
        """Deliver one claimed item; returns the new state."""
        runner = self.lease.id
        self.stats.attempts += 1
        # A half-open probe says more about the portal than about the item.
        probe = not self.breaker.closed
        started = time.time()
        t0 = time.monotonic()
        action = "send"
        try:
            parcel = self.outbox.parcel(item)
            receipt = None
            if item.needs_reconcile:
                action = "lookup"
                receipt = self.transport.lookup(parcel)
                if receipt is None:
                    action = "send"
            if receipt is None:
                receipt = self.transport.deliver(parcel)
        except TransientPortalError as exc:
            return self._transient(item, exc, probe, action, started, t0)
        except PermanentPortalError as exc:
            self._answered()
            self._log(item, action, started, t0, "failed", exc.status, None, exc.reason)
            self.outbox.mark_failed(item.id, runner, exc.reason)
            self.stats.failed += 1
            log.warning("outbox: %s refused by the portal (%s)", item.id, exc.status)
            self._changed(item)
            return "failed"
        except PortalAnswerInvalidError as exc:
            # The portal says it stored the dossier but its receipt is unusable: a person must
            # find out what the portal holds; a retry asks the portal first.
            self._answered()
            self._log(item, action, started, t0, "held", exc.status, None, exc.reason)
            self.outbox.mark_held(item.id, runner, str(exc), reconcile=True)
            self.stats.held += 1
            log.warning("outbox: %s held: invalid receipt from the portal", item.id)
            self._changed(item)
            return "held"
        except OutboxStoreError as exc:
            self._log(item, action, started, t0, "held", None, None, "frozen copy damaged")
            self.outbox.mark_held(item.id, runner, exc.message_en, reconcile=item.needs_reconcile)
            self.stats.held += 1
            self._changed(item)
            return "held"
        except ScanStationError as exc:  # e.g. the local disk failed while reading blobs
            return self._transient(
                item, TransientPortalError(type(exc).__name__, ambiguous=False, portal_wide=False),
                probe, action, started, t0,
            )
        except Exception as exc:  # a malformed answer we did not foresee: never lose the item
            log.error("outbox: unexpected %s while sending %s", type(exc).__name__, item.id)
            return self._transient(
                item,
                TransientPortalError(f"unexpected {type(exc).__name__}", ambiguous=True,
                                     portal_wide=False),
                probe, action, started, t0,
            )
        self._answered()
        self.breaker.success()
        via = receipt.get("via", "send")
        self._log(item, action, started, t0, "sent", receipt.get("http_status"), None,
                  f"receipt via {via}")
        if not self.outbox.mark_sent(item.id, runner, receipt):
            log.error("outbox: lease of %s lost before its receipt was stored", item.id)
        self.stats.sent += 1
        if via == "lookup":
            self.stats.reconciled += 1
        self._changed(item)
        return "sent"

    def _transient(self, item: OutboxItem, exc: TransientPortalError, probe: bool, action: str,
                   started: float, t0: float) -> str:
        settings = self.settings
        retry_after = min(exc.retry_after, settings.retry_after_max) if exc.retry_after else None
        if exc.portal_wide:
            self.breaker.failure(retry_after)
        elif exc.status is not None:
            self._answered()  # e.g. 409 or 202: the portal is up, this item is just not done
        # Counts towards "held" only if it says something about this item: not a half-open
        # probe, and not one of the failures that show the whole portal is down.
        count = not probe and (not exc.portal_wide or self.breaker.closed)
        failures = item.failures + int(count)
        delay = self._backoff(item.attempts)
        if retry_after:
            delay = max(delay, retry_after)
        self._log(item, action, started, t0, "retry", exc.status, exc.retry_after, exc.reason)
        if failures >= settings.max_failures:
            reason = f"held after {failures} failures; last: {exc.reason}"
            self.outbox.mark_held(item.id, self.lease.id, reason, reconcile=exc.ambiguous)
            self.stats.held += 1
            log.warning("outbox: %s held after %d failures", item.id, failures)
            self._changed(item)
            return "held"
        self.outbox.mark_retry(
            item.id,
            self.lease.id,
            next_attempt_at=time.time() + delay,
            reason=exc.reason,
            reconcile=exc.ambiguous,
            count_failure=count,
        )
        self.stats.retried += 1
        self._changed(item)
        return "queued"

    def _backoff(self, failures: int) -> float:
        """Exponential backoff with "equal jitter": half fixed, half random (never zero, never
        in lock-step with other stations)."""
        exponent = min(max(failures - 1, 0), 30)
        ceiling = min(self.settings.backoff_max, self.settings.backoff_base * 2**exponent)
        return ceiling / 2 + self._random.uniform(0, ceiling / 2)

    def _answered(self) -> None:
        self.breaker.answered()

    def _log(self, item: OutboxItem, action: str, started: float, t0: float, outcome: str,
             status: int | None, retry_after: float | None, detail: str) -> None:
        self.stats.outcomes[outcome] = self.stats.outcomes.get(outcome, 0) + 1
        try:
            self.outbox.log_attempt(
                item.id, item.attempts, self.lease.id, action, self.transport.name, started,
                (time.monotonic() - t0) * 1000.0, outcome, http_status=status,
                retry_after=retry_after, detail=detail, defer=True,
            )
        except ScanStationError:  # a full disk must not stop the receipt from being recorded
            log.warning("outbox: could not log attempt of %s", item.id)
        log.info("outbox: %s %s attempt %d → %s %s", item.id, action, item.attempts, outcome,
                 status or "")

    def _changed(self, item: OutboxItem) -> None:
        if self.on_change is not None:
            self.on_change(self.outbox.get(item.id))


def run_workers(
    home: Any,
    transport_factory: Callable[[], Transport],
    settings: SenderSettings,
    *,
    workers: int = 2,
    until_empty: bool = False,
    stop: threading.Event | None = None,
) -> RunStats:
    """Several senders in threads (one slow or hanging answer does not hold up the others),
    sharing one circuit breaker: a down portal is paused for all of them at once. Each has its
    own SQLite connection and lease; the queue's leases keep them on different items."""
    stop = stop or threading.Event()
    breaker = CircuitBreaker(int(settings.breaker_threshold), settings.breaker_cooldown,
                             settings.breaker_cooldown_max)
    results: list[RunStats] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def work(n: int) -> None:
        try:
            with Outbox(home) as outbox:
                transport = transport_factory()
                sender = Sender(outbox, transport, settings, stop=stop, label=f"w{n}",
                                breaker=breaker)
                try:
                    stats = sender.run(until_empty=until_empty)
                finally:
                    sender.close()
                    transport.close()
            with lock:
                results.append(stats)
            if stats.stopped_by in ("deadline", "portal-unreachable"):
                stop.set()  # the others stop too: the run as a whole gives up
        except BaseException as exc:
            with lock:
                errors.append(exc)
            stop.set()

    threads = [threading.Thread(target=work, args=(n,), name=f"outbox-w{n}", daemon=True)
               for n in range(max(1, workers))]
    for thread in threads:
        thread.start()
    for thread in threads:
        while thread.is_alive():
            thread.join(0.2)  # short joins keep the main thread responsive to signals
    if errors:
        raise errors[0]
    total = RunStats()
    reasons = [r.stopped_by for r in results]
    for r in results:
        for name in ("sent", "reconciled", "retried", "failed", "held", "attempts"):
            setattr(total, name, getattr(total, name) + getattr(r, name))
        for key, value in r.outcomes.items():
            total.outcomes[key] = total.outcomes.get(key, 0) + value
    total.breaker_trips = breaker.trips
    for reason in ("portal-unreachable", "deadline", "empty", "stop"):
        if reason in reasons:
            total.stopped_by = reason
            break
    return total


class SenderThread(threading.Thread):
    """The app's background sender: a plain daemon thread with its own Outbox connection.

    ``stop()`` asks it to finish the current attempt and return; no Qt involved (the UI polls
    ``Outbox.items()`` or passes ``on_change``)."""

    def __init__(self, home: Any, transport_factory: Callable[[], Transport],
                 settings: SenderSettings | None = None,
                 on_change: Callable[[OutboxItem | None], None] | None = None) -> None:
        super().__init__(name="scanstation-outbox", daemon=True)
        self.home = home
        self.transport_factory = transport_factory
        self.settings = settings
        self.on_change = on_change
        self.stop_event = threading.Event()
        self.stats: RunStats | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            with Outbox(self.home) as outbox:
                transport = self.transport_factory()
                sender = Sender(outbox, transport, self.settings, stop=self.stop_event,
                                label="app", on_change=self.on_change)
                try:
                    self.stats = sender.run(until_empty=False)
                finally:
                    sender.close()
                    transport.close()
        except BaseException as exc:  # reported to the UI, never a crash of the app
            self.error = exc
            log.error("outbox: background sender stopped: %s", type(exc).__name__)

    def stop(self, timeout: float | None = None) -> None:
        self.stop_event.set()
        self.join(timeout)
