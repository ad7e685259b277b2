"""The contact survey over HTTP: rounds for the admin, and the form behind a personal link.

The form's routes need no account: they answer only to the personal token in the
``X-Survey-Token`` header (the link carries it after '#', which browsers never send to a
server, so it stays out of access logs). A missing, used or expired token answers 404.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request
from pydantic import BaseModel, ConfigDict, Field

from api.deps import JobsDep, Store, SurveyRecordsDep, audit, user_of
from graph.core.progress import Progress
from graph.model.schema import Id, IsoDate, Name
from graph.survey import contact_survey as survey

__all__ = ["FORM_PAGE", "router"]

FORM_PAGE = "/ui/enkat.html"
SurveyToken = Annotated[str, Header(alias="X-Survey-Token", max_length=200,
                                    description="The personal token from the link.")]


class RoundBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: Id
    title: Name
    purpose: Annotated[str, Field(min_length=1, max_length=2000)]
    legal_basis: Annotated[str, Field(min_length=1, max_length=2000)] = (
        "Allmänt intresse (GDPR art. 6.1 e): förbundets uppdrag att samordna "
        "rehabiliteringsinsatser enligt lagen (2003:1210) om finansiell samordning.")
    organisations: list[Id] = Field(min_length=1, max_length=200)
    closes: IsoDate


class AnswerBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    contact: Id
    kind: Annotated[str, Field(max_length=40)] = "collaboration"
    strength: Annotated[int, Field(ge=1, le=5)]
    last_contact: IsoDate | None = None
    confirmed: bool = False


class SubmitBody(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # Contacts only: no free text is asked for (minimal data).
    answers: list[AnswerBody] = Field(max_length=survey.MAX_ANSWERS)


def _today(request: Request) -> date:
    clock: Callable[[], date] = request.app.state.today
    return clock()


def _links(invitees: list[survey.Invitee]) -> list[dict[str, str]]:
    return [{"person": i.person, "name": i.name, "organisation": i.organisation,
             "link": f"{FORM_PAGE}#{i.token}"} for i in invitees]


def router() -> APIRouter:
    r = APIRouter(tags=["survey"])

    @r.post("/api/v1/surveys", status_code=201)
    def open_round(request: Request, records: SurveyRecordsDep, body: RoundBody,
                   store: Store) -> dict[str, Any]:
        """Open a round; returns each invited person's personal link (shown only now)."""
        invitees = survey.open_round(
            store, records, round_id=body.id, title=body.title, purpose=body.purpose,
            legal_basis=body.legal_basis, organisations=body.organisations,
            closes=body.closes, today=_today(request), created_by=user_of(request).name)
        audit(request, "survey_open", body.id, "kontaktenkät")
        return {"round": body.id, "invitations": _links(invitees),
                "note": "Tjänsten skickar ingen e-post: skicka länkarna till var och en."}

    @r.get("/api/v1/surveys")
    def rounds(request: Request, records: SurveyRecordsDep) -> list[dict[str, Any]]:
        """Every round, oldest first."""
        return [x.as_dict() for x in records.rounds()]

    @r.get("/api/v1/surveys/{round_id}")
    def round_status(request: Request, records: SurveyRecordsDep, round_id: str,
                     store: Store) -> dict[str, Any]:
        """Response rate per organisation and reminders sent."""
        audit(request, "survey_status", round_id, "kontaktenkät")
        return survey.status(store, records, round_id)

    @r.post("/api/v1/surveys/{round_id}/reminders")
    def reminders(request: Request, records: SurveyRecordsDep, round_id: str,
                  store: Store) -> dict[str, Any]:
        """Record a reminder to everyone who has not answered; returns their new links."""
        invitees = survey.remind(store, records, round_id, _today(request))
        audit(request, "survey_remind", round_id, "kontaktenkät")
        return {"round": round_id, "reminded": _links(invitees),
                "note": "Tjänsten skickar ingen e-post: skicka påminnelsen med den nya "
                        "länken; den gamla slutar gälla."}

    @r.post("/api/v1/surveys/{round_id}/close", status_code=202)
    def close_round(request: Request, jobs: JobsDep, records: SurveyRecordsDep, round_id: str,
                    store: Store) -> dict[str, Any]:
        """Close the round and write its answers as ties: a job to follow or cancel."""
        survey.status(store, records, round_id)  # an unknown round is 404 now, not later
        today = _today(request)
        who = user_of(request)

        def work(progress: Progress) -> dict[str, Any]:
            return survey.close(store, records, round_id, today, progress)

        audit(request, "survey_close", round_id, "kontaktenkät")
        return jobs.start("survey_close", who.name, work).as_dict()

    @r.get("/api/v1/surveys/{round_id}/comparison")
    def comparison(request: Request, records: SurveyRecordsDep, round_id: str,
                   previous: Annotated[str | None, Query(max_length=200)] = None
                   ) -> dict[str, Any]:
        """What changed from the previous closed round (or the one named)."""
        audit(request, "survey_compare", round_id, "kontaktenkät")
        return survey.compare(records, round_id, previous)

    @r.get("/api/v1/survey-form")
    def form(request: Request, records: SurveyRecordsDep, store: Store,
             token: SurveyToken) -> dict[str, Any]:
        """The form of the link's person: purpose, legal basis, their ties to other parties."""
        return survey.form(store, records, token, _today(request))

    @r.get("/api/v1/survey-form/people")
    def search(request: Request, records: SurveyRecordsDep, store: Store, token: SurveyToken,
               q: Annotated[str, Query(max_length=100)] = "") -> list[dict[str, str]]:
        """People at other parties whose name contains ``q`` (two letters or more)."""
        return survey.search(store, records, token, q, _today(request))

    @r.post("/api/v1/survey-form")
    def submit(request: Request, records: SurveyRecordsDep, body: SubmitBody, store: Store,
               token: SurveyToken) -> dict[str, Any]:
        """Submit the answers; the link is used up."""
        n = survey.submit(store, records, token,
                          [a.model_dump(mode="json") for a in body.answers], _today(request))
        return {"stored": n, "message": "Tack! Dina svar är sparade."}

    return r
