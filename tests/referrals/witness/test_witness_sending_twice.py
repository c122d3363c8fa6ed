"""A double tap on Send, really at once: two threads against the live server, one session."""

import http.client
import re
import threading
from urllib.parse import urlencode, urlsplit

import pytest
from django.db import connection
from journey import ANSWERS, STEP_ORDER, url

from referrals.models import Referral


class Browser:
    """One phone: a cookie jar shared by its requests, as a browser's tab has."""

    def __init__(self, live_server):
        parts = urlsplit(live_server.url)
        self.host, self.port = parts.hostname, parts.port
        self.cookies = {}
        self.lock = threading.Lock()

    def request(self, method, path, data=None):
        connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
        headers = {}
        with self.lock:
            if self.cookies:
                headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"http://{self.host}:{self.port}"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read().decode()
        with self.lock:
            for header, value in response.getheaders():
                if header.lower() == "set-cookie":
                    name, _, rest = value.partition("=")
                    self.cookies[name.strip()] = rest.split(";", 1)[0]
        connection.close()
        return response.status, response.getheader("Location"), content


def token(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)[1]


# With SQLite the live server's threads share the test's one in-memory connection, so two
# requests at once trip over each other's savepoints: a test of the database, not of the
# portal. PostgreSQL (CI's database and production's) gives each thread its own connection.
@pytest.mark.skipif(connection.vendor == "sqlite", reason="concurrent requests need a connection per thread")
def test_two_presses_at_once_store_one_report_and_both_show_the_confirmation(transactional_db, directory, live_server):
    phone = Browser(live_server)
    status, location, _ = phone.request("GET", url("start") + "?danger=no")
    assert status == 302
    _, _, html = phone.request("GET", urlsplit(location).path)
    csrf = token(html)
    for step in STEP_ORDER:
        answers = {"csrfmiddlewaretoken": csrf, **ANSWERS[step]}
        assert phone.request("POST", url("step", slug=step), answers)[0] == 302, step
    _, _, html = phone.request("GET", url("check"))
    csrf = token(html)

    presses = 2
    barrier = threading.Barrier(presses)
    results = [None] * presses

    def press(index):
        barrier.wait()
        status, location, _ = phone.request("POST", url("check"), {"csrfmiddlewaretoken": csrf, "website": ""})
        page = phone.request("GET", urlsplit(location).path)[2] if location else ""
        results[index] = (status, location, page)

    threads = [threading.Thread(target=press, args=(i,)) for i in range(presses)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert Referral.objects.count() == 1
    referral = Referral.objects.get()
    codes = set()
    for status, location, page in results:
        assert (status, location) == (302, url("sent"))
        assert referral.reference in page
        codes.add(re.search(r'id="follow-up-code">([^<]+)<', page)[1])
    # The same code on both confirmations, and it is the one stored.
    assert len(codes) == 1
    from referrals.services import referral_find_for_witness

    assert referral_find_for_witness(reference=referral.reference, code=codes.pop()) == referral
