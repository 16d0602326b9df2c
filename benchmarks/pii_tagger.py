"""Experiment: does a learned token tagger, stacked on the rules, raise held-out recall?

An averaged perceptron (greedy, left to right, three tags: O, PERSON, STREET_ADDRESS)
reads each token's shape, its neighbours (everyday words by identity, others by shape),
dictionary membership, the name model's score and the tag the rules gave it. It is
trained on half A of presidio-synth-v2 and its spans are added to the rules' ones; it
is scored on half B (whole, and on the templates it never saw). Its spans are only
added, so recall can only rise; precision and the cost per document say what it costs.
The redactor does not ship it: see benchmarks/README_redact.md for the measured result.

    PYTHONPATH=src python benchmarks/pii_tagger.py [--epochs 8]
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from pii_eval import DEFAULT_PRESIDIO_DATA, Item, Span, load_synth, score  # noqa: E402

from consentgate.redact import Redactor  # noqa: E402
from consentgate.redact.lexicon import common_words, first_names, fold, last_names  # noqa: E402
from consentgate.redact.name_model import name_likeness  # noqa: E402
from consentgate.redact.name_words import FUNCTION_WORDS  # noqa: E402

TAGS = ("O", "PERSON", "STREET_ADDRESS")
_TOKEN = re.compile(r"\n|[^\W_]+(?:['’.-][^\W_]+)*\.?|[^\w\s]")
Token = tuple[int, int, str]


class Example:
    """One text: its tokens, the rules' tag and the gold tag of each."""

    def __init__(self, item: Item, rules: list[Span]) -> None:
        self.item = item
        self.rules = rules
        self.tokens: list[Token] = [
            (m.start(), m.end(), m.group()) for m in _TOKEN.finditer(str(item["text"]))
        ]
        self.rule_tags = [
            _tag_of(s, e, [(a, b, k) for a, b, k in rules]) for s, e, _ in self.tokens
        ]
        gold = [(g["start"], g["end"], g["type"]) for g in item["spans"] if g["type"] in TAGS]  # type: ignore[union-attr,index]
        self.gold_tags = [_tag_of(s, e, gold).replace("-", "O") for s, e, _ in self.tokens]


def _tag_of(start: int, end: int, spans: Sequence[tuple[int, int, object]]) -> str:
    for a, b, kind in spans:
        if a < end and start < b:
            return str(kind)
    return "-"


class Features:
    """Feature strings of a token, from its words and the rules' tags."""

    def __init__(self) -> None:
        self.common = common_words() | FUNCTION_WORDS
        self.known_first, self.known_last = first_names(), last_names()
        self.likeness = name_likeness()

    @staticmethod
    def shape(word: str) -> str:
        if word == "\n":
            return "NL"
        s = re.sub(r"[^\W\d_]", lambda m: "X" if m.group().isupper() else "x", word)
        return re.sub(r"(.)\1+", r"\1\1", re.sub(r"\d", "d", s))[:6]

    def word_id(self, word: str) -> str:
        low = fold(word.lower())
        if low in self.common or not low.isalpha():
            return low if len(low) < 12 else self.shape(word)
        return "~" + self.shape(word)

    def of(self, ex: Example, i: int, prev: str, prev2: str) -> list[str]:
        toks, tags = ex.tokens, ex.rule_tags

        def ctx(j: int) -> str:
            return "<s>" if j < 0 else "</s>" if j >= len(toks) else self.word_id(toks[j][2])

        word = toks[i][2]
        low = fold(word.lower())
        feats = [
            "b", "s=" + self.shape(word), "w=" + self.word_id(word), "r=" + tags[i],
            "p1=" + prev, "p2=" + prev + prev2, "w-1=" + ctx(i - 1), "w-2=" + ctx(i - 2),
            "w+1=" + ctx(i + 1), "w+2=" + ctx(i + 2), "w-1w+1=" + ctx(i - 1) + "|" + ctx(i + 1),
            "r-1=" + (tags[i - 1] if i else "<s>"),
            "r+1=" + (tags[i + 1] if i + 1 < len(toks) else "</s>"), "suf=" + low[-3:],
        ]  # fmt: skip
        if low in self.known_first:
            feats.append("F")
        if low in self.known_last:
            feats.append("L")
        if word[:1].isupper() and low.isalpha() and low not in self.common:
            feats.append(f"nl={max(-2, min(2, round(self.likeness.score(low))))}")
        return feats


