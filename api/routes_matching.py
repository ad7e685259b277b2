"""Profiles, recruitments and candidates: the recruiter's part of the API.

A recruiter sees only the recruitments they are assigned to: every route that names a
recruitment or a candidate checks the assignment (object-level authorisation), and says 404
rather than 403 for someone else's, so ids cannot be probed. Scores support a human
decision; there is a route to record a review and none to reject anyone.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, StrictBool
from starlette.concurrency import run_in_threadpool

from api.auth import ForbiddenError
from api.deps import (
    Access,
    Store,
    UploadsDep,
    audit,
    forget_subject,
    is_admin,
    record_of,
    subject,
    user_of,
)
from api.uploads import Job
from api.usecases import matching as usecase
from graph.core.access import Role
from graph.core.errors import DocumentError, DocumentTooLargeError, NotFoundError, Problem
from graph.model.schema import NO_CONTROLS, NO_CONTROLS_IN_LINE, IsoDate
from matching.cleaning import clean_text
from matching.encoders import CachedEncoder, EmbeddingCache, Encoder, open_encoder
from matching.inputs import Limits
from matching.labels import MAX_LABEL, label_candidates
from matching.recruitments import Recruitment, RecruitmentStore, apply_retention
from matching.scoring import DECISION_SUPPORT, Candidate, CandidateScore, score_candidates
from matching.target import target_for

__all__ = ["router"]

Slug = Annotated[str, Field(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$", examples=["sn-team-2026"])]


class RecruitmentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: Slug
    title: Annotated[str, NO_CONTROLS_IN_LINE] = Field(
        min_length=1, max_length=200, examples=["Handläggare, samverkansteam"])
    profile: Slug = Field(examples=["teamhandlaggare"])
    target_organisation: str | None = Field(default=None, examples=["sn-fk"])
    decision_date: IsoDate | None = None
    legal_hold: StrictBool = False
    assignees: list[Annotated[str, Field(min_length=1, max_length=200),
                              NO_CONTROLS_IN_LINE]] = Field(
        default_factory=list, max_length=50, description="User names of the recruiters.")


Reason = Annotated[str, NO_CONTROLS_IN_LINE, Field(min_length=3, max_length=500)]


class DecisionIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    decision_date: IsoDate | None
    legal_hold: StrictBool = False
    reason: Reason | None = Field(
        default=None, description="Why legal hold is set or lifted (required then; admin).",
        examples=["Överklagande till förvaltningsrätten, mål 1234-26"])


class ReviewIn(BaseModel):
    """What the reviewing person concluded; who they are comes from their token."""

    model_config = ConfigDict(extra="forbid")

    note: Annotated[str, NO_CONTROLS] = Field(min_length=1, max_length=2000,
                                              examples=["Läst CV och evidens; kallas."])


def _recruitments(request: Request) -> RecruitmentStore:
    store: RecruitmentStore = request.app.state.recruitments
    return store


def _visible(request: Request, recruitment_id: str) -> Recruitment:
    """The recruitment, if this user may see it; 404 otherwise."""
    recruitment = _recruitments(request).recruitment(recruitment_id)
    if not is_admin(request) and user_of(request).name not in recruitment.assignees:
        raise NotFoundError(f"ingen rekrytering {recruitment_id!r}")
    return recruitment


def _candidate_visible(request: Request, candidate_id: str) -> str:
    recruitment_id = _recruitments(request).recruitment_of(candidate_id)
    try:
        _visible(request, recruitment_id)
    except NotFoundError:
        raise NotFoundError(f"ingen kandidat {candidate_id!r}") from None
    return recruitment_id


def _given_labels(labels: list[str] | None, files: int) -> list[str | None] | None:
    """The recruiter's labels, checked: one per file, each short and printable."""
    if not labels:
        return None
    if len(labels) != files:
        raise DocumentError([Problem("labels", f"{len(labels)} etiketter för {files} filer; "
                                     "ange en per fil i samma ordning, eller ingen")])
    out: list[str | None] = []
    for i, label in enumerate(labels):
        text = clean_text(label).strip()
        if len(text) > MAX_LABEL:
            raise DocumentError([Problem(f"labels[{i}]", f"etiketten är {len(text)} tecken; "
                                         f"högst {MAX_LABEL}")])
        out.append(text or None)
    named = [t for t in out if t]
    if len(set(named)) != len(named):
        raise DocumentError([Problem("labels", "två filer har samma etikett")])
    return out


