"""A file that cannot be read is said in Swedish, naming the file; the operating system's
English reason ("No such file or directory") is in the log only."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest

from graph.core.errors import DocumentError
from graph.model.document import read_document
from matching.inputs import read_candidate_file


def test_a_missing_document_is_said_in_swedish(tmp_path: Path,
                                               caplog: pytest.LogCaptureFixture) -> None:
    missing = tmp_path / "personer.json"
    with caplog.at_level(logging.WARNING), pytest.raises(DocumentError) as refused:
        read_document(missing)
    assert refused.value.message == f"{missing} kan inte läsas: den finns inte"
    assert "No such file or directory" in caplog.text


def test_a_folder_given_as_a_document_is_refused_in_swedish(tmp_path: Path) -> None:
    # stat() passes for a folder: reading it failed unanswered (IsADirectoryError).
    with pytest.raises(DocumentError) as refused:
        read_document(tmp_path)
    assert refused.value.message == f"{tmp_path} kan inte läsas: det är en mapp, inte en fil"


def test_a_missing_cv_is_said_in_swedish(tmp_path: Path) -> None:
    with pytest.raises(DocumentError) as refused:
        read_candidate_file(tmp_path / "cv.txt")
    assert refused.value.problems[0].message == "filen kan inte läsas (den finns inte)"
    assert "No such file" not in refused.value.message
