"""Helpers the browser journeys share."""


def submit_and_wait(page, button):
    """Press a form's button and wait for the page that comes back, loaded and styled.

    The report's pages are sent with fetch(): the next page is opened with
    location.replace(), or, when the same page comes back with an error, it replaces the
    page's content in place. Either way the <main> being left is gone when the answer is
    there: wait for that, never read the page while it is still changing.
    """
    page.evaluate("() => { window.__leavingMain = document.querySelector('main'); }")
    button.click()
    page.wait_for_function("() => !window.__leavingMain || !document.contains(window.__leavingMain)")
    page.wait_for_load_state("load")
    page.wait_for_function("() => [...document.styleSheets].some(sheet => sheet.href && sheet.cssRules.length)")
