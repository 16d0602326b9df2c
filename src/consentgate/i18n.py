"""The language of what a member reads: gettext catalogues (Babel), dates and numbers in the
locale's form.

The catalogues are `consentgate/locale/<lang>/LC_MESSAGES/messages.po`, compiled in memory
when first used (no binary .mo file in the tree). The current language is a context
variable: the web app sets it per request (Accept-Language, or the member's switch), every
other caller gets English. Messages are marked with `_` (gettext) and written in English;
a message without a translation shows in English.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import cache
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal
from babel.support import NullTranslations, Translations

LANGUAGES = ("en", "fr")
DEFAULT_LANGUAGE = "en"
LANGUAGE_NAMES = {"en": "English", "fr": "Français"}
# The locale that writes a language's dates and numbers: British English writes the day
# first ("3 November 2025"), as the network's notices do.
FORMAT_LOCALES = {"en": "en_GB", "fr": "fr_FR"}
LOCALE_DIR = Path(__file__).with_name("locale")
_current: ContextVar[str] = ContextVar("consentgate_language", default=DEFAULT_LANGUAGE)


@cache
def translations(language: str) -> NullTranslations:
    """The compiled catalogue of a language (English: the messages as written)."""
    path = LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"
    if language == DEFAULT_LANGUAGE or not path.is_file():
        return NullTranslations()
    with path.open("rb") as po:
        catalog = read_po(po, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer)


def current_language() -> str:
    return _current.get()


def set_language(language: str) -> None:
    """Use `language` for what follows in this context (a request's thread)."""
    _current.set(language if language in LANGUAGES else DEFAULT_LANGUAGE)


@contextmanager
def language(code: str) -> Iterator[None]:
    token = _current.set(code if code in LANGUAGES else DEFAULT_LANGUAGE)
    try:
        yield
    finally:
        _current.reset(token)


def gettext(message: str) -> str:
    return translations(_current.get()).ugettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(_current.get()).ungettext(singular, plural, n)


_ = gettext


def negotiate(accept_language: str | None) -> str:
    """The best of LANGUAGES for an Accept-Language header (`fr-CH,fr;q=0.9,en;q=0.8`)."""
    if not accept_language:
        return DEFAULT_LANGUAGE
    weighted: list[tuple[float, int, str]] = []
    for i, part in enumerate(accept_language.split(",")):
        tag, _sep, params = part.strip().partition(";")
        quality = 1.0
        if params.strip().startswith("q="):
            try:
                quality = float(params.strip()[2:])
            except ValueError:
                quality = 0.0
        if tag:
            weighted.append((-quality, i, tag.strip()))
    preferred = [tag.replace("-", "_") for q, _i, tag in sorted(weighted) if q < 0]
    try:
        found = Locale.negotiate(preferred, list(LANGUAGES), sep="_")
    except (UnknownLocaleError, ValueError):
        found = None
    return str(found.language) if found else DEFAULT_LANGUAGE


def _format_locale() -> str:
    return FORMAT_LOCALES.get(_current.get(), "en_GB")


def day(value: dt.date | dt.datetime | None) -> str:
    """A date as the language writes it: 3 Nov 2025, 3 nov. 2025."""
    if value is None:
        return ""
    return format_date(value, "medium", locale=_format_locale())


def long_day(value: dt.date | dt.datetime) -> str:
    """3 November 2025, 3 novembre 2025."""
    return format_date(value, "long", locale=_format_locale())


def when(value: dt.datetime | None) -> str:
    """A moment, in UTC, as the language writes it."""
    if value is None:
        return ""
    aware = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    text = format_datetime(aware, "medium", tzinfo=dt.UTC, locale=_format_locale())
    return f"{text} UTC"


def number(value: int | float) -> str:
    """1,234 in English, 1 234 in French."""
    return format_decimal(value, locale=_format_locale())


def N_(message: str) -> str:  # noqa: N802 (gettext's own name for it)
    """Mark a message for the catalogue where it is defined; `_` translates it where shown."""
    return message
