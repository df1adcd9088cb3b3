from __future__ import annotations

import pytest

from scanstation.model import (
    Crop,
    Deskew,
    Page,
    PageId,
    Perspective,
    Rotate,
    simplify,
    transforms_from_json,
    transforms_to_json,
)


def test_transforms_round_trip_through_versioned_json():
    transforms = (
        Perspective(quad=((1.0, 2.0), (100.5, 3.0), (99.0, 150.0), (0.0, 149.0)), width=99,
                    height=147),
        Rotate(3),
        Deskew(-2.35),
        Crop(10, 20, 300, 400),
    )
    text = transforms_to_json(transforms)
    assert '"version": 1' in text
    assert transforms_from_json(text) == transforms


def test_newer_transform_version_is_refused():
    with pytest.raises(ValueError):
        transforms_from_json('{"version": 99, "transforms": []}')


def test_simplify_merges_rotations_and_drops_null_transforms():
    assert simplify((Rotate(1), Rotate(3))) == ()
    assert simplify((Rotate(1), Rotate(1), Deskew(0.0))) == (Rotate(2),)
    assert simplify((Deskew(1.5), Deskew(-0.5))) == (Deskew(1.0),)
    assert simplify((Rotate(1), Deskew(2.0), Rotate(1))) == (Rotate(1), Deskew(2.0), Rotate(1))


def test_undo_quarter_turn_convention():
    # a page showing a 90° counter-clockwise turn is undone by a 90° clockwise turn (= 3 CCW)
    assert Rotate.undo_quarter_turn(90) == Rotate(3)
    assert Rotate.undo_quarter_turn(270) == Rotate(1)
    assert Rotate.undo_quarter_turn(0).is_null()


def test_page_edits_are_new_pages_and_undoable():
    page = Page(PageId("p1"), "ab" * 32)
    rotated = page.with_transform(Rotate(1))
    assert page.transforms == ()
    assert rotated.transforms == (Rotate(1),)
    assert rotated.undo() == page
