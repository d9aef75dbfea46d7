import datetime as dt

import pytest

from devtriage.case import CaseError, load

GOOD = """
case_id = "OP-1234"
timezone = "Europe/London"
default_region = "GB"

[victim]
names = ["Jane Doe", "Janey"]
phones = ["+44 7700 900123", "07700 900456"]
emails = ["jane@example.com"]
handles = ["@janedoe"]
addresses = ["12 Acacia Avenue, Leeds LS1 4AB"]

[[places]]
label = "victim home"
lat = 53.8008
lon = -1.5491
radius_m = 150

[[orders]]
kind = "bail"
start = 2026-03-01T00:00:00Z
end = 2026-06-01T00:00:00Z

[[orders]]
kind = "spo"
start = 2026-07-01T01:00:00+01:00
"""


def test_design_example_parses(tmp_path):
    p = tmp_path / "case.toml"
    p.write_text(GOOD)
    case = load(p)
    assert case.case_id == "OP-1234"
    assert case.victim.phones == ("+44 7700 900123", "07700 900456")
    assert case.places[0].radius_m == 150
    assert case.orders[0].end == dt.datetime(2026, 6, 1, tzinfo=dt.timezone.utc)
    assert case.orders[1].end is None
    assert case.orders[1].start == dt.datetime(2026, 7, 1, tzinfo=dt.timezone.utc)
    assert str(case.tz) == "Europe/London"


@pytest.mark.parametrize(
    "text, message",
    [
        ('timezone = "Mars/Olympus"', "IANA"),
        ('default_region = "XX"', "region"),
        ('victm = {names = ["a"]}', "unknown key"),
        ('[victim]\nphone = ["1"]', "unknown key"),
        ('[[places]]\nlabel = "x"\nlat = 95\nlon = 0', "out of range"),
        ('[[places]]\nlabel = "x"\nlat = 5', "missing lon"),
        ('[[orders]]\nkind = "bail"\nstart = 2026-03-01T00:00:00', "time zone offset"),
        ('[[orders]]\nkind = "bail"\nstart = 2026-03-01', "time zone offset"),
        ('[[places]]\nlabel = "x"\nlat = "north"\nlon = 0', "expected a number"),
        ("places = 5", "places"),
        ('places = ["home"]', "places"),
        ('[[orders]]\nstart = 2026-03-01T00:00:00Z\nend = 2026-02-01T00:00:00Z', "not after"),
        ("this is = = not toml", "not valid TOML"),
    ],
)
def test_bad_case_files_say_why(tmp_path, text, message):
    p = tmp_path / "case.toml"
    p.write_text(text)
    with pytest.raises(CaseError, match=message):
        load(p)


def test_missing_case_file(tmp_path):
    with pytest.raises(CaseError, match="not found"):
        load(tmp_path / "nope.toml")
