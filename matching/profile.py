"""Competence profiles as data: dimensions, items as observable behaviour, weights.

A profile is what a recruiting manager agrees to be judged by, so it is a file a person can
read and change (``seed/profiles/*.yaml``), validated strictly, and versioned: every score
records the profile id and version it was computed against.
"""

from __future__ import annotations

import hashlib
import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, model_validator

from graph.core.errors import DocumentError, NotFoundError, Problem
from matching.facts import PROFESSIONS, Party

__all__ = [
    "Dimension",
    "Fact",
    "Item",
    "Profile",
    "Requirement",
    "Target",
    "get_profile",
    "load_profile",
    "profile_dir",
    "read_profiles",
]

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]{0,63}$")]
Label = Annotated[str, StringConstraints(min_length=1, max_length=200, strip_whitespace=True)]
Behaviour = Annotated[str, StringConstraints(min_length=10, max_length=400, strip_whitespace=True)]


class Requirement(StrEnum):
    """Must-have items are flagged when evidence is missing; nothing is rejected for it."""

    MUST = "must"
    MERIT = "merit"


class Fact(StrEnum):
    """A hard fact from :mod:`matching.facts` that can stand as evidence for an item."""

    DEGREE = "degree"
    PARTY_TODAY = "party_today"
    COLLABORATION_YEARS = "collaboration_years"
    SEVERAL_PARTIES = "several_parties"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Item(_Strict):
    """One thing the post needs, written as behaviour a CV sentence can show."""

    id: Slug
    label: Label
    gap: Label | None = Field(
        default=None, description="Swedish text shown when there is no evidence."
    )
    requirement: Requirement = Requirement.MERIT
    weight: float = Field(default=1.0, gt=0, le=10)
    behaviours: list[Behaviour] = Field(min_length=2, max_length=20)
    behaviours_en: list[Behaviour] = Field(
        default_factory=list,
        max_length=20,
        description="The same behaviours in English, so English CV sentences meet their own "
        "language as well as the Swedish text.",
    )
    fact: Fact | None = None

    @property
    def gap_text(self) -> str:
        return self.gap or f"ingen evidens för: {self.label.lower()}"


class Dimension(_Strict):
    id: Slug
    label: Label
    weight: float = Field(gt=0, le=10)
    items: list[Item] = Field(min_length=1)


class Target(_Strict):
    """Who the post mainly works with ("hitta rätt")."""

    party: Party | None = None
    names: tuple[Label, ...] = ()
    profession: str | None = None

    @model_validator(mode="after")
    def _known_profession(self) -> Target:
        if self.profession is not None and self.profession not in PROFESSIONS:
            known = ", ".join(sorted(PROFESSIONS))
            raise ValueError(f"unknown profession {self.profession!r}; known: {known}")
        return self


class Profile(_Strict):
    id: Slug
    version: int = Field(default=1, ge=1)
    extends: Slug | None = Field(default=None, description="The profile this one varies.")
    title: Label
    description: str = ""
    target: Target = Target()
    preference_weight: float = Field(
        default=0.1,
        ge=0,
        le=0.5,
        description="Share of the total given to experience from the target organisation "
        "and profession.",
    )
    dimensions: list[Dimension] = Field(min_length=1)

    @model_validator(mode="after")
    def _unique_ids(self) -> Profile:
        seen: set[str] = set()
        for dimension in self.dimensions:
            for key in [dimension.id, *(item.id for item in dimension.items)]:
                if key in seen:
                    raise ValueError(f"id {key!r} is used twice in the profile")
                seen.add(key)
        return self

    @property
    def items(self) -> list[tuple[Dimension, Item]]:
        return [(d, i) for d in self.dimensions for i in d.items]

    @property
    def digest(self) -> str:
        """Content hash: two profiles with the same digest score identically."""
        body = json.dumps(self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(body.encode()).hexdigest()[:16]

    def with_target(self, target: Target) -> Profile:
        return self.model_copy(update={"target": target})


def profile_dir() -> Path:
    return Path(__file__).resolve().parent.parent / "seed" / "profiles"


def load_profile(data: dict[str, Any], source: str = "profile") -> Profile:
    """Validate a profile; errors name the field, as imports do."""
    from pydantic import ValidationError

    try:
        return Profile.model_validate(data)
    except ValidationError as exc:
        problems = [
            Problem(".".join([source, *(str(p) for p in e["loc"])]), e["msg"]) for e in exc.errors()
        ]
        raise DocumentError(problems) from None


def resolve_variant(data: dict[str, Any], base: Profile, source: str) -> dict[str, Any]:
    """Expand a variant (``extends``) into a full profile.

    A variant names its base and changes only dimension weights and, per item, the weight
    and requirement, so the behaviour texts live in one file.
    """
    data = dict(data)
    weights = data.pop("dimension_weights", None) or {}
    overrides = data.pop("item_overrides", None) or {}
    body = base.model_dump(mode="json")
    known_dimensions = {d["id"] for d in body["dimensions"]}
    known_items = {i["id"] for d in body["dimensions"] for i in d["items"]}
    problems = [
        Problem(f"{source}.dimension_weights.{key}", f"unknown dimension in {base.id!r}")
        for key in weights
        if key not in known_dimensions
    ] + [
        Problem(f"{source}.item_overrides.{key}", f"unknown item in {base.id!r}")
        for key in overrides
        if key not in known_items
    ]
    if problems:
        raise DocumentError(problems)
    for dimension in body["dimensions"]:
        dimension["weight"] = weights.get(dimension["id"], dimension["weight"])
        for item in dimension["items"]:
            item.update(overrides.get(item["id"], {}))
    body.update({k: v for k, v in data.items() if k != "dimensions"})
    return body


def read_profiles(directory: Path | None = None) -> dict[str, Profile]:
    """All profiles in ``directory`` (the shipped ones by default), by id."""
    directory = directory or profile_dir()
    raw = {
        path.name: yaml.safe_load(path.read_text(encoding="utf-8"))
        for path in sorted(directory.glob("*.yaml"))
    }
    profiles: dict[str, Profile] = {}
    # Bases first, so a variant can find the profile it extends.
    for name, data in sorted(raw.items(), key=lambda kv: "extends" in kv[1]):
        if "extends" in data:
            base = profiles.get(data["extends"])
            if base is None:
                raise DocumentError(
                    [Problem(f"{name}.extends", f"okänd profil {data['extends']!r}")]
                )
            data = resolve_variant(data, base, name)
        profile = load_profile(data, name)
        profiles[profile.id] = profile
    return profiles


def get_profile(profile_id: str, directory: Path | None = None) -> Profile:
    profiles = read_profiles(directory)
    if profile_id not in profiles:
        raise NotFoundError(
            f"okänd profil {profile_id!r}; finns: {', '.join(sorted(profiles))}",
            field="profile")
    return profiles[profile_id]