def _file_name(name: str | None) -> str:
    """An uploaded file's name as it may be echoed (errors, ``candidate_ids``): without its
    folders and without control or bidi characters, which could make "cv.exe" read as a
    harmless name on screen ("cv\u202etxt.exe"); it is still never a candidate's label."""
    cleaned = clean_text(Path((name or "").replace("\\", "/")).name).strip()
    return cleaned or "cv.txt"


_ENCODER_LOCK = threading.Lock()


def _encoder(request: Request) -> Encoder:
    """One encoder per process, loaded on first use, with the service's cache."""
    with _ENCODER_LOCK:
        state = request.app.state
        if getattr(state, "encoder", None) is None:
            settings = state.settings
            state.encoder = CachedEncoder(
                open_encoder(settings.encoder),
                state.recruitments.cache or EmbeddingCache(),
            )
        encoder: Encoder = state.encoder
        return encoder


def _scoring_entry(request: Request, recruitment_id: str, ids: list[str],
                   scores: list[CandidateScore]) -> str:
    """What a scoring was based on, kept in the audit log after the scores are erased:
    the profile's id, version and digest, the encoder and its version, and each candidate
    (by pseudonym) with their score."""
    by_label = {s.candidate: s for s in scores}
    label_of = _recruitments(request).labels_of(recruitment_id)
    first = scores[0] if scores else None
    basis = (f"profile {first.profile}@{first.profile_version} {first.profile_digest}; "
             f"encoder {first.encoder} {first.encoder_version}") if first else "no candidates"
    scored = ",".join(f"{subject(request, 'candidate', cid)}="
                      f"{by_label[label_of[cid]].score:.4f}" for cid in ids if cid in label_of)
    return f"{recruitment_id}: {basis}; {scored}"


def _as_stored_now(request: Request, result: dict[str, Any]) -> dict[str, Any] | None:
    """A finished upload's result as the store holds it now, its reading audited.

    The job keeps its result in memory for a while (in the worker process that ran it), so
    a candidate or recruitment erased since would still be shown from there: the ranking
    is read again, and candidates no longer stored are left out. None if the recruitment
    itself is gone or no longer visible to this user.
    """
    recruitment_id = str(result["recruitment"])
    try:
        _visible(request, recruitment_id)
    except NotFoundError:
        return None
    ranking = _recruitments(request).ranking(recruitment_id)
    stored = {row["candidate_id"] for row in ranking}
    audit(request, "read_ranking", recruitment_id, "rekrytering")
    return {**result, "ranking": ranking,
            "candidate_ids": {stem: cid for stem, cid in result["candidate_ids"].items()
                              if cid in stored}}


