"""Domain model of a FINSAM collaboration (pydantic v2).

Rows are shaped exactly as they appear in the interchange document, so the same classes
validate a file, a store row and an API body. Keys a row does not set stay unset, which
is what lets an export reproduce its import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from types import UnionType
from typing import Annotated, Any, ClassVar, Union, get_args, get_origin

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    Strict,
    StringConstraints,
    ValidationError,
    model_validator,
)
from pydantic_core import InitErrorDetails

_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _parse_iso_date(value: Any) -> Any:
    # pydantic's lax date parsing also accepts Unix timestamps and datetimes; a register
    # of people must not silently read 20150101 as a date in 1970.
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise ValueError(f"invalid date {value!r}") from None
    raise ValueError(f"expected a date as YYYY-MM-DD, got {value!r}")


IsoDate = Annotated[date, BeforeValidator(_parse_iso_date)]


def base_types(annotation: Any) -> list[Any]:
    """The plain types behind ``X | None`` and ``Annotated[X, ...]``."""
    if get_origin(annotation) is Annotated:
        return base_types(get_args(annotation)[0])
    if get_origin(annotation) in (Union, UnionType):
        return [t for a in get_args(annotation) for t in base_types(a)]
    return [annotation]

# C0 controls but tab and newlines, DEL, and the bidirectional controls that reorder what a
# reader sees (a name that displays as another name): never part of a name or a CV's text.
_CONTROLS = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_IN_TEXT = re.compile(f"[{_CONTROLS}]")
_IN_LINE = re.compile(f"[{_CONTROLS}\t\n\r]")


def strip_controls(text: str) -> str:
    """``text`` without control and bidirectional-override characters (for files read)."""
    return _IN_TEXT.sub("", text)


def _refusing(pattern: re.Pattern[str]) -> AfterValidator:
    def check(value: str) -> str:
        found = pattern.search(value)
        if found:
            raise ValueError(f"contains the control character U+{ord(found.group()):04X} at "
                             f"position {found.start()}; remove it")
        return value

    return AfterValidator(check)


NO_CONTROLS = _refusing(_IN_TEXT)  # multi-line text
NO_CONTROLS_IN_LINE = _refusing(_IN_LINE)  # names, titles: one line
# No colon: "person:" / "org:" prefixes select a kind in paths and queries.
Id = Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=r"^[\w][\w.\-]*$")]
Name = Annotated[str, StringConstraints(min_length=1, max_length=300, strip_whitespace=True),
                 NO_CONTROLS_IN_LINE]
Text = Annotated[str, StringConstraints(max_length=20_000), NO_CONTROLS]
# Contact details: errors in Swedish, without the field's name: every place that shows one
# names the field already (a form beside its field, a sheet by its column, an HTTP answer
# by its path), and "E-post: e-post: ..." said it twice.
_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)+$")
# What Swedish numbers allow once spaces, hyphens and brackets are dropped: a national
# number of 0 and 7 to 9 digits (08-123 456 up to 070-123 45 67), or +46 and 7 to 9 digits.
_PHONE = re.compile(r"^(0\d{7,9}|\+46\d{7,9})$")


def _email(value: str) -> str:
    value = value.strip()
    if len(value) > 320 or not _EMAIL.match(value):
        raise ValueError(f"{value[:80]!r} är ingen e-postadress; skriv till exempel "
                         "namn.efternamn@kommun.se")
    return value


def _phone(value: str) -> str:
    value = value.strip()
    digits = re.sub(r"[\s\-()]", "", value)
    if len(value) > 40 or not _PHONE.match(digits) or digits.startswith("+460"):
        raise ValueError(f"{value[:40]!r} är inget svenskt telefonnummer; skriv till "
                         "exempel 010-123 45 67 eller +46 10 123 45 67")
    return value


Email = Annotated[str, AfterValidator(_email)]
Phone = Annotated[str, AfterValidator(_phone)]
# "Kontakta om": one line of what to contact someone about; a mandate may be a few lines.
ContactAbout = Annotated[str, StringConstraints(max_length=500, strip_whitespace=True),
                         NO_CONTROLS_IN_LINE]
Mandate = Annotated[str, StringConstraints(max_length=2000, strip_whitespace=True),
                    NO_CONTROLS]


class OrgKind(StrEnum):
    AGENCY = "agency"
    MUNICIPALITY = "municipality"
    REGION = "region"
    FEDERATION = "federation"
    CARE_PROVIDER = "care_provider"
    UNIT = "unit"
    OTHER = "other"


class GroupLevel(StrEnum):
    DECISION = "decision"
    STRATEGIC = "strategic"
    OPERATIONAL = "operational"


class Seat(StrEnum):
    CHAIR = "chair"
    MEMBER = "member"
    DEPUTY = "deputy"


class TieKind(StrEnum):
    COLLABORATION = "collaboration"
    MEETING = "meeting"
    MULTIPARTY_MEETING = "multiparty_meeting"
    HANDOVER = "handover"
    MENTORING = "mentoring"
    OTHER = "other"


class Row(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    # Which keys make two rows "the same row" when a document is merged into a store.
    natural_key: ClassVar[tuple[str, ...]] = ("id",)
    # The row's first and last day, when it has them: the last may not come before the first.
    period: ClassVar[tuple[str, str] | None] = None

    @model_validator(mode="after")
    def _period_in_order(self) -> Row:
        if self.period is not None:
            first, last = self.period
            start, end = getattr(self, first), getattr(self, last)
            if start is not None and end is not None and end < start:
                # Located at the last day's field (``people[3].until``), so an edit form
                # shows it beside that field and a spreadsheet names its column; a plain
                # ValueError here would name only the row.
                error = ValueError(f"{last} {end} is before {first} {start}")
                raise ValidationError.from_exception_data(type(self).__name__, [InitErrorDetails(
                    type="value_error", loc=(last,), input=end, ctx={"error": error})])
        return self

    def key(self) -> str:
        return "\x1f".join(str(getattr(self, f) or "") for f in self.natural_key)


class Organisation(Row):
    id: Id
    name: Name
    kind: OrgKind = OrgKind.OTHER
    parent: Id | None = None


class Person(Row):
    period: ClassVar[tuple[str, str] | None] = ("since", "until")

    id: Id
    name: Name
    organisation: Id
    title: Name | None = None
    profession: Name | None = None
    # Links a person signing in with their organisation's account to their place here,
    # and with phone and contact_about makes the Samverkansguide a contact list.
    email: Email | None = None
    since: IsoDate | None = None
    until: IsoDate | None = None
    description: Text | None = None
    phone: Phone | None = None
    contact_about: ContactAbout | None = None



class Group(Row):
    id: Id
    name: Name
    level: GroupLevel = GroupLevel.OPERATIONAL
    organisation: Id | None = None
    parent: Id | None = None
    description: Text | None = None


class Initiative(Row):
    period: ClassVar[tuple[str, str] | None] = ("start", "end")

    id: Id
    name: Name
    owner: Id | None = None
    parties: list[Id] = Field(default_factory=list)
    start: IsoDate | None = None
    end: IsoDate | None = None
    governed_by: Id | None = None
    description: Text | None = None



class Role(Row):
    id: Id
    name: Name
    scope: Id | None = None
    holders: list[Id] = Field(default_factory=list)
    deputies: list[Id] = Field(default_factory=list)
    description: Text | None = None


class Membership(Row):
    natural_key: ClassVar[tuple[str, ...]] = ("person", "group", "since")
    period: ClassVar[tuple[str, str] | None] = ("since", "until")

    person: Id
    group: Id
    as_: Seat = Field(default=Seat.MEMBER, alias="as")
    represents: Id | None = None
    since: IsoDate | None = None
    until: IsoDate | None = None
    # What the member may decide or commit to for the organisation they represent in the
    # group. On the seat, not the person: each party names its own representative per
    # group (the strategic group's members are chosen by each organisation), and one
    # person may hold a full mandate in an operational group and none on the board.
    mandate: Mandate | None = None



class Participation(Row):
    natural_key: ClassVar[tuple[str, ...]] = ("person", "initiative", "since")
    period: ClassVar[tuple[str, str] | None] = ("since", "until")

    person: Id
    initiative: Id
    role: Name | None = None
    since: IsoDate | None = None
    until: IsoDate | None = None



class Tie(Row):
    natural_key: ClassVar[tuple[str, ...]] = ("a", "b", "kind")
    period: ClassVar[tuple[str, str] | None] = ("since", "until")

    a: Id
    b: Id
    kind: TieKind = TieKind.COLLABORATION
    # Strict: true and "3" are refused, not read as 1 and 3.
    strength: Annotated[int, Strict()] = Field(default=1, ge=1, le=5)
    last_contact: IsoDate | None = None
    since: IsoDate | None = None
    until: IsoDate | None = None
    description: Text | None = None

    def key(self) -> str:
        # A tie is undirected: (a, b) and (b, a) are the same tie.
        lo, hi = sorted((self.a, self.b))
        return f"{lo}\x1f{hi}\x1f{self.kind}"

    @model_validator(mode="after")
    def _valid_tie(self) -> Tie:
        if self.a == self.b:
            raise ValueError(f"a tie needs two different people, got {self.a!r} twice")
        return self


class Document(BaseModel):
    """The interchange document: every list may be absent."""

    model_config = ConfigDict(extra="forbid")

    organisations: list[Organisation] = Field(default_factory=list)
    people: list[Person] = Field(default_factory=list)
    groups: list[Group] = Field(default_factory=list)
    initiatives: list[Initiative] = Field(default_factory=list)
    roles: list[Role] = Field(default_factory=list)
    memberships: list[Membership] = Field(default_factory=list)
    participations: list[Participation] = Field(default_factory=list)
    ties: list[Tie] = Field(default_factory=list)

    def count(self) -> dict[str, int]:
        return {name: len(getattr(self, name)) for name in SECTIONS}


# Sections in dependency order: a row only refers to sections before it or to its own.
SECTIONS: dict[str, type[Row]] = {
    "organisations": Organisation,
    "people": Person,
    "groups": Group,
    "initiatives": Initiative,
    "roles": Role,
    "memberships": Membership,
    "participations": Participation,
    "ties": Tie,
}
ENTITY_SECTIONS = ("organisations", "people", "groups", "initiatives", "roles")
# What one row of a section is called, in messages, audit actions and route names.
NOUNS = {"organisations": "organisation", "people": "person", "groups": "group",
         "initiatives": "initiative", "roles": "role", "memberships": "membership",
         "participations": "participation", "ties": "tie"}


@dataclass(frozen=True)
class Reference:
    """One field that points at rows of other sections: the schema of the graph.

    Validation resolves every reference; the knowledge-graph export turns the references
    of entities into edges named ``relation`` (from the holder, for ``from_target``).
    """

    section: str
    field: str
    targets: tuple[str, ...]
    relation: str
    many: bool = False
    from_target: bool = False


REFERENCES = (
    Reference("organisations", "parent", ("organisations",), "part_of"),
    Reference("people", "organisation", ("organisations",), "works_at"),
    Reference("groups", "organisation", ("organisations",), "owned_by"),
    Reference("groups", "parent", ("groups",), "reports_to"),
    Reference("initiatives", "owner", ("organisations",), "process_owner"),
    Reference("initiatives", "parties", ("organisations",), "party", many=True),
    Reference("initiatives", "governed_by", ("groups",), "governed_by"),
    Reference("roles", "scope", ("organisations", "groups", "initiatives"), "scope"),
    Reference("roles", "holders", ("people",), "holds", many=True, from_target=True),
    Reference("roles", "deputies", ("people",), "deputy_for", many=True, from_target=True),
    Reference("memberships", "person", ("people",), "member_of"),
    Reference("memberships", "group", ("groups",), "member_of"),
    Reference("memberships", "represents", ("organisations",), "represents"),
    Reference("participations", "person", ("people",), "participates_in"),
    Reference("participations", "initiative", ("initiatives",), "participates_in"),
    Reference("ties", "a", ("people",), "tie"),
    Reference("ties", "b", ("people",), "tie"),
)
