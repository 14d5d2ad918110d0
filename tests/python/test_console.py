"""The web console in a real browser: headless Chromium through Selenium 4, against a server
(standalone, or the proxy with APOGEE_TOPOLOGY=cluster) carrying traffic of the official
Python client. The console is server-rendered HTML; the tests use only the ids and classes of
its page contract (nav#nav, div#flash.ok, table#brokers, tr.topic[data-topic], ...).

State shows up asynchronously (rates are sampled every second, lag after acks): the tests
reload the page until it shows, bounded by wait_until, never a fixed sleep.
"""
import os
import re
import uuid

import pytest
from apogee_e2e import shutdown_all, unique, wait_until
from rocketmq import FilterExpression, Message, Producer, SimpleConsumer
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select, WebDriverWait

N = 20                 # messages of the walkthrough
FIRST_ACKS = 5         # acked before the first look at the group's lag
QUEUES = 4             # queues of the walkthrough's topic (a cluster shares them out)
UI_S = 30              # bound on the console showing a state
PAGE_S = 15            # bound on the page that follows a form submit
AWAIT_S = 2            # long-polling time of one receive
INVISIBLE_S = 15       # the client sends whole seconds
DLQ_INVISIBLE_S = 1    # below the default minimum: see the apogee_env marker
DEADLINE_S = 60        # bound on receive loops
NAV = ("nav-overview", "nav-topics", "nav-groups", "nav-messages", "nav-dlq")


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


def fill(form, name, value):
    field = form.find_element(By.NAME, name)
    if field.tag_name == "select":
        Select(field).select_by_value(value)
    else:
        field.clear()
        field.send_keys(value)


def submit(driver, form_selector, fields, button_selector):
    """Fill a form, press its button and wait for the next page to load."""
    form = css(driver, form_selector)
    assert form, f"{driver.current_url}: no {form_selector}"
    for name, value in fields.items():
        fill(form[0], name, value)
    button = form[0].find_element(By.CSS_SELECTOR, button_selector)
    button.click()
    WebDriverWait(driver, PAGE_S).until(EC.staleness_of(button))