def router() -> APIRouter:
    r = APIRouter(tags=["matching"])

    @r.get("/api/v1/profiles")
    def list_profiles(request: Request) -> list[dict[str, Any]]:
        """Competence profiles (latest versions)."""
        return [{"id": p.id, "version": p.version, "title": p.title, "extends": p.extends}
                for p in _recruitments(request).profiles().values()]

    @r.get("/api/v1/profiles/{profile_id}")
    def get_profile(request: Request, profile_id: str,
                    version: int | None = None) -> dict[str, Any]:
        """One profile, the latest or a given version."""
        profile = _recruitments(request).profile(profile_id, version)
        return {**profile.model_dump(mode="json"), "digest": profile.digest}

    @r.put("/api/v1/profiles/{profile_id}")
    def put_profile(request: Request, profile_id: str, body: dict[str, Any]) -> dict[str, Any]:
        """Save an edited profile as its next version (the server numbers versions)."""
        if "version" in body:
            raise DocumentError([Problem("version", "sätts av servern; ta bort fältet")])
        if body.get("id") != profile_id:
            raise DocumentError([Problem("id", f"ska vara {profile_id!r}, som i adressen")])
        profile = _recruitments(request).save_profile(
            body, user_of(request).name, lambda saved: record_of(
                request, "save_profile", f"{saved.id}@{saved.version} {saved.digest}",
                "konfiguration"))
        return {**profile.model_dump(mode="json"), "digest": profile.digest}

    @r.post("/api/v1/recruitments", status_code=201)
    def create_recruitment(request: Request, body: RecruitmentIn, store: Store,
                           access: Access) -> dict[str, Any]:
        """Open a recruitment and assign its recruiters."""
        if body.target_organisation is not None:
            target_for(store.read().organisations, body.target_organisation)
        access.require_role(body.assignees, Role.RECRUITER, "assignees")
        recruitment = _recruitments(request).create_recruitment(Recruitment(
            body.id, body.title, body.profile, body.target_organisation,
            body.decision_date.isoformat() if body.decision_date else None,
            body.legal_hold, tuple(body.assignees)),
            record_of(request, "create_recruitment", body.id, "rekrytering"))
        return recruitment.as_dict()

    @r.get("/api/v1/recruitments")
    def list_recruitments(request: Request) -> list[dict[str, Any]]:
        """All recruitments for an admin; a recruiter's own for a recruiter."""
        assignee = None if is_admin(request) else user_of(request).name
        return [x.as_dict() for x in _recruitments(request).recruitments(assignee)]

    @r.get("/api/v1/recruitments/{recruitment_id}")
    def get_recruitment(request: Request, recruitment_id: str) -> dict[str, Any]:
        """One recruitment."""
        return _visible(request, recruitment_id).as_dict()

    @r.put("/api/v1/recruitments/{recruitment_id}/decision")
    def set_decision(request: Request, recruitment_id: str, body: DecisionIn) -> dict[str, Any]:
        """Record the decision date (retention counts from it) and any legal hold.

        The date may be at most a day in the past. Setting or lifting legal hold is an
        administrator's decision and needs a ``reason``, which the audit log keeps.
        """
        current = _visible(request, recruitment_id)
        purpose = "rekrytering"
        if body.legal_hold != current.legal_hold:
            if not is_admin(request):
                raise ForbiddenError("bara en administratör kan sätta eller häva rättslig spärr")
            if body.reason is None:
                raise DocumentError([Problem(
                    "reason", "ange skälet för att sätta eller häva rättslig spärr")])
            purpose = f"rättslig spärr {'satt' if body.legal_hold else 'hävd'}: {body.reason}"
        result = _recruitments(request).set_decision(
            recruitment_id, body.decision_date.isoformat() if body.decision_date else None,
            body.legal_hold, record_of(request, "set_decision",
                                       f"{recruitment_id}: {body.decision_date}, "
                                       f"legal_hold={body.legal_hold}", purpose))
        return result.as_dict()

    @r.post("/api/v1/recruitments/{recruitment_id}/candidates", status_code=201,
            responses={202: {"description": "Started in the background (``background``): "
                                            "poll the job at ``/api/v1/uploads/{id}``."}})
    async def upload_candidates(request: Request, jobs: UploadsDep, recruitment_id: str,
                                store: Store,
                                files: Annotated[list[UploadFile], File(
                                    description="CVs as .txt, .pdf or .docx")],
                                labels: Annotated[list[str] | None, Form(
                                    description="A visible label per file, in the same "
                                                "order; empty: the CV's name line, else "
                                                "'Kandidat N'. Never the file name.")] = None,
                                background: Annotated[bool, Query(
                                    description="Answer 202 with a job id at once instead "
                                                "of waiting for the scores.")] = False
                                ) -> Any:
        """Upload CVs; they are read, scored against the recruitment's profile and stored.

        Reading runs in worker processes and scoring in a thread, never on the event loop.
        """
        recruitment = _visible(request, recruitment_id)
        settings = request.app.state.settings
        if len(files) > settings.max_upload_files:
            raise DocumentTooLargeError([Problem("files", f"{len(files)} filer; högst "
                                                 f"{settings.max_upload_files} per uppladdning")])
        limits = Limits(max_bytes=int(settings.max_upload_mb * 1024 * 1024),
                        max_pages=settings.max_upload_pages)
        named = [(_file_name(upload.filename), await upload.read(limits.max_bytes + 1))
                 for upload in files]
        for name, data in named:
            # Only max_bytes + 1 were read: the file's real size is not known, only that
            # it is past the limit.
            if len(data) > limits.max_bytes:
                megabytes = f"{settings.max_upload_mb:g}".replace(".", ",")
                raise DocumentTooLargeError([Problem(name, (
                    f"filen är större än gränsen på {limits.max_bytes} byte "
                    f"({megabytes} MB per fil)"))])
        stems = [Path(name).stem for name, _ in named]
        if len(set(stems)) != len(stems):
            raise DocumentError([Problem("files", "två filer har samma namn")])
        given = _given_labels(labels, len(files))


        async def finish(job: Job, candidates: list[Candidate]) -> dict[str, Any]:
            def score_and_store() -> dict[str, Any]:
                profile = _recruitments(request).profile(recruitment.profile)
                target = usecase.target_of(lambda: store, profile,
                                           recruitment.target_organisation)
                job.stage = "scoring"
                jobs.publish(job)
                # The upload named each candidate after its file (the key of
                # candidate_ids, for the uploader only); the stored label never is.
                stems = [c.id for c in candidates]
                labelled = label_candidates(
                    candidates, given,
                    _recruitments(request).labels_of(recruitment_id).values())
                scores = score_candidates(labelled, profile, _encoder(request),
                                          target=target)
                job.stage = "storing"
                jobs.publish(job)
                ids = _recruitments(request).add_candidates(
                    recruitment_id, labelled, scores,
                    lambda new: record_of(request, "score_candidates",
                                          _scoring_entry(request, recruitment_id, new, scores),
                                          "rekrytering"))
                return {"recruitment": recruitment_id,
                        "candidate_ids": dict(zip(stems, ids,
                                                  strict=True)),
                        "ranking": _recruitments(request).ranking(recruitment_id),
                        "note": DECISION_SUPPORT}

            return await run_in_threadpool(score_and_store)

        job = jobs.start(user_of(request).name, recruitment_id, named, limits, finish)
        if background:
            return JSONResponse(job.as_dict(), status_code=202)
        await job.done.wait()
        if job.error is not None:
            raise job.error
        return job.result

    @r.get("/api/v1/uploads/{job_id}")
    def upload_job(request: Request, jobs: UploadsDep, job_id: str) -> dict[str, Any]:
        """An upload's progress: files read of all, the stage, then the result or error.

        Asked of another worker process than the one running the upload, the answer has
        the progress and, once done, a link to the stored ranking instead of the result.
        """
        status = jobs.status(job_id, user_of(request).name)
        if status.get("result") is not None:
            status["result"] = _as_stored_now(request, status["result"])
        return status

    @r.get("/api/v1/recruitments/{recruitment_id}/ranking")
    def ranking(request: Request, recruitment_id: str, store: Store,
                profile: Annotated[str | None, Query(
                    description="Rank against another profile (not stored).")] = None,
                target_organisation: Annotated[str | None, Query(
                    description="Prefer experience from another organisation (not stored)."
                )] = None) -> dict[str, Any]:
        """The candidates of a recruitment, best first, with evidence and gaps.

        With ``profile`` or ``target_organisation`` the candidates are scored again from
        their cached sentence embeddings, to compare; those scores are not stored and the
        stored ones stay what a review refers to.
        """
        found = usecase.rank(_recruitments(request), _visible(request, recruitment_id),
                             store=store, encoder=lambda: _encoder(request),
                             profile=profile, target_organisation=target_organisation)
        if found.stored:
            audit(request, "read_ranking", recruitment_id, "rekrytering")
        else:
            audit(request, "rescore_candidates", f"{recruitment_id}: {len(found.rows)} "
                  f"({found.profile}, {target_organisation})", "rekrytering")
        return found.as_dict()

    @r.get("/api/v1/candidates/{candidate_id}")
    def get_candidate(request: Request, candidate_id: str) -> dict[str, Any]:
        """A candidate's text and stored scores (for highlighting the evidence)."""
        _candidate_visible(request, candidate_id)
        audit(request, "read_candidate", subject(request, "candidate", candidate_id),
              "rekrytering")
        return {**_recruitments(request).candidate(candidate_id), "note": DECISION_SUPPORT}

    @r.post("/api/v1/candidates/{candidate_id}/review")
    def review(request: Request, candidate_id: str, body: ReviewIn) -> dict[str, Any]:
        """Record that you, a person, reviewed the latest score, and your note."""
        _candidate_visible(request, candidate_id)
        return _recruitments(request).review(
            candidate_id, user_of(request).name, body.note,
            record_of(request, "review_candidate", subject(request, "candidate", candidate_id),
                      "rekrytering"))

    @r.get("/api/v1/candidates/{candidate_id}/export", tags=["data protection"])
    def export_candidate(request: Request, candidate_id: str) -> dict[str, Any]:
        """Everything held about a candidate, scores with their explanation (art. 15)."""
        _candidate_visible(request, candidate_id)
        audit(request, "export_candidate", subject(request, "candidate", candidate_id),
              "registerutdrag")
        return _recruitments(request).export_candidate(candidate_id)

    @r.delete("/api/v1/candidates/{candidate_id}", tags=["data protection"])
    def erase_candidate(request: Request, candidate_id: str,
                        reason: Annotated[Reason, Query(
                            description="The recorded request (e.g. its case number).")]
                        ) -> dict[str, Any]:
        """Erase a candidate: text, scores, reviews and cached embeddings (art. 17).

        An administrator's act, on a recorded request: the reason goes to the audit log.
        """
        _candidate_visible(request, candidate_id)
        removed = _recruitments(request).erase_candidate(candidate_id, record_of(
            request, "erase_candidate", subject(request, "candidate", candidate_id),
            f"radering: {reason}"))
        forget_subject(request, "candidate", candidate_id)
        return {"erased": candidate_id, "removed": removed}

    @r.delete("/api/v1/recruitments/{recruitment_id}", tags=["data protection"])
    def erase_recruitment(request: Request, recruitment_id: str,
                          reason: Annotated[Reason, Query(
                              description="The recorded decision (e.g. its case number).")]
                          ) -> dict[str, Any]:
        """Erase a recruitment and all its candidates: texts, names, scores, evidence,
        reviews and cached embeddings (art. 17). Refused (409) under legal hold.

        An administrator's act, on a recorded decision: the reason goes to the audit log.
        """
        _visible(request, recruitment_id)
        removed = _recruitments(request).erase_recruitment(recruitment_id, record_of(
            request, "erase_recruitment", recruitment_id, f"radering: {reason}"))
        erased: list[str] = removed.pop("candidate_ids")
        for cid in erased:
            forget_subject(request, "candidate", cid)
        return {"erased": recruitment_id, "removed": removed}

    @r.post("/api/v1/admin/purge", tags=["data protection"])
    def purge(request: Request, today: Annotated[IsoDate | None, Query()] = None
              ) -> dict[str, Any]:
        """Erase candidates whose recruitment was decided longer ago than the retention,
        and audit entries older than the audit log's retention."""
        settings = request.app.state.settings
        return apply_retention(_recruitments(request), request.app.state.access,
                               user_of(request), "gallring", today, settings.retention_days,
                               settings.audit_retention_days)

    return r
