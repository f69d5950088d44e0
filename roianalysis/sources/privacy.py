"""Pseudonymous contact keys: no e-mail address goes past the reader.

An e-mail address becomes ``ck_`` + 16 hex digits of a keyed BLAKE2b hash of the normalised
address (trimmed, lower-cased). The key (the salt) is kept per client, so the same address gives
the same key in Shopify, HubSpot and GA4 ``user_id`` (sources join) while the key cannot be
reversed or matched against another client's data.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np
import pandas as pd

__all__ = ["contact_key", "contact_keys", "looks_like_email"]

_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")


def looks_like_email(value: object) -> bool:
    return isinstance(value, str) and bool(_EMAIL.match(value.strip()))


def contact_key(value: object, salt: bytes) -> str | None:
    """The pseudonymous key of an e-mail address (``None`` for an empty value).

    Values that are not e-mail addresses (a CRM record id, a GA4 ``user_pseudo_id``) are hashed
    too, prefixed so they cannot collide with e-mail keys.
    """
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    s = str(value).strip()
    if not s:
        return None
    if looks_like_email(s):
        material, prefix = s.lower().encode(), "ck_"
    else:
        material, prefix = s.encode(), "cx_"
    return prefix + hashlib.blake2b(material, key=salt[:64], digest_size=8).hexdigest()


def contact_keys(values: pd.Series, salt: bytes) -> pd.Series:
    """:func:`contact_key` of every value (computed once per distinct value)."""
    uniq = {v: contact_key(v, salt) for v in pd.unique(values.to_numpy(dtype=object))}
    return values.map(uniq).astype(object)
