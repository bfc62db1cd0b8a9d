"""Two Playground replicas behind nginx (deploy/replicas.py), in a real headless Chromium.

Each browser stays on its replica while it trains, and when one replica dies only the sessions it
held are lost: a browser on the other replica goes on where it was. Which replica answered is read
from the outside, in nginx's access log (one line per request, with $upstream_addr), never from
the page.
"""

import re

import pytest

from deploy.replicas import free_port, running_replicas
from tests.e2e_support import (
    PATIENCE_MS,
    epoch_once_shown,
    epoch_shown,
    launch_chromium,
    new_page,
    wait_until,
)

pytestmark = pytest.mark.e2e

COOKIE = "scratchnet_replica"  # the cookie nginx pins a browser to its replica with
STEPS = 5  # reruns per browser before a replica dies
LOG_LINE = re.compile(r'key=(?P<key>\S+) upstream=(?P<upstream>.+?) status=\d+ "(?P<request>.*)"')


def upstreams_of(deployment, key, path=""):
    """The replicas ("127.0.0.1:PORT") nginx sent browser `key`'s requests for `path` to.

    A request nginx tried on a dead replica first reads "dead, alive": both are listed.
    """
    upstreams = []
    for line in deployment.access_log.read_text().splitlines():
        match = LOG_LINE.search(line)
        if match and match["key"] == key and path in match["request"]:
            upstreams += [address for address in match["upstream"].split(", ") if address != "-"]
    return upstreams


def replica_cookie(context):
    """The value of the cookie nginx gave this browser."""
    (value,) = [cookie["value"] for cookie in context.cookies() if cookie["name"] == COOKIE]
    return value


def logged_upstreams(deployment, key):
    """upstreams_of(deployment, key), once nginx has logged a request of browser `key`.

    nginx writes a request's line just after its answer, so the browser may be faster.
    """
    wait_until(lambda: upstreams_of(deployment, key), message=f"{key} is not in the log")
    return upstreams_of(deployment, key)


def browser_on_each_replica(browser, deployment):
    """{replica address: a browser context on it}: new browsers until every replica holds one.

    A browser context has its own cookies, like a student's own browser. nginx picks a new
    browser's replica from a hash of a random id, so a few browsers may land on the same one.
    """
    wanted = {replica.address for replica in deployment.replicas}
    contexts = {}
    for _ in range(30):  # all 30 on one of 2 replicas: one chance in 2**29
        context = browser.new_context(viewport={"width": 1400, "height": 900})
        context.request.get(f"{deployment.url}/_stcore/health")  # nginx sets its cookie here
        (upstream,) = logged_upstreams(deployment, replica_cookie(context))
        if upstream in contexts:
            context.close()
        else:
            contexts[upstream] = context
        if set(contexts) == wanted:
            return contexts
    raise AssertionError(f"nginx sent 30 new browsers to {set(contexts)} only, not {wanted}")


def epoch(page):
    """The epoch the page shows (its metric "Epoch (of N)"), once it shows one."""
    return epoch_once_shown(page)


def step_once(page):
    """Press Step 1 epoch and wait until the page shows one more epoch."""
    before = epoch(page)
    page.get_by_role("button", name="Step 1 epoch").click()
    wait_until(
        lambda: epoch_shown(page) == before + 1, message=f"Step did not go past epoch {before}"
    )


def test_each_browser_stays_on_its_replica_and_survives_the_other_ones_death(tmp_path):
    with (
        running_replicas(
            n_replicas=2, port=free_port(), listen_address="127.0.0.1", run_dir=tmp_path
        ) as deployment,
        launch_chromium() as browser,
    ):
        contexts = browser_on_each_replica(browser, deployment)
        doomed, survivor = deployment.replicas
        keys = {address: replica_cookie(context) for address, context in contexts.items()}
        pages = {address: new_page(context, 1400, 900) for address, context in contexts.items()}
        for page in pages.values():
            page.goto(deployment.url)
        for page in pages.values():
            page.locator("[data-testid=stMetricValue]").first.wait_for(timeout=PATIENCE_MS)
            assert epoch(page) == 0

        # Many reruns in each session, taking turns: each run keeps its own epoch...
        for _ in range(STEPS):
            for page in pages.values():
                step_once(page)
        assert [epoch(page) for page in pages.values()] == [STEPS, STEPS]
        # ...and every request of each browser so far (page, scripts, health checks) went to its
        # replica. (nginx logs a websocket when it closes: see below.)
        for address, key in keys.items():
            assert set(upstreams_of(deployment, key)) == {address}

        # One replica dies. The browser on the other one goes on from where it was.
        doomed.process.kill()
        doomed.process.wait()
        # The replica's death closed its browser's websocket, which had carried all its reruns:
        # nginx logs it now, with the replica it was on.
        stream = "/_stcore/stream"
        wait_until(lambda: upstreams_of(deployment, keys[doomed.address], stream))
        assert upstreams_of(deployment, keys[doomed.address], stream)[0] == doomed.address
        step_once(pages[survivor.address])
        assert epoch(pages[survivor.address]) == STEPS + 1
        assert set(upstreams_of(deployment, keys[survivor.address])) == {survivor.address}

        # The browser whose replica died reconnects through nginx to the surviving replica, as a
        # new session there: its run is lost. Its next click finds a fresh run (epoch 0, or 1 if
        # the click counted), the page says what happened, and training goes on from there.
        orphan = pages[doomed.address]
        wait_until(
            lambda: survivor.address in upstreams_of(deployment, keys[doomed.address]),
            message="the browser of the dead replica never reached the other replica",
        )
        # (Playwright's click waits until the page has reconnected: Streamlit disables its
        # widgets while it has no connection.)
        orphan.get_by_role("button", name="Step 1 epoch").click()
        wait_until(
            lambda: epoch_shown(orphan) in (0, 1), message="the orphaned page kept its lost run"
        )
        orphan.get_by_text(f"your run from epoch {STEPS} could not be kept").wait_for()
        step_once(orphan)
        # The survivor's session was not disturbed by its new neighbour.
        step_once(pages[survivor.address])
        assert epoch(pages[survivor.address]) == STEPS + 2


def test_a_name_the_replicas_were_not_set_up_for_gets_an_explanation_not_a_blank_page(tmp_path):
    """Streamlit refuses the websocket of a Host not in server.allowedHosts, and the page would
    load for ever: nginx answers such a name itself, with what to do."""
    with (
        running_replicas(
            n_replicas=1, port=free_port(), listen_address="127.0.0.1", run_dir=tmp_path
        ) as deployment,
        launch_chromium() as browser,
    ):
        context = browser.new_context(extra_http_headers={"Host": "playground.example.org"})
        answer = context.request.get(deployment.url)
        assert answer.status == 421
        assert "--host playground.example.org" in answer.text()
        # The names it was set up for (localhost here) reach the app.
        assert browser.new_context().request.get(f"{deployment.url}/_stcore/health").ok
