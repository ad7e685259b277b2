"""The Rekrytering page names why every uncounted sentence is not evidence.

The scorer lists each sentence it does not count with its cue (``discounted``); the page
shows only those whose cue it has a Swedish label for, so a cue missing from the page's map
hides a sentence the scorer set aside (m8's ``addressed`` and ``others`` were missing)."""

from __future__ import annotations

import re
from pathlib import Path

from matching.cues import Cue

PAGE = Path(__file__).resolve().parent.parent / "api/web/static/pages/recruitment.js"


def test_every_discounted_cue_has_a_label_on_the_page() -> None:
    block = re.search(r"const CUES = \{(.*?)\};", PAGE.read_text(encoding="utf-8"), re.S)
    assert block is not None
    labelled = set(re.findall(r"(?:^|[{,\s])\"?([a-z]+)\"?\s*:", block.group(1)))
    # scoring.py leaves behaviour and headings out of ``discounted``.
    shown = {cue.value for cue in Cue} - {Cue.BEHAVIOUR.value, Cue.HEADING.value}
    assert shown <= labelled, sorted(shown - labelled)
