"""Example rewardstack plugin: ``keyword_present``."""

from rewardstack_plugin_example.keyword import KeywordPresentConfig, KeywordPresentSource

__all__ = ["KeywordPresentConfig", "KeywordPresentSource"]
