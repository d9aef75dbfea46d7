"""The owner model and communication events: shape of the distributions, not exact values."""

from __future__ import annotations

import numpy as np
import pytest

from devtriage.synth import device as D


class Book:
    """A stand-in phrasebook: the event model does not depend on the text."""

    def everyday(self, rng, lang, n, gaming=False):
        return [f"{lang} {'game ' if gaming else ''}{i}" + ("?" if i % 3 == 0 else "") for i in range(n)]

    def reply(self, rng, lang, to):
        return "re: " + to

    def scenario(self, rng, kind, lang="en", **slots):
        return f"[{kind}] {slots.get('name', '')}"


@pytest.fixture(scope="module")
def typical():
    return D.make_device(np.random.Generator(np.random.PCG64(11)), "android", "typical", Book())


def _local_hours(dev):
    days = (dev.end - dev.start).days
    return D.local_hour(dev.events.ts_ms, dev.start, D.utc_offsets_ms(dev.owner.timezone, dev.start, days))


def test_sizes_and_sorted(typical):
    ev = typical.events
    c = ev.counts()
    assert 45_000 <= c["messages"] <= 60_000 and 9_000 <= c["calls"] <= 12_000
    assert 200 <= len(typical.contacts) <= 400
    assert np.all(np.diff(ev.ts_ms) >= 0)
    start, end = typical.start.timestamp() * 1000, typical.end.timestamp() * 1000
    assert ev.ts_ms.min() >= start and ev.ts_ms.max() < end
    assert all(len(getattr(ev, col)) == len(ev) for col in D.Events.COLUMNS)
    texts = ev.kind == D.TEXT
    assert (ev.body[texts] >= 0).all() and (ev.body[~texts] == D.NO_BODY).all()


def test_contact_frequencies_heavy_tailed(typical):
    ev = typical.events
    per = np.bincount(ev.contact[ev.contact >= 0], minlength=len(typical.contacts))
    per = np.sort(per)[::-1]
    share_top5 = per[:5].sum() / per.sum()
    share_bottom_half = per[len(per) // 2:].sum() / per.sum()
    assert share_top5 > 0.3  # a handful of people carry much of the traffic
    assert share_bottom_half < 0.1  # a long tail of rarely contacted people
    assert per[0] > 20 * np.median(per)


def test_night_share_low_and_evening_peak(typical):
    hours = _local_hours(typical)
    night = np.isin(hours, [1, 2, 3, 4, 5]).mean()
    evening = np.isin(hours, [18, 19, 20, 21]).mean()
    assert night < 0.06
    assert evening > 4 * night


def test_reply_delays_positive_and_conversations_reciprocal(typical):
    ev = typical.events
    one = (ev.kind == D.TEXT) & (ev.group == D.NO_GROUP)
    assert 0.35 < ev.direction[one].mean() < 0.65  # both sides talk
    # per contact: the gap from a message to the next one in the other direction
    gaps = []
    for c in np.unique(ev.contact[one])[:40]:
        sel = one & (ev.contact == c)
        t, d = ev.ts_ms[sel], ev.direction[sel]
        turn = np.flatnonzero(d[1:] != d[:-1])
        gaps.append(t[turn + 1] - t[turn])
    gaps = np.concatenate(gaps)
    assert (gaps >= 0).all() and np.median(gaps) > 0
    assert np.median(gaps) < 3_600_000  # replies mostly within the hour


def test_groups_and_apps(typical):
    ev = typical.events
    for g in typical.groups:
        assert 3 <= len(g.members) <= 12
    grp = ev.group >= 0
    assert grp.any() and (ev.app[grp] == D.WHATSAPP).all()
    assert set(np.unique(ev.app[ev.kind == D.TEXT])) <= {D.SMS, D.WHATSAPP}
    calls = ev.kind == D.CALL
    assert set(np.unique(ev.status[calls])) == {D.ANSWERED, D.MISSED, D.REJECTED, D.UNANSWERED}
    assert (ev.duration_s[calls & (ev.status != D.ANSWERED)] == 0).all()
    assert np.median(ev.duration_s[calls & (ev.status == D.ANSWERED)]) > 30


def test_contacts_numbers_unique_and_plausible(typical):
    con = typical.contacts
    assert len(set(con.e164)) == len(con)
    assert typical.owner.phone not in con.e164
    assert sum(e.startswith("+447700900") for e in con.e164) > 0.6 * len(con)
    assert any(not e.startswith("+44") for e in con.e164)
    assert 0 < sum(bool(e) for e in con.email) < len(con) / 2
    assert abs(con.weight.sum() - 1) < 1e-9


def test_ios_uses_imessage():
    dev = D.make_device(np.random.Generator(np.random.PCG64(3)), "ios", "tiny", Book())
    assert (dev.events.app == D.IMESSAGE).any()


def test_deterministic_events():
    a = D.make_device(np.random.Generator(np.random.PCG64(5)), "android", "tiny", Book())
    b = D.make_device(np.random.Generator(np.random.PCG64(5)), "android", "tiny", Book())
    for col in D.Events.COLUMNS:
        assert np.array_equal(getattr(a.events, col), getattr(b.events, col))
    assert a.events.bodies == b.events.bodies


def test_fixated_escalates_one_sided():
    dev = D.make_device(np.random.Generator(np.random.PCG64(8)), "android", "typical", Book())
    p = D.plant_fixated(np.random.Generator(np.random.PCG64(9)), dev, Book())
    ev = dev.events
    tags = np.array(ev.tags)[ev.tag]
    planted = ev.tag > 0
    assert (ev.contact[planted] == p["victim_contact"]).all()
    refusal = np.flatnonzero(tags == "fixated refusal")
    assert len(refusal) == 1 and ev.direction[refusal[0]] == D.IN
    after = ev.ts_ms > ev.ts_ms[refusal[0]]
    victim = (ev.contact == p["victim_contact"]) & (ev.group == D.NO_GROUP)
    assert (ev.direction[victim & after] == D.OUT).all()  # no reply after the refusal
    assert (victim & after & (ev.kind == D.TEXT)).sum() > 50
    weekly = p["weekly_messages"]
    assert weekly[-1] > 5 * weekly[0]
    assert any("night" in t for t in tags[planted])


def test_group_ids_are_unique_even_when_created_the_same_day():
    from devtriage.synth.generate import generate

    import tempfile
    from pathlib import Path

    # seed 99 draws two WhatsApp groups created on the same day on one device
    with tempfile.TemporaryDirectory() as tmp:
        paths = generate(Path(tmp), 4, "tiny", 99, ["fixated", "delivery", "fixated_victim", "family_locator"])
        assert len(paths) == 4
