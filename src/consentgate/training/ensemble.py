"""The shard models of a version used together: their next-token distributions averaged.

Averaging probabilities (not logits) is SISA's aggregation for a generative model: each
shard model votes with its full distribution, so removing a shard's data changes only its
vote.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from consentgate.errors import ModelError
from consentgate.training.registry import ModelInfo
from consentgate.training.trainer import load_weights

if TYPE_CHECKING:
    import torch
    from transformers import GPT2LMHeadModel

CONFIG_FILE = "config.json"


@dataclass
class Ensemble:
    """The loaded shard models of one model version."""

    models: list[GPT2LMHeadModel]
    n_ctx: int

    @classmethod
    def load(cls, info: ModelInfo) -> Ensemble:
        """Load every non-empty shard of a model version (CPU, eval mode)."""
        from transformers import GPT2Config, GPT2LMHeadModel

        config_path = info.path / CONFIG_FILE
        if not config_path.is_file():
            raise ModelError(f"{config_path}: missing model architecture file")
        config = GPT2Config.from_json_file(str(config_path))
        models = []
        for entry in info.manifest["shards"]:
            if not entry.get("file"):
                continue  # a shard without records has no model and no vote
            if not (info.path / entry["file"]).is_file():
                raise ModelError(
                    f"model {info.version}: shard {entry['shard']} weights were purged after a "
                    "member was forgotten; use a newer model version"
                )
            model = load_weights(GPT2LMHeadModel(config), info.path / entry["file"])
            model.eval()  # type: ignore[no-untyped-call]
            models.append(model)
        if not models:
            raise ModelError(f"model {info.version} has no trained shard")
        return cls(models, int(config.n_positions))

    def next_probs(self, ids: torch.Tensor) -> torch.Tensor:
        """Mean next-token distribution after each sequence of a batch [B, T] → [B, V]."""
        return self.position_probs(ids[:, -self.n_ctx :], last_only=True)[:, -1]

    def position_probs(self, ids: torch.Tensor, *, last_only: bool = False) -> torch.Tensor:
        """Mean next-token distribution at every position [B, T] → [B, T, V] (or [B, 1, V])."""
        import torch

        keep = 1 if last_only else 0  # 0 = every position
        with torch.no_grad():
            total = None
            for model in self.models:
                logits = model(input_ids=ids, logits_to_keep=keep).logits.float()
                probs = torch.softmax(logits, dim=-1)
                total = probs if total is None else total + probs
        assert total is not None
        return total / len(self.models)

    def token_logprobs(self, ids: torch.Tensor) -> torch.Tensor:
        """log P(ids[:, t+1] | ids[:, :t+1]) under the averaged distribution, [B, T-1]."""
        import torch

        probs = self.position_probs(ids[:, :-1])
        picked = probs.gather(-1, ids[:, 1:, None])[..., 0]
        return torch.log(picked.clamp_min(1e-30))
