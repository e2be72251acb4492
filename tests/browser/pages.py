"""What the browser tests do on every page: watch for Content-Security-Policy violations and
sign in through the real sign-in form."""

from __future__ import annotations

from shegong.core.testing import factories


def csp_violations(page) -> list[str]:
    """The Content-Security-Policy violations Chromium reports on ``page`` from now on (it logs
    every blocked inline script, style or handler as a console error); the list fills as the
    page is used."""
    found: list[str] = []
    page.on(
        "console",
        lambda m: (
            found.append(m.text)
            if m.type == "error" and "Content Security Policy" in m.text
            else None
        ),
    )
    return found


def sign_in(page, base_url: str, username: str, password: str = factories.PASSWORD) -> None:
    """Sign in through the sign-in page, as a person would, and wait for the next page."""
    page.goto(f"{base_url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
