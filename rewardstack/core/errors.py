"""One error hierarchy, split by the boundary where the problem was found.

Sources never raise for a bad *sample* (that becomes a Score with status
``error``/``timeout``); these exceptions are for a broken *setup*: bad config,
a missing sandbox backend, an unknown plugin name.
"""

from __future__ import annotations

__all__ = [
    "CacheError",
    "ConfigError",
    "ModelNotFound",
    "ModelUnavailable",
    "RegistryError",
    "RewardStackError",
    "SandboxUnavailable",
    "SourceError",
]


class RewardStackError(Exception):
    """Base class of every error rewardstack raises on purpose."""


class ConfigError(RewardStackError, ValueError):
    """A stack/source/operator configuration is invalid (says which key and why)."""


class RegistryError(RewardStackError, KeyError):
    """Unknown or duplicate name in a registry."""

    def __str__(self) -> str:  # KeyError would repr() the message otherwise
        return str(self.args[0]) if self.args else ""


class SourceError(RewardStackError):
    """A reward source cannot be constructed or used (not: a bad sample)."""


class SandboxUnavailable(SourceError):
    """The requested sandbox backend does not work on this machine."""


class CacheError(RewardStackError):
    """The result cache cannot be opened or written."""


class ModelNotFound(ConfigError):
    """A model name is neither embedded, nor a folder on disk, nor in the local Hugging Face cache."""


class ModelUnavailable(RewardStackError):
    """A known model cannot be prepared or loaded here (download failed, extra missing, broken files)."""
