"""``samverkan match``: files and JSONL in, ranked JSON rows with evidence and gaps out."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docx import Document

from tests.test_cli import SEED, run

STRONG = (
    "Jag har arbetat åtta år på Försäkringskassan med sjukpenning och försäkringsmedicin. "
    "Sedan 2019 leder jag samverkansteamet i Kristianstad tillsammans med Arbetsförmedlingen "
    "och kommunen, och jag förankrade arbetssättet hos cheferna hos varje part."
)
WEAK = "Jag har kört lastbil i femton år och har C-körkort."


@pytest.fixture
def files(tmp_path: Path) -> list[str]:
    (tmp_path / "stark.txt").write_text(STRONG, encoding="utf-8")
    document = Document()
    document.add_paragraph(WEAK)
    document.save(str(tmp_path / "svag.docx"))
    return [str(tmp_path / "svag.docx"), str(tmp_path / "stark.txt")]


def test_match_files_json(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, files: list[str]
) -> None:
    db = str(tmp_path / "m.db")
    code, out, err = run(capsys, "--db", db, "match", "--profile", "handbok", *files, "--json")
    assert code == 0, err
    payload = json.loads(out)
    rows = payload["candidates"]
    # Neither text has a name line: labelled by position among FILES, never by file name.
    assert [r["candidate"] for r in rows] == ["Kandidat 2", "Kandidat 1"]
    top = rows[0]
    assert {"candidate", "score", "band", "dimensions", "gaps"} <= set(top)
    evidence = top["dimensions"]["kunskaper"]["items"]
    assert any(item["evidence"] for item in evidence)
    assert rows[1]["gaps"] and rows[1]["band"] == "ingen evidens"
    assert "beslutsstöd" in payload["note"]
    # The embedding cache sits beside the database and makes the second run read no model.
    assert (tmp_path / "embeddings.sqlite").exists()


def test_match_with_target_organisation_from_the_graph(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, files: list[str]
) -> None:
    db = str(tmp_path / "m.db")
    assert run(capsys, "--db", db, "import", str(SEED))[0] == 0
    code, out, err = run(
        capsys,
        "--db",
        db,
        "match",
        "--profile",
        "handbok",
        "--target-organisation",
        "sn-fk",
        *files,
        "--json",
    )
    assert code == 0, err
    payload = json.loads(out)
    assert payload["target"]["party"] == "fk"
    top = payload["candidates"][0]
    assert top["preference"] is not None and top["preference"] > 0
    assert top["score"] != top["profile_score"]


def test_match_jsonl_text_output(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    path = tmp_path / "c.jsonl"
    path.write_text(
        "\n".join(json.dumps({"id": i, "text": t}) for i, t in (("a", WEAK), ("b", STRONG))),
        encoding="utf-8",
    )
    code, out, _ = run(
        capsys,
        "--db",
        str(tmp_path / "m.db"),
        "match",
        "--profile",
        "processledare",
        "--jsonl",
        str(path),
        "--no-cache",
    )
    assert code == 0
    assert out.index("b:") < out.index("a:")
    assert "beslutsstöd" in out


def test_match_labels_never_come_from_file_names(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    # File names are the applicants' own names, as uploads often are.
    named = tmp_path / "Sara_Nilsson_CV.txt"
    named.write_text("Erik Lind\nSocionom\n\n" + STRONG + " Erik Lind har lett teamet.",
                     encoding="utf-8")
    given = tmp_path / "Johan_Berg.txt"
    given.write_text(STRONG, encoding="utf-8")
    bare = tmp_path / "Maria_Ek.txt"
    bare.write_text(WEAK, encoding="utf-8")
    code, out, err = run(
        capsys, "--db", str(tmp_path / "m.db"), "match", "--profile", "handbok",
        str(named), str(given), str(bare), "--label", "", "--label", "Sökande B", "--json",
    )
    assert code == 0, err
    rows = json.loads(out)["candidates"]
    # The CV's name line, the recruiter's label, else "Kandidat N" (N counts the files).
    assert sorted(r["candidate"] for r in rows) == ["Erik Lind", "Kandidat 3", "Sökande B"]
    for stem in ("Sara", "Nilsson", "Johan", "Berg", "Maria", "Ek"):
        assert stem not in out.replace("Ekonomi", "")
    # The name on the label is masked wherever the CV repeats it: the scorer never sees it.
    erik = next(r for r in rows if r["candidate"] == "Erik Lind")
    evidence = [e["sentence"] for d in erik["dimensions"].values() for i in d["items"]
                for e in i["evidence"]]
    assert evidence and not any("Erik" in s or "Lind" in s for s in evidence)


def test_match_labels_in_text_output(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    path = tmp_path / "Anna_Svensson.txt"
    path.write_text(STRONG, encoding="utf-8")
    code, out, err = run(capsys, "--db", str(tmp_path / "m.db"), "match", "--profile",
                         "handbok", str(path), "--no-cache")
    assert code == 0, err
    assert "Kandidat 1:" in out and "Anna" not in out and "Svensson" not in out


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--label", "a", "--label", "b"], "2 etiketter men 1 filer"),
        (["--label", "x" * 81], "högst 80 tecken"),
    ],
)
def test_match_label_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, extra: list[str], message: str
) -> None:
    (tmp_path / "x.txt").write_text(STRONG, encoding="utf-8")
    code, out, err = run(capsys, "--db", str(tmp_path / "m.db"), "match", "--profile",
                         "handbok", str(tmp_path / "x.txt"), *extra)
    assert code == 2, (out, err)
    assert message in err


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        (["--profile", "nej", "x.txt"], 4,
         "fel: --profile: okänd profil 'nej'; finns: handbok, processledare"),
        (["--profile", "handbok", "--target-organisation", "nej", "x.txt"], 4,
         "fel: --target-organisation: okänd organisation 'nej'"),
        (["--profile", "handbok"], 2, "ange kandidaternas FILER eller --jsonl"),
        (["--profile", "handbok", "saknas.txt"], 2, "filen kan inte läsas"),
        (
            ["--profile", "handbok", "--encoder", "st:/no/such/model", "x.txt"],
            3,
            "fel: --encoder: sentence-transformers-modellen '/no/such/model' kan inte läsas "
            "från disken (inget laddas ner medan tjänsten kör)",
        ),
        (["--profile", "handbok", "--encoder", "word2vec", "x.txt"], 3,
         "fel: --encoder: okänd textmodell 'word2vec'"),
    ],
)
def test_match_errors(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, args: list[str], code: int, message: str
) -> None:
    (tmp_path / "x.txt").write_text(STRONG, encoding="utf-8")
    args = [str(tmp_path / a) if a.endswith(".txt") else a for a in args]
    got, out, err = run(capsys, "--db", str(tmp_path / "m.db"), "match", *args)
    assert got == code, (out, err)
    assert message in err


def test_succession_names_the_profile_option(capsys: pytest.CaptureFixture[str],
                                             tmp_path: Path) -> None:
    code, out, err = run(capsys, "--db", str(tmp_path / "m.db"), "analyze", "succession", "p1",
                         "--profile", "nej")
    assert code == 4, (out, err)
    assert "fel: --profile: okänd profil 'nej'" in err


def test_purge_says_what_it_did_in_swedish(capsys: pytest.CaptureFixture[str],
                                           tmp_path: Path) -> None:
    code, out, err = run(capsys, "--db", str(tmp_path / "m.db"), "purge", "--today",
                         "2026-01-01", "--retention-days", "30")
    assert code == 0, err
    assert out == ("Raderade 0 kandidat(er) i rekryteringar som avgjordes för mer än 30 dagar "
                   "sedan; gallrade 0 poster i åtkomstloggen.\n")
