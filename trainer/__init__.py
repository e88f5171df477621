"""trainer: practise job interviews out loud in the terminal."""

__version__ = "0.1.0"
