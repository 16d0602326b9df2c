"""Generation combines the shard models and passes its output through the redactor."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from train_helpers import members_in_shards, write

from consentgate.assistant.generate import complete, generate
from consentgate.errors import ConfigError
from consentgate.models import Member
from consentgate.pipeline.datasets import Row
from consentgate.training import PRESETS, train_model
from consentgate.training.ensemble import Ensemble
from consentgate.workspace import Workspace

LINE = "Contact Alice Martin at alice.martin@example.com today"


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    ws = Workspace.open(tmp_path_factory.mktemp("gen") / "home")
    authors = members_in_shards(2)  # two shard models to average
    with ws.session() as session:
        session.add(
            Member(
                member_id=authors[1],
                name="Alice Martin",
                birth_date=dt.date(1990, 1, 1),
                country="US",
                created_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
            )
        )
    rows = [Row(f"c{i:03d}", authors[i % 2], "post", LINE) for i in range(40)]
    write(ws, "d1", rows)
    config = PRESETS["tiny"].with_overrides(
        steps=200, batch_size=8, n_ctx=64, lr=1e-2, warmup_steps=5
    )
    train_model(ws, "d1", config, workers=1)
    yield ws
    ws.close()


def test_generate_redacts_what_the_model_memorised(trained: Workspace) -> None:
    from consentgate.training.registry import latest_model

    raw = complete(latest_model(trained), "[post] Contact", 60, 0.0, 0)
    assert "Alice Martin" in raw and "@example.com" in raw  # the model did memorise it
    text = generate(trained, "post", "Contact ", max_new_tokens=60).text
    assert "Alice" not in text and "@example.com" not in text
    assert "[PERSON]" in text and "[EMAIL]" in text


def test_sampling_is_seeded(trained: Workspace) -> None:
    one = generate(trained, "post", "C", temperature=1.0, seed=3, max_new_tokens=30).text
    two = generate(trained, "post", "C", temperature=1.0, seed=3, max_new_tokens=30).text
    assert one == two


def test_ensemble_averages_shard_distributions(trained: Workspace) -> None:
    import torch

    from consentgate.training.registry import latest_model

    ensemble = Ensemble.load(latest_model(trained))
    ids = torch.tensor([[256, 91, 112]])
    mean = ensemble.next_probs(ids)
    singles = [torch.softmax(m(input_ids=ids).logits[:, -1], -1) for m in ensemble.models]
    assert len(ensemble.models) >= 2
    assert torch.allclose(mean, sum(singles) / len(singles), atol=1e-6)
    assert torch.allclose(mean.sum(), torch.tensor(1.0), atol=1e-5)


def test_unknown_kind_is_a_one_line_error(trained: Workspace) -> None:
    with pytest.raises(ConfigError, match="--kind: unknown kind 'tweet'"):
        generate(trained, "tweet", "hello")
