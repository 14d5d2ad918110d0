"""The web console in a real browser: headless Chromium through Selenium 4, against a server
(standalone, or the proxy with APOGEE_TOPOLOGY=cluster) carrying traffic of the official
Python client. The console is server-rendered HTML; the tests use only the ids and classes of
its page contract (nav#nav, div#flash.ok, table#brokers, tr.topic[data-topic], ...).

State shows up asynchronously (rates are sampled every second, lag after acks, a new topic's
route in a cluster after the brokers' next heartbeat): the tests reload the page until it
shows, bounded by wait_until, never a fixed sleep. The bounds are generous: CI runs this on a
loaded 2-core machine, and a bound only costs time when something is broken.
"""
import math
import os
import re
import time
import uuid

import pytest
from apogee_e2e import shutdown_all, unique, wait_until
from rocketmq import FilterExpression, Message, Producer, SimpleConsumer
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

N = 20                 # messages of the walkthrough
FIRST_ACKS = 5         # acked before the first look at the group's lag
QUEUES = 4             # queues of each test's topic (a cluster shares them out)
UI_S = 60              # bound on the console showing a state
PAGE_S = 60            # bound on the page that follows a click or a form submit
AWAIT_S = 2            # long-polling time of one receive
INVISIBLE_S = 30       # the client sends whole seconds; far above a receive-to-ack gap
REDELIVER_INVISIBLE_S = 5  # a resent dead letter whose receive answer got lost comes back soon
DLQ_INVISIBLE_S = 1    # below the default minimum: see the apogee_env marker
DEADLINE_S = 90        # bound on receive loops
FILLER_EVERY_S = 5     # while a rate is not shown yet, one more message this often
RESET_BEFORE, RESET_AFTER = 6, 4   # messages before and after the reset test's time
CLOCK_MARGIN_S = 0.3   # between the reset time and the messages on either side of it
NAV = ("nav-overview", "nav-topics", "nav-groups", "nav-messages", "nav-dlq")

# Several bounds of UI_S/DEADLINE_S each: the suite's 180 s per test would cut a slow but
# passing run short.
pytestmark = pytest.mark.timeout(600)


def brokers_expected():
    return 2 if os.environ.get("APOGEE_TOPOLOGY") == "cluster" else 1


# --- page helpers ----------------------------------------------------------------------------

def css(driver, selector):
    return driver.find_elements(By.CSS_SELECTOR, selector)


def text_of(driver, selector):
    """Text of the first element matching `selector`, or None when there is none."""
    found = css(driver, selector)
    return found[0].text.strip() if found else None


def check_frame(driver):
    """What every page has: the navigation links and who is signed in (auth is off)."""
    for link in NAV:
        assert css(driver, f"nav#nav a#{link}"), f"{driver.current_url}: no a#{link} in nav#nav"
    assert text_of(driver, "span#whoami") == "anonymous", driver.current_url


def follow(driver, element):
    """Click a link or button and wait for the page it leads to.

    The old page's window carries a mark; the click has led on once a loaded page has none.
    (Waiting for an old element to go stale is racy: while the documents change, chromedriver
    can answer with other errors; the URL alone changes before the new page is there.)
    """
    driver.execute_script("window.apogeeOldPage = true;")
    element.click()

    def arrived(d):
        try:
            return d.execute_script(
                "return window.apogeeOldPage !== true && document.readyState === 'complete';")
        except WebDriverException:   # between the two documents
            return False
    WebDriverWait(driver, PAGE_S).until(
        arrived, f"no new page {PAGE_S}s after the click (at {driver.current_url})")


def fill(form, name, value):
    field = form.find_element(By.NAME, name)
    if field.tag_name == "select":
        Select(field).select_by_value(value)
    else:
        field.clear()
        field.send_keys(value)


def tick(form, selector):
    """Select a checkbox or radio button of the form (clicking a ticked box would untick it)."""
    box = form.find_element(By.CSS_SELECTOR, selector)
    if not box.is_selected():
        box.click()
    assert box.is_selected(), f"{selector} not selected"


def submit(driver, form_selector, fields, button_selector, ticks=()):
    """Fill a form (text fields and selects, then boxes to tick), press its button and wait
    for the next page."""
    form = css(driver, form_selector)
    assert form, f"{driver.current_url}: no {form_selector}"
    for name, value in fields.items():
        fill(form[0], name, value)
    for selector in ticks:
        tick(form[0], selector)
    follow(driver, form[0].find_element(By.CSS_SELECTOR, button_selector))


