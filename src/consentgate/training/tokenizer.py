"""Tokenizers: the byte-level one shipped in code, and a BPE vocabulary that a base model
directory carries (`tokenizer.json`), learnt once from non-member text (training.corpus).

Neither is learnt from member data. SISA needs every shard's part to depend on its own shard
only; a tokenizer trained on the members' corpus would leak every shard's data into every
shard and would have to be retrained, with every shard, whenever anyone is forgotten. The
BPE vocabulary is fixed with its base model: forgetting never touches it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from consentgate.errors import ModelError

BOS_ID = 256
EOS_ID = 257
PAD_ID = 258
VOCAB_SIZE = 259
BOS, EOS, PAD = "<|bos|>", "<|eos|>", "<|pad|>"
_VOCABULARY_FILES = ("tokenizer.json", "tokenizer.model", "vocab.json")
TOKENIZER_FILES = ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json")


class TextTokenizer(Protocol):
    """What training and generation need of a tokenizer."""

    @property
    def name(self) -> str: ...

    @property
    def bos_id(self) -> int: ...

    @property
    def eos_id(self) -> int: ...

    @property
    def vocab_size(self) -> int: ...

    def encode(self, text: str, *, bos: bool = False, eos: bool = False) -> list[int]: ...

    def decode(self, ids: Iterable[int]) -> str: ...

    def banned_ids(self) -> list[int]: ...


@dataclass(frozen=True, slots=True)
class ByteTokenizer:
    """UTF-8 bytes 0–255 plus BOS, EOS and PAD."""

    name: str = "bytes-v1 (UTF-8 bytes + BOS/EOS/PAD, vocab 259)"
    bos_id: int = BOS_ID
    eos_id: int = EOS_ID
    pad_id: int = PAD_ID
    vocab_size: int = VOCAB_SIZE

    def encode(self, text: str, *, bos: bool = False, eos: bool = False) -> list[int]:
        """Token ids of `text`, optionally framed by BOS/EOS."""
        ids = list(text.encode("utf-8"))
        if bos:
            ids.insert(0, self.bos_id)
        if eos:
            ids.append(self.eos_id)
        return ids

    def decode(self, ids: Iterable[int]) -> str:
        """Text of the byte tokens; specials are dropped and broken UTF-8 is replaced."""
        return bytes(i for i in ids if 0 <= i < 256).decode("utf-8", errors="replace")

    def banned_ids(self) -> list[int]:
        """Tokens never to emit mid-text (framing)."""
        return [self.bos_id, self.pad_id]


class HFTokenizer:
    """The tokenizer of a local Hugging Face model directory (never downloaded)."""

    def __init__(self, directory: Path) -> None:
        from transformers import AutoTokenizer

        if not any((directory / name).is_file() for name in _VOCABULARY_FILES):
            raise ModelError(
                f"--base {directory}: no usable tokenizer: none of {', '.join(_VOCABULARY_FILES)}"
            )
        try:
            tok: Any = AutoTokenizer.from_pretrained(str(directory), local_files_only=True)
        except (OSError, ValueError) as exc:
            raise ModelError(f"--base {directory}: no usable tokenizer: {exc}") from None
        eos = tok.eos_token_id
        if eos is None:
            raise ModelError(f"--base {directory}: the tokenizer has no end-of-text token")
        self._tok = tok
        self.eos_id = int(eos)
        self.bos_id = int(tok.bos_token_id) if tok.bos_token_id is not None else self.eos_id
        self.vocab_size = len(tok)
        self.name = f"{type(tok).__name__} vocab {self.vocab_size} sha256 {_digest(directory)}"
        self._specials = sorted(set(tok.all_special_ids) - {self.eos_id})

    def encode(self, text: str, *, bos: bool = False, eos: bool = False) -> list[int]:
        ids = [int(i) for i in self._tok.encode(text, add_special_tokens=False)]
        return ([self.bos_id] if bos else []) + ids + ([self.eos_id] if eos else [])

    def decode(self, ids: Iterable[int]) -> str:
        return str(self._tok.decode(list(ids), skip_special_tokens=True))

    def banned_ids(self) -> list[int]:
        return self._specials


def _digest(directory: Path) -> str:
    digest = hashlib.sha256()
    for name in TOKENIZER_FILES:
        path = directory / name
        if path.is_file():
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()[:16]


def train_bpe(texts: Sequence[str], vocab_size: int, directory: Path) -> None:
    """Learn a byte-level BPE vocabulary from `texts` and save it in `directory` (HF format).

    Byte-level: any text encodes without an unknown token, in every language. Digits are
    single tokens (as in many LLM vocabularies): numbers do not merge into member-specific
    tokens, and the memorisation audit can score digit strings one digit at a time.
    """
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers
    from transformers import PreTrainedTokenizerFast

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.Sequence(
        [
            pre_tokenizers.Digits(individual_digits=True),
            pre_tokenizers.ByteLevel(add_prefix_space=False),
        ]
    )
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=vocab_size,
        special_tokens=[BOS, EOS, PAD],
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
        show_progress=False,
    )
    tok.train_from_iterator(texts, trainer=trainer)
    fast = PreTrainedTokenizerFast(  # type: ignore[no-untyped-call]
        tokenizer_object=tok, bos_token=BOS, eos_token=EOS, pad_token=PAD
    )
    fast.save_pretrained(str(directory))
