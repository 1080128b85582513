"""The user guide (docs/guide/) shows only pictures and pages that exist.

The pictures are made by test_guide_tour.py under BIPIN_GUIDE_SHOTS=1; a page
renamed there, or a picture no page uses any more, is caught here without a
browser.
"""

import re
from pathlib import Path

import bipin

GUIDE = Path(bipin.__file__).resolve().parents[1] / "docs" / "guide"
LINK = re.compile(r"\]\(([^)#\s]+)(?:#([^)]*))?\)")  # [text](target#anchor), images too
MAX_BYTES = 300_000


def links(with_anchors=False):
    for page in sorted(GUIDE.glob("*.md")):
        for target, anchor in LINK.findall(page.read_text(encoding="utf-8")):
            if "://" not in target:
                yield (page, target, anchor) if with_anchors else (page, target)


def anchors(page: Path) -> set[str]:
    """Heading anchors as GitHub makes them: lower case, punctuation dropped, spaces to hyphens."""
    headings = re.findall(r"^#+\s+(.+)$", page.read_text(encoding="utf-8"), flags=re.MULTILINE)
    return {re.sub(r"[^\w\- ]", "", h.strip().lower()).replace(" ", "-") for h in headings}


def test_every_picture_and_page_the_guide_links_to_exists():
    missing = [f"{page.name}: {target}" for page, target in links() if not (page.parent / target).exists()]
    assert missing == []


def test_every_section_the_guide_points_to_is_there():
    broken = [f"{page.name}: {target}#{anchor}" for page, target, anchor in links(with_anchors=True)
              if anchor and target.endswith(".md") and anchor not in anchors(page.parent / target)]
    assert broken == []


def test_the_guide_has_a_page_per_role_and_each_shows_pictures():
    pages = {p.name for p in GUIDE.glob("*.md")}
    roles = {"organizer.md", "chief-judge.md", "judge.md", "inspector.md", "department.md", "county.md",
             "candidate.md"}
    assert roles <= pages
    for role in roles:
        assert "](img/" in (GUIDE / role).read_text(encoding="utf-8"), f"{role} shows no picture"


def test_every_picture_is_used_and_small():
    used = {(page.parent / target).resolve() for page, target in links()}
    pictures = sorted((GUIDE / "img").glob("*.png"))
    assert pictures, "docs/guide/img/ is empty: run `make guide-shots`"
    assert [p.name for p in pictures if p.resolve() not in used] == []
    assert [p.name for p in pictures if p.stat().st_size > MAX_BYTES] == []