def expect_flash_ok(driver):
    """The flash of the change just made (shown once: read it before reloading)."""
    error = text_of(driver, "div#flash.error")
    assert error is None, f"{driver.current_url}: flash error: {error}"
    ok = text_of(driver, "div#flash.ok")
    assert ok, f"{driver.current_url}: no div#flash.ok with text"
    return ok


def rate(text):
    """msg/s of a text like "12.3 msg/s"; None for a missing element (text None)."""
    if text is None:
        return None
    found = re.search(r"(\d+(?:\.\d+)?)\s*msg/s", text)
    assert found, f"not a rate: {text!r}"
    return float(found.group(1))


def number(text):
    """The integer a cell shows ("1,234" too); None for a missing element (text None)."""
    if text is None:
        return None
    found = re.fullmatch(r"\d[\d,]*", text.strip())
    assert found, f"not a number: {text!r}"
    return int(found.group(0).replace(",", ""))


def reload_until(driver, url, condition, describe, timeout_s=UI_S):
    """Load `url` until `condition()` is truthy on the page; returns its value."""
    def loaded_and_true():
        driver.get(url)
        return condition()
    return wait_until(loaded_and_true, timeout_s, lambda: f"{url}: {describe()}")


def wait_topic_everywhere(driver, console_url, topic, queues=QUEUES):
    """Reload the topic's page until it shows all its queues, on every broker.

    In a cluster the proxy routes a topic by what the nameserver has heard from the brokers,
    which tell it about a new topic at their next heartbeat, and it keeps a route for a few
    seconds: a client started right after the topic was created could get a route with one
    broker only, and keep it (the client refreshes its routes every 30 s). Once the page shows
    both brokers' queues, every route handed out has them.
    """
    rows = "table#queues tr.queue"

    def complete():
        brokers = {e.text.strip() for e in css(driver, f"{rows} td.broker")}
        return len(css(driver, rows)) == queues and len(brokers) == brokers_expected()
    reload_until(driver, f"{console_url}/topics/{topic}", complete,
                 lambda: f"want {queues} tr.queue on {brokers_expected()} broker(s): "
                         f"{text_of(driver, 'table#queues')}")


# --- client helpers --------------------------------------------------------------------------

def message(topic, body, key):
    msg = Message()
    msg.topic = topic
    msg.body = body.encode()
    msg.tag = "console"
    msg.keys = key
    return msg


def receive_and_ack(consumer, count):
    """Receive and ack exactly `count` messages; their ids."""
    acked = []

    def all_acked():
        for m in consumer.receive(count - len(acked), INVISIBLE_S) or []:
            consumer.ack(m)
            acked.append(m.message_id)
        return len(acked) >= count
    wait_until(all_acked, DEADLINE_S, lambda: f"acked only {len(acked)}/{count}")
    return acked


# --- tests -----------------------------------------------------------------------------------

