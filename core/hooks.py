"""Extension points, so that dependencies run one way.

A lower app declares a :class:`Hook` where it needs something only a higher app knows (the decisions app asks who
shows a decision's sealed PDFs; the records app provides it). Higher apps register an implementation from their
``AppConfig.ready``; the lower app calls the hook and never imports the app that answers.
"""

from collections.abc import Callable
from typing import Any


class Hook:
    """A named list of implementations, called in the order they were registered."""

    def __init__(self, name: str, doc: str = "") -> None:
        self.name = name
        self.__doc__ = doc
        self._implementations: list[Callable[..., Any]] = []

    def register(self, implementation: Callable[..., Any]) -> Callable[..., Any]:
        """Add ``implementation`` (usable as a decorator); registering the same one twice keeps one."""
        if implementation not in self._implementations:
            self._implementations.append(implementation)
        return implementation

    def call(self, *args: Any, **kwargs: Any) -> list[Any]:
        """Every implementation's answer, in order; ``None`` answers are left out."""
        answers = (implementation(*args, **kwargs) for implementation in self._implementations)
        return [answer for answer in answers if answer is not None]

    @property
    def implementations(self) -> tuple[Callable[..., Any], ...]:
        """The implementations, in order (for a caller that runs each on its own, e.g. catching each one's errors)."""
        return tuple(self._implementations)

    def __repr__(self) -> str:
        return f"<Hook {self.name}: {len(self._implementations)} implementation(s)>"
