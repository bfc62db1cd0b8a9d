"""What the hostile and classroom browser tests share: opening the app in a tab that records
its requests and console messages, and a visit of every page."""

PAGES = [  # (the sidebar's link, the page's heading)
    ("Network", "Network"),
    ("Learn: one step", "Learn"),
    ("Compare", "Compare"),
    ("Regression", "Regression"),
    ("Save & load", "Save & load"),
    ("Playground", "Playground"),
]


def open_app(browser, url):
    """A 1280×720 tab on the app's Playground, once drawn: (page, the URLs it requested, the
    console messages it logged), the two lists growing as the page goes on."""
    page = browser.new_page(viewport={"width": 1280, "height": 720})
    requests, messages = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("console", lambda message: messages.append(message.text))
    page.goto(url)
    page.locator("[data-testid=stMetricValue]").first.wait_for(timeout=60_000)
    return page, requests, messages


def open_page(page, name, heading):
    """Click the sidebar's link `name`; wait until the page's `heading` shows."""
    page.get_by_role("link", name=name).first.click()
    page.get_by_role("heading", name=heading).first.wait_for(timeout=60_000)


def visit_every_page(page):
    """Train a little, then open each page in turn, back to the Playground and its charts."""
    page.get_by_role("button", name="Step 100 epochs").click()
    for name, heading in PAGES:
        open_page(page, name, heading)
    page.locator(".js-plotly-plot").first.wait_for(timeout=60_000)