def test_console_walkthrough(console_url, browser, client_config, screenshots):
    d = browser
    topic, group = unique("console-topic"), unique("console-group")
    find_key = f"k-find-{uuid.uuid4().hex}"
    brokers = brokers_expected()

    # Overview: the broker table of this topology.
    reload_until(d, console_url + "/", lambda: len(css(d, "table#brokers tr.broker")) == brokers,
                 lambda: f"want {brokers} tr.broker: {text_of(d, 'body')}")
    check_frame(d)

    # Topics: create one through the form; the server redirects to its page.
    follow(d, css(d, "a#nav-topics")[0])
    assert d.current_url.rstrip("/").endswith("/topics"), f"nav-topics went to {d.current_url}"
    submit(d, "form#create-topic", {"name": topic, "queues": str(QUEUES), "type": "normal"},
           "button#create-topic-submit")
    expect_flash_ok(d)
    assert d.current_url.split("?")[0].endswith(f"/topics/{topic}"), d.current_url
    wait_topic_everywhere(d, console_url, topic)

    # Groups: create one through the form (it starts at "latest": before anything is sent).
    d.get(console_url + "/groups")
    submit(d, "form#create-group", {"name": group}, "button#create-group-submit")
    expect_flash_ok(d)
    d.get(console_url + "/groups")
    assert css(d, f'tr.group[data-group="{group}"] td.name a'), f"{group} not listed"

    consumer = SimpleConsumer(client_config, group, {topic: FilterExpression()},
                              await_duration=AWAIT_S)
    producer = None
    try:
        consumer.startup()
        producer = Producer(client_config, (topic,))
        producer.startup()
        bodies = {}   # message id -> body, of every message sent to the topic
        last_send = [0.0]

        def send(body, key):
            mid = producer.send(message(topic, body, key)).message_id
            bodies[mid] = body
            last_send[0] = time.monotonic()
            return mid

        for i in range(N):
            key = find_key if i == N // 2 else f"k-{i}-{topic}"
            mid = send(f"console-body-{i}-{topic}", key)
            if key == find_key:
                find_id = mid
        assert len(bodies) == N

        def rate_shown(read):
            """A rate above 0, sending one more message now and then while it is not.

            A rate is growth between readings over the last minute: should a reading take
            our sends as its baseline (a cluster broker that did not answer the reading
            before), or the machine stall for a minute, only later sends can show.
            """
            def shown():
                if (rate(read()) or 0) > 0:
                    return True
                if time.monotonic() - last_send[0] > FILLER_EVERY_S:
                    send(f"console-filler-{len(bodies)}-{topic}", f"k-filler-{topic}")
                return False
            return shown

        # Rates: the topic's row and the overview count the sends (per second, last minute).
        row = f'tr.topic[data-topic="{topic}"]'
        reload_until(d, console_url + "/topics",
                     rate_shown(lambda: text_of(d, f"{row} td.rate-in")),
                     lambda: f"topic row: {text_of(d, row)}")
        screenshots(d, "topics")
        reload_until(d, console_url + "/", rate_shown(lambda: text_of(d, "#rate-in")),
                     lambda: f"#rate-in {text_of(d, '#rate-in')}")
        assert css(d, "svg#traffic-chart"), "no svg#traffic-chart"
        screenshots(d, "overview")
        sent = len(bodies)   # no more sends from here

        # The topic page: every message kept, offsets summed over the queues.
        topic_url = f"{console_url}/topics/{topic}"
        reload_until(d, topic_url, lambda: number(text_of(d, "#topic-total")) == sent,
                     lambda: f"#topic-total {text_of(d, '#topic-total')}, want {sent}")
        maxima = sum(number(e.text) for e in css(d, "table#queues td.max-offset"))
        minima = sum(number(e.text) for e in css(d, "table#queues td.min-offset"))
        assert maxima - minima == sent, f"offsets {minima}..{maxima}, want {sent} messages"
        screenshots(d, "topic")

        # The group's lag: positive once some were acked, and it changes after acking the rest.
        acked = receive_and_ack(consumer, FIRST_ACKS)
        group_url = f"{console_url}/groups/{group}"
        lag_row = f'table#lag tr.lag-row[data-topic="{topic}"]'
        first_lag = reload_until(
            d, group_url, lambda: css(d, lag_row) and number(text_of(d, "#total-lag")),
            lambda: f"#total-lag {text_of(d, '#total-lag')}, lag table: {text_of(d, 'table#lag')}")
        assert first_lag <= sent, f"#total-lag {first_lag} after {sent} sends"
        assert css(d, "a#group-dlq"), "no a#group-dlq"
        screenshots(d, "group")
        acked += receive_and_ack(consumer, sent - FIRST_ACKS)
        assert sorted(acked) == sorted(bodies), "acked ids differ from the sent ones"

        def lag_dropped():
            lag = number(text_of(d, "#total-lag"))
            return lag is not None and lag < first_lag
        reload_until(d, group_url, lag_dropped,
                     lambda: f"#total-lag still {text_of(d, '#total-lag')} (was {first_lag})")

        # Find the one message by its key, then open it.
        d.get(console_url + "/messages")
        submit(d, "form#search-key", {"topic": topic, "key": find_key},
               "button#search-key-submit")
        results_url = d.current_url
        reload_until(d, results_url, lambda: css(d, "table#results tr.message"),
                     lambda: f"no tr.message: {text_of(d, 'body')}")
        found = css(d, "table#results tr.message")
        assert [r.get_attribute("data-id") for r in found] == [find_id]
        follow(d, found[0].find_element(By.CSS_SELECTOR, "a.message-link"))
        assert css(d, "#body-preview"), f"no #body-preview at {d.current_url}"
        assert bodies[find_id] in text_of(d, "#body-preview")
        assert text_of(d, "table#properties"), "empty table#properties"
        assert find_key in text_of(d, "body"), "the message page does not show its key"
        message_url = d.current_url
        delivery = f'table#deliveries tr.delivery[data-group="{group}"]'
        reload_until(d, message_url, lambda: text_of(d, f"{delivery} td.state"),
                     lambda: f"deliveries: {text_of(d, 'table#deliveries')}")
        screenshots(d, "message")
        # The hex view shows the body's bytes ("console" = 63 6f 6e 73 6f 6c 65).
        follow(d, css(d, "a#view-hex")[0])
        assert "view=hex" in d.current_url, d.current_url
        hex_text = re.sub(r"\s", "", text_of(d, "#body-preview") or "").lower()
        assert "636f6e736f6c65" in hex_text, f"hex view: {text_of(d, '#body-preview')}"
    finally:
        shutdown_all(producer, consumer)


