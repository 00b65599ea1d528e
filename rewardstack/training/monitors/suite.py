"""Runs a training run's monitors step by step: sliding windows, cooldowns, events."""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence

from rewardstack.training.monitors.config import MonitorConfig, MonitorsConfig
from rewardstack.training.monitors.detectors import DETECTORS
from rewardstack.training.monitors.events import MonitorEvent
from rewardstack.training.monitors.observation import StepObservation

__all__ = ["MonitorSuite"]


class MonitorSuite:
    """Feed one :class:`StepObservation` per step; get back the events that fired.

    A monitor reads only once its window is full, then stays silent for its cooldown after
    firing. ``should_stop`` / ``kl_multiplier`` summarise the actions of the last step.

    >>> import numpy as np
    >>> suite = MonitorSuite.from_config({"monitors": [{"kind": "kl_runaway", "window": 2, "max_kl": 1.0}]})
    >>> for step, kl in enumerate([0.5, 2.0, 3.0, 3.0, 3.0]):
    ...     events = suite.observe(StepObservation(step, np.zeros(2), np.ones(2), kl=kl))
    >>> [e.step for e in suite.events]  # mean KL of steps 0-1 is 1.25; then silent for 2 steps
    [1, 4]
    """

    def __init__(self, monitors: Sequence[MonitorConfig]):
        self.monitors = list(monitors)
        longest = max((m.window for m in self.monitors), default=1)
        self._history: deque[StepObservation] = deque(maxlen=longest)
        self._silent_until = [-1] * len(self.monitors)
        self.events: list[MonitorEvent] = []
        self.should_stop = False
        self.kl_multiplier = 1.0

    @classmethod
    def from_config(cls, config: MonitorsConfig | dict) -> MonitorSuite:
        cfg = config if isinstance(config, MonitorsConfig) else MonitorsConfig.model_validate(config)
        return cls(cfg.monitors)

    def observe(self, observation: StepObservation) -> list[MonitorEvent]:
        """Add a step; return the events it triggered (also appended to ``events``)."""
        self._history.append(observation)
        self.should_stop, self.kl_multiplier = False, 1.0
        fired = []
        for i, monitor in enumerate(self.monitors):
            if len(self._history) < monitor.window or observation.step < self._silent_until[i]:
                continue
            window = list(self._history)[-monitor.window:]
            reading = DETECTORS[type(monitor)](monitor, window)
            if reading is None or not reading.fired:
                continue
            self._silent_until[i] = observation.step + monitor.silent_steps + 1
            factor = monitor.kl_factor if monitor.action == "raise_kl" else None
            fired.append(MonitorEvent(step=observation.step, monitor=monitor.kind, action=monitor.action,
                                      value=reading.value, threshold=reading.threshold,
                                      message=reading.message, kl_factor=factor))
            self.should_stop |= monitor.action == "stop"
            if factor is not None:
                self.kl_multiplier *= factor
        self.events.extend(fired)
        return fired

    def state_dict(self) -> dict:
        """What a checkpoint keeps: the window, the cooldowns and the events (JSON-ready)."""
        return {"silent_until": list(self._silent_until), "events": [e.as_record() for e in self.events],
                "history": [o.as_dict() for o in self._history]}

    def load_state_dict(self, state: dict) -> None:
        self._silent_until = list(state["silent_until"])
        self.events = [MonitorEvent(**{k: v for k, v in e.items() if k != "event"}) for e in state["events"]]
        self._history.clear()
        self._history.extend(StepObservation.from_dict(o) for o in state.get("history", []))
