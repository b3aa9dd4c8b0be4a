"""Every page links a static icon, and /favicon.ico (which browsers ask for anyway) redirects
to it instead of answering 404."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_favicon_ico_redirects_to_the_static_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("/img/favicon.png")


def test_pages_link_the_svg_and_png_icons(client, home_page):
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    icons = {link["type"]: link["href"] for link in soup.select('link[rel="icon"]')}
    assert icons["image/svg+xml"].endswith("/img/favicon.svg")
    assert icons["image/png"].endswith("/img/favicon.png")
    for name in ("img/favicon.svg", "img/favicon.png", "img/apple-touch-icon.png"):
        assert finders.find(name), name