@pytest.mark.apogee_env(APOGEE_BROKER__MIN_INVISIBLE=f"{DLQ_INVISIBLE_S}s")
def test_console_resends_dead_letter(console_url, browser, client_config, admin, screenshots):
    d = browser
    topic, group = unique("console-dlq-topic"), unique("console-dlq-group")
    admin.create_topic(topic, queues=QUEUES)
    admin.create_group(group, max_attempts=1)   # the first failed delivery dead-letters
    wait_topic_everywhere(d, console_url, topic)
    body = f"console-dead-{topic}"
    consumer = SimpleConsumer(client_config, group, {topic: FilterExpression()},
                              await_duration=AWAIT_S)
    producer = None
    try:
        consumer.startup()
        producer = Producer(client_config, (topic,))
        producer.startup()
        mid = producer.send(message(topic, body, f"k-dead-{topic}")).message_id

        # Receive without acking: the invisible time runs out and the one attempt is used up.
        # (Whether this client saw the delivery is not checked: under load a receive's answer
        # can come after the client gave up on it, and the attempt is used up all the same.)
        seen = set()

        def dead_lettered():
            for m in consumer.receive(16, DLQ_INVISIBLE_S) or []:
                seen.add(m.message_id)
            return any(m["message_id"] == mid for m in admin.dlq_list(group)["messages"])
        wait_until(dead_lettered, DEADLINE_S,
                   lambda: f"received {seen}; dlq: {admin.dlq_list(group)}")
        # The resent copy gets attempts to spare, so a lost receive answer cannot dead-letter
        # it again before this client acks it.
        admin("group", "update", group, "--max-delivery-attempts", "16")

        # The group's page links its dead letters; resend the one from there.
        d.get(f"{console_url}/groups/{group}")
        link = css(d, "a#group-dlq")
        assert link and link[0].get_attribute("href").endswith(f"/dlq?group={group}"), (
            f"a#group-dlq: {link and link[0].get_attribute('href')}")
        row = f'table#dead-letters tr.dead-letter[data-id="{mid}"]'
        reload_until(d, f"{console_url}/dlq?group={group}", lambda: css(d, row),
                     lambda: f"no {row}: {text_of(d, 'body')}")
        screenshots(d, "dlq")
        button = css(d, f"{row} form.resend button.resend-submit")
        assert button, f"no resend button in {row}"
        follow(d, button[0])
        flash = expect_flash_ok(d)
        assert "Resent 1 " in flash, f"flash: {flash}"

        # Back in the topic: the same message (same id) comes again, and is acked this time.
        again = []

        def redelivered():
            for m in consumer.receive(16, REDELIVER_INVISIBLE_S) or []:
                consumer.ack(m)
                again.append((m.message_id, m.body))
            return any(i == mid for i, _ in again)
        wait_until(redelivered, DEADLINE_S, lambda: f"after resend received {again}")
        assert (mid, body.encode()) in again
    finally:
        shutdown_all(producer, consumer)


