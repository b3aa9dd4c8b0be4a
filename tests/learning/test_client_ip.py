"""The client's address behind the configured number of trusted proxies (learning.net)."""

import pytest
from django.test import RequestFactory

from learning.audit import audit_record
from learning.models import AuditAction, AuditEvent
from learning.net import client_ip


def _request(remote="10.0.0.1", xff=None):
    headers = {"REMOTE_ADDR": remote}
    if xff is not None:
        headers["HTTP_X_FORWARDED_FOR"] = xff
    return RequestFactory().get("/", **headers)


def test_without_trusted_proxies_a_forged_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request(xff="1.2.3.4")) == "10.0.0.1"


def test_one_trusted_proxy_takes_the_address_it_appended(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client forged "1.2.3.4"; nginx appended the address it really saw.
    assert client_ip(_request(xff="1.2.3.4, 203.0.113.9")) == "203.0.113.9"


def test_a_request_that_bypassed_the_proxy_uses_the_socket_address(settings):
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(_request(xff="203.0.113.9")) == "10.0.0.1"


def test_garbage_in_the_header_falls_back_to_the_socket_address(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(_request(xff="not-an-address")) == "10.0.0.1"


@pytest.mark.django_db
def test_audit_events_record_the_address_and_are_never_changed(settings, administrator):
    settings.TRUSTED_PROXY_COUNT = 1
    event = audit_record(
        actor=administrator,
        action=AuditAction.ROLE_CHANGE,
        target=administrator,
        reason="test",
        request=_request(xff="198.51.100.7"),
    )
    event.refresh_from_db()
    assert event.ip_address == "198.51.100.7"
    assert event.actor_label == administrator.email
    event.reason = "rewritten"
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()
    assert AuditEvent.objects.get().reason == "test"
