"""Language packs as data, and the registry built from a configuration file."""

from __future__ import annotations

from pathlib import Path

import pytest

from consentgate.errors import ConfigError
from consentgate.redact import DEFAULT_CONFIG, RecognizerRegistry, Redactor, SuppressionList
from consentgate.redact.lang import packs
from consentgate.redact.lang.packs import (
    NEUTRAL,
    Lexicon,
    group_of,
    known_keys,
    lexicon_for,
    load_pack,
    pack_codes,
)


def test_every_pack_loads_and_every_entry_says_what_it_means() -> None:
    for code in (*pack_codes(), NEUTRAL):
        pack = load_pack(code)
        assert pack.docs, code
        assert all(doc.strip() for doc in pack.docs.values()), code
        assert set(pack.lists) | set(pack.numbers) == set(pack.docs), code


def test_an_entry_without_a_doc_line_is_refused_with_its_file() -> None:
    with pytest.raises(ConfigError, match=r"lang/zz.toml: \[person.titles\] needs a doc line"):
        packs._parse("zz", '[person.titles]\nwords = "mr"\n')
    with pytest.raises(ConfigError, match="lang/zz.toml"):
        packs._parse("zz", "[person.titles\n")


def test_english_and_french_texts_read_both_packs_as_before() -> None:
    assert group_of("en") == group_of("fr") == ("en", "fr")
    # German posts quote English and French: a German text reads the three packs.
    assert group_of("de") == ("de", "en", "fr")
    # A text of undetermined language, or of a language with no pack, reads them too.
    assert group_of("und") == group_of("it") == ("en", "fr")
    english, french = load_pack("en"), load_pack("fr")
    titles = lexicon_for("en").words("person.titles")
    assert titles == set(english.lists["person.titles"]) | set(french.lists["person.titles"])
    assert {"mr", "mme"} <= titles


def test_a_key_no_pack_defines_is_a_mistake() -> None:
    with pytest.raises(ConfigError, match="no language pack defines 'person.tittles'"):
        lexicon_for("en").words("person.tittles")
    assert "person.titles" in known_keys()


def test_numbers_come_from_the_neutral_pack_unless_a_language_sets_them() -> None:
    assert lexicon_for("en").number("person.likeness.after_role") == -1.0
    with pytest.raises(ConfigError, match="no language pack defines"):
        lexicon_for("en").number("person.likeness.nothing")


def test_an_alternation_with_no_item_never_matches() -> None:
    lex = Lexicon(())  # the neutral pack alone
    assert lex.alternation("person.conjunctions") == "(?!)"


def test_the_default_registry_is_the_shipped_file() -> None:
    redactor = Redactor(["Léa Moreau"])
    names = [r.name for r in redactor.registry.recognizers]
    assert names == [
        "member_names", "person_dictionary", "email", "url", "ip_address", "phone", "iban",
        "credit_card", "national_id", "de_tax_id", "street_address",
    ]  # fmt: skip
    assert DEFAULT_CONFIG.name == "recognizers.toml"
    # With erased members the suppressed names come second.
    erased = Redactor(["Léa Moreau"], suppressed=SuppressionList(b"k" * 32, ()))
    assert "suppressed_names" not in [r.name for r in erased.registry.recognizers]


def test_a_registry_from_a_file_with_languages_and_options(tmp_path: Path) -> None:
    config = tmp_path / "mine.toml"
    config.write_text(
        '[[recognizer]]\nname = "email"\n\n'
        '[[recognizer]]\nname = "phone"\nlanguages = ["fr"]\noptions = {regions = ["FR"]}\n\n'
        '[[recognizer]]\nname = "url"\nenabled = false\n',
        encoding="utf-8",
    )
    registry = RecognizerRegistry.from_config(config)
    assert [r.name for r in registry.recognizers] == ["email", "phone"]
    # The registry filters by language: phone runs on French texts only...
    assert [r.name for r in registry.get("en")] == ["email"]
    assert [r.name for r in registry.get("fr")] == ["email", "phone"]
    # ... and a language no recogniser names gets every recogniser.
    assert [r.name for r in registry.get("und")] == ["email", "phone"]
    redactor = Redactor(registry=registry)
    assert [s.type for s in redactor.analyze("Appelez le 06 12 34 56 78 ou a@b.fr", "fr")] == [
        "PHONE",
        "EMAIL",
    ]
    assert [s.type for s in redactor.analyze("Call 06 12 34 56 78 or a@b.fr", "en")] == ["EMAIL"]


def test_a_bad_registry_file_names_the_file_and_the_entry(tmp_path: Path) -> None:
    config = tmp_path / "bad.toml"
    config.write_text('[[recognizer]]\nname = "email"\n\n[[recognizer]]\nname = "fax"\n')
    with pytest.raises(ConfigError, match=r"bad.toml: recognizer 2 \(fax\): unknown recogniser"):
        RecognizerRegistry.from_config(config)
    config.write_text('[[recognizer]]\nname = "phone"\nlanguage = "fr"\n')
    with pytest.raises(ConfigError, match=r"bad.toml: recognizer 1: .*unknown keys \['language'\]"):
        RecognizerRegistry.from_config(config)
    with pytest.raises(ConfigError, match="missing.toml"):
        RecognizerRegistry.from_config(tmp_path / "missing.toml")


def test_recognisers_declare_their_languages() -> None:
    registry = RecognizerRegistry.from_config(DEFAULT_CONFIG, {"suppressed_names": None})
    declared = {r.name: r.languages for r in registry.recognizers}
    # The name and address rules read the packs: they support every language with one.
    assert declared["person_dictionary"] == declared["street_address"] == pack_codes()
    assert declared["de_tax_id"] == ("de",)
    assert declared["email"] == ("*",)
    assert registry.languages == {"de", "en", "fr"}
