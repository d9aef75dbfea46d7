"""A few lines for the terminal: device, score, role and the top reasons of a shortlist."""

from __future__ import annotations

import textwrap


def _clip(text: str, width: int) -> str:
    text = " ".join(str(text).split())
    return text if len(text) <= width else text[: max(width - 1, 0)] + "\u2026"


def summary(shortlist: dict, width: int = 100, top: int = 5) -> str:
    """Render ``shortlist`` (shortlist.json as a dict) as a short block of text lines.

    Line 1: device, score (0-100), role and case id; line 2: why that role; then up to
    ``top`` reasons, each with its indicator, points and summary (wrapped to ``width``).
    """
    width = max(int(width), 40)
    device = shortlist.get("device") or "?"
    score = shortlist.get("score")
    role = shortlist.get("role") or "unclear"
    head = f"{device}  score {float(score):.1f}/100  role {role}" if score is not None else f"{device}  role {role}"
    if shortlist.get("case_id"):
        head += f"  case {shortlist['case_id']}"
    lines = [_clip(head, width)]
    if shortlist.get("role_why"):
        lines += textwrap.wrap(f"  why: {shortlist['role_why']}", width, subsequent_indent="       ")
    reasons = shortlist.get("reasons") or []
    if not reasons:
        lines.append("  no indicators found")
    for i, r in enumerate(reasons[:top], 1):
        pts = r.get("points", r.get("score"))
        pts_s = f"{float(pts):.2f}" if pts is not None else "-"
        lead = f"  {i}. {r.get('indicator', '?')} [{pts_s}] "
        body = " ".join(str(r.get("summary") or r.get("subject") or "").split())
        lines += textwrap.wrap(lead + body, width, subsequent_indent=" " * 6) or [lead.rstrip()]
    if len(reasons) > top:
        lines.append(f"  ... and {len(reasons) - top} more reasons (see shortlist.json / report.html)")
    return "\n".join(lines)
