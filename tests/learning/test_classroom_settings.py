"""learning/settings/classroom.py's helpers: the address links use, and the kept secret key."""

import stat

import pytest
from django.core.exceptions import ImproperlyConfigured

from learning.settings.classroom import classroom_site_url, local_secret_key, network_address


def test_site_url_is_the_setting_when_given():
    assert classroom_site_url({"SITE_URL": "http://room.lan"}) == "http://room.lan"


def test_site_url_is_this_machines_network_address_and_port():
    assert classroom_site_url({"PORT": "8123"}) == f"http://{network_address()}:8123"
    assert classroom_site_url({}).endswith(":8000")


@pytest.mark.parametrize("port", ["0", "70000", "80a", "８０"])
def test_a_port_that_is_not_a_port_is_refused(port):
    with pytest.raises(ImproperlyConfigured):
        classroom_site_url({"PORT": port})


def test_the_secret_key_is_made_once_readable_by_its_owner_only(tmp_path):
    path = tmp_path / "var" / "key"
    first = local_secret_key(path)
    assert local_secret_key(path) == first and len(first) > 40
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
