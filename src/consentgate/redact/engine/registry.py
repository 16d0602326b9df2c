"""The registry: which recognisers run for a text's language and the entity types asked.

As Presidio's ``RecognizerRegistry``: recognisers declare the languages they support and
the registry filters by them. A registry is also built from a configuration file naming
the recognisers, their languages and options, as Presidio's ``default_recognizers.yaml``
(see :meth:`RecognizerRegistry.from_config`).
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from consentgate.errors import ConfigError
from consentgate.redact.engine.recognizer import ANY_LANGUAGE, Recognizer, recognizer_class
from consentgate.redact.lang.packs import pack_codes


class RecognizerRegistry:
    """Holds recognisers and answers which ones run for a language and set of types."""

    def __init__(self, recognizers: Iterable[Recognizer] = ()) -> None:
        self._recognizers: list[Recognizer] = list(recognizers)
        self._cache: dict[tuple[str, frozenset[str] | None], tuple[Recognizer, ...]] = {}

    def add(self, recognizer: Recognizer) -> None:
        """Register one more recogniser."""
        self._recognizers.append(recognizer)
        self._cache.clear()

    def remove(self, name: str) -> None:
        """Drop every recogniser called ``name``."""
        self._recognizers = [r for r in self._recognizers if r.name != name]
        self._cache.clear()

    @property
    def recognizers(self) -> tuple[Recognizer, ...]:
        """All registered recognisers, in registration order."""
        return tuple(self._recognizers)

    @property
    def languages(self) -> frozenset[str]:
        """Languages some recogniser names explicitly."""
        return frozenset(
            lang for r in self._recognizers for lang in r.languages if lang != ANY_LANGUAGE
        )

    def get(self, lang: str, entity_types: Iterable[str] | None = None) -> tuple[Recognizer, ...]:
        """Recognisers for ``lang`` (restricted to ``entity_types`` when given).

        A language that has no pack and that no recogniser names ("und", "it") gets every
        recogniser: for privacy a false positive costs less than a missed name.
        """
        types = frozenset(entity_types) if entity_types is not None else None
        key = (lang, types)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        run_all = lang not in self.languages and lang not in pack_codes()
        chosen = tuple(
            r
            for r in self._recognizers
            if (run_all or r.supports(lang))
            and (types is None or types.intersection(r.entity_types))
        )
        self._cache[key] = chosen
        return chosen

    def to_dict(self) -> dict[str, object]:
        """Description of every recogniser, for manifests."""
        return {"recognizers": [r.to_dict() for r in self._recognizers]}

    @classmethod
    def from_dict(
        cls, data: Mapping[str, Any], member_names: Iterable[str] = ()
    ) -> RecognizerRegistry:
        """Rebuild a registry from :meth:`to_dict`; member names are not in the description
        (they are personal data) and come from ``member_names``."""
        recognizers = []
        for entry in data["recognizers"]:
            if entry["name"] == "member_names":
                recognizers.append(Recognizer.from_dict(entry, names=member_names))
            else:
                recognizers.append(Recognizer.from_dict(entry))
        return cls(recognizers)

    @classmethod
    def from_config(
        cls, source: Path | str, runtime: Mapping[str, Mapping[str, Any] | None] | None = None
    ) -> RecognizerRegistry:
        """The recognisers a TOML configuration file names, in its order.

        Each ``[[recognizer]]`` table has a ``name`` (see :func:`recognizer_class`) and
        optionally ``languages`` (default: the class's own; "*" for every language),
        ``enabled`` (default true) and ``options`` (keyword arguments of its class).
        ``runtime`` adds keyword arguments that no file may hold, by recogniser name
        (member names, the suppression list: personal data); a recogniser given None
        there is left out (an empty suppression list costs nothing).
        """
        path = Path(source)
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, tomllib.TOMLDecodeError) as error:
            raise ConfigError(f"{path}: {error}") from error
        given = runtime or {}
        recognizers: list[Recognizer] = []
        for index, entry in enumerate(data.get("recognizer", []), start=1):
            where = f"{path.name}: recognizer {index}"
            unknown = set(entry) - {"name", "languages", "enabled", "options", "doc"}
            if "name" not in entry or unknown:
                raise ConfigError(f"{where}: needs a name; unknown keys {sorted(unknown)}")
            name = str(entry["name"])
            if not entry.get("enabled", True) or (name in given and given[name] is None):
                continue
            # TOML arrays come as lists; the recognisers take tuples (immutable options).
            options = {
                key: tuple(value) if isinstance(value, list) else value
                for key, value in entry.get("options", {}).items()
            }
            options.update(given.get(name) or {})
            try:
                recognizer = recognizer_class(name)(**options)
            except (TypeError, ConfigError) as error:
                raise ConfigError(f"{where} ({name}): {error}") from error
            if "languages" in entry:
                recognizer.languages = tuple(str(lang) for lang in entry["languages"])
            recognizers.append(recognizer)
        return cls(recognizers)
