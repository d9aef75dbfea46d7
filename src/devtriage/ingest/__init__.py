"""Adapters: one module per artifact format, each turning a file into core tables.

To add an adapter, write its module (see :mod:`devtriage.ingest.base`) and add one import
line below; every imported module that has ``NAME`` and ``read`` is registered, in import
order.
"""

from __future__ import annotations

from types import ModuleType

from . import registry

# --- adapters: one import line each ---------------------------------------------------
from . import android_sms  # noqa: F401
from . import android_calls  # noqa: F401
from . import android_contacts  # noqa: F401
from . import ios_sms  # noqa: F401
from . import ios_calls  # noqa: F401
from . import ios_contacts  # noqa: F401
from . import whatsapp_android  # noqa: F401
from . import whatsapp_android_contacts  # noqa: F401
from . import whatsapp_ios  # noqa: F401
from . import whatsapp_ios_calls  # noqa: F401
from . import whatsapp_ios_contacts  # noqa: F401
from . import takeout_records  # noqa: F401
from . import takeout_semantic  # noqa: F401
from . import gpx  # noqa: F401
from . import ios_routined  # noqa: F401
from . import android_packages  # noqa: F401
from . import android_usagestats  # noqa: F401
from . import ios_knowledgec  # noqa: F401
from . import google_keep, apple_notes  # noqa: F401
from . import chromium_history, safari_history  # noqa: F401
from . import takeout_maps  # noqa: F401
from . import samsung_notes, google_maps_app  # noqa: F401

# --------------------------------------------------------------------------------------

ADAPTERS = registry.build(
    [m for m in list(globals().values()) if isinstance(m, ModuleType) and hasattr(m, "NAME") and hasattr(m, "read")]
)
