"""Workload classes as data: intensities against their published inputs, the mix, bad input.

References
----------
- Meta, "The Llama 3 Herd of Models", arXiv 2407.21783 (2024): 3.94 characters per token
  (sec. 3.2), 405B parameters trained on 15.6T tokens with 3.8e25 FLOP (sec. 1, 3.2.1),
  16,384 H100 at 38-43 % MFU, DP 128, 16M-token batches (table 4).
- Kaplan et al., arXiv 2001.08361 (2020) sec. 2.1: 6 N FLOP per trained token, 2 N per inferred.
- MLPerf Inference llama2-70b reference (mlcommons/inference): 294.45 output tokens per sample.
- Anyscale LLMPerf leaderboard (ray-project/llmperf-leaderboard): 550 input / 150 output tokens.
- spacedc-mdao 0.4.2 (PyPI) data/workloads.yaml: llm_inference derivation ~2e-10 bit/FLOP at
  70B before its protocol allowance; multimodal_inference 2e-6 bit/FLOP.
"""

from __future__ import annotations

import numpy as np
import pytest

from orbitcompute.errors import ScenarioError
from orbitcompute.links.traffic import CLASSES, check_class, demand, intensity, mix
from orbitcompute.model import complete
from orbitcompute.registry import registry
from orbitcompute.scenario import load_scenario

BYTES_PER_TOKEN = 3.94  # Llama 3 tokenizer, arXiv 2407.21783 sec. 3.2


def default(name: str) -> float:
    return registry()[name].default_si


def one_hot(name: str) -> dict[str, float]:
    return {f"traffic.mix.{c}": float(c == name) for c in CLASSES}


def test_every_class_has_every_row_with_a_source():
    reg = registry()
    for c in CLASSES:
        assert f"traffic.mix.{c}" in reg
        for q in ("uplink", "downlink", "checkpoint", "isl", "latency_tolerance"):
            row = reg[f"traffic.{c}.{q}"]
            assert row.source and row.minimum >= 0


def test_pretraining_ingest_matches_llama3_totals():
    # Independent route: the whole run's text over the whole run's FLOPs (Llama 3 sec. 3.2.1).
    whole_run = 15.6e12 * BYTES_PER_TOKEN * 8 / 3.8e25
    per_token = BYTES_PER_TOKEN * 8 / (6 * 405e9)
    assert default("traffic.pretraining.uplink") == pytest.approx(whole_run, rel=0.02)
    assert default("traffic.pretraining.uplink") == pytest.approx(per_token, rel=0.01)


def test_pretraining_checkpoint_and_isl_from_llama3_configuration():
    ckpt_bits = 405e9 * 14 * 8  # ZeRO: bf16 weights + fp32 master + Adam moments
    job_flop_per_3h = 16384 * 989e12 * 0.405 * 3 * 3600  # table 4: 38-43 % of H100 bf16 peak
    assert default("traffic.pretraining.checkpoint") == pytest.approx(
        ckpt_bits / job_flop_per_3h, rel=0.03
    )
    # Ring all-reduce of bf16 gradients: 2 x 2 B per parameter per rank per step.
    dp, batch = 128, 16e6
    assert default("traffic.pretraining.isl") == pytest.approx(32 * dp / (6 * batch), rel=0.01)


def test_inference_intensities_from_request_sizes():
    n = 70e9
    flop = 2 * n * (1000 + 294.45)  # MLPerf llama2-70b: 294.45 output tokens per sample
    assert default("traffic.batch_inference.downlink") == pytest.approx(
        294.45 * BYTES_PER_TOKEN * 8 / flop, rel=0.01
    )
    flop = 2 * n * (550 + 150)  # LLMPerf standard request
    up = default("traffic.interactive_inference.uplink")
    down = default("traffic.interactive_inference.downlink")
    assert up == pytest.approx(550 * BYTES_PER_TOKEN * 8 / flop, rel=0.01)
    assert down == pytest.approx(150 * BYTES_PER_TOKEN * 8 / flop, rel=0.01)
    # The peer's derivation before its protocol allowance: ~2e-10 bit/FLOP at 70B.
    assert 1e-10 < up + down < 4e-10
    assert default("traffic.multimodal_inference.downlink") == pytest.approx(2e-6)


def test_demand_per_accelerator_from_intensity():
    p, _ = complete(one_hot("batch_inference"))
    d = demand(p)
    i = CLASSES.index("batch_inference")
    flops = default("workload.accelerator_peak_flops") * default("workload.inference_mfu")
    up = d["up"].reshape(len(CLASSES), -1)[:, 0]
    assert up[i] == pytest.approx(flops * default("traffic.batch_inference.uplink"))
    assert np.all(up[np.arange(len(CLASSES)) != i] == 0)


def test_mix_intensity_is_flop_weighted():
    p, _ = complete(
        {
            **one_hot("pretraining"),
            "traffic.mix.pretraining": 0.5,
            "traffic.mix.batch_inference": 0.5,
        }
    )
    f_t = default("workload.training_mfu")
    f_i = default("workload.inference_mfu")
    up_t, up_i = default("traffic.pretraining.uplink"), default("traffic.batch_inference.uplink")
    expected = (f_t * up_t + f_i * up_i) / (f_t + f_i)
    assert float(np.ravel(intensity(p)["up"])[0]) == pytest.approx(expected)


def test_scenario_mix_must_add_up_to_one():
    with pytest.raises(ScenarioError, match=r"traffic\.mix.*sum 1\.5.*add up to 1"):
        load_scenario("today", ["traffic.mix.finetuning=0.5"])  # pretraining stays 1
    sc = load_scenario("today", ["traffic.mix.pretraining=0.5", "traffic.mix.finetuning=0.5"])
    assert sc.values["traffic.mix.finetuning"] == 0.5


def test_model_normalizes_shares_and_zero_means_no_traffic():
    p, _ = complete({"traffic.mix.pretraining": np.array([1.0, 2.0, 0.0])})
    shares = mix(p)
    np.testing.assert_allclose(shares["pretraining"], [1.0, 1.0, 0.0])
    d = demand(p)
    assert np.all(d["up"][:, 2] == 0) and np.all(d["down"][:, 2] == 0)


def test_named_choice_sets_the_shares():
    sc = load_scenario("today", ["traffic.workload=multimodal_inference"])
    assert sc.values["traffic.mix.multimodal_inference"] == 1.0
    assert sc.values["traffic.mix.pretraining"] == 0.0
    with pytest.raises(ScenarioError, match="traffic.workload"):
        load_scenario("today", ["traffic.workload=video"])
    with pytest.raises(ScenarioError, match="--workload"):
        check_class("video")


@pytest.mark.parametrize(
    "entry",
    ["traffic.pretraining.uplink=-0.001", "traffic.multimodal_inference.downlink=0.5"],
)
def test_negative_or_absurd_intensity_is_refused(entry):
    with pytest.raises(ScenarioError, match=entry.split("=")[0]):
        load_scenario("today", [entry])