def expect_flash_ok(driver):
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
    css(d, "a#nav-topics")[0].click()
    wait_until(lambda: d.current_url.rstrip("/").endswith("/topics"), PAGE_S,
               lambda: f"nav-topics went to {d.current_url}")
    submit(d, "form#create-topic", {"name": topic, "queues": str(QUEUES), "type": "normal"},
           "button#create-topic-submit")
    expect_flash_ok(d)
    assert d.current_url.split("?")[0].endswith(f"/topics/{topic}"), d.current_url
    queues = css(d, "table#queues tr.queue")
    assert len(queues) == QUEUES, f"{len(queues)} tr.queue rows, want {QUEUES}"

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
        bodies = {}   # message id -> body
        for i in range(N):
            body = f"console-body-{i}-{topic}"
            key = find_key if i == N // 2 else f"k-{i}-{topic}"
            receipt = producer.send(message(topic, body, key))
            bodies[receipt.message_id] = body
            if key == find_key:
                find_id = receipt.message_id
        assert len(bodies) == N

        # Rates: the topic's row and the overview count the sends (per second, last minute).
        row = f'tr.topic[data-topic="{topic}"]'
        reload_until(d, console_url + "/topics",
                     lambda: (rate(text_of(d, f"{row} td.rate-in")) or 0) > 0,
                     lambda: f"topic row: {text_of(d, row)}")
        screenshots(d, "topics")
        reload_until(d, console_url + "/", lambda: (rate(text_of(d, "#rate-in")) or 0) > 0,
                     lambda: f"#rate-in {text_of(d, '#rate-in')}")
        assert css(d, "svg#traffic-chart"), "no svg#traffic-chart"
        screenshots(d, "overview")

        # The topic page: every message kept, offsets summed over the queues.
        topic_url = f"{console_url}/topics/{topic}"
        reload_until(d, topic_url, lambda: number(text_of(d, "#topic-total")) == N,
                     lambda: f"#topic-total {text_of(d, '#topic-total')}")
        maxima = sum(number(e.text) for e in css(d, "table#queues td.max-offset"))
        minima = sum(number(e.text) for e in css(d, "table#queues td.min-offset"))
        assert maxima - minima == N, f"offsets {minima}..{maxima}"
        screenshots(d, "topic")

        # The group's lag: positive once some were acked, and it changes after acking the rest.
        acked = receive_and_ack(consumer, FIRST_ACKS)
        group_url = f"{console_url}/groups/{group}"
        lag_row = f'table#lag tr.lag-row[data-topic="{topic}"]'
        first_lag = reload_until(
            d, group_url, lambda: css(d, lag_row) and number(text_of(d, "#total-lag")),
            lambda: f"#total-lag {text_of(d, '#total-lag')}, lag table: {text_of(d, 'table#lag')}")
        assert first_lag <= N, f"#total-lag {first_lag} after {N} sends"
        assert css(d, "a#group-dlq"), "no a#group-dlq"
        screenshots(d, "group")
        acked += receive_and_ack(consumer, N - FIRST_ACKS)
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
        found[0].find_element(By.CSS_SELECTOR, "a.message-link").click()
        wait_until(lambda: css(d, "#body-preview"), PAGE_S,
                   lambda: f"no #body-preview at {d.current_url}")
        assert bodies[find_id] in text_of(d, "#body-preview")
        assert text_of(d, "table#properties"), "empty table#properties"
        assert find_key in text_of(d, "body"), "the message page does not show its key"
        message_url = d.current_url
        delivery = f'table#deliveries tr.delivery[data-group="{group}"]'
        reload_until(d, message_url, lambda: text_of(d, f"{delivery} td.state"),
                     lambda: f"deliveries: {text_of(d, 'table#deliveries')}")
        screenshots(d, "message")
        # The hex view shows the body's bytes ("console" = 63 6f 6e 73 6f 6c 65).
        css(d, "a#view-hex")[0].click()
        wait_until(lambda: "view=hex" in d.current_url, PAGE_S, lambda: d.current_url)
        hex_text = re.sub(r"\s", "", text_of(d, "#body-preview") or "").lower()
        assert "636f6e736f6c65" in hex_text, f"hex view: {text_of(d, '#body-preview')}"
    finally:
        shutdown_all(producer, consumer)


@pytest.mark.apogee_env(APOGEE_BROKER__MIN_INVISIBLE=f"{DLQ_INVISIBLE_S}s")
def test_console_resends_dead_letter(console_url, browser, client_config, admin, screenshots):
    d = browser
    topic, group = unique("console-dlq-topic"), unique("console-dlq-group")
    admin.create_topic(topic)
    admin.create_group(group, max_attempts=1)   # the first failed delivery dead-letters
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
        seen = set()

        def dead_lettered():
            for m in consumer.receive(16, DLQ_INVISIBLE_S) or []:
                seen.add(m.message_id)
            return any(m["message_id"] == mid for m in admin.dlq_list(group)["messages"])
        wait_until(dead_lettered, DEADLINE_S,
                   lambda: f"received {seen}; dlq: {admin.dlq_list(group)}")
        assert mid in seen, "dead-lettered without being delivered"

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
        button[0].click()
        WebDriverWait(d, PAGE_S).until(EC.staleness_of(button[0]))
        flash = expect_flash_ok(d)
        assert "Resent 1" in flash, f"flash: {flash}"

        # Back in the topic: the same message (same id) comes again, and is acked this time.
        again = []

        def redelivered():
            for m in consumer.receive(16, INVISIBLE_S) or []:
                consumer.ack(m)
                again.append((m.message_id, m.body))
            return any(i == mid for i, _ in again)
        wait_until(redelivered, DEADLINE_S, lambda: f"after resend received {again}")
        assert (mid, body.encode()) in again
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
