"""Writing the audit log (`learning.models.AuditEvent`).

Every app records its staff actions through `audit_record`, inside the transaction of the
action itself, so an action that rolls back leaves no audit row and no action goes unlogged.
"""

from typing import Any

from django.db import models
from django.http import HttpRequest

from .models import AuditAction, AuditEvent
from .net import client_ip


def audit_record(
    *,
    actor,
    action: AuditAction | str,
    target: models.Model | None = None,
    reason: str = "",
    detail: dict[str, Any] | None = None,
    request: HttpRequest | None = None,
) -> AuditEvent:
    """Append one event; `request` gives the address (through the trusted proxies)."""
    address = client_ip(request) if request is not None else None
    event = AuditEvent(
        actor=actor if actor is not None and actor.pk else None,
        actor_label=(getattr(actor, "email", "") or "") if actor is not None else "",
        action=str(action),
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=str(target)[:300] if target is not None else "",
        reason=reason,
        detail=detail or {},
        ip_address=address if address and address != "unknown" else None,
    )
    event.full_clean()
    event.save()
    return event
