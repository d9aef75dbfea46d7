import pyarrow as pa
import pytest

from devtriage.identifiers import Normaliser


@pytest.mark.parametrize(
    "raw, want",
    [
        ("07700 900123", "+447700900123"),
        ("+44 7700 900 123", "+447700900123"),
        ("+44 (0)7700-900123", "+447700900123"),
        ("447700900123@s.whatsapp.net", "+447700900123"),
        ("447700900123:12@s.whatsapp.net", "+447700900123"),
        ("Jane.Doe@Example.COM", "jane.doe@example.com"),
        ("tel:+41786909109", "+41786909109"),
        ("+41786909109", "+41786909109"),
        ("CoopMobile", "CoopMobile"),
        ("88888", "88888"),
        ("120363025246125486@g.us", "120363025246125486@g.us"),
        ("  ", ""),
    ],
)
def test_normal_forms(raw, want):
    assert Normaliser("GB").one(raw) == want


def test_00_international_prefix_in_any_region():
    for region in ("GB", "US", "DE"):
        assert Normaliser(region).one("0044 7700 900123") == "+447700900123"
        assert Normaliser(region).one("00447700900123") == "+447700900123"


def test_region_decides_national_numbers():
    assert Normaliser("US").one("(202) 555-0143") == "+12025550143"
    assert Normaliser("GB").one("020 7946 0018") == "+442079460018"


def test_array_matches_one_by_one_and_keeps_nulls():
    raw = ["07700 900123", None, "+447700900123", "Foo@Bar.org", "07700 900123"]
    n = Normaliser("GB")
    got = n.array(pa.array(raw, pa.string())).to_pylist()
    assert got == [n.one(v) for v in raw]
    assert got[1] is None


def test_array_of_chunked_input():
    n = Normaliser("GB")
    arr = pa.chunked_array([["07700 900123"], ["07700900123", None]])
    assert n.array(arr).to_pylist() == ["+447700900123", "+447700900123", None]