def test_console_resets_offsets(console_url, browser, client_config, admin):
    """Consume everything, then move the group back through the group page's form: to a
    time between two batches of messages, then to the earliest offset; the lag follows."""
    d = browser
    topic, group = unique("console-reset-topic"), unique("console-reset-group")
    admin.create_topic(topic, queues=QUEUES)
    admin.create_group(group)   # starts at "latest": before anything is sent
    wait_topic_everywhere(d, console_url, topic)
    consumer = SimpleConsumer(client_config, group, {topic: FilterExpression()},
                              await_duration=AWAIT_S)
    producer = None
    try:
        consumer.startup()
        producer = Producer(client_config, (topic,))
        producer.startup()
        sent = [producer.send(message(topic, f"before-{i}", f"k-before-{i}-{topic}")).message_id
                for i in range(RESET_BEFORE)]
        # The time to reset to: a whole second (the form's precision) after every message so
        # far was stored, and before the next ones are. Store times are this host's clock.
        cut = math.ceil(time.time() + CLOCK_MARGIN_S)
        wait_until(lambda: time.time() >= cut + CLOCK_MARGIN_S, 5, lambda: f"clock {time.time()}")

        # One of the later messages is sent through the console: its flash names its id.
        d.get(f"{console_url}/messages?topic={topic}")
        submit(d, "form#send-message", {"topic": topic, "keys": f"k-console-{topic}",
                                        "body": f"from the console to {topic}"},
               "button#send-message-submit")
        flash = expect_flash_ok(d)
        console_id = text_of(d, "div#flash.ok span#sent-id")
        assert console_id and console_id in flash, f"flash: {flash}"
        reload_until(d, d.current_url, lambda: css(d, f'tr.message[data-id="{console_id}"]'),
                     lambda: f"{console_id} not found: {text_of(d, 'body')}")
        sent.append(console_id)
        sent += [producer.send(message(topic, f"after-{i}", f"k-after-{i}-{topic}")).message_id
                 for i in range(RESET_AFTER - 1)]
        total = RESET_BEFORE + RESET_AFTER
        assert sorted(receive_and_ack(consumer, total)) == sorted(sent)

        group_url = f"{console_url}/groups/{group}"
        lag_row = f'table#lag tr.lag-row[data-topic="{topic}"]'

        def lag_is(want):
            """Reload the group page until it shows `want` as the lag on the topic."""
            reload_until(d, group_url,
                         lambda: css(d, lag_row) and number(text_of(d, "#total-lag")) == want,
                         lambda: f"#total-lag {text_of(d, '#total-lag')}, want {want}; "
                                 f"lag table: {text_of(d, 'table#lag')}")
        lag_is(0)

        def reset(to, at=None):
            """Fill the reset form (topic, target, time, the confirmation box), submit it."""
            form = css(d, "form#reset-offset")
            assert form, f"no form#reset-offset: {text_of(d, 'body')}"
            if at is not None:
                field = form[0].find_element(By.NAME, "time")
                # Typing into a datetime-local field follows the browser's locale: set it.
                d.execute_script("arguments[0].value = arguments[1];", field, at)
                assert field.get_attribute("value") == at, field.get_attribute("value")
            submit(d, "form#reset-offset", {"topic": topic}, "button#reset-offset-submit",
                   ticks=(f'input[name="to"][value="{to}"]', 'input[name="confirm"]'))
            flash = expect_flash_ok(d)
            assert f"on {topic} reset" in flash, f"flash: {flash}"
            assert d.current_url.split("?")[0].endswith(f"/groups/{group}"), d.current_url

        # To the time between the batches: the later ones are to be read again.
        reset("time", time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(cut)))
        lag_is(RESET_AFTER)
        # To the earliest offset: all of them.
        reset("earliest")
        lag_is(total)
    finally:
        shutdown_all(producer, consumer)


def test_console_errors(console_url, browser):
    d = browser
    # A key search needs a topic: an error on the page, which still renders around it.
    d.get(console_url + "/messages?topic=&key=x")
    assert text_of(d, "div.error"), f"no div.error text: {text_of(d, 'body')}"
    check_frame(d)
    assert not css(d, "tr.message")

    missing = unique("does-not-exist")
    d.get(f"{console_url}/topics/{missing}")
    assert text_of(d, "div.error"), f"no div.error text: {text_of(d, 'body')}"
    check_frame(d)

    # An id nothing has (well-formed: version 01 and 16 bytes): a message, not a blank page.
    d.get(console_url + "/messages")
    submit(d, "form#search-id", {"id": "01" + uuid.uuid4().hex.upper()}, "button#search-id-submit")
    said = [e.text.strip() for e in css(d, "div.empty, div.error")]
    assert any(said), f"no div.empty/div.error text: {text_of(d, 'body')}"
    assert not css(d, "tr.message")
    check_frame(d)
