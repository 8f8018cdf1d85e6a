"""Front matter: YAML, TOML or ``Key: value`` headers (also Jekyll/Hugo/Quarto), clear errors."""

from .plugin import register

__all__ = ["register"]
