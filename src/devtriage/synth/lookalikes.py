"""Benign look-alikes of location tracking: a delivery driver and a parent with a family locator.

Both are planted on an Android device (their story is in the location history and the
app list) and both come with a case file naming a person and a place, so that a
detector sees exactly what could be mistaken for stalking:

* ``delivery``: the owner drives a delivery round from a depot (their work place) every
  working day, 60-120 drops in streets around it (:func:`~devtriage.synth.places.delivery_visits`).
  The case names a stranger living 1-5 km from the depot; on two to three working days
  one drop is a few tens of metres from that person's home, by day, for a few minutes.
  The stranger is nowhere else on the phone.
* ``family_locator``: the owner does the school run on term-time weekdays
  (:func:`~devtriage.synth.places.school_run_visits`) and has Life360 from Google Play
  since the phone was set up. The case names the child (saved in contacts) and the
  school: regular daytime visits near a named place, and a location-sharing app.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from . import apps, places, stalking
from . import device as D

_DAY_MS = 86_400_000


def _person(rng: np.random.Generator, dev: D.Device, used_mobiles: set[int], last: str | None = None) -> tuple[str, str, str]:
    """A name and a free mobile number: (name, national, E.164)."""
    first = D.FIRST[int(rng.integers(len(D.FIRST)))]
    last = last or D.LAST[int(rng.integers(len(D.LAST)))]
    national, e164 = D._free_mobile(rng, set(dev.contacts.e164) | {dev.owner.phone}, used_mobiles)
    return f"{first} {last}", national, e164


def plant_delivery(rng: np.random.Generator, dev: D.Device, geo: dict, used_mobiles: set[int]) -> tuple[dict, list[places.Visit]]:
    """The delivery round and the stranger the case is about; returns (params, visits)."""
    depot = geo["work"]
    name, national, e164 = _person(rng, dev, used_mobiles)
    while True:
        home = places.offset(*depot, float(rng.uniform(1000, 5000)), float(rng.uniform(0, 2 * np.pi)))
        if places.distance_m(*home, *geo["home"]) > 1500:
            break
    addr = stalking.address(rng, geo["city"], *home)
    days = (dev.end - dev.start).days
    tz = dev.owner.timezone
    # two or three weekdays, spread over the period, at midday
    picks = sorted(rng.choice(np.arange(7, days - 7), size=int(rng.integers(2, 4)), replace=False).tolist())
    when = []
    for d in picks:
        day = (dev.start + dt.timedelta(days=int(d))).date()
        while day.weekday() >= 5:
            day += dt.timedelta(days=1)
        when.append(dt.datetime.combine(day, dt.time(12, 0), tzinfo=dt.UTC))
    visits = places.delivery_visits(rng, depot[0], depot[1], dev.start, days, tz, pass_by=[(addr.lat, addr.lon, when)])
    passes = [v for v in visits if v.label == "delivery pass-by"]
    params = {
        "person_name": name, "person_phone": e164, "person_phone_stored": national,
        "person_addresses": [addr.text()],
        "person_places": [{"label": "person home", "lat": addr.lat, "lon": addr.lon, "radius_m": 150}],
        "depot": {"lat": round(depot[0], 6), "lon": round(depot[1], 6)},
        "drops": sum(1 for v in visits if v.label in ("delivery stop", "delivery pass-by")),
        "working_days": len({v.start.date() for v in visits if v.label == "depot"}),
        "pass_bys": [{"start": stalking._iso(int(v.start.timestamp() * 1000)), "dwell_s": round(v.dwell_s, 1),
                      "distance_m": round(float(places.distance_m(addr.lat, addr.lon, v.lat, v.lon)), 1)} for v in passes],
    }
    return params, visits


def plant_family_locator(rng: np.random.Generator, dev: D.Device, geo: dict,
                         used_mobiles: set[int]) -> tuple[dict, list[places.Visit], apps.Package]:
    """The school run, the child and Life360; returns (params, visits, the app)."""
    name, national, e164 = _person(rng, dev, used_mobiles, last=dev.owner.name.split(" ")[-1])
    dev.contacts.add(name.split(" ")[0], national, e164, dev.owner.lang, D.SMS)
    school = places.offset(*geo["home"], float(rng.uniform(400, 1500)), float(rng.uniform(0, 2 * np.pi)))
    days = (dev.end - dev.start).days
    visits = places.school_run_visits(rng, school[0], school[1], dev.start, days, dev.owner.timezone)
    pkg, product = stalking.FAMILY_LOCATOR
    start_ms = int(dev.start.timestamp() * 1000)
    installed = start_ms - int(rng.uniform(30, 300) * _DAY_MS)
    app = apps.Package(pkg, installed, max(installed, int(dev.end.timestamp() * 1000) - int(rng.uniform(1, 30)) * _DAY_MS),
                       int(rng.integers(240_000, 260_000)), apps.PLAY,
                       ("android.permission.INTERNET", "android.permission.ACCESS_NETWORK_STATE",
                        "android.permission.FOREGROUND_SERVICE", "android.permission.RECEIVE_BOOT_COMPLETED"))
    params = {
        "person_name": name, "person_phone": e164, "person_phone_stored": national, "person_addresses": [],
        "person_places": [{"label": "school", "lat": round(school[0], 6), "lon": round(school[1], 6), "radius_m": 150}],
        "app": pkg, "app_product": product,
        "school_runs": len(visits),
    }
    return params, visits, app
