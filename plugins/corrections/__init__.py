"""Corrections and updates log: a notice no reader can miss, the log, dates, a site page."""

from .plugin import register

__all__ = ["register"]
