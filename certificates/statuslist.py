"""Revocation published as W3C Bitstring Status Lists, which any verifier reads the same way.

Each certificate owns one bit (`Certificate.status_list_index`): list number index // SIZE,
bit index % SIZE, bit 0 being the most significant bit of the first byte; 1 means revoked.
A list is published as a BitstringStatusListCredential, signed like the credentials, whose
`encodedList` is the bitstring GZIP-compressed and multibase-encoded (base64url, prefix "u").
SIZE is the specification's minimum, 131,072 entries (16 KB), so a verifier fetching a list
learns nothing about which of those credentials it is checking.

The signed list is cached under a shared version that moves when a revocation commits
(learning.pagetree.SharedVersion), so every app server serves the new list at once.
"""

import base64
import gzip

from django.core.cache import cache
from django.db.models import Max
from django.utils import timezone

from learning.pagetree import SharedVersion

from . import openbadges as ob
from .models import Certificate, CertificateStatus

SIZE = 131_072
PURPOSE = "revocation"
CACHE_SECONDS = 3600
STATUS_LISTS = SharedVersion("openbadges:status-lists:version")


def status_index_next() -> int:
    """The next free bit; a race ends in the unique constraint and the caller retries."""
    highest = Certificate.objects.aggregate(top=Max("status_list_index"))["top"]
    return 0 if highest is None else highest + 1


def list_position(index: int) -> tuple[int, int]:
    return divmod(index, SIZE)


def list_count() -> int:
    """How many lists exist (at least one, so the first is always published)."""
    return status_index_next() // SIZE + 1


def bitstring_encode(revoked_bits) -> str:
    """Multibase (base64url, no padding, prefix "u") of the GZIP of the SIZE-bit string."""
    data = bytearray(SIZE // 8)
    for bit in revoked_bits:
        data[bit // 8] |= 0x80 >> (bit % 8)
    compressed = gzip.compress(bytes(data), mtime=0)
    return "u" + base64.urlsafe_b64encode(compressed).rstrip(b"=").decode()


def revoked_bits(number: int) -> list[int]:
    """The bits set in list `number`: its revoked certificates."""
    start = number * SIZE
    indexes = Certificate.objects.filter(
        status=CertificateStatus.REVOKED,
        status_list_index__gte=start,
        status_list_index__lt=start + SIZE,
    ).values_list("status_list_index", flat=True)
    return [index - start for index in indexes]


def status_list_credential(number: int) -> dict:
    """The (unsigned) BitstringStatusListCredential of list `number`."""
    url = ob.status_list_url(number)
    return {
        "@context": [ob.VC_CONTEXT],
        "id": url,
        "type": ["VerifiableCredential", "BitstringStatusListCredential"],
        "issuer": ob.issuer_id(),
        "validFrom": ob.iso(timezone.now()),
        "credentialSubject": {
            "id": f"{url}#list",
            "type": "BitstringStatusList",
            "statusPurpose": PURPOSE,
            "encodedList": bitstring_encode(revoked_bits(number)),
        },
    }


def status_list_signed(number: int) -> str:
    """The list as a VC-JWT, from the shared cache while no revocation committed."""
    active = ob.keys.current_key()
    key = f"openbadges:status-list:{STATUS_LISTS.current()}:{active.kid}:{number}"
    token = cache.get(key)
    if token is None:
        token = ob.envelope_sign(status_list_credential(number), active=active)
        cache.set(key, token, CACHE_SECONDS)
    return token


def status_lists_changed() -> None:
    """A certificate's status changed: serve new lists once the transaction commits."""
    STATUS_LISTS.changed()
