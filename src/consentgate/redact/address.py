"""Street addresses: number, street type and name, then optional unit, postcode and city.

English street types come from Faker's address providers (the 200-odd USPS suffixes)
plus their usual abbreviations; French ones are the "types de voie" in everyday use.
"""

from __future__ import annotations

import importlib
import re
from functools import cache

from consentgate.redact.base import Recognizer
from consentgate.redact.results import RecognizerResult

_UP = "A-ZÀ-ÖØ-Þ"
_W = r"[\w'’.-]"
_EN_ABBREVIATIONS = (
    "St|Ave|Av|Rd|Blvd|Ln|Dr|Ct|Pl|Sq|Hwy|Pkwy|Cir|Ter|Terr|Cres|Cl|Gdns|Mnr|Pk|Rte|Trl|Way"
)


@cache
def _english_street_types() -> str:
    types: set[str] = {"Street", "Avenue", "Road", "Lane", "Drive", "Close", "Mews", "Row"}
    for locale in ("en_US", "en_GB"):
        module = importlib.import_module(f"faker.providers.address.{locale}")
        types.update(getattr(module.Provider, "street_suffixes", ()))
    alternatives = sorted(types, key=len, reverse=True)
    return "|".join(re.escape(t) for t in alternatives) + "|" + _EN_ABBREVIATIONS


_FR_TYPES = (
    r"rue|avenue|av\.|bd|boulevard|all[ée]e|all[ée]es|chemin|impasse|place|quai|cours|route"
    r"|square|passage|voie|sentier|rond-point|r[ée]sidence|lieu-dit|hameau|cit[ée]|villa"
    r"|parvis|esplanade|promenade|faubourg|chauss[ée]e|mont[ée]e|traverse|sq\.|pl\."
)
_FR_PARTICLE = r"(?:de la |de l['’]|de |du |des |d['’]|la |le |les |l['’]|aux |au |à |sur |en )"

_UNIT = r"(?:,?[ \t]+(?:Apt\.?|Apartment|Suite|Ste\.?|Unit|Flat|Floor|#)[ \t]*[\w-]+)?"
_CITY = (
    rf"[{_UP}][a-zß-öø-ÿ'’.-]+"
    rf"(?:[ -](?:(?!Cedex\b)[{_UP}][a-zß-öø-ÿ'’.-]+|sur|sous|en|lès|les|le|la|de|du))*"
)
_SEP = r"(?:[ \t]*[,\n][ \t]*\n?[ \t]*,?[ \t]*|[ \t]+)"
_UK_POSTCODE = r"[A-Z]{1,2}\d[A-Z\d]?[ ]?\d[A-Z]{2}"
# After the street: city, state or county, then a ZIP code or a UK postcode; each optional.
_EN_TAIL = (
    rf"(?:{_SEP}{_CITY})?(?:{_SEP}[A-Z]{{2}}(?![\w]))?"
    rf"(?:{_SEP}(?:{_UK_POSTCODE}|\d{{5}}(?:-\d{{4}})?)(?![\w]))?"
)


@cache
def _english() -> re.Pattern[str]:
    types = _english_street_types()
    return re.compile(
        rf"(?<![\w.,-])\d{{1,6}}[A-Za-z]?(?:-\d{{1,4}})?,?[ \t]+"
        rf"(?:[{_UP}0-9][\w'’.-]*[ \t]+){{1,4}}(?:{types})\b\.?"
        rf"(?:[ \t]+(?:NW|NE|SW|SE|N|S|E|W)\b)?{_UNIT}"
        rf"{_EN_TAIL}"
    )


_FRENCH = re.compile(
    rf"(?<![\w.,-])\d{{1,4}}(?:[ ]?(?:bis|ter|quater|[A-Da-d])\b)?,?[ \t]+(?i:{_FR_TYPES})[ \t]+"
    rf"{_FR_PARTICLE}?[{_UP}0-9][\w'’-]*(?:[ \t]+{_FR_PARTICLE}?[{_UP}][\w'’-]*){{0,5}}"
    rf"(?:[ \t]*(?:,|\n)?[ \t]*\n?[ \t]*(?:\d{{5}}|\d{{2}} \d{{3}})[ \t]+{_CITY}"
    rf"(?:[ \t]+(?:CEDEX|Cedex)(?:[ \t]+\d{{1,2}})?)?"
    # Without a postcode, a single city name closing the phrase: "2 place Bellecour, Lyon".
    rf"|,[ \t]*[{_UP}][a-zß-öø-ÿ'’-]+(?=[ \t]*(?:$|[.;!?)\n])))?"
)


class StreetAddressRecognizer(Recognizer):
    """Postal addresses written the English way ("221B Baker Street") or the French way."""

    name = "street_address"
    entity_types = ("STREET_ADDRESS",)
    needs_digit = True

    def analyze(self, text: str, lang: str) -> list[RecognizerResult]:
        """Both patterns run whatever the language: people quote foreign addresses."""
        found: list[RecognizerResult] = []
        for pattern, score in ((_FRENCH, 0.8), (_english(), 0.75)):
            for m in pattern.finditer(text):
                end = m.end()
                while end > m.start() and text[end - 1] in " \t\n,.":
                    end -= 1
                found.append(RecognizerResult(m.start(), end, "STREET_ADDRESS", score, self.name))
        return found
