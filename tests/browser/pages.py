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


def tour(chromium_path, base_url: str, prefix: str, visits, english, check=None, after=None):
    """Open every page of ``visits`` — ``(username, {name: path})`` pairs, ``None`` for a visitor
    who does not sign in — at each width (``VIEWPORTS``) in each language (``LANGUAGES``), as the
    screens tests do, with a full-page screenshot each in ``SHOTS``
    (``<prefix><nn>-<name>-<language>-<width>.png``). Returns the failures, by kind: a status
    other than 200, a page wider than the screen, words of ``english`` in a Chinese page, a
    serious axe-core violation, a CSP violation; ``check(name, text)`` (the page's ``<main>``
    text) and ``after(page, username)`` (once a user's pages are done) return more kinds.
    Database work belongs before the call: the Playwright block and the ORM clash."""
    from playwright.sync_api import expect, sync_playwright

    from .a11y import audit, describe, serious
    from .test_journey import CHROMIUM_ARGS, TIMEOUT_MS
    from .test_screens import LANGUAGES, SHOTS, VIEWPORTS

    SHOTS.mkdir(parents=True, exist_ok=True)
    failures: dict[str, list[str]] = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(chromium_path), args=CHROMIUM_ARGS)
        try:
            for language, locale in LANGUAGES.items():
                for viewport in VIEWPORTS:
                    width = viewport["width"]
                    context = browser.new_context(
                        viewport=viewport, locale=locale, reduced_motion="reduce"
                    )
                    context.set_default_timeout(TIMEOUT_MS)
                    cookie = {"name": "django_language", "value": language, "url": base_url}
                    step = iter(range(1, 1000))
                    for username, pages in visits:
                        context.clear_cookies()
                        context.add_cookies([cookie])
                        page = context.new_page()
                        csp = csp_violations(page)
                        if username:
                            sign_in(page, base_url, username)
                        for name, path in pages.items():
                            response = page.goto(base_url + path)
                            shot = SHOTS / f"{prefix}{next(step):02d}-{name}-{language}-{width}.png"
                            if response.status != 200:
                                failures.setdefault(f"{response.status}", []).append(shot.name)
                                continue
                            expect(page.locator("html")).to_have_attribute("lang", language)
                            page.screenshot(path=str(shot), full_page=True)
                            wide = page.evaluate("() => document.documentElement.scrollWidth")
                            if wide > width:
                                failures.setdefault(f"{wide} px wide", []).append(shot.name)
                            text = page.locator("main").inner_text()
                            if language == "zh-hans":
                                for word in set(english.findall(text)):
                                    failures.setdefault(f"English: {word}", []).append(shot.name)
                            for kind in check(name, text) if check else []:
                                failures.setdefault(kind, []).append(shot.name)
                            for item in describe(serious(audit(page))):
                                failures.setdefault(item, []).append(shot.name)
                        for kind in after(page, username) if after else []:
                            failures.setdefault(kind, []).append(f"{username}-{language}-{width}")
                        if csp:
                            failures.setdefault("CSP", []).extend(csp)
                        page.close()
                    context.close()
        finally:
            browser.close()
    return failures