class Perceptron:
    """Averaged perceptron over feature strings, three classes."""

    def __init__(self) -> None:
        self.weights: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
        self._totals: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
        self._stamps: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])
        self._step = 0

    def predict(self, feats: list[str]) -> int:
        scores = [0.0, 0.0, 0.0]
        for f in feats:
            w = self.weights.get(f)
            if w:
                scores = [s + x for s, x in zip(scores, w, strict=True)]
        return max(range(3), key=scores.__getitem__)

    def update(self, truth: int, guess: int, feats: list[str]) -> None:
        self._step += 1
        if truth == guess:
            return
        for f in feats:
            for c, delta in ((truth, 1.0), (guess, -1.0)):
                self._totals[f][c] += (self._step - self._stamps[f][c]) * self.weights[f][c]
                self._stamps[f][c] = self._step
                self.weights[f][c] += delta

    def average(self) -> None:
        for f, w in self.weights.items():
            for c in range(3):
                self._totals[f][c] += (self._step - self._stamps[f][c]) * w[c]
                w[c] = self._totals[f][c] / self._step
        self.weights = dict(self.weights)


def train(examples: list[Example], features: Features, epochs: int) -> Perceptron:
    model = Perceptron()
    rng = random.Random(1)
    order = list(examples)
    for _ in range(epochs):
        rng.shuffle(order)
        for ex in order:
            prev = prev2 = "<s>"
            for i, gold in enumerate(ex.gold_tags):
                feats = features.of(ex, i, prev, prev2)
                model.update(TAGS.index(gold), model.predict(feats), feats)
                prev2, prev = prev, gold  # the gold history while training
    model.average()
    return model


def tagged_spans(model: Perceptron, features: Features, ex: Example) -> list[Span]:
    spans: list[list[object]] = []
    prev = prev2 = "<s>"
    current: list[object] | None = None
    for i, (start, end, word) in enumerate(ex.tokens):
        tag = TAGS[model.predict(features.of(ex, i, prev, prev2))]
        prev2, prev = prev, tag
        if tag == "O" or (word == "\n" and tag != "STREET_ADDRESS"):
            current = None
        elif current is not None and current[2] == tag:
            current[1] = end
        else:
            current = [start, end, tag]
            spans.append(current)
    return [(int(s), int(e), str(k)) for s, e, k in spans]  # type: ignore[call-overload]


def report(name: str, model: Perceptron, features: Features, test: list[Example]) -> None:
    items = [ex.item for ex in test]
    started = time.process_time()
    union = [ex.rules + tagged_spans(model, features, ex) for ex in test]
    per_doc = (time.process_time() - started) / len(test) * 1e6
    rules, both = score(items, [ex.rules for ex in test]), score(items, union)
    cells = [
        f"{k} {rules[k]['recall']:.3f} -> {both[k]['recall']:.3f}"
        for k in ("PERSON", "STREET_ADDRESS", "ALL")
    ]
    print(f"{name}: recall {', '.join(cells)}; precision {rules['ALL']['precision']:.3f} -> "
          f"{both['ALL']['precision']:.3f}; tagger {per_doc:,.0f} us a document")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--presidio-data", type=Path, default=DEFAULT_PRESIDIO_DATA)
    parser.add_argument("--epochs", type=int, default=8)
    args = parser.parse_args()
    synth = load_synth(args.presidio_data)
    samples = json.loads(args.presidio_data.read_text(encoding="utf-8"))
    redactor = Redactor()
    examples = []
    for item, sample in zip(synth, samples, strict=True):
        rules = [(s.start, s.end, s.type) for s in redactor.analyze(str(item["text"]))]
        ex = Example(item, rules)
        ex.item["template"] = sample["template_id"]
        examples.append(ex)
    half_a, half_b = examples[0::2], examples[1::2]
    features = Features()
    report("trained on A, scored on B", train(half_a, features, args.epochs), features, half_b)
    even_a = [ex for ex in half_a if int(ex.item["template"]) % 2 == 0]  # type: ignore[call-overload]
    odd_b = [ex for ex in half_b if int(ex.item["template"]) % 2 == 1]  # type: ignore[call-overload]
    model = train(even_a, features, args.epochs)
    report("trained on A's even templates, scored on B's odd ones", model, features, odd_b)


if __name__ == "__main__":
    main()
