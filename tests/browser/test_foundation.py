"""A new person signs up, verifies by the e-mailed link, logs in and switches language."""

import re

import pytest
from django.core import mail

from learning.demo import home_page_ensure

pytestmark = pytest.mark.browser


@pytest.fixture
def site(live_url):
    home_page_ensure()
    return live_url


def test_sign_up_verify_log_in_and_switch_language(page, site):
    page.goto(f"{site}/")
    page.get_by_role("link", name="Create an account").first.click()
    page.get_by_label("Email:").fill("nodira@example.org")
    page.get_by_label("Password:", exact=True).fill("Samarkand-pension-2026")
    page.get_by_label("Password (again):").fill("Samarkand-pension-2026")
    page.get_by_label("Full name:").fill("Нодира Юсупова")
    page.get_by_label("Country:").select_option("UZ")
    page.get_by_label("Time zone:").select_option("Asia/Tashkent")
    page.get_by_role("button", name="Sign Up").click()
    page.wait_for_url("**/accounts/confirm-email/")

    body = mail.outbox[-1].body
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", body)[0]
    page.goto(link.replace("http://testserver", site))
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url("**/dashboard/")
    assert "Нодира Юсупова" in page.content()

    page.get_by_role("button", name="Sign out").click()
    page.goto(f"{site}/accounts/login/")
    page.get_by_label("Email:").fill("nodira@example.org")
    page.get_by_label("Password:").fill("Samarkand-pension-2026")
    page.get_by_role("button", name="Sign In").click()
    page.wait_for_url("**/dashboard/")

    page.get_by_label("Language").select_option("ru")
    page.get_by_role("button", name="Change language").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "ru"
    assert page.get_by_role("link", name="Перейти к основному содержанию").count() == 1

    page.get_by_label("Язык").select_option("ar")
    page.get_by_role("button", name="Сменить язык").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == "rtl"


def test_skip_link_moves_keyboard_focus_to_the_main_content(page, site):
    page.goto(f"{site}/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"


@pytest.mark.parametrize("path", ["/", "/accounts/signup/", "/accounts/login/"])
def test_no_serious_accessibility_violations(page, site, axe_check, path):
    page.goto(f"{site}{path}")
    assert axe_check(page) == []


def test_arabic_pages_have_no_serious_accessibility_violations(page, site, axe_check):
    page.goto(f"{site}/")
    page.get_by_label("Language").select_option("ar")
    page.get_by_role("button", name="Change language").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert axe_check(page) == []
