"""The case file (``case.toml``): victim identifiers, places, orders and time zone.

The case file is optional. Without one devtriage runs victim-agnostic with the defaults
below (UTC, region ``GB`` for phone numbers written without a country code). The format is
described in DESIGN.md; unknown keys are an error so that a typo does not silently drop a
victim identifier.
"""

from __future__ import annotations

import datetime as dt
import tomllib
import zoneinfo
from dataclasses import dataclass, field
from pathlib import Path

import phonenumbers


class CaseError(ValueError):
    """The case file is missing, unreadable or invalid; the message says where."""


@dataclass(frozen=True)
class Victim:
    names: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    handles: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()


@dataclass(frozen=True)
class Place:
    label: str
    lat: float
    lon: float
    radius_m: float = 150.0


@dataclass(frozen=True)
class Order:
    kind: str
    start: dt.datetime
    end: dt.datetime | None = None


@dataclass(frozen=True)
class Case:
    case_id: str = ""
    timezone: str = "UTC"
    default_region: str = "GB"
    victim: Victim = field(default_factory=Victim)
    places: tuple[Place, ...] = ()
    orders: tuple[Order, ...] = ()
    path: str | None = None

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)


_TOP = {"case_id", "timezone", "default_region", "victim", "places", "orders"}
_VICTIM = {"names", "phones", "emails", "handles", "addresses"}
_PLACE = {"label", "lat", "lon", "radius_m"}
_ORDER = {"kind", "start", "end"}


def _check_keys(where: str, got: dict, allowed: set[str]) -> None:
    unknown = sorted(set(got) - allowed)
    if unknown:
        raise CaseError(f"{where}: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(sorted(allowed))}")


def _strings(where: str, value) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise CaseError(f"{where}: expected a list of strings")
    return tuple(value)


def _when(where: str, value) -> dt.datetime:
    if not isinstance(value, dt.datetime) or value.tzinfo is None:
        raise CaseError(f"{where}: expected a date-time with a time zone offset, such as 2026-03-01T00:00:00Z")
    return value.astimezone(dt.timezone.utc)


def _tables(where: str, value) -> list[dict]:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise CaseError(f"{where}: expected [[{where.rsplit(' ', 1)[-1]}]] tables")
    return value


def _number(where: str, value) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise CaseError(f"{where}: expected a number, got {value!r}")
    return float(value)


def parse(data: dict, path: str | None = None) -> Case:
    """Build a :class:`Case` from the parsed TOML mapping, validating every field."""
    where = path or "case"
    _check_keys(where, data, _TOP)
    timezone = data.get("timezone", "UTC")
    try:
        zoneinfo.ZoneInfo(timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, TypeError):
        raise CaseError(f"{where}: timezone {timezone!r} is not an IANA time zone name (e.g. Europe/London)") from None
    region = data.get("default_region", "GB")
    if region not in phonenumbers.SUPPORTED_REGIONS:
        raise CaseError(f"{where}: default_region {region!r} is not a two-letter region code (e.g. GB)")
    v = data.get("victim", {})
    if not isinstance(v, dict):
        raise CaseError(f"{where}: [victim] must be a table")
    _check_keys(f"{where} [victim]", v, _VICTIM)
    victim = Victim(**{k: _strings(f"{where} victim.{k}", v[k]) for k in v})
    places = []
    for i, p in enumerate(_tables(f"{where} places", data.get("places", []))):
        w = f"{where} places[{i}]"
        _check_keys(w, p, _PLACE)
        missing = [k for k in ("label", "lat", "lon") if k not in p]
        if missing:
            raise CaseError(f"{w}: missing {', '.join(missing)}")
        place = Place(
            str(p["label"]),
            _number(f"{w}.lat", p["lat"]),
            _number(f"{w}.lon", p["lon"]),
            _number(f"{w}.radius_m", p.get("radius_m", 150.0)),
        )
        if not (-90 <= place.lat <= 90 and -180 <= place.lon <= 180) or place.radius_m <= 0:
            raise CaseError(f"{w}: lat/lon out of range or radius_m not positive")
        places.append(place)
    orders = []
    for i, o in enumerate(_tables(f"{where} orders", data.get("orders", []))):
        w = f"{where} orders[{i}]"
        _check_keys(w, o, _ORDER)
        if "start" not in o:
            raise CaseError(f"{w}: missing start")
        start = _when(f"{w}.start", o["start"])
        end = _when(f"{w}.end", o["end"]) if "end" in o else None
        if end is not None and end <= start:
            raise CaseError(f"{w}: end is not after start")
        orders.append(Order(str(o.get("kind", "order")), start, end))
    return Case(
        case_id=str(data.get("case_id", "")),
        timezone=timezone,
        default_region=region,
        victim=victim,
        places=tuple(places),
        orders=tuple(orders),
        path=path,
    )


def load(path: str | Path) -> Case:
    """Read and validate a case file."""
    p = Path(path)
    try:
        with p.open("rb") as fh:
            data = tomllib.load(fh)
    except FileNotFoundError:
        raise CaseError(f"case file not found: {p}") from None
    except tomllib.TOMLDecodeError as exc:
        raise CaseError(f"{p}: not valid TOML: {exc}") from None
    return parse(data, str(p))


DEFAULT = Case()
